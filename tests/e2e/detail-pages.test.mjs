// End to end, browsing the sample data: an enterprise's and an expert's detail pages show the same counts and
// totals as the database holds, and the lists link one to the other.

import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Driver, saveScreenshot } from './harness.mjs';
import { waitFor } from './webdriver.mjs';

let driver;
let app;

before(async () => {
  driver = await Driver.start();
  driver.seedSample('small');
});

after(() => driver?.stop());

afterEach(async (t) => {
  if (!app) return;
  await saveScreenshot(app, `end-of-${t.name.replace(/\W+/g, '-')}`).catch(() => {});
  await driver.close(app).catch(() => {});
  app = undefined;
});

/** The labels of the detail page's tabs. */
async function tabs() {
  return app.texts('.el-tabs__item');
}

/** 万元 with two decimals, as the page shows fen. */
function wan(fen) {
  return (Math.round(fen / 10000) / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

test('the enterprise and expert detail pages agree with the database', async () => {
  // The enterprise with the most service records in the sample, and its figures straight from the file.
  const [[firmId, firmName]] = driver.query(`
    SELECT e.id, e.name FROM enterprises e JOIN service_records s ON s.enterprise_id = e.id AND s.deleted_at IS NULL
    WHERE e.deleted_at IS NULL GROUP BY e.id ORDER BY COUNT(*) DESC, e.id LIMIT 1`);
  const [[visits]] = driver.query(`SELECT COUNT(*) FROM visits WHERE enterprise_id = '${firmId}' AND deleted_at IS NULL`);
  const [[needs]] = driver.query(`SELECT COUNT(*) FROM needs WHERE enterprise_id = '${firmId}' AND deleted_at IS NULL`);
  const [[records, contractFen]] = driver.query(`
    SELECT COUNT(*), COALESCE(SUM(contract_amount_fen), 0) FROM service_records
    WHERE enterprise_id = '${firmId}' AND deleted_at IS NULL`);

  app = await driver.launch();
  await app.click('[data-testid=nav-enterprises]');
  await app.type('[data-testid=enterprise-search] input', firmName);
  await waitFor('the enterprise found', async () => (await app.texts('[data-testid=enterprise-row-name]')).length === 1);
  await app.click('[data-testid=enterprise-row-name]');
  await app.visible('[data-testid=enterprise-detail]');
  await waitFor('the detail page to load', async () => (await app.text('[data-testid=detail-name]')) === firmName);
  assert.deepEqual(await tabs(), ['派驻结对', `走访记录 (${visits})`, `技术需求 (${needs})`, `服务记录 (${records})`, '活动 (0)']);
  assert.equal(await app.text('[data-testid=outcome-records] dd'), `${records}次`);
  assert.equal(await app.text('[data-testid=outcome-contractAmount] dd'), `${wan(contractFen)}万元`);
  await app.click('#tab-services');
  await app.visible('#tab-services.is-active');
  await app.visible('[data-testid=detail-services]');
  await saveScreenshot(app, 'enterprise-detail');

  // From a service record to the expert who gave it.
  const expertName = await app.text('[data-testid=detail-services] a');
  const href = await app.execute("return document.querySelector('[data-testid=detail-services] a').getAttribute('href')");
  const expertId = href.split('/').pop();
  await app.click('[data-testid=detail-services] a');
  await app.visible('[data-testid=expert-detail]');
  await waitFor('the expert page to load', async () => (await app.text('[data-testid=detail-name]')) === expertName);
  const [[expertRecords]] = driver.query(`
    SELECT COUNT(*) FROM service_records WHERE expert_id = '${expertId}' AND deleted_at IS NULL`);
  assert.equal((await tabs())[3], `服务记录 (${expertRecords})`);
  const idCard = await app.text('[data-testid=profile-idCard]');
  assert.ok(idCard === '—' || /^\d{6}\*{8}\d{3}[\dX]$/.test(idCard), `the ID is masked: ${idCard}`);
  await saveScreenshot(app, 'expert-detail');

  await app.click('[data-testid=detail-back]');
  await app.visible('[data-testid=experts-page]');
  await waitFor('the expert list', async () => (await app.texts('[data-testid=expert-row-name]')).length > 0);
  await saveScreenshot(app, 'experts-roster');
});
