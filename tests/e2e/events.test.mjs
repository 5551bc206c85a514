// End to end, 活动: a 供需对接会 with two enterprises and an expert recorded once on the 活动 page (refused first
// without an enterprise, the problem beside its field), then seen on both enterprises' pages and on the expert's.

import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Driver, saveScreenshot } from './harness.mjs';
import { waitFor } from './webdriver.mjs';

const TITLE = '新材料产业供需对接会';

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

/** Opens an enterprise's or expert's page from its list and its 活动 tab, and waits for it to show `expected`. */
async function detailEvents(list, name, detail, expected) {
  await app.click(`[data-testid=nav-${list}s]`);
  await app.type(`[data-testid=${list}-search] input`, name);
  await waitFor(`${name} found`, async () => {
    const names = await app.texts(`[data-testid=${list}-row-name]`);
    return names.length > 0 && names.every((n) => n.includes(name));
  });
  await app.click(`[data-testid=${list}-row-name]`);
  await app.visible(`[data-testid=${detail}]`);
  await waitFor('the detail page to load', async () => (await app.text('[data-testid=detail-name]')) === name);
  await app.click('#tab-events');
  await app.visible('[data-testid=detail-events]');
  await waitFor(`the 活动 tab of ${name} to show the event`, async () => {
    const shown = await app.execute("return document.querySelector('[data-testid=detail-events]').textContent");
    return expected.every((text) => shown.includes(text));
  });
}

test('an event with two enterprises is recorded once and shown on both and on the expert', async () => {
  const firms = driver.query(
    'SELECT id, name FROM enterprises WHERE deleted_at IS NULL ORDER BY name, id LIMIT 2',
  );
  const [[expertId, expertName]] = driver.query(
    "SELECT id, name FROM experts WHERE deleted_at IS NULL AND status = 'active' ORDER BY name, id LIMIT 1",
  );

  app = await driver.launch();
  await app.click('[data-testid=nav-events]');
  await app.visible('[data-testid=events-page]');
  await app.click('[data-testid=event-add]');
  await app.visible('[data-testid=event-dialog]');
  await app.click('[data-testid=event-form-type]');
  await app.click('[data-testid=type-option-matchmaking]');
  await app.gone('[data-testid=type-option-matchmaking]');
  await app.type('[data-testid=event-form-title] input', TITLE);
  await app.type('[data-testid=event-form-attendance] input', '40');
  // No enterprise yet: refused beside the field, nothing written.
  await app.click('[data-testid=event-form-save]');
  await waitFor('the enterprise problem beside its field', async () =>
    (await app.text('[data-testid=event-item-enterpriseIds]')).includes('请至少选择一家参加活动的企业'),
  );
  await saveScreenshot(app, 'event-refused');
  assert.equal(driver.query('SELECT COUNT(*) FROM events')[0][0], 0);

  for (const [id, name] of firms) {
    await app.pickRemote('[data-testid=event-form-enterprises]', name, {
      prefix: 'enterprise-option-',
      option: `[data-testid=enterprise-option-${id}]`,
      multiple: true,
    });
  }
  // A multiple select stays open after a pick: a click on the title closes it.
  await app.click('[data-testid=event-form-title] input');
  await app.pickRemote('[data-testid=event-form-experts]', expertName, {
    prefix: 'expert-option-',
    option: `[data-testid=expert-option-${expertId}]`,
    multiple: true,
  });
  await waitFor('both enterprises chosen', async () =>
    (await app.texts('[data-testid=event-form-enterprises] .el-tag')).length === 2,
  );
  await app.click('[data-testid=event-form-title] input');
  await saveScreenshot(app, 'event-form');
  await app.click('[data-testid=event-form-save]');
  await app.gone('[data-testid=event-dialog]');
  const [[eventId, type, attendance]] = driver.query(`SELECT id, event_type, attendance FROM events WHERE title = '${TITLE}'`);
  assert.deepEqual([type, attendance], ['matchmaking', 40]);
  assert.equal(driver.query(`SELECT COUNT(*) FROM event_enterprises WHERE event_id = '${eventId}'`)[0][0], 2);
  await waitFor('the event in the list', async () => (await app.texts('[data-testid=event-row-title]')).includes(TITLE));
  await saveScreenshot(app, 'events-page');

  for (const [, name] of firms) {
    await detailEvents('enterprise', name, 'enterprise-detail', [TITLE, '供需对接会', `${firms[0][1]}、${firms[1][1]}`]);
  }
  await saveScreenshot(app, 'event-on-enterprise');
  await detailEvents('expert', expertName, 'expert-detail', [TITLE, expertName]);
  await saveScreenshot(app, 'event-on-expert');
});
