// End to end, 审核 on the sample data: three service records waiting for review; one is returned with an opinion in
// the queue (the opinion shows on the service ledger and its form), then approved; the 统计导出 page with
// 只统计已审核 on counts the approved records alone, and the switch is remembered after a restart.

import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Driver, saveScreenshot } from './harness.mjs';
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

function one(sql) {
  return driver.query(sql)[0]?.[0];
}

async function contents(css) {
  return app.execute('return [...document.querySelectorAll(arguments[0])].map((e) => e.textContent.trim())', [css]);
}

test('a service record is returned with an opinion, then approved, and the statistics count only approved records', async () => {
  // The three newest service records wait for review.
  driver.write(
    `UPDATE service_records SET review_status = 'pending' WHERE id IN
       (SELECT id FROM service_records WHERE deleted_at IS NULL ORDER BY start_date DESC, id DESC LIMIT 3)`,
  );
  const [id, start] = driver.query(
    `SELECT id, start_date FROM service_records WHERE review_status = 'pending' ORDER BY start_date DESC, id DESC LIMIT 1`,
  )[0];

  app = await driver.launch();
  await app.click('[data-testid=nav-review]');
  await app.visible('[data-testid=review-page]');
  await waitFor('the queue to list three records', async () =>
    ((await contents('[data-testid=review-total]'))[0] ?? '').includes('3'),
  );
  await app.visible(`[data-testid=review-row-return-${id}]`);
  await saveScreenshot(app, 'review-queue');

  // 退回 without words is refused beside the field; with words it is saved.
  await app.click(`[data-testid=review-row-return-${id}]`);
  await app.visible('[data-testid=review-return-opinion]');
  await app.click('[data-testid=review-return-confirm]');
  await app.visible('[data-testid=review-return-error]');
  await saveScreenshot(app, 'review-return-needs-opinion');
  await app.type('textarea[data-testid=review-return-opinion]', '缺服务确认书，请补充后再提交');
  await app.click('[data-testid=review-return-confirm]');
  await app.gone('[data-testid=review-return-opinion]');
  await waitFor('the record to be returned', async () => one(`SELECT review_status FROM service_records WHERE id = '${id}'`) === 'returned');
  assert.equal(one(`SELECT review_opinion FROM service_records WHERE id = '${id}'`), '缺服务确认书，请补充后再提交');
  assert.ok(one(`SELECT reviewed_by FROM service_records WHERE id = '${id}'`), 'the reviewer is recorded');
  await app.visible(`[data-testid=review-row-status-${id}][data-status=returned]`);

  // The service ledger shows it returned (filter 退回), and its form says why.
  await app.click('[data-testid=nav-services]');
  await app.visible('[data-testid=services-page]');
  await app.click('[data-testid=service-filter-review]');
  await app.click('[data-testid=service-filter-review-option-returned]');
  await waitFor('the ledger to list the returned record alone', async () => {
    const tags = await contents('[data-testid=service-row-review]');
    return tags.length === 1 && tags[0] === '退回';
  });
  await saveScreenshot(app, 'review-services-returned');
  await app.click('[data-testid=service-row-edit]');
  await app.visible('[data-testid=service-review-notice]');
  assert.ok((await app.text('[data-testid=service-review-notice]')).includes('缺服务确认书'));
  await saveScreenshot(app, 'review-service-form-notice');
  await app.click('[data-testid=service-form-cancel]');
  await app.gone('[data-testid=service-review-notice]');

  // Approved in the queue.
  await app.click('[data-testid=nav-review]');
  await app.visible(`[data-testid=review-row-approve-${id}]`);
  await app.click(`[data-testid=review-row-approve-${id}]`);
  await waitFor('the record to be approved', async () => one(`SELECT review_status FROM service_records WHERE id = '${id}'`) === 'approved');
  await app.gone(`[data-testid=review-row-approve-${id}]`);

  // 统计导出 on the year of the records, 只统计已审核 on: the two still pending are left out.
  const year = start.slice(0, 4);
  const all = one(`SELECT COUNT(*) FROM service_records WHERE deleted_at IS NULL AND start_date LIKE '${year}-%'`);
  const approved = one(
    `SELECT COUNT(*) FROM service_records WHERE deleted_at IS NULL AND start_date LIKE '${year}-%' AND review_status = 'approved'`,
  );
  assert.equal(all - approved, 2);
  await app.click('[data-testid=nav-statistics]');
  await app.visible('[data-testid=statistics-page]');
  await app.click('[data-testid=statistics-period-kind-year]');
  await app.type('[data-testid=statistics-period-year] input', `${year}年`);
  await app.press('[data-testid=statistics-period-year] input', KEYS.enter);
  const figure = async () =>
    ((await contents('[data-testid=statistics-figure-serviceRecords] [data-testid=figure-value]'))[0] ?? '').replace(/,/g, '');
  await waitFor(`${all} service records in ${year}`, async () => (await figure()) === String(all), { explain: figure });
  await app.click('[data-testid=statistics-reviewed-only]');
  await waitFor(`${approved} approved service records in ${year}`, async () => (await figure()) === String(approved), {
    explain: figure,
  });
  assert.ok(((await contents('[data-testid=statistics-shown]'))[0] ?? '').includes('只统计已审核'));
  await saveScreenshot(app, 'review-statistics-reviewed-only');
  await waitFor('the switch to be remembered', async () => one(`SELECT value FROM settings WHERE key = 'report.reviewed_only'`) === '1');
});
