// End to end, 年度考核 on the sample data: a period for the sample's last year (named after that year, so nothing
// depends on today's date), one expert's 加分 with a reason on the score sheet (refused beside the field first when
// over the limit), the 年度考核汇总表 exported through the save dialog and read back, and 设置 → 考核办法.

import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answerSaveDialog, Driver, readWorkbook, saveScreenshot } from './harness.mjs';
import { KEYS, waitFor } from './webdriver.mjs';

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

/** One value of a SQL query. */
function one(sql) {
  return driver.query(sql)[0]?.[0];
}

test('the sample’s last year is assessed, one expert adjusted, and the summary workbook agrees with the page', async () => {
  const year = one('SELECT substr(MAX(start_date), 1, 4) FROM service_records WHERE deleted_at IS NULL');
  assert.match(year, /^\d{4}$/);

  app = await driver.launch();
  await app.click('[data-testid=nav-assessment]');
  await app.visible('[data-testid=assessment-no-periods]');

  // 新建期间: named after the year, its days the calendar year.
  await app.click('[data-testid=assessment-period-new]');
  await app.visible('[data-testid=assessment-period-dialog]');
  await app.type('[data-testid=assessment-period-form-name] input', year);
  await app.type('[data-testid=assessment-period-form-startDate] input', `${year}-01-01`);
  await app.press('[data-testid=assessment-period-form-startDate] input', KEYS.enter);
  await app.type('[data-testid=assessment-period-form-endDate] input', `${year}-12-31`);
  await app.press('[data-testid=assessment-period-form-endDate] input', KEYS.enter);
  await app.click('[data-testid=assessment-period-form-save]');
  await app.gone('[data-testid=assessment-period-dialog]');
  await waitFor('the period’s days', async () => (await app.text('[data-testid=assessment-period-range]')) === `${year}-01-01 至 ${year}-12-31`);
  await app.visible('[data-testid=assessment-table] [data-testid^=assessment-open-]');

  const experts = one(`SELECT COUNT(*) FROM experts WHERE deleted_at IS NULL`);
  const listed = await app.texts('[data-testid=assessment-table] [data-testid^=assessment-open-]');
  assert.ok(listed.length > 0 && listed.length <= experts, `the page lists ${listed.length} of ${experts} experts`);
  const shares = await app.texts('[data-testid=assessment-distribution] [data-testid^=assessment-share-]');
  const counted = shares.map((s) => Number(/(\d+) 人/.exec(s)[1])).reduce((a, b) => a + b, 0);
  assert.equal(counted, listed.length, 'the share per grade counts every expert listed');
  await app.gone('.el-loading-mask');
  await saveScreenshot(app, 'assessment-page');

  // The first expert's score sheet: 加分 over the limit is refused beside the field, then 3 points with a reason.
  const name = listed[0];
  const before = Number(await app.text('[data-testid=assessment-table] [data-testid=assessment-total]'));
  await app.click(`[data-testid="assessment-open-${name}"]`);
  await app.visible('[data-testid=assessment-sheet-items]');
  await app.type('[data-testid=assessment-adjustment-form-points] input', '12');
  await app.type('[data-testid=assessment-adjustment-form-reason] input', '获市级优秀科技特派员表彰');
  await app.click('[data-testid=assessment-adjustment-add]');
  await app.visible('[data-testid=assessment-adjustment-item-points] .el-form-item__error');
  assert.match(await app.text('[data-testid=assessment-adjustment-item-points] .el-form-item__error'), /±10/);
  await saveScreenshot(app, 'assessment-adjustment-error');
  await app.type('[data-testid=assessment-adjustment-form-points] input', '3');
  await app.press('[data-testid=assessment-adjustment-form-points] input', KEYS.tab);
  await app.click('[data-testid=assessment-adjustment-add]');
  await app.visible('[data-testid=assessment-sheet-adjustment]');
  assert.match(await app.text('[data-testid=assessment-sheet-adjustment]'), /\+3\s*获市级优秀科技特派员表彰/);
  assert.equal(
    one(`SELECT points || ' ' || reason FROM assessment_adjustments`),
    '3.0 获市级优秀科技特派员表彰',
    'the adjustment is stored with its reason',
  );
  const after = Math.min(100, Math.round((before + 3) * 100) / 100);
  await waitFor('the sheet’s total with the 加分', async () => Number(await app.text('[data-testid=assessment-sheet-total]')) === after);
  await saveScreenshot(app, 'assessment-score-sheet');
  await app.press('[data-testid=assessment-adjustment-form-reason] input', KEYS.escape);
  await app.gone('[data-testid=assessment-sheet-items]');

  // 年度考核汇总表 through the export dialog, read back.
  const folder = mkdtempSync(join(tmpdir(), 'assessment-export-'));
  await app.click('[data-testid=assessment-export-summary]');
  await app.visible('[data-testid=export-dialog]');
  assert.equal(await app.text('[data-testid=export-period]'), year);
  await app.click('[data-testid=export-start]');
  const path = join(folder, `assessment-${year}.xlsx`); // ASCII: xdotool can drop non-ASCII characters
  await answerSaveDialog('保存', path);
  await app.visible('[data-testid=export-done]', 60000);
  await app.click('[data-testid=export-close]');
  await app.gone('[data-testid=export-dialog]');

  const book = readWorkbook(path);
  const sheet = book['考核汇总'];
  assert.ok(sheet, `the workbook has 考核汇总 (${Object.keys(book).join(', ')})`);
  const head = sheet.findIndex((r) => r.includes('科技专员'));
  const header = sheet[head];
  const col = (label) => header.findIndex((h) => typeof h === 'string' && h.replace(/\s/g, '').startsWith(label));
  const nameCol = col('科技专员');
  const adjCol = col('加减分');
  const totalCol = col('总分');
  const pointCols = header.map((h, i) => (typeof h === 'string' && h.includes('得分') ? i : -1)).filter((i) => i >= 0);
  assert.ok(nameCol >= 0 && adjCol >= 0 && totalCol >= 0 && pointCols.length === 5, `the header: ${JSON.stringify(header)}`);
  const rows = sheet.slice(head + 1).filter((r) => typeof r[nameCol] === 'string' && listed.includes(r[nameCol]));
  assert.equal(rows.length, listed.length, 'one row per expert of the page');
  for (const r of rows) {
    const sum = pointCols.reduce((s, i) => s + Number(r[i] ?? 0), 0) + Number(r[adjCol] ?? 0);
    assert.ok(Math.abs(Math.min(100, Math.max(0, sum)) - Number(r[totalCol])) < 0.011, `${r[nameCol]}: items + adjustments = total`);
  }
  const adjusted = rows.find((r) => r[nameCol] === name);
  assert.equal(Number(adjusted[adjCol]), 3);
  assert.equal(Number(adjusted[totalCol]), after);

  // 设置 → 考核办法.
  await app.click('[data-testid=nav-settings]');
  await app.visible('[data-testid=assessment-scheme] [data-testid=assessment-scheme-entry-4]');
  await app.gone('.el-loading-mask');
  await app.execute('document.querySelector("[data-testid=settings-assessment]").scrollIntoView()');
  await app.settled();
  await saveScreenshot(app, 'assessment-scheme');
  await app.execute('document.querySelector("[data-testid=assessment-scheme-save]").scrollIntoView({ block: "end" })');
  await app.settled();
  await saveScreenshot(app, 'assessment-scheme-lower');
});
