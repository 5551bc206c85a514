// End to end, 汇总交换: two coordinators' ledgers (sample data of different seeds) export packages with ledger-cli; a
// third ledger merges both in the app through 合并交换包 (preview per package, then 合并), and 统计导出 shows the sum
// of the two; then both sides edit the same enterprise, the origin's next package brings a conflict, and it is
// resolved in 待处理冲突.

import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  answerOpenDialog,
  answerSaveDialog,
  Driver,
  queryDatabase,
  runCli,
  SAMPLE_AS_OF,
  saveScreenshot,
  writeWorkbook,
} from './harness.mjs';
import { KEYS, waitFor } from './webdriver.mjs';

let driver;
let app;
/** A folder outside the app's data folder, ASCII-named for the dialogs: the origins' ledgers and their packages. */
let work;
const origin = (name) => join(work, name, 'ledger.sqlite3');

before(async () => {
  driver = await Driver.start();
  work = mkdtempSync(join(tmpdir(), 'st-ledger-exchange-'));
  for (const [name, seed] of [['a', '11'], ['b', '12']]) {
    mkdirSync(join(work, name));
    runCli(['sample', '--db', origin(name), '--seed', seed, '--scale', 'small', '--as-of', SAMPLE_AS_OF]);
  }
});

after(() => driver?.stop());

afterEach(async (t) => {
  if (!app) return;
  await saveScreenshot(app, `end-of-${t.name.replace(/\W+/g, '-')}`).catch(() => {});
  await driver.close(app).catch(() => {});
  app = undefined;
});

/** One value of a SQL query on the app's ledger. */
function one(sql) {
  return driver.query(sql)[0]?.[0];
}

/** One value of a SQL query on origin `name`'s ledger. */
function oneOf(name, sql) {
  return queryDatabase(origin(name), sql)[0]?.[0];
}

/** Exports a package of origin `name` to `<work>/<file>` with ledger-cli; its path. */
function exportPackage(name, file) {
  const out = join(work, file);
  runCli(['exchange', 'export', '--db', origin(name), '--out', out]);
  return out;
}

/** The text of the element with test id `id` (its text content: ellipsised text included), or '' when there is none. */
async function textOf(id) {
  return app.execute('return document.querySelector(`[data-testid="${arguments[0]}"]`)?.textContent.trim() ?? ""', [id]);
}

/** Opens the 汇总交换 page on tab `tab`. */
async function openTab(tab) {
  await app.click('[data-testid=nav-exchange]');
  await app.visible('[data-testid=exchange-page]');
  await app.click(`[data-testid=exchange-tab-${tab}]`);
}

/** Chooses `path` in the merge tab's open dialog and waits for package `index` to be previewed. */
async function choosePackage(path, index) {
  await app.click('[data-testid=exchange-choose]');
  await answerOpenDialog('选择要合并的交换包', path);
  await waitFor(`the preview of ${path}`, async () => (await textOf(`exchange-package-${index}-origin`)) !== '', {
    timeoutMs: 60000,
    explain: async () => textOf(`exchange-package-${index}`),
  });
}

/** Merges what the merge tab previewed and waits for its summary. */
async function applyMerge() {
  await app.click('[data-testid=exchange-apply]');
  await waitFor('the merge to finish', async () => (await textOf('exchange-merge-done')) !== '', {
    timeoutMs: 120000,
    explain: async () => textOf('exchange-merge'),
  });
}

/** Counts of the ledger at `query` (a function of SQL to one value) that a merge of disjoint ledgers adds up. */
function figures(query, year) {
  const live = (table) => query(`SELECT COUNT(*) FROM ${table} WHERE deleted_at IS NULL`);
  return {
    /** Every row, the recycle bin's included: what a package carries. */
    allExperts: query('SELECT COUNT(*) FROM experts'),
    allServiceRecords: query('SELECT COUNT(*) FROM service_records'),
    experts: live('experts'),
    enterprises: live('enterprises'),
    serviceRecords: live('service_records'),
    visitsOfYear: query(`SELECT COUNT(*) FROM visits WHERE deleted_at IS NULL AND visit_date LIKE '${year}-%'`),
    recordsOfYear: query(`SELECT COUNT(*) FROM service_records WHERE deleted_at IS NULL AND start_date LIKE '${year}-%'`),
    daysOfYear: query(
      `SELECT TOTAL(service_days) FROM service_records WHERE deleted_at IS NULL AND start_date LIKE '${year}-%'`,
    ),
  };
}

test('two coordinators’ packages merged in the app add up, and a conflict from both sides is resolved', async () => {
  const year = oneOf('a', 'SELECT substr(MAX(start_date), 1, 4) FROM service_records WHERE deleted_at IS NULL');
  const a = figures((sql) => oneOf('a', sql), year);
  const b = figures((sql) => oneOf('b', sql), year);
  assert.ok(a.recordsOfYear > 0 && b.recordsOfYear > 0, `both samples have service records in ${year}`);
  const first = exportPackage('a', 'a-1.stlx');
  const second = exportPackage('b', 'b-1.stlx');

  app = await driver.launch();
  await openTab('merge');
  await choosePackage(first, 0);
  await choosePackage(second, 1);
  assert.equal(await textOf('exchange-package-0-file'), 'a-1.stlx');
  assert.equal(await textOf('exchange-package-1-file'), 'b-1.stlx');
  for (const [index, counts] of [[0, a], [1, b]]) {
    assert.equal(Number(await textOf(`exchange-package-${index}-preview-experts-new`)), counts.allExperts, 'every expert is new');
    assert.equal(
      Number(await textOf(`exchange-package-${index}-preview-service_records-new`)),
      counts.allServiceRecords,
      'every service record is new',
    );
    assert.equal(await textOf(`exchange-package-${index}-preview-total-conflicts`), '0');
    assert.match(await textOf(`exchange-package-${index}-origin`), /来源/);
  }
  assert.equal(one('SELECT COUNT(*) FROM experts'), 0, 'a preview writes nothing');
  await app.settled();
  await saveScreenshot(app, 'exchange-merge-preview');

  await applyMerge();
  await waitFor('both packages merged', async () => (await textOf('exchange-package-1-state')) === '已合并');
  const merged = figures(one, year);
  assert.equal(merged.experts, a.experts + b.experts, 'the experts of both');
  assert.equal(merged.enterprises, a.enterprises + b.enterprises, 'the enterprises of both');
  assert.equal(merged.serviceRecords, a.serviceRecords + b.serviceRecords, 'the service records of both');
  assert.equal(one('SELECT COUNT(*) FROM exchange_merges'), 2, 'two merges in the history');
  assert.equal(one('SELECT COUNT(DISTINCT origin_id) FROM merged_records'), 2, 'every merged record knows its origin');

  // 统计导出 for the year shows the sum of the two ledgers' figures.
  await app.click('[data-testid=nav-statistics]');
  await app.visible('[data-testid=statistics-page]');
  await app.click('[data-testid=statistics-period-kind-year]');
  await app.type('[data-testid=statistics-period-year] input', `${year}年`);
  await app.press('[data-testid=statistics-period-year] input', KEYS.enter);
  const figure = (key) =>
    app.execute(
      "return document.querySelector(`[data-testid=statistics-figure-${arguments[0]}] [data-testid=figure-value]`)?.textContent.trim().replace(/,/g, '')",
      [key],
    );
  await waitFor(`${a.visitsOfYear + b.visitsOfYear} visits in ${year}`, async () => Number(await figure('visits')) === a.visitsOfYear + b.visitsOfYear, {
    explain: async () => `${await figure('visits')} visits`,
  });
  assert.equal(Number(await figure('serviceRecords')), a.recordsOfYear + b.recordsOfYear);
  assert.equal(Number(await figure('serviceDays')), a.daysOfYear + b.daysOfYear);
  await driver.close(app);
  app = undefined;

  // Both sides change the address of one of A's enterprises: here, and at the origin, whose next package brings it.
  const [code, name] = queryDatabase(
    origin('a'),
    "SELECT credit_code, name FROM enterprises WHERE deleted_at IS NULL AND credit_code IS NOT NULL ORDER BY id LIMIT 1",
  )[0];
  const edit = (db, address) => {
    const file = join(work, `edit-${address.length}-${Date.now()}.xlsx`);
    writeWorkbook(file, '企业', [['企业名称', '统一社会信用代码', '地址'], [name, code, address]]);
    runCli(['import', 'enterprises', file, '--db', db, '--on-duplicate', 'update']);
  };
  edit(join(driver.dataDir, 'ledger.sqlite3'), '本台账修改的地址1号');
  edit(origin('a'), '来源修改的地址22号');
  const changes = exportPackage('a', 'a-2.stlx');

  app = await driver.launch();
  await openTab('merge');
  await choosePackage(changes, 0);
  assert.notEqual(await textOf('exchange-package-0-preview-total-conflicts'), '0', 'the preview announces the conflict');
  await applyMerge();
  const id = one("SELECT id FROM exchange_conflicts WHERE field = 'address' AND resolved_at IS NULL");
  assert.ok(id, 'the conflict on the address is stored');

  await app.click('[data-testid=exchange-tab-conflicts]');
  await app.visible(`[data-testid=conflict-take-${id}]`);
  assert.equal(await textOf(`conflict-field-${id}`), '地址');
  assert.equal(await textOf(`conflict-local-${id}`), '本台账修改的地址1号');
  assert.equal(await textOf(`conflict-incoming-${id}`), '来源修改的地址22号');
  const record = one(`SELECT entity_id FROM exchange_conflicts WHERE id = '${id}'`);
  assert.ok((await textOf(`conflict-record-${record}`)).includes(name), 'the conflict names its enterprise');
  await app.settled();
  await saveScreenshot(app, 'exchange-conflicts');
  await app.click(`[data-testid=conflict-take-${id}]`);
  await app.gone(`[data-testid=conflict-take-${id}]`);
  assert.equal(one(`SELECT address FROM enterprises WHERE id = '${record}'`), '来源修改的地址22号', 'the incoming value is taken');
  assert.equal(one(`SELECT resolution FROM exchange_conflicts WHERE id = '${id}'`), 'take_incoming');

  // The export page shows this ledger's identity (no 填报单位 yet: the way to 设置) and exports its own package.
  await app.gone('.el-message');
  await app.click('[data-testid=exchange-tab-export]');
  await app.visible('[data-testid=exchange-to-settings]');
  await app.click('[data-testid=exchange-scope-full]');
  await app.click('[data-testid=exchange-export-start]');
  const own = join(work, 'superior-1.stlx');
  await answerSaveDialog('保存交换包', own);
  await app.visible('[data-testid=exchange-export-done]', 120000);
  assert.equal(await textOf('exchange-export-path'), own);
  assert.ok(existsSync(own), 'the package is written');
  const counts = await textOf('exchange-export-counts');
  assert.ok(counts.includes('科技专员') && counts.includes(String(one('SELECT COUNT(*) FROM experts'))), counts);
  assert.equal(
    one('SELECT scope FROM exchange_exports ORDER BY seq DESC LIMIT 1'),
    'full',
    'the package is recorded as this ledger\'s first, full',
  );
  await app.settled();
  await saveScreenshot(app, 'exchange-export');
});
