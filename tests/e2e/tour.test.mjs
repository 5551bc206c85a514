// End to end, a tour of every section on the sample data dated up to the day the test runs, as a new coordinator
// would click through the sidebar: each page renders with no load error, and its screenshot is kept (the user guide's
// figures, docs/USER-GUIDE.md, are taken from these; `tour-<section>.png` in the artifacts folder).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Driver, saveScreenshot } from './harness.mjs';
import { waitFor } from './webdriver.mjs';

let driver;
let app;

before(async () => {
  driver = await Driver.start();
  // Dated up to today, so the default periods (this month, this quarter) show figures as they would for a user; the
  // checks below depend on no figure.
  driver.seedSample('small', { asOf: new Date().toISOString().slice(0, 10) });
  app = await driver.launch();
});

after(async () => {
  if (app) await driver.close(app).catch(() => {});
  driver?.stop();
});

/** What a page shows while it loads or when it failed, visible right now. */
async function pageState() {
  return app.execute(
    `const shown = (e) => e.offsetParent !== null;
     const loading = [...document.querySelectorAll('.el-loading-mask, .el-skeleton')].some(shown);
     const errors = [...document.querySelectorAll('.el-alert--error')].filter(shown).map((e) => e.textContent.trim());
     const main = document.querySelector('main, .el-main');
     return { loading, errors, text: main ? main.textContent.trim().length : 0 };`,
  );
}

test('every section of the sidebar renders on the sample without an error', async () => {
  const sections = await app.execute(
    "return [...document.querySelectorAll('[data-testid^=nav-]')].map((e) => e.getAttribute('data-testid'))",
  );
  assert.ok(sections.length >= 14, `the sidebar lists the sections: ${sections}`);
  for (const id of sections) {
    await app.click(`[data-testid=${id}]`);
    await waitFor(`${id} to be the active section`, () =>
      app.execute(`return document.querySelector('[data-testid=${id}]').classList.contains('is-active')`),
    );
    const state = await waitFor(`${id} to finish loading`, async () => {
      const s = await pageState();
      return s.loading ? null : s;
    }, { timeoutMs: 30000 });
    await app.settled();
    await saveScreenshot(app, `tour-${id.replace(/^nav-/, '')}`);
    assert.deepEqual(state.errors, [], `${id} shows no load error`);
    assert.ok(state.text > 0, `${id} shows something`);
  }
});
