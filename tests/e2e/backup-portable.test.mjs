// End to end, issue 12: a backup carries the evidence. A photo is attached to a visit, 备份到… writes the backup to a
// folder (the folder dialog's own, the test home: a USB stick's stand-in), and on "another PC" — a second, empty data folder — 从文件恢复… brings back the
// ledger with the photo: its row, its file byte for byte, its thumbnail.

import { after, afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  answerBox,
  answerFolderDialog,
  answerOpenDialog,
  attachFile,
  Driver,
  saveScreenshot,
  TINY_PNG as PNG,
} from './harness.mjs';
import { waitFor } from './webdriver.mjs';

const drivers = [];
let app;
let current;

after(() => {
  for (const d of drivers) d.stop();
});

afterEach(async (t) => {
  if (!app) return;
  await saveScreenshot(app, `end-of-${t.name.replace(/\W+/g, '-')}`).catch(() => {});
  await current.close(app).catch(() => {});
  app = undefined;
});

async function startDriver() {
  const driver = await Driver.start();
  drivers.push(driver);
  current = driver;
  return driver;
}

let photo; // { visitId, storedPath, bytes }
let archive; // the backup's path on the stick

test('a photo attached to a visit goes into a backup written to a folder', async () => {
  const driver = await startDriver();
  driver.seedSample('small');
  app = await driver.launch();
  assert.equal(driver.query('SELECT COUNT(*) FROM attachments')[0][0], 0, 'the sample has no attachments');

  await app.click('[data-testid=nav-visits]');
  await app.click('[data-testid=visit-row-date]'); // the newest visit, to edit
  await app.visible('[data-testid=visit-dialog]');
  await app.visible('[data-testid=attachment-add]');
  await attachFile(app, '现场照片.png', 'image/png', PNG);
  await waitFor('the photo stored', () => driver.query('SELECT COUNT(*) FROM attachments')[0][0] === 1);
  const [[visitId, storedPath]] = driver.query("SELECT owner_id, stored_path FROM attachments WHERE owner_kind = 'visit'");
  photo = { visitId, storedPath, bytes: readFileSync(join(driver.dataDir, storedPath)) };
  assert.deepEqual(photo.bytes, Buffer.from(PNG, 'base64'), 'the stored file is the photo');
  await app.click('[data-testid=visit-form-cancel]');
  await app.gone('[data-testid=visit-dialog]');

  await app.click('[data-testid=nav-settings]');
  await app.visible('[data-testid=data-safety-panel]');
  await app.click('[data-testid=backup-to-folder]');
  await answerFolderDialog('选择存放备份的文件夹');
  const stick = driver.home;
  archive = await waitFor('the backup on the stick', () => {
    const zips = readdirSync(stick).filter((n) => n.endsWith('.zip'));
    return zips.length === 1 ? join(stick, zips[0]) : null;
  });
  await app.visible('.el-message--success');
  await saveScreenshot(app, 'backup-to-folder-done');
});

test('the folder backup restores into an empty data folder on another PC, the photo with it', async () => {
  assert.ok(archive, 'the first test wrote the backup');
  const driver = await startDriver();
  app = await driver.launch(); // a new, empty ledger
  assert.equal(driver.query('SELECT COUNT(*) FROM visits')[0][0], 0);

  await app.click('[data-testid=nav-settings]');
  await app.visible('[data-testid=data-safety-panel]');
  await app.click('[data-testid=restore-from-file]');
  await answerOpenDialog('选择要恢复的备份文件', archive);
  await app.settled();
  await app.click('.el-message-box__btns .el-button--primary'); // 恢复? → yes
  await answerBox(app, '恢复完成', 'restored-on-another-pc');
  await app.visible('[data-testid=nav-experts]', 30000); // the window reloaded

  const rows = driver.query(`SELECT stored_path FROM attachments WHERE owner_id = '${photo.visitId}' AND deleted_at IS NULL`);
  assert.deepEqual(rows, [[photo.storedPath]], 'the attachment row came back');
  const file = join(driver.dataDir, photo.storedPath);
  await waitFor('the photo file in the new data folder', () => existsSync(file));
  assert.deepEqual(readFileSync(file), photo.bytes, 'the photo came back byte for byte');
  assert.equal(driver.cli(['check']).ok, true, 'the restored ledger passes the integrity check');

  // And the app shows it: the visit's thumbnail renders from the restored file.
  await app.click('[data-testid=nav-visits]');
  await waitFor('the visit with the photo listed', () =>
    app.execute(
      "return [...document.querySelectorAll('[data-testid=visit-row-attachments]')].some((e) => e.textContent.trim() === '1')",
    ),
  );
  await app.execute(
    "[...document.querySelectorAll('.el-table__row')].find((r) => r.querySelector('[data-testid=visit-row-attachments]')?.textContent.trim() === '1').querySelector('[data-testid=visit-row-date]').click()",
  );
  await app.visible('[data-testid=visit-dialog]');
  await waitFor('the thumbnail to render', () =>
    app.execute(
      "const img = document.querySelector('[data-testid=attachment-thumb]'); return !!img && img.complete && img.naturalWidth > 0",
    ),
  );
  await saveScreenshot(app, 'restored-photo');
});
