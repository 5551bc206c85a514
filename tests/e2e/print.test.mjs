// End to end, print that can be read: the sample's last year on the 统计导出 page, its 服务台账 exported through the
// dialog as it opens for an Excel workbook (the 打印列 ticked) on A3, and the file read back: the print columns with
// the 序号 first and numbered, A3 landscape, one page wide.

import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answerSaveDialog, Driver, readWorkbook, saveScreenshot } from './harness.mjs';
import { KEYS } from './webdriver.mjs';

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

/** The `<pageSetup …/>` tag of a sheet of an xlsx file. */
function pageSetup(path, sheet) {
  const script = String.raw`import re, sys, zipfile
xml = zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode()
sys.stdout.write(re.search(r'<pageSetup[^>]*>', xml).group(0))`;
  return execFileSync('python3', ['-c', script, path, sheet], { encoding: 'utf8' });
}

const PRINT_COLUMNS = ['序号', '科技专员', '派出单位', '服务企业', '开始日期', '结束日期', '服务天数', '服务类型', '服务内容', '合同金额（万元）', '成效简述', '满意度'];

test('the service ledger exports on A3 with its print columns, the 序号 first', async () => {
  const year = driver.query("SELECT substr(MAX(start_date), 1, 4) FROM service_records WHERE deleted_at IS NULL")[0][0];
  const records = driver.query(
    `SELECT COUNT(*) FROM service_records WHERE deleted_at IS NULL AND start_date BETWEEN '${year}-01-01' AND '${year}-12-31'`,
  )[0][0];
  assert.ok(records > 0, 'the sample has service records in its last year');

  app = await driver.launch();
  await app.click('[data-testid=nav-statistics]');
  await app.visible('[data-testid=statistics-page]');
  await app.click('[data-testid=statistics-period-kind-year]');
  await app.type('[data-testid=statistics-period-year] input', `${year}年`);
  await app.press('[data-testid=statistics-period-year] input', KEYS.enter);

  await app.click('[data-testid=statistics-export-services]');
  await app.visible('[data-testid=export-dialog]');
  await app.visible('[data-testid=export-column-serial]');
  const ticked = await app.execute(
    "return [...document.querySelectorAll('[data-testid^=export-column-].is-checked')].map((e) => e.textContent.trim())",
  );
  assert.deepEqual(ticked, PRINT_COLUMNS, 'an Excel workbook starts on the 打印列');
  await app.click('[data-testid=export-paper-a3]');
  await app.visible('[data-testid=export-paper-a3].is-checked');
  await saveScreenshot(app, 'export-dialog-print');
  await app.click('[data-testid=export-start]');
  const path = join(mkdtempSync(join(tmpdir(), 'st-ledger-print-')), `services-${year}-a3.xlsx`);
  await answerSaveDialog('保存', path);
  await app.visible('[data-testid=export-done]', 60000);
  await app.click('[data-testid=export-close]');

  const [sheet] = Object.values(readWorkbook(path));
  assert.deepEqual(sheet[2].map((h) => String(h).replace('\n', '')), PRINT_COLUMNS);
  const rows = sheet.slice(3, 3 + records);
  assert.deepEqual(
    rows.map((r) => r[0]),
    rows.map((_, i) => i + 1),
    'the 序号 numbers the rows',
  );
  assert.ok(String(sheet[3 + records][1]).startsWith(`合计（${records} 条）`), 'the 合计 label beside the 序号');
  const xml = pageSetup(path, 'xl/worksheets/sheet1.xml');
  assert.match(xml, /paperSize="8"/, 'A3');
  assert.match(xml, /orientation="landscape"/);
  assert.doesNotMatch(xml, /fitToWidth=/, 'one page wide');
});
