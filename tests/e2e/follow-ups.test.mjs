// End to end, follow-ups on the sample data: an overdue follow-up closed with a note on the home page (关闭跟进) — it
// leaves the overdue count, the visit list's 已逾期 filter agrees, the note is stored on the visit — and 查看全部
// opening the visit list with that filter; 本月未服务的专员's 查看全部 opening the expert list filtered the same way.
// Nothing depends on today's date: the counts are compared with each other.

import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Driver, formState, queryDatabase, saveScreenshot } from './harness.mjs';
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

const count = async (css) => Number(await app.text(css));

/** The visit list's total once it has loaded the route's filter. */
async function visitTotal() {
  await app.visible('[data-testid=visit-total]');
  return Number((await app.text('[data-testid=visit-total]')).replace(/\D/g, ''));
}

test('an overdue follow-up closed with a note leaves the home page and the filtered visit list alike', async () => {
  app = await driver.launch();
  await app.click('[data-testid=nav-dashboard]');
  await app.visible('[data-testid=dashboard-overdue-item]');
  const before = await count('[data-testid=dashboard-overdue-count]');
  assert.ok(before > 20, `the sample has more overdue follow-ups than the list shows (${before})`);
  await saveScreenshot(app, 'follow-ups-home');

  // 查看全部 opens the visit list filtered by the same rule: the same total.
  await app.click('[data-testid=dashboard-overdue-more]');
  await app.visible('[data-testid=visits-page]');
  await waitFor('the list to show the home page’s count', async () => (await visitTotal()) === before);
  assert.match(await app.text('[data-testid=visit-filter-followup]'), /已逾期/);
  await saveScreenshot(app, 'follow-ups-list-overdue');

  await app.click('[data-testid=nav-dashboard]');
  await app.visible('[data-testid=dashboard-overdue-item]');
  const href = await app.execute(
    "return document.querySelector('[data-testid=dashboard-overdue-item]').getAttribute('href')",
  );
  const visitId = new URLSearchParams(href.split('?')[1]).get('open');
  assert.ok(visitId, href);

  await app.click('[data-testid=dashboard-overdue-close]');
  await app.visible('[data-testid=close-follow-up-dialog]');
  // A blank note is refused beside the field, nothing sent.
  await app.click('[data-testid=close-follow-up-save]');
  await waitFor('the note to be asked for', async () =>
    (await app.text('[data-testid=close-follow-up-item-note]')).includes('请填写跟进情况'),
  );
  await app.click('[data-testid=close-follow-up-quick-phone]');
  await app.type('[data-testid=close-follow-up-form-note] textarea', '电话回访：企业已找到供应商');
  await saveScreenshot(app, 'follow-ups-close-dialog');
  await app.click('[data-testid=close-follow-up-save]');
  await app.gone('[data-testid=close-follow-up-dialog]').catch(async (e) => {
    throw new Error(`${e.message}: ${await formState(app, '[data-testid=close-follow-up-dialog]')}`);
  });
  await waitFor('the overdue count to drop by one', async () =>
    (await count('[data-testid=dashboard-overdue-count]')) === before - 1,
  );
  await saveScreenshot(app, 'follow-ups-home-after');

  const [stored] = queryDatabase(
    join(driver.dataDir, 'ledger.sqlite3'),
    `SELECT follow_up_note, follow_up_closed_on IS NOT NULL, revision FROM visits WHERE id = '${visitId}'`,
  );
  assert.deepEqual(stored.slice(0, 2), ['电话回访：企业已找到供应商', 1]);

  await app.click('[data-testid=dashboard-overdue-more]');
  await waitFor('the list to agree with the home page', async () => (await visitTotal()) === before - 1);

  // The visit's form shows the closure.
  await app.click('[data-testid=nav-dashboard]');
  await app.visible('[data-testid=dashboard-page]');
  await app.execute(`window.location.hash = '#/visits?open=${visitId}'`);
  await app.visible('[data-testid=visit-follow-up-closure]');
  await waitFor('the visit to be shown in the form', async () =>
    (await app.text('[data-testid=visit-form-enterprise]')).trim() !== '',
  );
  await app.settled();
  assert.match(await app.text('[data-testid=visit-follow-up-closure]'), /已跟进.*电话回访：企业已找到供应商/);
  await saveScreenshot(app, 'follow-ups-visit-closed');
});

test('本月未服务的专员 on the home page and the expert list filtered to 本月未服务 count the same experts', async () => {
  app = await driver.launch();
  await app.click('[data-testid=nav-dashboard]');
  await app.visible('[data-testid=dashboard-idle]');
  const idle = await count('[data-testid=dashboard-idle-count]');
  const capped = await app.execute("return !!document.querySelector('[data-testid=dashboard-idle-more]')");
  // The sample's dates decide whether this month's list is capped; uncapped, the link is what 查看全部 opens.
  if (capped) await app.click('[data-testid=dashboard-idle-more]');
  else await app.execute("window.location.hash = '#/experts?unserved=true'");
  await app.visible('[data-testid=experts-page]');
  await waitFor('the expert list to show the home page’s count', async () => {
    const total = Number((await app.text('[data-testid=expert-total]')).replace(/\D/g, ''));
    return total === idle;
  });
  const checked = await app.execute(
    "return document.querySelector('[data-testid=expert-filter-unserved] input').checked",
  );
  assert.equal(checked, true, 'the toggle says why the list is short');
  await saveScreenshot(app, 'experts-unserved');
});
