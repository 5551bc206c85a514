// End to end, 数据安全: a backup made in 设置 and restored from the list (the current database backed up first);
// a damaged database at start-up, replaced by its newest good backup from the start-up screen; and a ledger another
// program holds at start-up, opened with 重试 once it lets go (no recovery offered for it).

import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { answerBox, Driver, saveScreenshot } from './harness.mjs';
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

function one(sql) {
  return driver.query(sql)[0]?.[0];
}

/** The file names shown in the backups table. */
async function listedBackups() {
  return app.execute(
    "return [...document.querySelectorAll('[data-testid^=backup-row-]')].map((e) => e.dataset.testid.slice('backup-row-'.length))",
  );
}

test('a backup made in 设置 is restored from the list, after the current database is backed up', async () => {
  app = await driver.launch();
  await app.click('[data-testid=nav-settings]');
  await app.visible('[data-testid=data-safety-panel]');
  const before = await listedBackups();
  await app.click('[data-testid=backup-now]');
  const made = await waitFor('the new backup in the list', async () => {
    const now = await listedBackups();
    return now.find((name) => !before.includes(name) && name.includes('manual')) ?? null;
  });
  await app.gone('[data-testid=data-safety-panel] .el-loading-mask');
  await app.settled();
  await saveScreenshot(app, 'data-safety-backed-up');

  // A change after the backup: the restore must take it back.
  const id = one('SELECT id FROM experts WHERE deleted_at IS NULL ORDER BY id LIMIT 1');
  const name = one(`SELECT name FROM experts WHERE id = '${id}'`);
  driver.write(`UPDATE experts SET name = '改过的名字' WHERE id = '${id}'`);
  assert.equal(one(`SELECT name FROM experts WHERE id = '${id}'`), '改过的名字');

  await app.click(`[data-testid="backup-restore-${made}"]`);
  await app.settled();
  await app.click('.el-message-box__btns .el-button--primary'); // 恢复? → yes
  await answerBox(app, '恢复完成', 'data-safety-restored');
  await app.visible('[data-testid=nav-experts]', 30000); // the window reloaded
  await waitFor('the name from before the change', () => one(`SELECT name FROM experts WHERE id = '${id}'`) === name);
  const restoreBackups = driver.cli(['check']).ok;
  assert.equal(restoreBackups, true, 'the restored database passes the integrity check');
  await app.click('[data-testid=nav-settings]');
  await waitFor('the safety backup made before the restore', async () =>
    (await listedBackups()).some((n) => n.includes('restore')),
  );
});

test('a damaged database at start-up is replaced by its newest good backup', async () => {
  const experts = one('SELECT COUNT(*) FROM experts');
  const made = driver.cli(['backup']);
  assert.ok(made.ok !== false, JSON.stringify(made));
  // Damage the database: garbage over everything after its first pages (the app is closed; its write-ahead log is
  // folded into the file first, so no page survives in the log).
  driver.write('PRAGMA wal_checkpoint(TRUNCATE)');
  const db = join(driver.dataDir, 'ledger.sqlite3');
  const bytes = readFileSync(db);
  bytes.fill(0xa5, 8192);
  writeFileSync(db, bytes);

  app = await driver.launch('[data-testid=startup-problem]');
  assert.match(await app.text('[data-testid=startup-problem-message]'), /\S/);
  await app.visible('[data-testid=startup-recover-newest]');
  await saveScreenshot(app, 'startup-problem');
  await app.click('[data-testid=startup-recover-newest]');
  await app.settled();
  await app.click('.el-message-box__btns .el-button--primary'); // 用这份备份恢复? → yes
  await answerBox(app, '恢复完成', 'startup-recovered');
  await app.visible('[data-testid=nav-experts]', 30000); // the window reloaded into the app
  assert.equal(one('SELECT COUNT(*) FROM experts'), experts, 'every expert is back');
  assert.equal(driver.cli(['check']).ok, true);
});

test('a ledger another program holds at start-up opens with 重试 once it lets go', async () => {
  // Another program holds the writer lock (the app's lock is an flock on ledger.sqlite3.lock): one process, so
  // ending it lets go.
  const hold = 'import fcntl, sys, time\nf = open(sys.argv[1], "a")\nfcntl.flock(f, fcntl.LOCK_EX)\ntime.sleep(600)';
  const holder = spawn('python3', ['-c', hold, join(driver.dataDir, 'ledger.sqlite3.lock')], { stdio: 'ignore' });
  const released = new Promise((resolve) => holder.on('exit', resolve));
  try {
    await waitFor('the other program to hold the ledger', () => !driver.databaseIsFree());
    app = await driver.launch('[data-testid=startup-problem]');
    await app.visible('[data-testid=startup-retry]');
    assert.match(await app.text('[data-testid=startup-check]'), /\S/, 'says what to check');
    const offered = await app.execute(
      "return ['startup-recover-newest', 'startup-recover-file'].filter((id) => document.querySelector(`[data-testid=${id}]`))",
    );
    assert.deepEqual(offered, [], 'no recovery is offered for a ledger that is only busy');
    await saveScreenshot(app, 'startup-busy');
  } finally {
    holder.kill('SIGTERM');
    await released;
  }
  await app.click('[data-testid=startup-retry]');
  await app.visible('[data-testid=nav-experts]', 30000); // opened in place and reloaded into the app
  await app.click('[data-testid=nav-experts]');
  await waitFor('the experts listed from the opened ledger', () =>
    app.execute("return document.querySelectorAll('.el-table__row').length > 0"),
  );
});
