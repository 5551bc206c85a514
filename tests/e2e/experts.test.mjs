// End to end: the real app under Xvfb. A coordinator adds an expert through the form (a bad phone first, which is
// refused on the field with nothing written), sees the expert in the list, restarts the app and finds it still
// there; then switches the UI to English and finds that remembered after another restart.

import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Driver, saveScreenshot } from './harness.mjs';
import { waitFor } from './webdriver.mjs';

let driver;
let app;

before(async () => {
  driver = await Driver.start();
});

after(() => driver?.stop());

// A failed test leaves no app open behind it for the next one.
afterEach(async (t) => {
  if (!app) return;
  await saveScreenshot(app, `end-of-${t.name.replace(/\W+/g, '-')}`).catch(() => {});
  await driver.close(app).catch(() => {});
  app = undefined;
});

async function openExperts(app) {
  await app.click('[data-testid=nav-experts]');
  await app.visible('[data-testid=experts-page]');
  await app.visible('[data-testid=expert-table]');
}

async function total(app) {
  return Number((await app.text('[data-testid=expert-total]')).trim());
}

async function listedNames(app) {
  return app.texts('[data-testid=expert-table] [data-testid=expert-row-name]');
}

async function chooseTitle(app, code) {
  await app.click('[data-testid=expert-form-title]');
  await app.click(`[data-testid=title-option-${code}]`);
  // The select takes the focus back once its dropdown has closed; type elsewhere only after that.
  await app.gone(`[data-testid=title-option-${code}]`);
}

test('add an expert through the form, refused first on a bad phone, then kept across a restart', async () => {
  app = await driver.launch();
  await openExperts(app);
  await waitFor('the empty list', async () => (await total(app)) === 0);

  await app.click('[data-testid=expert-add]');
  await app.visible('[data-testid=expert-dialog]');
  await app.type('[data-testid=expert-form-name] input', '张伟');
  await chooseTitle(app, 'senior');
  await app.type('[data-testid=expert-form-phone] input', '1380013');
  await app.type('[data-testid=expert-form-discipline] input', '材料科学与工程');
  await app.click('[data-testid=expert-form-save]');

  const phoneError = await app.text('[data-testid=expert-item-phone] .el-form-item__error');
  assert.match(phoneError, /手机|电话/, 'the phone error is shown next to the field, in Chinese');
  await app.visible('[data-testid=expert-dialog]');
  assert.deepEqual(driver.query('SELECT COUNT(*) FROM experts'), [[0]], 'nothing was written');

  await app.type('[data-testid=expert-form-phone] input', '138 0013 8000');
  await app.click('[data-testid=expert-form-save]');
  await app.gone('[data-testid=expert-dialog]');
  await waitFor('the new expert in the list', async () => (await listedNames(app)).includes('张伟'));
  assert.equal(await total(app), 1);
  assert.deepEqual(
    driver.query("SELECT name, title, phone, discipline FROM experts"),
    [['张伟', 'senior', '13800138000', '材料科学与工程']],
    'the database holds the normalised record',
  );

  // The same name and phone again: the core refuses the duplicate and the form shows it on the phone field.
  await app.click('[data-testid=expert-add]');
  await app.visible('[data-testid=expert-dialog]');
  await app.type('[data-testid=expert-form-name] input', '张伟');
  await chooseTitle(app, 'junior');
  await app.type('[data-testid=expert-form-phone] input', '13800138000');
  await app.click('[data-testid=expert-form-save]');
  const duplicate = await app.text('[data-testid=expert-item-phone] .el-form-item__error');
  assert.match(duplicate, /已有|重复/, 'the duplicate is reported on the phone field');
  assert.deepEqual(driver.query('SELECT COUNT(*) FROM experts'), [[1]]);
  await app.click('[data-testid=expert-form-cancel]');
  await app.gone('[data-testid=expert-dialog]');
  await saveScreenshot(app, 'experts-list');

  await driver.close(app);
  app = await driver.launch();
  await openExperts(app);
  await waitFor('the expert after a restart', async () => (await listedNames(app)).includes('张伟'));
  assert.equal(await total(app), 1);
});

test('the English switch is remembered across a restart', async () => {
  app = await driver.launch();
  assert.match(await app.text('[data-testid=nav-experts]'), /科技专员/, 'Chinese by default');
  await app.click('[data-testid=nav-settings]');
  await app.click('[data-testid=locale-en]');
  await waitFor('English navigation', async () => /Commissioner/i.test(await app.text('[data-testid=nav-experts]')));
  await driver.close(app);

  app = await driver.launch();
  assert.match(await app.text('[data-testid=nav-experts]'), /Commissioner/i, 'English after a restart');
  await app.click('[data-testid=locale-zh-CN]');
  await waitFor('Chinese navigation', async () => /科技专员/.test(await app.text('[data-testid=nav-experts]')));
});
