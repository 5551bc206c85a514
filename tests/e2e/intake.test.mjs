// End to end, intake (issue 15): on the 导入数据 page 下载模板 saves the blank 技术需求征集表 template through the
// native save dialog; a needs form as an enterprise fills it (a title above the header, one enterprise not on file)
// is chosen in the open dialog, previewed with that row's reason, and the rest comes in as needs of the stored
// enterprises with the description as written.

import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answerOpenDialog, answerSaveDialog, Driver, readWorkbook, saveScreenshot, writeWorkbook } from './harness.mjs';
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

test('下载模板 saves the needs template; a needs form comes in, the enterprise not on file refused', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'st-ledger-intake-'));
  const enterprises = join(folder, 'enterprises.csv');
  writeFileSync(enterprises, '企业名称,统一社会信用代码\n杭州新材料有限公司,91330100MA27XL0A1B\n');
  driver.cli(['init']);
  const seeded = driver.cli(['import', 'enterprises', enterprises, '--on-error', 'skip']);
  assert.equal(seeded.imported, 1, JSON.stringify(seeded));

  app = await driver.launch();
  await app.click('[data-testid=nav-import]');
  await app.visible('[data-testid=import-page]');
  await app.click('[data-testid=import-kind-needs]');

  // 下载模板: the blank template of the chosen kind, where the save dialog says.
  const template = join(folder, 'needs-template.xlsx');
  await app.click('[data-testid=import-template]');
  await answerSaveDialog('保存', template);
  await waitFor('the template saved', () => existsSync(template), { timeoutMs: 20000 });
  const book = readWorkbook(template);
  assert.deepEqual(Object.keys(book), ['技术需求征集表', '填写说明']);
  assert.deepEqual(book['技术需求征集表'][0].slice(0, 4), ['*企业名称', '统一社会信用代码', '*需求名称', '需求描述']);

  // A needs form filled in under a title: one row's enterprise is not on file.
  const file = join(folder, 'needs.xlsx');
  writeWorkbook(file, '技术需求', [
    ['2025年企业技术需求征集表'],
    ['企业名称', '需求名称', '需求描述', '需求类型', '预算（万元）', '紧急程度', '联系人', '联系电话'],
    ['杭州新材料有限公司', '耐高温涂层研发', '涂层在 300℃ 开裂\n  希望提高耐温', '技术攻关', 50, '紧急', '王经理', '13900001111'],
    ['不存在的公司', '智能检测', '', '其他', 1, '', '', ''],
  ]);
  await app.click('[data-testid=import-choose-file]');
  await answerOpenDialog('选择要导入的文件', file);
  await app.visible('[data-testid=import-preview-meta]', 30000);
  assert.match(await app.text('[data-testid=import-preview-meta]'), /第 2 行/, 'the header is found under the title');
  await waitFor('the refused row in the preview', async () => (await app.findAll('[data-testid=import-row-status-4]')).length > 0);
  const reason = await app.text('[data-testid=import-row-issues-4]');
  assert.ok(reason.includes('不存在的公司') && reason.includes('企业名称'), reason);
  await saveScreenshot(app, 'intake-needs-preview');

  await app.click('[data-testid=import-commit]');
  await app.visible('[data-testid=import-result]', 30000);
  await waitFor('the need stored', () => one('SELECT COUNT(*) FROM needs') === 1);
  assert.equal(one('SELECT original_text FROM needs'), '涂层在 300℃ 开裂\n  希望提高耐温', 'the description as written');
  assert.equal(one('SELECT budget_fen FROM needs'), 50_000_000);
  assert.equal(one('SELECT COUNT(*) FROM enterprises'), 1, 'no enterprise made up for the refused row');
  assert.equal(one('SELECT kind FROM imports ORDER BY created_at DESC LIMIT 1'), 'needs');
  await saveScreenshot(app, 'intake-needs-imported');
});
