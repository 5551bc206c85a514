// End to end, the app password: set in 设置 → 数据安全 (the recovery code shown once; the backups made before it
// re-encrypted after the question), then after a restart the lock screen: a wrong password is refused and changes no
// byte of the ledger, the right one opens it with its data; 修改密码 then re-keys it and shows a new recovery code.

import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Driver, formState, saveScreenshot } from './harness.mjs';
import { waitFor } from './webdriver.mjs';

const PASSWORD = 'Ledger-pass-2026';
const NEW_PASSWORD = 'Ledger-pass-2027';

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

/** The SHA-256 of the ledger's database file. */
function ledgerDigest() {
  return createHash('sha256').update(readFileSync(join(driver.dataDir, 'ledger.sqlite3'))).digest('hex');
}

/** Each backup archive in the data folder's backups/ as [file name, whether its database member is plain SQLite]. */
function backupsPlain() {
  const script = [
    'import json, os, sys, zipfile',
    'folder = os.path.join(sys.argv[1], "backups")',
    'out = []',
    'for name in sorted(os.listdir(folder)):',
    '    if name.endswith(".zip"):',
    '        with zipfile.ZipFile(os.path.join(folder, name)) as z:',
    '            out.append([name, z.read("ledger.sqlite3")[:16] == b"SQLite format 3\\x00"])',
    'print(json.dumps(out))',
  ].join('\n');
  return JSON.parse(execFileSync('python3', ['-c', script, driver.dataDir], { encoding: 'utf8' }));
}

async function expertTotal() {
  await app.click('[data-testid=nav-experts]');
  await app.visible('[data-testid=expert-table]');
  return Number((await app.text('[data-testid=expert-total]')).trim());
}

test('a password set in 设置 locks the ledger at the next start; a wrong one is refused, the right one opens', async () => {
  const experts = driver.query('SELECT count(*) FROM experts WHERE deleted_at IS NULL')[0][0];
  assert.ok(experts > 0, 'the sample has experts');

  app = await driver.launch();
  await app.click('[data-testid=nav-settings]');
  await app.visible('[data-testid=password-section]');
  assert.equal(await app.text('[data-testid=password-status]'), '未开启');
  await app.click('[data-testid=password-set]');
  await app.visible('[data-testid=password-dialog]');
  await app.type('[data-testid=password-form-newPassword] input', PASSWORD);
  await app.type('[data-testid=password-form-confirm] input', PASSWORD);
  await app.click('[data-testid=password-form-save]');
  await app.visible('[data-testid=recovery-dialog]', 120000).catch(async (e) => {
    throw new Error(`${e.message}: ${await formState(app, '[data-testid=password-dialog]')}`);
  });
  await app.settled();
  await saveScreenshot(app, 'app-password-recovery-code');
  const groups = await app.texts('[data-testid=recovery-group]');
  assert.equal(groups.length, 6, `the code in six groups: ${groups}`);
  assert.ok(groups.every((g) => /^[2-9A-Z]{4}$/.test(g)), `${groups}`);
  await app.click('[data-testid=recovery-saved]');
  await app.click('[data-testid=recovery-close]');
  await app.gone('[data-testid=recovery-dialog]');

  // The backups made before the password are plain: the app asks, and 加密 rewrites them under the new key.
  const plainBefore = backupsPlain().filter(([, plain]) => plain);
  assert.ok(plainBefore.length > 0, `a plain backup from before the password: ${JSON.stringify(backupsPlain())}`);
  await app.visible('[data-testid=plain-backups-dialog]');
  assert.match(await app.text('[data-testid=plain-backups-question]'), new RegExp(`${plainBefore.length} 份`));
  await app.settled();
  await saveScreenshot(app, 'app-password-plain-backups');
  await app.click('[data-testid=plain-backups-encrypt]');
  await app.gone('[data-testid=plain-backups-dialog]', 60000);
  const after = backupsPlain();
  assert.deepEqual(
    after.filter(([, plain]) => plain),
    [],
    `every backup encrypted: ${JSON.stringify(after)}`,
  );
  assert.ok(plainBefore.every(([name]) => after.some(([n]) => n === name)), 'the same backups, now encrypted');
  await waitFor('the status 已开启', async () => (await app.text('[data-testid=password-status]')) === '已开启');
  await app.visible('[data-testid=header-lock]');
  await app.settled();
  await saveScreenshot(app, 'app-password-data-safety');
  await driver.close(app);
  app = undefined;

  app = await driver.launch('[data-testid=lock-screen]');
  const lockText = await app.text('[data-testid=lock-screen]');
  assert.match(lockText, /科技专员服务台账/);
  assert.match(lockText, /台账已加密/);
  assert.match(lockText, /密码和恢复码都遗忘/);
  const before = ledgerDigest();
  await app.type('[data-testid=lock-secret] input', 'not-the-password');
  await app.click('[data-testid=lock-unlock]');
  await waitFor('the refusal beside the box', async () =>
    /密码或恢复码不正确/.test(await app.text('[data-testid=lock-item-secret]')),
  );
  await app.settled();
  await saveScreenshot(app, 'app-password-lock-screen-wrong');
  assert.equal(ledgerDigest(), before, 'a wrong password changes no byte of the ledger');
  await app.visible('[data-testid=lock-screen]');

  await app.type('[data-testid=lock-secret] input', PASSWORD);
  await app.click('[data-testid=lock-unlock]');
  await app.visible('[data-testid=nav-experts]', 30000);
  await waitFor('the sample experts', async () => (await expertTotal()) === experts, { timeoutMs: 30000 });

  // 修改密码 re-keys the ledger (its file rewritten) and shows a new recovery code, saying the old one is void.
  await app.click('[data-testid=nav-settings]');
  await app.visible('[data-testid=password-section]');
  await app.click('[data-testid=password-change]');
  await app.visible('[data-testid=password-dialog]');
  await app.type('[data-testid=password-form-secret] input', PASSWORD);
  await app.type('[data-testid=password-form-newPassword] input', NEW_PASSWORD);
  await app.type('[data-testid=password-form-confirm] input', NEW_PASSWORD);
  const beforeChange = ledgerDigest();
  await app.click('[data-testid=password-form-save]');
  await app.visible('[data-testid=recovery-replaced]', 120000).catch(async (e) => {
    throw new Error(`${e.message}: ${await formState(app, '[data-testid=password-dialog]')}`);
  });
  assert.match(await app.text('[data-testid=recovery-replaced]'), /旧恢复码已失效/);
  const newGroups = await app.texts('[data-testid=recovery-group]');
  assert.equal(newGroups.length, 6, `the new code in six groups: ${newGroups}`);
  assert.notDeepEqual(newGroups, groups, 'a new recovery code');
  assert.notEqual(ledgerDigest(), beforeChange, 'the database file was rewritten under the new key');
  await app.settled();
  await saveScreenshot(app, 'app-password-change-recovery-code');
  await app.click('[data-testid=recovery-saved]');
  await app.click('[data-testid=recovery-close]');
  await app.gone('[data-testid=recovery-dialog]');
  await waitFor('the re-keyed ledger open', async () => (await expertTotal()) === experts, { timeoutMs: 30000 });
});
