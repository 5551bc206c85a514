// A small W3C WebDriver client (the few endpoints these tests use) and helpers that wait for conditions instead of
// sleeping. It speaks to tauri-driver, which forwards to WebKitWebDriver.

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
const BACKSPACE = '\uE003';
/** WebDriver key codes a test may press. */
export const KEYS = { enter: '\uE007', escape: '\uE00C', tab: '\uE004' };

/**
 * Polls `check` until it returns a truthy value, or throws after `timeoutMs` with `what` in the message, followed by
 * what `explain` (if given) reports of the state at that moment — so a failure in CI says why, not only that.
 */
export async function waitFor(what, check, { timeoutMs = 15000, intervalMs = 100, explain } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      const state = explain ? await explain().then((s) => `\n  state: ${s}`, (e) => `\n  state unknown: ${e.message}`) : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${lastError.message}` : ''}${state}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

async function call(base, method, path, body) {
  const res = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const json = text ? JSON.parse(text) : {};
  if (!res.ok || (json.value && json.value.error)) {
    const err = new Error(`${method} ${path}: ${json.value?.error ?? res.status} ${json.value?.message ?? text}`);
    err.webdriverError = json.value?.error;
    throw err;
  }
  return json.value;
}

/** One WebDriver session: one running instance of the app. */
export class Session {
  constructor(base, id) {
    this.base = base;
    this.id = id;
  }

  /** Starts the application at `application` and returns its session. */
  static async start(base, application) {
    const value = await call(base, 'POST', '/session', {
      capabilities: { alwaysMatch: { 'tauri:options': { application } } },
    });
    return new Session(base, value.sessionId);
  }

  cmd(method, path, body) {
    return call(this.base, method, `/session/${this.id}${path}`, body);
  }

  /** Ends the session, which closes the app. */
  async quit() {
    await this.cmd('DELETE', '');
  }

  /** All elements matching a CSS selector (element ids). */
  async findAll(css) {
    const found = await this.cmd('POST', '/elements', { using: 'css selector', value: css });
    return found.map((e) => e[ELEMENT]);
  }

  /** Waits until an element matching `css` is displayed and returns its id. */
  async visible(css, timeoutMs) {
    return waitFor(`${css} to be visible`, async () => {
      for (const id of await this.findAll(css)) {
        if (await this.cmd('GET', `/element/${id}/displayed`)) return id;
      }
      return null;
    }, { timeoutMs });
  }

  /** Waits until nothing matching `css` is displayed. */
  async gone(css, timeoutMs) {
    await waitFor(`${css} to disappear`, async () => {
      for (const id of await this.findAll(css)) {
        if (await this.cmd('GET', `/element/${id}/displayed`)) return false;
      }
      return true;
    }, { timeoutMs });
  }

  /** Waits until no Vue transition is running (a dialog zooming in, a dropdown sliding), so clicks land. */
  async settled() {
    await waitFor('transitions to finish', () =>
      this.execute("return document.querySelector('[class*=\"-enter-active\"], [class*=\"-leave-active\"]') === null"),
    );
  }

  async click(css) {
    await this.settled();
    const id = await this.visible(css);
    await waitFor(`${css} to be clickable`, async () => {
      await this.cmd('POST', `/element/${id}/click`, {});
      return true;
    });
  }

  /**
   * Replaces what an input holds with `text` the way a person does (select all, delete, type), so the page sees real
   * input events, then checks the input holds it.
   */
  async type(css, text) {
    // A dialog focuses its first field when its opening animation ends: typing before that would lose keys to it.
    await this.settled();
    const id = await this.visible(css);
    await this.execute('arguments[0].focus(); arguments[0].select();', [{ [ELEMENT]: id }]);
    await this.cmd('POST', `/element/${id}/value`, { text: `${BACKSPACE}${text}` });
    let held;
    await waitFor(`${css} to hold ${JSON.stringify(text)}`, async () => {
      held = await this.value(css);
      return held === text;
    }).catch((e) => {
      throw new Error(`${e.message} (it holds ${JSON.stringify(held)})`);
    });
  }

  /**
   * Picks `label` in a select searched on the server as one types (el-select `remote`): types `label` (appending in a
   * multiple select, whose Backspace would remove a tag), waits until the search has answered — every option shown
   * whose test id starts with `prefix`, bar those already chosen, contains `label` — then clicks the option (`option`,
   * or the first such) and waits until the select shows a choice containing `label`. Clicking before the answer would race the list
   * being replaced under the pointer.
   */
  async pickRemote(select, label, { prefix, option, multiple = false }) {
    await this.click(select);
    if (multiple) {
      await this.press(`${select} input`, label);
      await waitFor(`${select} to hold ${label}`, async () => (await this.value(`${select} input`)) === label);
    } else {
      await this.type(`${select} input`, label);
    }
    const first = await waitFor(`the options of ${select} to answer ${label}`, () =>
      this.execute(
        `const shown = [...document.querySelectorAll('[data-testid^="' + arguments[0] + '"]')]
           .filter((e) => e.getClientRects().length > 0 && !e.classList.contains('is-selected'));
         const answered = shown.length > 0 && shown.every((e) => e.textContent.includes(arguments[1]));
         return answered ? shown[0].getAttribute('data-testid') : null;`,
        [prefix, label],
      ),
    );
    await this.click(option ?? `[data-testid="${first}"]`);
    const chosen = multiple
      ? `return [...document.querySelectorAll(arguments[0] + ' .el-tag')].some((t) => t.textContent.includes(arguments[1]))`
      : `const shown = document.querySelector(arguments[0] + ' .el-select__placeholder:not(.is-transparent)');
         return shown !== null && shown.textContent.includes(arguments[1])`;
    await waitFor(`${select} to show ${label}`, () => this.execute(chosen, [select, label]));
  }

  /** Sends keys (text, or one of {@link KEYS}) to the element matching `css`, without clearing it first. */
  async press(css, key) {
    const id = await this.visible(css);
    await this.cmd('POST', `/element/${id}/value`, { text: key });
  }

  async value(css) {
    const id = await this.visible(css);
    return this.cmd('GET', `/element/${id}/property/value`);
  }

  async text(css) {
    const id = await this.visible(css);
    return this.cmd('GET', `/element/${id}/text`);
  }

  /** The texts of every element matching `css`. */
  async texts(css) {
    const ids = await this.findAll(css);
    return Promise.all(ids.map((id) => this.cmd('GET', `/element/${id}/text`)));
  }

  /** Runs a script in the page and returns its result. */
  async execute(script, args = []) {
    return this.cmd('POST', '/execute/sync', { script, args });
  }

  /** A PNG screenshot as a Buffer. */
  async screenshot() {
    return Buffer.from(await this.cmd('GET', '/screenshot'), 'base64');
  }
}
