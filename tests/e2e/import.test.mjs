// End to end, 导入: a roster workbook as coordinators make it (a title above the header, a merged 派出单位, one row
// with a bad phone) is chosen in the native open dialog; the preview shows the bad row with its reason; the rest
// comes in and shows on the expert list; undoing the import takes them out again.

import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answerOpenDialog, Driver, saveScreenshot, writeWorkbook } from './harness.mjs';
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

function one(sql) {
  return driver.query(sql)[0]?.[0];
}

test('a roster workbook with one bad row: previewed with the reason, the rest imported, then undone', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'st-ledger-import-'));
  const file = join(folder, 'roster.xlsx');
  writeWorkbook(
    file,
    '花名册',
    [
      ['2024年度科技专员花名册'],
      ['序号', '姓名', '职称', '派出单位', '手机号码', '出生年月'],
      [1, '张伟', '教授', '浙江大学', '13800138001', '1978.05'],
      [2, '李娜', '高级工程师', '', '138-0013-8002', '1985年3月'],
      [3, '王芳', '副研究员', '', '12345', '1987-07'],
      [4, '赵磊', '讲师', '', '13800138004', '1990/1'],
      ['', '合计'],
    ],
    ['A1:F1', 'D3:D6'],
  );
  app = await driver.launch();
  assert.equal(one('SELECT COUNT(*) FROM experts'), 0);
  await app.click('[data-testid=nav-import]');
  await app.visible('[data-testid=import-page]');
  await app.click('[data-testid=import-kind-experts]');
  await app.click('[data-testid=import-choose-file]');
  await answerOpenDialog('选择要导入的文件', file);
  await app.visible('[data-testid=import-preview-meta]', 30000);
  // (WebKitWebDriver calls this ellipsised name not displayed, though it shows: read its text content instead.)
  const fileName = await app.execute("return document.querySelector('[data-testid=import-file-name]')?.textContent");
  assert.equal(fileName, 'roster.xlsx');
  assert.match(await app.text('[data-testid=import-preview-meta]'), /第 2 行/, 'the header is found under the title');

  // Row 5 (王芳) is the bad one, with the reason on its phone column.
  await waitFor('the bad row in the preview', async () => (await app.findAll('[data-testid=import-row-status-5]')).length > 0);
  assert.match(await app.text('[data-testid=import-row-status-5]'), /错误/);
  const reason = await app.text('[data-testid=import-row-issues-5]');
  assert.ok(reason.includes('手机号码') && reason.includes('12345'), reason);
  assert.match(await app.text('[data-testid=import-count-error]'), /1/);

  await app.click('[data-testid=import-commit]');
  await app.visible('[data-testid=import-result]', 30000);
  await waitFor('three experts stored', () => one('SELECT COUNT(*) FROM experts WHERE deleted_at IS NULL') === 3);
  assert.equal(one("SELECT COUNT(*) FROM experts WHERE name = '王芳'"), 0, 'the bad row was not imported');
  assert.equal(
    one("SELECT o.name FROM experts e JOIN organizations o ON o.id = e.organization_id WHERE e.name = '赵磊'"),
    '浙江大学',
    'the merged 派出单位 belongs to every row under it',
  );

  // The expert list shows them.
  await app.click('[data-testid=nav-experts]');
  await waitFor('the imported experts in the list', async () => {
    const text = await app.execute('return document.querySelector(".el-table")?.textContent ?? ""');
    return ['张伟', '李娜', '赵磊'].every((n) => text.includes(n));
  });

  // Undo the import from the history: they are gone.
  const id = one('SELECT id FROM imports');
  await app.click('[data-testid=nav-import]');
  await app.visible(`[data-testid=import-undo-${id}]`);
  await app.click(`[data-testid=import-undo-${id}]`);
  await app.click('.el-message-box__btns .el-button--primary');
  await app.visible(`[data-testid=import-undone-${id}]`);
  assert.equal(one('SELECT COUNT(*) FROM experts'), 0);
  assert.equal(one('SELECT COUNT(*) FROM organizations'), 0);
  assert.ok(one('SELECT undone_at FROM imports'), 'the history says when it was undone');
});
