// End to end, 证明材料 and 打印表单 on the sample data: a file of the newest service record marked as its 服务确认书
// shows as a mark on the service ledger and leaves the 缺确认单 filter; the record's 服务确认单 and the ticked visits'
// 走访记录表 are printed through the native save dialog and read back.

import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answerSaveDialog, ARTIFACTS, attachFile, Driver, readWorkbook, saveScreenshot, TINY_PNG as PNG } from './harness.mjs';
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

/** One value of a SQL query. */
function one(sql) {
  return driver.query(sql)[0]?.[0];
}

/** Every text cell of a sheet read back, flattened. */
function cells(sheet) {
  return sheet.flat().filter((c) => typeof c === 'string');
}

test('a 服务确认书 marked on a service record shows on the ledger, leaves 缺确认单, and its 服务确认单 prints', async () => {
  const [[id, enterprise, expert, content, start]] = driver.query(
    `SELECT s.id, e.name, x.name, s.content, s.start_date FROM service_records s
     JOIN enterprises e ON e.id = s.enterprise_id JOIN experts x ON x.id = s.expert_id
     WHERE s.deleted_at IS NULL ORDER BY s.start_date DESC, s.rowid DESC LIMIT 1`,
  );
  const missing = () =>
    one(`SELECT COUNT(*) FROM service_records s WHERE s.deleted_at IS NULL AND s.id NOT IN
         (SELECT owner_id FROM attachments WHERE evidence_kind = 'confirmation' AND deleted_at IS NULL)`);
  const before = missing();

  app = await driver.launch();
  await app.click('[data-testid=nav-services]');
  await app.visible('[data-testid=service-table] [data-testid=evidence-confirmation]');
  // The newest record first: open it and attach its stamped confirmation.
  await app.click('[data-testid=service-row-edit]');
  await app.visible('[data-testid=service-dialog] [data-testid=attachment-add]');
  await attachFile(app, 'queren.png', 'image/png', PNG);
  await waitFor('the scan stored', async () => one(`SELECT COUNT(*) FROM attachments WHERE owner_id = '${id}'`) >= 1);
  const attachment = one(`SELECT id FROM attachments WHERE owner_id = '${id}' ORDER BY created_at DESC LIMIT 1`);
  await app.click(`[data-testid=attachment-item][data-id="${attachment}"] [data-testid=attachment-mark-select]`);
  await app.click(`[data-testid=attachment-mark-${attachment}-confirmation]`);
  await waitFor('the mark stored', async () => one(`SELECT evidence_kind FROM attachments WHERE id = '${attachment}'`) === 'confirmation');
  await saveScreenshot(app, 'evidence-attachment-marked');
  const history = one(`SELECT COUNT(*) FROM audit_log WHERE entity = 'attachment' AND entity_id = '${attachment}' AND action = 'update'`);
  assert.equal(history, 1, 'the change of the mark is audited');
  await app.click('[data-testid=service-form-cancel]');
  await app.gone('[data-testid=service-dialog]');

  // The ledger's first row carries the mark.
  await waitFor('the first row marked', async () =>
    app.execute("return document.querySelector('[data-testid=evidence-confirmation]')?.getAttribute('data-on') === 'true'"),
  );
  assert.equal(
    await app.execute("return document.querySelector('[data-testid=evidence-confirmation]').getAttribute('title')"),
    '有服务确认书',
  );
  await saveScreenshot(app, 'evidence-ledger-marks');

  // 缺确认单: every record but the marked one.
  assert.equal(missing(), before - 1);
  await app.click('[data-testid=service-filter-missing]');
  await waitFor(`the ledger to count ${before - 1} records`, async () =>
    (await app.text('[data-testid=service-total]')).replace(/,/g, '') === String(before - 1),
  );
  const on = await app.execute(
    "return [...document.querySelectorAll('[data-testid=evidence-confirmation]')].filter((m) => m.getAttribute('data-on') === 'true').length",
  );
  assert.equal(on, 0, 'no row of the filtered ledger has its confirmation');
  await saveScreenshot(app, 'evidence-missing-filter');
  await app.click('[data-testid=service-filter-missing]');
  await waitFor('the marked record back on top', async () =>
    app.execute("return document.querySelector('[data-testid=evidence-confirmation]')?.getAttribute('data-on') === 'true'"),
  );

  // Its 服务确认单, printed through the save dialog.
  const folder = mkdtempSync(join(tmpdir(), 'st-ledger-forms-'));
  const path = join(folder, 'confirmation.xlsx');
  await app.click('[data-testid=evidence-print]');
  await answerSaveDialog('保存服务确认单', path);
  await waitFor('the form written', async () => existsSync(path));
  await app.visible('.el-message--success');
  await saveScreenshot(app, 'evidence-printed');
  const book = readWorkbook(path);
  assert.deepEqual(Object.keys(book), ['服务确认单']);
  const text = cells(book['服务确认单']);
  for (const expected of ['科技专员服务确认单', enterprise, expert, content, '企业意见', '企业（盖章）', '专员签字']) {
    assert.ok(text.includes(expected), `${expected} in the form: ${JSON.stringify(text)}`);
  }
  assert.ok(text.some((c) => c.startsWith(start)), `the record's first day ${start}`);
  copyFileSync(path, join(ARTIFACTS, 'evidence-服务确认单.xlsx'));

  // Two visits ticked on the visit list: one 走访记录表 each.
  await app.click('[data-testid=nav-visits]');
  await app.visible('[data-testid=visit-table] [data-testid=evidence-confirmation]');
  await app.execute(
    "[...document.querySelectorAll('[data-testid=visit-table] .el-table__body .el-checkbox')].slice(0, 2).forEach((b) => b.click())",
  );
  await waitFor('two visits ticked', async () => (await app.text('[data-testid=visit-print-selected]')) === '打印所选（2）');
  await saveScreenshot(app, 'evidence-visits-selected');
  const visits = join(folder, 'visits.xlsx');
  await app.click('[data-testid=visit-print-selected]');
  await answerSaveDialog('保存走访记录表', visits);
  await waitFor('the forms written', async () => existsSync(visits));
  const forms = readWorkbook(visits);
  assert.equal(Object.keys(forms).length, 2, `one sheet per visit: ${Object.keys(forms)}`);
  for (const sheet of Object.values(forms)) assert.ok(cells(sheet).includes('科技专员走访记录表'));
  copyFileSync(visits, join(ARTIFACTS, 'evidence-走访记录表.xlsx'));
  assert.deepEqual(readdirSync(folder).sort(), ['confirmation.xlsx', 'visits.xlsx'], 'no partial files are left');
});
