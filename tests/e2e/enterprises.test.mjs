// End to end, 服务企业: a malformed credit code is refused on its field with nothing stored; corrected, the
// enterprise is saved, listed and found by 2- and 3-character searches; an expert is paired with it; deleted, it goes
// to the recycle bin and comes back on restore.

import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Driver, saveScreenshot } from './harness.mjs';
import { waitFor } from './webdriver.mjs';

const NAME = '宁波甬新材料科技有限公司';
const CODE = '91350100M000100Y43';

let driver;
let app;

before(async () => {
  driver = await Driver.start();
});

after(() => driver?.stop());

afterEach(async (t) => {
  if (!app) return;
  await saveScreenshot(app, `end-of-${t.name.replace(/\W+/g, '-')}`).catch(() => {});
  await driver.close(app).catch(() => {});
  app = undefined;
});

async function listed(css) {
  return app.texts(css);
}

async function search(text) {
  await app.type('[data-testid=enterprise-search] input', text);
}

test('add an enterprise, find it, pair an expert, delete it to the recycle bin and restore it', async () => {
  app = await driver.launch();
  await app.click('[data-testid=nav-enterprises]');
  await app.visible('[data-testid=enterprises-page]');
  await waitFor('the empty list', async () => (await app.text('[data-testid=enterprise-total]')).trim() === '0');

  await app.click('[data-testid=enterprise-add]');
  await app.visible('[data-testid=enterprise-dialog]');
  await app.type('[data-testid=enterprise-form-name] input', NAME);
  await app.type('[data-testid=enterprise-form-creditCode] input', '91350100M00010');
  await app.type('[data-testid=enterprise-form-mainProducts] input', '锂电池隔膜');
  await app.click('[data-testid=enterprise-form-save]');
  const codeError = await app.text('[data-testid=enterprise-item-creditCode] .el-form-item__error');
  assert.match(codeError, /18/, 'the length error shows on the credit-code field');
  assert.deepEqual(driver.query('SELECT COUNT(*) FROM enterprises'), [[0]], 'nothing was stored');

  await app.type('[data-testid=enterprise-form-creditCode] input', CODE);
  await app.click('[data-testid=enterprise-form-save]');
  await app.gone('[data-testid=enterprise-dialog]');
  await waitFor('the enterprise in the list', async () => (await listed('[data-testid=enterprise-row-name]')).includes(NAME));
  assert.deepEqual(driver.query('SELECT name, credit_code, main_products FROM enterprises'), [[NAME, CODE, '锂电池隔膜']]);

  await search('电池');
  await waitFor('a 2-character search to find it', async () => (await listed('[data-testid=enterprise-row-name]')).includes(NAME));
  await search('新材料');
  await waitFor('a 3-character search to find it', async () => (await listed('[data-testid=enterprise-row-name]')).includes(NAME));
  await search('不存在的企业');
  await waitFor('a search with no match to empty the list', async () => (await app.text('[data-testid=enterprise-total]')).trim() === '0');
  await search('');
  await waitFor('the full list again', async () => (await app.text('[data-testid=enterprise-total]')).trim() === '1');

  // Pair an expert with the enterprise from its detail drawer.
  await app.click('[data-testid=nav-experts]');
  await app.click('[data-testid=expert-add]');
  await app.type('[data-testid=expert-form-name] input', '李娜');
  await app.click('[data-testid=expert-form-title]');
  await app.click('[data-testid=title-option-senior]');
  await app.gone('[data-testid=title-option-senior]');
  await app.click('[data-testid=expert-form-save]');
  await app.gone('[data-testid=expert-dialog]');
  await app.click('[data-testid=nav-enterprises]');
  await app.click('[data-testid=enterprise-row-detail]');
  await app.visible('[data-testid=assignment-drawer]');
  await app.click('[data-testid=assignment-add]');
  await app.visible('[data-testid=assignment-form]');
  await app.pickRemote('[data-testid=assignment-form-counterpart]', '李娜', { prefix: 'counterpart-option-' });
  await app.click('[data-testid=assignment-form-save]');
  await app.gone('[data-testid=assignment-form]');
  await waitFor('the pairing in the drawer', async () => (await listed('[data-testid=assignment-counterpart]')).includes('李娜'));
  assert.deepEqual(
    driver.query('SELECT e.name, a.end_date FROM assignments a JOIN experts e ON e.id = a.expert_id'),
    [['李娜', null]],
    'the pairing is stored, open-ended',
  );
  await saveScreenshot(app, 'pairing-drawer');
  await app.click('[data-testid=assignment-drawer] .el-drawer__close-btn');
  await app.gone('[data-testid=assignment-drawer]');

  // 删除 sits in the row's 更多 menu: open it, then choose the item once it shows.
  await app.click('[data-testid=enterprise-row-more]');
  await app.click('[data-testid=enterprise-row-delete]');
  await app.click('.el-message-box__btns .el-button--primary');
  await waitFor('the list to empty', async () => (await app.text('[data-testid=enterprise-total]')).trim() === '0');
  assert.equal(driver.query('SELECT deleted_at IS NOT NULL FROM enterprises')[0][0], 1, 'soft-deleted, not removed');

  await app.click('[data-testid=nav-recycle-bin]');
  await app.visible('[data-testid=recycle-bin-page]');
  await waitFor('the enterprise in the recycle bin', async () => (await listed('[data-testid=recycle-row-name]')).includes(NAME));
  await saveScreenshot(app, 'recycle-bin');
  await app.click('[data-testid=recycle-row-restore]');
  await waitFor('the recycle bin to empty', async () => (await listed('[data-testid=recycle-row-name]')).length === 0);
  assert.equal(driver.query('SELECT deleted_at IS NULL FROM enterprises')[0][0], 1, 'restored');

  await app.click('[data-testid=nav-enterprises]');
  await waitFor('the restored enterprise in the list', async () => (await listed('[data-testid=enterprise-row-name]')).includes(NAME));
  await saveScreenshot(app, 'enterprises-list');
});
