// End to end, 改正 in the import preview: a roster with one rejected row (a phone of five digits) is previewed; the
// phone cell is corrected in the grid — first to another wrong number, whose new reason shows beside it, then to a
// right one — the row turns 新增 at once and the counts follow; the import stores the value typed, the file is left as
// it was, and the import's audit entry names the corrected cell.

import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answerOpenDialog, Driver, saveScreenshot, writeWorkbook } from './harness.mjs';
import { KEYS, waitFor } from './webdriver.mjs';

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

function one(sql) {
  return driver.query(sql)[0]?.[0];
}

/** What a preview cell shows (read as text content: WebKitWebDriver calls the clipped text inside it not displayed). */
function cellText(cell) {
  return app.execute(`return document.querySelector('[data-testid=${cell}]').textContent.trim()`);
}

/** A screenshot with the preview grid in view. */
async function shot(name) {
  const inView = `const step = document.querySelector('[data-testid=import-step-preview]');
    step.scrollIntoView({ behavior: 'instant' });
    const rows = step.querySelectorAll('.el-table__body tr');
    return rows.length > 0 && step.getBoundingClientRect().top < 120 && rows[0].getBoundingClientRect().height > 0;`;
  await waitFor('the preview grid in view', () => app.execute(inView));
  await saveScreenshot(app, name);
}

/** Opens the editor of a cell, types `value` and presses Enter. */
async function correct(cell, value) {
  await app.click(`[data-testid=${cell}]`);
  await app.type(`[data-testid=${cell}-editor] input`, value);
  await app.press(`[data-testid=${cell}-editor] input`, KEYS.enter);
  await app.gone(`[data-testid=${cell}-editor]`);
}

test('a rejected row corrected in the preview is judged again at once and imported with the value typed', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'st-ledger-fix-'));
  const file = join(folder, 'roster.xlsx');
  writeWorkbook(
    file,
    '花名册',
    [
      ['2024年度科技专员花名册'],
      ['序号', '姓名', '职称', '派出单位', '手机号码', '出生年月'],
      [1, '张伟', '教授', '浙江大学', '13800138001', '1978.05'],
      [2, '王芳', '副研究员', '浙江大学', '12345', '1987-07'],
      [3, '赵磊', '讲师', '浙江大学', '13800138004', '1990/1'],
    ],
    ['A1:F1'],
  );
  const fileBefore = readFileSync(file);
  app = await driver.launch();
  await app.click('[data-testid=nav-import]');
  await app.click('[data-testid=import-kind-experts]');
  await app.click('[data-testid=import-choose-file]');
  await answerOpenDialog('选择要导入的文件', file);
  await app.visible('[data-testid=import-preview-meta]', 30000);

  // Row 4 (王芳) is rejected; its phone cell (column E, index 4) is named by the reason and can be corrected.
  const cell = 'import-cell-4-4';
  await app.visible('[data-testid=import-row-status-4]');
  await app.visible(`[data-testid=${cell}]`);
  assert.match(await app.text('[data-testid=import-row-status-4]'), /错误/);
  assert.match(await app.text('[data-testid=import-count-error]'), /1/);
  const flagged = await app.execute(
    `return document.querySelector('[data-testid=${cell}]').classList.contains('preview-cell--error')`,
  );
  assert.equal(flagged, true, 'the cell the reason names is highlighted');
  assert.match(await app.text('[data-testid=import-fix-hint]'), /点击单元格/);
  assert.equal((await app.findAll('button[data-testid=import-cell-3-4]')).length, 0, 'an accepted row is not editable');
  await shot('fix-in-place-1-rejected');

  // Still wrong: the new reason shows beside it at once, the row still rejected.
  await correct(cell, '1380013800');
  await waitFor('the new reason', async () =>
    (await app.text('[data-testid=import-row-issues-4]')).includes('1380013800'),
  );
  assert.match(await app.text('[data-testid=import-row-status-4]'), /错误/);
  assert.equal(await cellText(cell), '1380013800');
  await shot('fix-in-place-2-still-wrong');

  // Right: the row turns 新增, the reasons go, the counts follow.
  await correct(cell, '13800138002');
  await waitFor('the row accepted', async () => /新增/.test(await app.text('[data-testid=import-row-status-4]')));
  assert.equal(await app.text('[data-testid=import-row-issues-4]'), '');
  assert.match(await app.text('[data-testid=import-count-error]'), /0/);
  assert.match(await app.text('[data-testid=import-commit]'), /导入 3 条/);
  const marked = await app.execute(
    `return document.querySelector('[data-testid=${cell}]').classList.contains('preview-cell--corrected')`,
  );
  assert.equal(marked, true, 'the corrected cell is marked');
  assert.equal(await cellText(cell), '13800138002');
  await shot('fix-in-place-3-accepted');

  await app.click('[data-testid=import-commit]');
  await app.visible('[data-testid=import-result]', 30000);
  await waitFor('three experts stored', () => one('SELECT COUNT(*) FROM experts WHERE deleted_at IS NULL') === 3);
  assert.equal(one("SELECT phone FROM experts WHERE name = '王芳'"), '13800138002', 'the value typed is stored');
  assert.ok(readFileSync(file).equals(fileBefore), 'the file is never changed');
  const audit = JSON.parse(one("SELECT after_json FROM audit_log WHERE entity = 'import' AND action = 'import'"));
  assert.deepEqual(audit.corrections, [{ row: 4, column: 'E', header: '手机号码', field: 'phone' }]);
  await saveScreenshot(app, 'fix-in-place-4-imported');
});
