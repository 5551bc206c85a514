// End to end, on the sample data: a service record evaluated in its form (满意度, the enterprise's contact chosen
// from the suggestions, the date filled with the service's last day, an opinion), stored as typed, then shown in the
// service ledger's 满意度 column and on the enterprise's detail page, whose summary agrees with the database.

import { after, afterEach, before, test } from "node:test";
import assert from "node:assert/strict";
import { Driver, formState, saveScreenshot } from "./harness.mjs";
import { waitFor } from "./webdriver.mjs";

let driver;
let app;

before(async () => {
  driver = await Driver.start();
  driver.seedSample("small");
});

after(() => driver?.stop());

afterEach(async (t) => {
  if (!app) return;
  await saveScreenshot(app, `end-of-${t.name.replace(/\W+/g, "-")}`).catch(
    () => {},
  );
  await driver.close(app).catch(() => {});
  app = undefined;
});

/** Goes to a route of the app (hash history), as the home page's links do. */
async function go(route) {
  await app.execute("window.location.hash = arguments[0]", [`#${route}`]);
}

test("a service record evaluated in its form shows on the enterprise’s detail page", async () => {
  // A record not yet evaluated, the latest of its enterprise (so the first on its page), which has a primary contact.
  const [[recordId, firmId, firmName, endDate, contact]] = driver.query(`
    SELECT s.id, e.id, e.name, s.end_date, k.name FROM service_records s
      JOIN enterprises e ON e.id = s.enterprise_id
      JOIN enterprise_contacts k ON k.enterprise_id = e.id AND k.is_primary = 1
    WHERE s.satisfaction IS NULL AND s.deleted_at IS NULL
      AND NOT EXISTS (SELECT 1 FROM service_records t WHERE t.enterprise_id = s.enterprise_id AND t.deleted_at IS NULL
                      AND (t.start_date > s.start_date OR (t.start_date = s.start_date AND t.id > s.id)))
    ORDER BY s.start_date DESC, s.id DESC LIMIT 1`);

  app = await driver.launch();
  await app.click("[data-testid=nav-services]");
  await app.visible("[data-testid=services-page]");
  await waitFor(
    "the rows",
    async () =>
      (await app.texts("[data-testid=service-row-period]")).length > 0,
  );
  const headers = await app.execute(
    "return [...document.querySelectorAll('[data-testid=service-table] th')].map((th) => th.textContent.trim())",
  );
  assert.ok(headers.includes("满意度"), `the ledger shows 满意度: ${headers}`);

  await go(`/services?open=${recordId}`);
  await app.visible("[data-testid=service-dialog]");
  await waitFor(
    "the record loaded",
    async () =>
      (await app.value("[data-testid=service-form-endDate] input")) === endDate,
  );
  await app.visible("[data-testid=service-form-evaluation]");
  await app.click("[data-testid=service-form-satisfaction]");
  await app.click(
    "[data-testid=service-satisfaction-option-basically_satisfied]",
  );
  await app.gone(
    "[data-testid=service-satisfaction-option-basically_satisfied]",
  );
  // The date follows the service's last day.
  await waitFor(
    "the evaluation dated",
    async () =>
      (await app.value("[data-testid=service-form-evaluatedOn] input")) ===
      endDate,
  );
  // The enterprise's contacts are offered as evaluators.
  await app.click("[data-testid=service-form-evaluator] input");
  const offered = () =>
    app.execute(
      "return [...document.querySelectorAll('.el-autocomplete-suggestion li')].map((li) => li.textContent.trim())",
    );
  let names = [];
  await waitFor(
    "the contacts offered",
    async () => (names = await offered()).includes(contact),
    {
      explain: async () => `${contact} among ${names}`,
    },
  );
  await app.execute(
    `[...document.querySelectorAll('.el-autocomplete-suggestion li')].find((li) => li.textContent.trim() === arguments[0]).click()`,
    [contact],
  );
  await waitFor(
    "the contact chosen",
    async () =>
      (await app.value("[data-testid=service-form-evaluator] input")) ===
      contact,
  );
  await app.type(
    "[data-testid=service-form-evaluationOpinion] input",
    "方案可行，落地还需跟进",
  );
  await saveScreenshot(app, "evaluation-form");
  await app.click("[data-testid=service-form-save]");
  await waitFor(
    "the evaluation stored",
    async () =>
      driver.query(
        `SELECT satisfaction FROM service_records WHERE id = '${recordId}'`,
      )[0][0] === "basically_satisfied",
    { explain: () => formState(app, "[data-testid=service-dialog]") },
  );
  assert.deepEqual(
    driver.query(
      `SELECT evaluator, evaluated_on, evaluation_opinion FROM service_records WHERE id = '${recordId}'`,
    ),
    [[contact, endDate, "方案可行,落地还需跟进"]], // stored cleaned: full-width punctuation made half-width
  );
  await app.gone("[data-testid=service-dialog]");
  await saveScreenshot(app, "evaluation-ledger");

  // The enterprise's page: the summary is the database's, the record shows its 满意度.
  const [[n, satisfied, basically, dissatisfied]] = driver.query(`
    SELECT COUNT(*), COUNT(*) FILTER (WHERE satisfaction = 'satisfied'),
           COUNT(*) FILTER (WHERE satisfaction = 'basically_satisfied'),
           COUNT(*) FILTER (WHERE satisfaction = 'dissatisfied')
    FROM service_records WHERE enterprise_id = '${firmId}' AND deleted_at IS NULL AND satisfaction IS NOT NULL`);
  const percent = ((satisfied + 0.6 * basically) / n) * 100;
  await go(`/enterprises/${firmId}`);
  await app.visible("[data-testid=enterprise-detail]");
  await waitFor(
    "the detail page to load",
    async () => (await app.text("[data-testid=detail-name]")) === firmName,
  );
  assert.equal(
    await app.text("[data-testid=evaluation-counts]"),
    `评价 ${n} 条：满意 ${satisfied}，基本满意 ${basically}，不满意 ${dissatisfied}`,
  );
  assert.equal(
    await app.text("[data-testid=evaluation-share]"),
    `满意度 ${(Math.round(percent * 10) / 10).toFixed(1)}%`,
  );
  await app.click("#tab-services");
  await app.visible("#tab-services.is-active");
  await app.visible("[data-testid=detail-services]");
  const firstRow = await app.execute(
    "return document.querySelector('[data-testid=detail-services] tbody tr').textContent",
  );
  assert.ok(
    firstRow.includes("基本满意"),
    `the evaluated record (the latest) shows its 满意度: ${firstRow}`,
  );
  await saveScreenshot(app, "evaluation-enterprise-detail");
});
