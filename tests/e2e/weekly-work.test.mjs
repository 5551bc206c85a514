// End to end, a coordinator's week on the sample data: a visit with two experts and a need found on it (with a
// photo attached), the need moved 挖掘 → 凝练 → 对接 (assigning a suggested expert) → 解决中 → 已解决, a service
// record with outcomes in 万元, and the home page showing the follow-up and this month's figures.

import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { attachFile, Driver, formState, saveScreenshot, TINY_PNG as PNG } from './harness.mjs';
import { KEYS, waitFor } from './webdriver.mjs';

const PURPOSE = '了解曳引机降噪需求';
const NEED = '曳引机运行噪声偏大';
const ORIGINAL = '电梯跑起来声音大，客户投诉多，想找专家看看怎么降噪';
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

/** Today in local time, `YYYY-MM-DD`, as the app's date pickers default to. */
function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Tomorrow in local time, `YYYY-MM-DD`. */
function tomorrow() {
  const d = new Date(Date.now() + 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * The text content of every element matching `css`. WebKitWebDriver does not count text cut with an ellipsis
 * (overflow hidden) as displayed, so such texts are read from the page instead of through the element endpoint.
 */
async function contents(css) {
  return app.execute('return [...document.querySelectorAll(arguments[0])].map((e) => e.textContent.trim())', [css]);
}

/** One value of a SQL query. */
function one(sql) {
  return driver.query(sql)[0]?.[0];
}

/** Moves the open need to `stage` through its drawer, optionally choosing the first suggested expert. */
async function moveNeed(needId, stage, { suggestion = false } = {}) {
  await app.click(`[data-testid=needs-drawer-move-${stage}]`);
  await app.visible('[data-testid=needs-stage-dialog]');
  if (suggestion) await app.click('[data-testid=needs-suggestion]');
  await app.click('[data-testid=needs-stage-save]');
  await waitFor(`the need to reach ${stage}`, async () => one(`SELECT stage FROM needs WHERE id = '${needId}'`) === stage);
  await app.gone('[data-testid=needs-stage-dialog]');
}

test('a week: visit with a found need and a photo, the need solved, a service record, the home page', async () => {
  const [[firmId, firmName]] = driver.query(
    "SELECT id, name FROM enterprises WHERE deleted_at IS NULL AND province IS NOT NULL ORDER BY name, id LIMIT 1",
  );
  const experts = driver.query(
    "SELECT id, name, discipline FROM experts WHERE deleted_at IS NULL AND status = 'active' AND discipline IS NOT NULL ORDER BY name, id LIMIT 2",
  );
  assert.equal(experts.length, 2, 'the sample has active experts with a discipline');
  const day = today();

  app = await driver.launch();

  // 走访记录: a visit with two experts, a follow-up today and a need found on it.
  await app.click('[data-testid=nav-visits]');
  await app.visible('[data-testid=visits-page]');
  await app.click('[data-testid=visit-add]');
  await app.visible('[data-testid=visit-dialog]');
  await app.pickRemote('[data-testid=visit-form-enterprise]', firmName, {
    prefix: 'enterprise-option-',
    option: `[data-testid=enterprise-option-${firmId}]`,
  });
  for (const [id, name] of experts) {
    await app.pickRemote('[data-testid=visit-form-experts]', name, {
      prefix: 'expert-option-',
      option: `[data-testid=expert-option-${id}]`,
      multiple: true,
    });
  }
  await waitFor('both experts chosen', async () => (await app.texts('[data-testid=visit-form-experts] .el-tag')).length === 2);
  await app.click('[data-testid=visit-form-mode-on_site]');
  await app.type('[data-testid=visit-form-purpose] input', PURPOSE);
  await app.type('[data-testid=visit-form-followUp] input', day);
  await app.press('[data-testid=visit-form-followUp] input', KEYS.enter);
  await app.click('[data-testid=visit-need-toggle]');
  await app.type('[data-testid=visit-need-title] input', NEED);
  await app.type('[data-testid=visit-need-original] textarea', ORIGINAL);
  await app.click('[data-testid=visit-need-type]');
  await app.click('[data-testid=need-type-option-process_improvement]');
  await app.gone('[data-testid=need-type-option-process_improvement]');
  await app.click('[data-testid=visit-form-save]');
  await app.visible('[data-testid=visit-saved-hint]');
  const [[visitId, followUp]] = driver.query(`SELECT id, follow_up_date FROM visits WHERE purpose = '${PURPOSE}'`);
  assert.equal(followUp, day);
  assert.equal(one(`SELECT COUNT(*) FROM visit_experts WHERE visit_id = '${visitId}'`), 2, 'two experts took part');
  const [[needId, stage, original]] = driver.query(`SELECT id, stage, original_text FROM needs WHERE visit_id = '${visitId}'`);
  assert.deepEqual([stage, original], ['discovered', ORIGINAL], 'the need is linked to the visit, its wording kept');

  // A photo attached to the visit: copied into the data folder and shown as a thumbnail.
  await attachFile(app, '现场照片.png', 'image/png', PNG);
  await waitFor('the photo stored', async () => one(`SELECT COUNT(*) FROM attachments WHERE owner_id = '${visitId}'`) === 1);
  const [[storedPath, size]] = driver.query(`SELECT stored_path, size_bytes FROM attachments WHERE owner_id = '${visitId}'`);
  assert.equal(size, Buffer.from(PNG, 'base64').length);
  assert.ok(existsSync(join(driver.dataDir, storedPath)), `the file is inside the data folder: ${storedPath}`);
  await waitFor('the thumbnail to render', () =>
    app.execute("const img = document.querySelector('[data-testid=attachment-thumb]'); return !!img && img.complete && img.naturalWidth > 0"),
  );
  assert.match((await contents('[data-testid=attachment-name]'))[0], /现场照片\.png/);
  await saveScreenshot(app, 'visit-with-attachment');
  await app.click('[data-testid=visit-form-cancel]');
  await app.gone('[data-testid=visit-dialog]');
  await saveScreenshot(app, 'visits-list');

  // 技术需求: 凝练 (with the refined problem and a discipline) → 对接 with a suggested expert → 解决中 → 已解决.
  await app.execute(`location.hash = '#/needs?open=${needId}'`);
  await app.visible('[data-testid=needs-drawer]');
  await app.click('[data-testid=needs-drawer-edit]');
  await app.visible('[data-testid=needs-dialog]');
  await waitFor('the need loaded into the form', async () => (await app.value('[data-testid=needs-form-title] input')) === NEED);
  await app.type('[data-testid=needs-form-refinedProblem] textarea', '曳引机高速运行时振动噪声超过 65 分贝');
  await app.type('[data-testid=needs-form-discipline] input', experts[0][2]);
  await app.click('[data-testid=needs-form-save]');
  await app.gone('[data-testid=needs-dialog]');
  await waitFor('the refined problem saved', async () => one(`SELECT refined_problem IS NOT NULL FROM needs WHERE id = '${needId}'`) === 1);
  await moveNeed(needId, 'refined');
  await moveNeed(needId, 'matched', { suggestion: true });
  assert.equal(one(`SELECT COUNT(*) FROM need_matches WHERE need_id = '${needId}' AND deleted_at IS NULL`), 1, 'an expert is matched');
  await moveNeed(needId, 'solving');
  await moveNeed(needId, 'solved');
  assert.deepEqual(
    driver.query(`SELECT from_stage, to_stage FROM need_stage_events WHERE need_id = '${needId}' ORDER BY created_at`),
    [[null, 'discovered'], ['discovered', 'refined'], ['refined', 'matched'], ['matched', 'solving'], ['solving', 'solved']],
  );
  await app.click('[data-testid=needs-drawer] .el-drawer__close-btn');
  await app.gone('[data-testid=needs-drawer]');
  await app.click('[data-testid=needs-view-board]');
  await app.visible('[data-testid=needs-column-solved]');
  await saveScreenshot(app, 'needs-board');

  // 服务台账: one record with outcomes, the amount in 万元 stored exactly.
  await app.click('[data-testid=nav-services]');
  await app.click('[data-testid=service-add]');
  await app.visible('[data-testid=service-dialog]');
  // 1.5 days need a period of two days: the one-day default is refused beside the field first.
  await app.type('[data-testid=service-form-serviceDays] input', '1.5');
  await app.press('[data-testid=service-form-serviceDays] input', KEYS.tab);
  await app.visible('[data-testid=service-item-serviceDays] .el-form-item__error');
  await app.type('[data-testid=service-form-endDate] input', tomorrow());
  await app.press('[data-testid=service-form-endDate] input', KEYS.enter);
  await app.gone('[data-testid=service-item-serviceDays] .el-form-item__error');
  await app.click('[data-testid=service-form-serviceType]');
  await app.click('[data-testid=service-type-option-tech_breakthrough]');
  await app.gone('[data-testid=service-type-option-tech_breakthrough]');
  await app.type('[data-testid=service-form-content] textarea', '现场测试曳引机振动，提出减振垫改进方案');
  await app.type('[data-testid=service-form-contractAmount] input', '12.3456');
  await app.type('[data-testid=service-form-patents] input', '1');
  await app.pickRemote('[data-testid=service-form-expert]', experts[0][1], {
    prefix: 'service-expert-option-',
    option: `[data-testid=service-expert-option-${experts[0][0]}]`,
  });
  await app.pickRemote('[data-testid=service-form-enterprise]', firmName, {
    prefix: 'service-enterprise-option-',
    option: `[data-testid=service-enterprise-option-${firmId}]`,
  });
  await app.click('[data-testid=service-form-save]');
  await waitFor('the record stored', async () => one('SELECT COUNT(*) FROM service_records WHERE contract_amount_fen = 12345600') === 1, {
    explain: () => formState(app, '[data-testid=service-dialog]'),
  });
  assert.deepEqual(
    driver.query('SELECT start_date, end_date, service_days, patents FROM service_records WHERE contract_amount_fen = 12345600'),
    [[day, tomorrow(), 1.5, 1]],
  );
  await app.click('[data-testid=service-form-cancel]');
  await app.gone('[data-testid=service-dialog]');
  await saveScreenshot(app, 'service-ledger');

  // 工作台: the follow-up due today and this month's figures.
  await app.click('[data-testid=nav-dashboard]');
  await app.visible('[data-testid=dashboard-page]');
  await waitFor('the follow-up due this week', async () =>
    (await contents('[data-testid=dashboard-due-item]')).some((t) => t.includes(firmName)),
  );
  const visitsThisMonth = one(`SELECT COUNT(*) FROM visits WHERE deleted_at IS NULL AND substr(visit_date, 1, 7) = '${day.slice(0, 7)}'`);
  assert.equal((await contents('[data-testid=dashboard-figure-visits] [data-testid=figure-this]'))[0], String(visitsThisMonth));
  const daysThisMonth = one(`SELECT TOTAL(service_days) FROM service_records WHERE deleted_at IS NULL AND substr(start_date, 1, 7) = '${day.slice(0, 7)}'`);
  assert.equal((await contents('[data-testid=dashboard-figure-serviceDays] [data-testid=figure-this]'))[0], String(daysThisMonth));
  await saveScreenshot(app, 'dashboard');
});
