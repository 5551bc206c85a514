// End to end, building the rosters from nothing: a 派出单位 and a 批次 are created on their page, an expert is added
// with them, the expert's detail page shows them, an enterprise is paired with the expert from that page, the
// enterprise's detail page shows the pairing, and the unit in use cannot be deleted.

import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Driver, saveScreenshot } from './harness.mjs';
import { waitFor } from './webdriver.mjs';

const UNIT = '浙江工业大学';
const BATCH = '2026年第一批';
const EXPERT = '周海峰';
const FIRM = '杭州精工轴承有限公司';
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

/** Opens an el-select and picks the option with test id `option`, waiting for the dropdown to close. */
async function choose(select, option) {
  await app.click(select);
  await app.click(option);
  await app.gone(option);
}

test('create a unit and a batch, add an expert with them, pair from the detail pages', async () => {
  app = await driver.launch();

  await app.click('[data-testid=nav-organizations]');
  await app.visible('[data-testid=organizations-page]');
  await app.click('[data-testid=org-add]');
  await app.visible('[data-testid=org-dialog]');
  await app.type('[data-testid=org-form-name] input', UNIT);
  await choose('[data-testid=org-form-kind]', '[data-testid=org-kind-option-university]');
  await app.click('[data-testid=org-form-save]');
  await app.gone('[data-testid=org-dialog]');
  await waitFor('the unit in its list', async () => (await app.texts('[data-testid=org-row]')).includes(UNIT));
  assert.deepEqual(driver.query('SELECT name, kind FROM organizations'), [[UNIT, 'university']]);

  await app.click('[data-testid=batches-tab]');
  await app.click('[data-testid=batch-add]');
  await app.visible('[data-testid=batch-dialog]');
  await app.type('[data-testid=batch-form-name] input', BATCH);
  await app.type('[data-testid=batch-form-year] input', '2026');
  await app.click('[data-testid=batch-form-save]');
  await app.gone('[data-testid=batch-dialog]');
  await waitFor('the batch in its list', async () => (await app.texts('[data-testid=batch-row]')).includes(BATCH));
  const [[unitId]] = driver.query('SELECT id FROM organizations');
  const [[batchId, year]] = driver.query('SELECT id, year FROM batches');
  assert.equal(year, 2026);

  await app.click('[data-testid=nav-experts]');
  await app.click('[data-testid=expert-add]');
  await app.visible('[data-testid=expert-dialog]');
  await app.type('[data-testid=expert-form-name] input', EXPERT);
  await choose('[data-testid=expert-form-title]', '[data-testid=title-option-senior]');
  await choose('[data-testid=expert-form-organization]', `[data-testid=organization-option-${unitId}]`);
  await choose('[data-testid=expert-form-batch]', `[data-testid=batch-option-${batchId}]`);
  await app.click('[data-testid=expert-form-save]');
  await app.gone('[data-testid=expert-dialog]');
  assert.deepEqual(driver.query('SELECT name, organization_id, batch_id FROM experts'), [[EXPERT, unitId, batchId]]);

  await app.click('[data-testid=nav-enterprises]');
  await app.click('[data-testid=enterprise-add]');
  await app.visible('[data-testid=enterprise-dialog]');
  await app.type('[data-testid=enterprise-form-name] input', FIRM);
  await app.type('[data-testid=enterprise-form-creditCode] input', CODE);
  await app.click('[data-testid=enterprise-form-save]');
  await app.gone('[data-testid=enterprise-dialog]');

  // The expert's detail page, opened from the name in the list, shows the unit and batch chosen.
  await app.click('[data-testid=nav-experts]');
  await waitFor('the expert in the list', async () => (await app.texts('[data-testid=expert-row-name]')).includes(EXPERT));
  await app.click('[data-testid=expert-row-name]');
  await app.visible('[data-testid=expert-detail]');
  await waitFor('the detail page to load', async () => (await app.text('[data-testid=detail-name]')) === EXPERT);
  assert.equal(await app.text('[data-testid=profile-organization]'), UNIT);
  assert.equal(await app.text('[data-testid=profile-batch]'), BATCH);

  // Pair an enterprise from the detail page.
  await app.click('[data-testid=expert-detail] [data-testid=assignment-add]');
  await app.visible('[data-testid=assignment-form]');
  await app.pickRemote('[data-testid=assignment-form-counterpart]', '精工', { prefix: 'counterpart-option-' });
  await app.click('[data-testid=assignment-form-save]');
  await app.gone('[data-testid=assignment-form]');
  await waitFor('the pairing on the detail page', async () =>
    (await app.texts('[data-testid=assignment-counterpart]')).includes(FIRM),
  );
  assert.deepEqual(
    driver.query('SELECT e.name, f.name FROM assignments a JOIN experts e ON e.id = a.expert_id JOIN enterprises f ON f.id = a.enterprise_id'),
    [[EXPERT, FIRM]],
  );

  // The enterprise's detail page lists the expert.
  await app.click('[data-testid=nav-enterprises]');
  await app.click('[data-testid=enterprise-row-name]');
  await app.visible('[data-testid=enterprise-detail]');
  await waitFor('the pairing on the enterprise page', async () =>
    (await app.texts('[data-testid=assignment-counterpart]')).includes(EXPERT),
  );

  // The unit now has an expert: its delete button is disabled.
  await app.click('[data-testid=nav-organizations]');
  await waitFor('the expert count of the unit', async () => (await app.text('[data-testid=org-row-experts]')) === '1');
  const disabled = await app.execute("return document.querySelector('[data-testid=org-delete]').disabled");
  assert.equal(disabled, true, 'a unit with experts cannot be deleted');
  await saveScreenshot(app, 'organizations');
});
