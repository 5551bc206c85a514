// End to end: the first run. An empty ledger's 工作台 shows the first steps (填写报表信息, 导入花名册 / 新增专员,
// 导入企业名录, 先看看示例数据) instead of its lists; each step leads to its page, and an empty list offers 导入
// beside 新增. 先看看示例数据 opens the demo ledger (marked 示例数据 in the header, its lists full), and 返回我的台账
// brings back the coordinator's own ledger as it was.

import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Driver, queryDatabase, saveScreenshot } from './harness.mjs';
import { waitFor } from './webdriver.mjs';

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

async function home(app) {
  await app.click('[data-testid=nav-dashboard]');
  await app.visible('[data-testid=dashboard-page]');
}

test('an empty ledger greets with the first steps, each leading to its page', async () => {
  app = await driver.launch();
  await app.visible('[data-testid=first-run]');
  const steps = await app.texts('[data-testid=first-run] .first-run__text strong');
  assert.deepEqual(steps, ['填写报表信息', '导入花名册 / 新增专员', '导入企业名录', '先看看示例数据']);
  assert.equal((await app.findAll('[data-testid=dashboard-months]')).length, 0, 'no figures or lists of what needs doing');
  await saveScreenshot(app, 'first-run-steps');

  await app.click('[data-testid=first-run-report-open]');
  await app.visible('[data-testid=settings-report-block]');

  await home(app);
  await app.click('[data-testid=first-run-enterprises-import]');
  await app.visible('[data-testid=import-kind-enterprises].is-active');

  await home(app);
  await app.click('[data-testid=first-run-experts-add]');
  await app.visible('[data-testid=expert-empty-add]');
  assert.equal((await app.text('[data-testid=expert-empty-import]')).trim(), '导入');
  await saveScreenshot(app, 'first-run-empty-list');
  await app.click('[data-testid=expert-empty-import]');
  await app.visible('[data-testid=import-kind-experts].is-active');
});

test('the demo ledger opens marked 示例数据 and is left with one click, the own ledger as it was', async () => {
  driver.write("INSERT INTO settings (key, value) VALUES ('report.reporting_unit', '湖州市科技局')");
  app = await driver.launch();
  await app.visible('[data-testid=first-run-report-done]');

  await app.click('[data-testid=first-run-demo-open]');
  await app.visible('[data-testid=header-demo-mark]', 60000);
  assert.equal((await app.text('[data-testid=header-demo-mark]')).trim(), '示例数据');
  await app.gone('[data-testid=first-run]');
  await app.visible('[data-testid=dashboard-months]');
  await saveScreenshot(app, 'demo-dashboard');

  await app.click('[data-testid=nav-experts]');
  await waitFor('the demo roster', async () => Number(await app.text('[data-testid=expert-total]')) === 50);
  await app.click('[data-testid=nav-enterprises]');
  await waitFor('the demo enterprises', async () => Number(await app.text('[data-testid=enterprise-total]')) === 300);
  await saveScreenshot(app, 'demo-enterprises');

  await app.click('[data-testid=header-demo-leave]');
  await app.gone('[data-testid=header-demo-mark]');
  await app.visible('[data-testid=first-run]');
  await app.visible('[data-testid=first-run-report-done]');
  await saveScreenshot(app, 'demo-left');
  await app.click('[data-testid=nav-experts]');
  await waitFor('the own, empty roster', async () => Number(await app.text('[data-testid=expert-total]')) === 0);

  await driver.close(app);
  app = undefined;
  assert.deepEqual(driver.query('SELECT COUNT(*) FROM experts'), [[0]]);
  assert.deepEqual(driver.query("SELECT value FROM settings WHERE key = 'report.reporting_unit'"), [['湖州市科技局']]);
  assert.deepEqual(queryDatabase(`${driver.dataDir}/demo/ledger.sqlite3`, 'SELECT COUNT(*) FROM experts'), [[50]]);
});
