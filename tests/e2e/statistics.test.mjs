// End to end, 统计导出 on the sample data: the figures of a quarter on the page agree with the database; the quarter's
// summary workbook and its service ledger are exported through the native save dialog and read back.

import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
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

/** The text content of every element matching `css` (ellipsised text included). */
async function contents(css) {
  return app.execute('return [...document.querySelectorAll(arguments[0])].map((e) => e.textContent.trim())', [css]);
}

/** Exports `kind` from the page's export panel into `folder`, answering the save dialog; returns the file's path. */
async function exportFrom(kind, folder, fileName) {
  await app.click(`[data-testid=statistics-export-${kind}]`);
  await app.visible('[data-testid=export-dialog]');
  await app.click('[data-testid=export-start]');
  const path = join(folder, fileName);
  await answerSaveDialog('保存', path);
  await app.visible('[data-testid=export-done]', 60000);
  assert.ok((await app.text('[data-testid=export-done-path]')).includes(fileName), 'the dialog names the file written');
  await app.click('[data-testid=export-close]');
  await app.gone('[data-testid=export-dialog]');
  return path;
}

test('the quarter on the statistics page agrees with the database, and its summary and service ledger export', async () => {
  // The sample's last quarter with work in it.
  const last = one('SELECT MAX(start_date) FROM service_records WHERE deleted_at IS NULL');
  const year = last.slice(0, 4);
  const quarter = Math.floor((Number(last.slice(5, 7)) - 1) / 3) + 1;
  const from = `${year}-${String(quarter * 3 - 2).padStart(2, '0')}-01`;
  const to = `${year}-${String(quarter * 3).padStart(2, '0')}-31`;
  const visits = one(`SELECT COUNT(*) FROM visits WHERE deleted_at IS NULL AND visit_date BETWEEN '${from}' AND '${to}'`);
  const records = one(`SELECT COUNT(*) FROM service_records WHERE deleted_at IS NULL AND start_date BETWEEN '${from}' AND '${to}'`);
  const days = one(`SELECT TOTAL(service_days) FROM service_records WHERE deleted_at IS NULL AND start_date BETWEEN '${from}' AND '${to}'`);
  assert.ok(visits > 0 && records > 0, 'the sample has visits and service records in its last quarter');

  app = await driver.launch();
  await app.click('[data-testid=nav-statistics]');
  await app.visible('[data-testid=statistics-page]');
  await app.click('[data-testid=statistics-period-kind-quarter]');
  await app.type('[data-testid=statistics-period-year] input', `${year}年`);
  await app.press('[data-testid=statistics-period-year] input', KEYS.enter);
  await app.click('[data-testid=statistics-period-quarter]');
  await app.click(`[data-testid=statistics-period-quarter-option-${quarter}]`);
  await app.gone(`[data-testid=statistics-period-quarter-option-${quarter}]`);

  const figure = async (key) => (await contents(`[data-testid=statistics-figure-${key}] [data-testid=figure-value]`))[0];
  await waitFor(`the page to show ${visits} visits for ${year}-Q${quarter}`, async () => (await figure('visits')) === String(visits), {
    explain: async () => JSON.stringify(await contents('[data-testid=statistics-figures] [data-testid=figure-value]')),
  });
  assert.equal((await figure('serviceRecords')).replace(/,/g, ''), String(records));
  assert.equal(Number((await figure('serviceDays')).replace(/,/g, '')), days);
  await app.visible('[data-testid=statistics-chart-trend] canvas');
  await saveScreenshot(app, 'statistics');

  const folder = mkdtempSync(join(tmpdir(), 'st-ledger-exports-'));
  const ledger = readWorkbook(await exportFrom('services', folder, `services-${year}Q${quarter}.xlsx`));
  const [sheet] = Object.values(ledger);
  const header = sheet.findIndex((r) => r.includes('服务天数'));
  // The 合计 label sits beside the 序号 column.
  const total = sheet.findIndex((r) => r.some((c) => typeof c === 'string' && c.startsWith('合计')));
  assert.equal(total - header - 1, records, 'one row per service record of the quarter');
  const daysColumn = sheet[header].indexOf('服务天数');
  assert.equal(sheet[total][daysColumn], days, 'the 合计 row sums the service days');
  const summary = readWorkbook(await exportFrom('summary', folder, `summary-${year}Q${quarter}.xlsx`));
  const overview = summary['概览'];
  assert.ok(overview, `the summary has an overview sheet: ${Object.keys(summary)}`);
  const row = (label) => overview.find((r) => r.includes(label));
  assert.equal(row('走访次数')?.find((c) => typeof c === 'number'), visits, 'the summary counts the same visits');
  assert.equal(row('服务天数')?.find((c) => typeof c === 'number'), days, 'and the same service days');

  assert.deepEqual(
    readdirSync(folder).sort(),
    [`summary-${year}Q${quarter}.xlsx`, `services-${year}Q${quarter}.xlsx`].sort(),
    'no partial files are left beside the exports',
  );
  assert.ok(!existsSync(join(folder, '.partial')));
});
