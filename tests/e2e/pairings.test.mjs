// End to end, 派驻/结对 complete (issue 14): on the sample data, open a pairing from its expert's detail page, see
// the completion of its targets, switch its 三方协议 to 已签 with a signing date and a target, attach the signed
// agreement, and check what the database holds; the pairings workbook from the CLI lists it as 已签; the 结束批次
// preview of its batch lists it without changing anything.

import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ARTIFACTS, Driver, attachFile, readWorkbook, saveScreenshot } from './harness.mjs';
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

/** A tiny PDF, as a scanned agreement would be. */
const AGREEMENT_PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n').toString('base64');

test('a pairing’s 三方协议 is switched to 已签 with its date and the signed agreement attached', async () => {
  // An unsigned pairing with a batch, of an expert whose name is unique, the one with the most service records.
  const [[id, expertName, firmName, start, batchName]] = driver.query(`
    SELECT a.id, x.name, en.name, a.start_date, b.name FROM assignments a
    JOIN experts x ON x.id = a.expert_id JOIN enterprises en ON en.id = a.enterprise_id
    JOIN batches b ON b.id = a.batch_id
    WHERE a.deleted_at IS NULL AND a.agreement_signed = 0 AND x.deleted_at IS NULL
      AND (SELECT COUNT(*) FROM experts o WHERE o.name = x.name) = 1
      AND (SELECT COUNT(*) FROM assignments o WHERE o.expert_id = a.expert_id AND o.deleted_at IS NULL) <= 6
    ORDER BY (SELECT COUNT(*) FROM service_records s WHERE s.expert_id = a.expert_id AND s.enterprise_id = a.enterprise_id) DESC,
      a.id
    LIMIT 1`);
  const signedOn = start;

  app = await driver.launch();
  await app.click('[data-testid=nav-experts]');
  await app.type('[data-testid=expert-search] input', expertName);
  await waitFor('the expert found', async () => (await app.texts('[data-testid=expert-row-name]')).length === 1);
  await app.click('[data-testid=expert-row-name]');
  await app.visible('[data-testid=expert-detail]');
  await waitFor('the pairings', async () => (await app.texts('[data-testid=assignment-counterpart]')).includes(firmName));
  // 详情 of the row of this pairing (the enterprise and the start date).
  await app.execute(
    `const row = [...document.querySelectorAll('[data-testid=assignment-row]')].find((r) =>
       r.querySelector('[data-testid=assignment-counterpart]').textContent.trim() === arguments[0] &&
       r.querySelector('[data-testid=assignment-period]').textContent.includes(arguments[1]));
     row.querySelector('[data-testid=assignment-detail]').click();`,
    [firmName, start],
  );
  await app.visible('[data-testid=pairing-drawer]');
  await waitFor('the completion', async () => (await app.texts('[data-testid^=pairing-period-]')).length >= 2);
  assert.equal(await app.text('[data-testid=pairing-agreement]'), '未签');
  await saveScreenshot(app, 'pairing-drawer-before');

  await app.click('[data-testid=pairing-edit]');
  await app.visible('[data-testid=assignment-form]');
  await waitFor('the pairing loaded', async () => (await app.text('[data-testid=assignment-form-counterpart-name]')) === firmName);
  // A signing date on an unsigned agreement is refused beside the field, before anything is sent.
  await app.type('[data-testid=assignment-form-signed-on] input', signedOn);
  await app.press('[data-testid=assignment-form-signed-on] input', KEYS.enter);
  await app.click('[data-testid=assignment-form-save]');
  await waitFor('the signing date refused', async () =>
    (await app.text('[data-testid=assignment-item-agreementSignedOn] .el-form-item__error').catch(() => '')).includes('请勾选“已签”'),
  );
  await app.settled();
  await saveScreenshot(app, 'pairing-form-refused');
  await app.click('[data-testid=assignment-form-agreement]');
  await app.type('[data-testid=assignment-form-target-days] input', '20');
  await app.type('[data-testid=assignment-form-target-contract] input', '50');
  await saveScreenshot(app, 'pairing-form-signed');
  await app.click('[data-testid=assignment-form-save]');
  await app.gone('[data-testid=assignment-form]');
  await waitFor('the drawer shows 已签', async () => (await app.text('[data-testid=pairing-agreement]')) === `已签（${signedOn}）`);
  await waitFor('the targets in the completion', async () =>
    (await app.text('[data-testid=pairing-all-serviceDays]')).includes('/ 20'),
  );

  await attachFile(app, '三方协议.pdf', 'application/pdf', AGREEMENT_PDF);
  await waitFor('the agreement uploaded', async () => {
    const text = await app.execute("return document.querySelector('[data-testid=pairing-drawer]').textContent");
    return text.includes('三方协议.pdf') && !text.includes('正在上传');
  });
  await app.settled();
  await saveScreenshot(app, 'pairing-drawer-signed');

  const [[signed, on, days, contractFen, revision]] = driver.query(
    `SELECT agreement_signed, agreement_signed_on, target_service_days, target_contract_fen, revision
     FROM assignments WHERE id = '${id}'`,
  );
  assert.deepEqual([signed, on, days, contractFen], [1, signedOn, 20, 50_000_000]);
  assert.ok(revision >= 2);
  const files = driver.query(
    `SELECT file_name, evidence_kind FROM attachments
     WHERE owner_kind = 'assignment' AND owner_id = '${id}' AND deleted_at IS NULL`,
  );
  assert.deepEqual(files, [['三方协议.pdf', 'agreement']], 'a pairing’s file is marked as its 三方协议');
  const [[action]] = driver.query(
    `SELECT action FROM audit_log WHERE entity = 'assignment' AND entity_id = '${id}' ORDER BY rowid DESC LIMIT 1`,
  );
  assert.equal(action, 'update');

  // 结束批次 of its batch: the preview lists the pairing and writes nothing.
  await app.click('[data-testid=pairing-drawer] .el-drawer__close-btn');
  await app.gone('[data-testid=pairing-drawer]');
  await app.click('[data-testid=nav-organizations]');
  await app.click('[data-testid=batches-tab]');
  await waitFor('the batches', async () => (await app.texts('[data-testid=batch-row]')).includes(batchName));
  await app.execute(
    `const row = [...document.querySelectorAll('.el-table__row')].find((r) =>
       r.querySelector('[data-testid=batch-row]')?.textContent.trim() === arguments[0]);
     row.querySelector('[data-testid=batch-end]').click();`,
    [batchName],
  );
  await app.visible('[data-testid=batch-end-dialog]');
  await waitFor('the preview', async () => (await app.texts('[data-testid=batch-end-pairings] li')).length > 0);
  const listed = await app.texts('[data-testid=batch-end-pairings] li');
  const today = new Date().toISOString().slice(0, 10);
  const [[open]] = driver.query(`SELECT COUNT(*) FROM assignments a JOIN batches b ON b.id = a.batch_id
    WHERE b.name = '${batchName}' AND a.deleted_at IS NULL AND COALESCE(a.end_date, '9999-12-31') > '${today}'`);
  assert.equal(listed.length, open, `the open pairings of the batch: ${listed.join('|')}`);
  await saveScreenshot(app, 'batch-end-preview');
  const before = driver.query(`SELECT COUNT(*) FROM assignments WHERE batch_id = (SELECT id FROM batches WHERE name = '${batchName}') AND end_date IS NULL`);
  await app.click('[data-testid=batch-end-cancel]');
  const afterPreview = driver.query(`SELECT COUNT(*) FROM assignments WHERE batch_id = (SELECT id FROM batches WHERE name = '${batchName}') AND end_date IS NULL`);
  assert.deepEqual(afterPreview, before, 'the preview writes nothing');
  await driver.close(app);
  app = undefined;

  // The pairings workbook lists it as 已签 with the date.
  const out = join(ARTIFACTS, 'pairings.xlsx');
  const year = start.slice(0, 4);
  const report = driver.cli(['export', 'pairings', '--out', out, '--period', year, '--batch', batchName]);
  assert.equal(report.ok, true);
  const sheet = readWorkbook(out)['派驻名单'];
  const row = sheet.find((r) => r[3] === expertName && r[5] === firmName);
  assert.ok(row, `the pairing is listed: ${JSON.stringify(sheet.slice(0, 5))}`);
  assert.equal(row[8], '已签');
  assert.ok(sheet.some((r) => r[1] === '签订率'), 'a 签订率 line, beside the 序号');
});
