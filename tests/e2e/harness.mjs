// Starts tauri-driver for the real app binary with an isolated data folder, and gives sessions on it.

import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session, waitFor } from './webdriver.mjs';

export const APP = process.env.E2E_APP;
/** The as-of day of the seeded sample: fixed, so no test depends on today's date. */
export const SAMPLE_AS_OF = '2025-12-31';

/** The `ledger-cli` binary, for seeding sample data (cargo xtask test builds it beside the app). */
export const CLI = process.env.E2E_CLI;
export const ARTIFACTS = process.env.E2E_ARTIFACTS ?? join(tmpdir(), 'st-ledger-e2e');

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A running tauri-driver whose app sessions share one fresh data folder (and fresh WebView storage). */
export class Driver {
  static async start() {
    if (!APP) throw new Error('set E2E_APP to the app binary (cargo xtask test does)');
    const home = mkdtempSync(join(tmpdir(), 'st-ledger-e2e-'));
    const dataDir = join(home, 'data');
    const port = await freePort();
    const nativePort = await freePort();
    const env = {
      ...process.env,
      LEDGER_DATA_DIR: dataDir,
      // A home of its own: nothing of the machine's user is read or written, and the system's folder dialogs open
      // here (see answerFolderDialog).
      HOME: home,
      XDG_DATA_HOME: join(home, 'xdg-data'),
      XDG_CONFIG_HOME: join(home, 'xdg-config'),
      XDG_CACHE_HOME: join(home, 'xdg-cache'),
      // No session bus: the single-instance check then lets each test launch run on its own.
      DBUS_SESSION_BUS_ADDRESS: 'disabled:',
      // GTK's settings (the save dialog's) in memory: there is no dconf service to keep them.
      GSETTINGS_BACKEND: 'memory',
    };
    const child = spawn('tauri-driver', ['--port', String(port), '--native-port', String(nativePort)], {
      env,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const driver = new Driver(child, `http://127.0.0.1:${port}`, dataDir, home);
    await waitFor('tauri-driver to listen', async () => (await fetch(`${driver.base}/status`)).ok, { timeoutMs: 20000 });
    mkdirSync(ARTIFACTS, { recursive: true });
    return driver;
  }

  constructor(child, base, dataDir, home) {
    this.child = child;
    this.base = base;
    this.dataDir = dataDir;
    /** The app's home folder, where the system's folder dialogs open. */
    this.home = home;
  }

  /**
   * Fills the data folder, before the first launch, with the CLI's deterministic sample data (seed 1) as of
   * 2025-12-31 (its three years 2023–2025), whatever today is: the tests' figures are those of that sample. `asOf`
   * moves the three years to end on another day (the tour, whose screenshots should show current figures).
   */
  seedSample(scale = 'small', { asOf = SAMPLE_AS_OF } = {}) {
    if (!CLI) throw new Error('set E2E_CLI to the ledger-cli binary (cargo xtask test does)');
    mkdirSync(this.dataDir, { recursive: true });
    const db = join(this.dataDir, 'ledger.sqlite3');
    execFileSync(CLI, ['sample', '--db', db, '--seed', '1', '--scale', scale, '--as-of', asOf], {
      stdio: 'ignore',
    });
  }

  /** Launches the app and waits for its shell (or, with `ready`, another first screen) to render. */
  async launch(ready = '[data-testid=nav-experts]') {
    const session = await Session.start(this.base, APP);
    try {
      await session.visible(ready, 30000);
    } catch (e) {
      await saveScreenshot(session, 'launch-failure').catch(() => {});
      await this.close(session).catch(() => {});
      throw e;
    }
    return session;
  }

  /** Closes the app of `session` and waits until it has let go of the database's writer lock. */
  async close(session) {
    await session.quit();
    await waitFor('the app to release the database', () => this.databaseIsFree(), { timeoutMs: 20000 });
  }

  /** Whether nobody holds the writer lock (`flock` takes and drops it, as the app's lock is an flock). */
  databaseIsFree() {
    try {
      execFileSync('flock', ['--nonblock', join(this.dataDir, 'ledger.sqlite3.lock'), 'true'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  }

  stop() {
    this.child.kill('SIGTERM');
  }

  /** Runs the CLI with `args` (`--db` is the app's database) and returns its JSON output. */
  cli(args) {
    return runCli([...args, '--db', join(this.dataDir, 'ledger.sqlite3')]);
  }

  /** Changes the app's database behind its back with Python's sqlite3 (a test's stand-in for a change to undo). */
  write(sql) {
    const script = ['import sqlite3, sys', 'c = sqlite3.connect(sys.argv[1])', 'c.execute(sys.argv[2])', 'c.commit()'].join('\n');
    execFileSync('python3', ['-c', script, join(this.dataDir, 'ledger.sqlite3'), sql]);
  }

  /** Rows of a SQL query on the app's database, read with Python's sqlite3 (read-only). */
  query(sql) {
    return queryDatabase(join(this.dataDir, 'ledger.sqlite3'), sql);
  }
}

/** Runs the CLI with `args` (and `--json`) and returns its JSON output. */
export function runCli(args) {
  if (!CLI) throw new Error('set E2E_CLI to the ledger-cli binary (cargo xtask test does)');
  return JSON.parse(execFileSync(CLI, [...args, '--json'], { encoding: 'utf8' }));
}

/** Rows of a SQL query on the database at `path`, read with Python's sqlite3 (read-only). */
export function queryDatabase(path, sql) {
  const script = [
    'import json, sqlite3, sys',
    'c = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)',
    'print(json.dumps(c.execute(sys.argv[2]).fetchall(), ensure_ascii=False))',
  ].join('\n');
  return JSON.parse(execFileSync('python3', ['-c', script, path, sql], { encoding: 'utf8' }));
}

/** Saves a screenshot of the session into the artifacts folder. */
export async function saveScreenshot(session, name) {
  writeFileSync(join(ARTIFACTS, `${name}.png`), await session.screenshot());
}

/**
 * What a form in `scope` shows right now, as one line for a failure message: the error under each field (by the
 * form item's test id), the text of each select and input, alerts and toast messages on the page.
 */
export async function formState(session, scope) {
  const state = await session.execute(
    `const root = document.querySelector(arguments[0]) ?? document;
     const text = (e) => e.textContent.trim().replace(/\\s+/g, ' ');
     const items = [...root.querySelectorAll('.el-form-item')].map((item) => {
       const id = item.getAttribute('data-testid') ?? text(item.querySelector('.el-form-item__label') ?? item);
       const select = item.querySelector('.el-select');
       const shown = select?.querySelector('.el-select__placeholder:not(.is-transparent)');
       const tags = select ? [...select.querySelectorAll('.el-tag')].map(text) : [];
       const input = item.querySelector('input, textarea');
       const value = select ? (tags.length > 0 ? tags.join('、') : shown ? text(shown) : '') : input?.value ?? '';
       const error = item.querySelector('.el-form-item__error');
       return { id, value, error: error ? text(error) : undefined };
     });
     const alerts = [...document.querySelectorAll('.el-alert, .el-message')].map(text);
     return { items, alerts };`,
    [scope],
  );
  return JSON.stringify(state);
}

/** A 2×2 PNG (base64), so a thumbnail has pixels to show. */
export const TINY_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==';

/**
 * Waits in `session` for the message box titled `title` (the one before it has gone), keeps a screenshot of it as
 * `shot`, and presses its main button.
 */
export async function answerBox(session, title, shot) {
  await waitFor(
    `the message box "${title}"`,
    () =>
      session.execute(
        "return [...document.querySelectorAll('.el-message-box__title')].filter((e) => e.offsetParent !== null).map((e) => e.textContent.trim()).join('|') === arguments[0]",
        [title],
      ),
    { timeoutMs: 60000 },
  );
  await session.settled();
  await saveScreenshot(session, shot);
  await session.click('.el-message-box__btns .el-button--primary');
}

/**
 * Puts a file named `name` with the bytes of `base64` into the attachment panel's file input, as choosing it in the
 * system's file dialog would.
 */
export async function attachFile(session, name, type, base64) {
  await session.execute(
    `const bytes = Uint8Array.from(atob(arguments[0]), (c) => c.charCodeAt(0));
     const input = document.querySelector('[data-testid=attachment-input]');
     const files = new DataTransfer();
     files.items.add(new File([bytes], arguments[1], { type: arguments[2] }));
     input.files = files.files;
     input.dispatchEvent(new Event('change', { bubbles: true }));`,
    [base64, name, type],
  );
}

/** The id of a visible window whose title matches `title` (xdotool on the test's X display), or null. */
function visibleWindow(title) {
  try {
    return execFileSync('xdotool', ['search', '--onlyvisible', '--name', title], { encoding: 'utf8' }).trim().split('\n')[0];
  } catch {
    return null; // xdotool exits 1 while no window matches
  }
}

/**
 * Answers the native save dialog (a GTK window WebDriver cannot reach) with `path`: waits for a window whose title
 * matches `title`, types the full path into its name field and presses Enter, with xdotool on the test's X display.
 */
export async function answerSaveDialog(title, path) {
  const window = await waitFor(`the save dialog "${title}"`, () => visibleWindow(title));
  // The name field has the focus and holds the suggested name, selected: typing replaces it. (xdotool types
  // non-ASCII characters through temporary key mappings and can drop one: keep `path` ASCII.)
  execFileSync('xdotool', ['windowfocus', '--sync', window]);
  execFileSync('xdotool', ['key', '--window', window, '--clearmodifiers', 'ctrl+a']);
  execFileSync('xdotool', ['type', '--window', window, '--delay', '20', path]);
  execFileSync('xdotool', ['key', '--window', window, 'Return']);
}

/**
 * Answers the system's open dialog titled `title` with `path`: Ctrl+L opens GTK's location field and the path
 * replaces whatever is in it. GTK checks a typed location in the background and ignores Return (its Open button stays
 * greyed) until that check is done, so Return is pressed again until the dialog has closed. (Keep `path` ASCII, as
 * for the save dialog.)
 */
export async function answerOpenDialog(title, path) {
  const window = await waitFor(`the open dialog "${title}"`, () => visibleWindow(title));
  execFileSync('xdotool', ['windowfocus', '--sync', window]);
  execFileSync('xdotool', ['key', '--window', window, '--clearmodifiers', 'ctrl+l']);
  execFileSync('xdotool', ['key', '--window', window, '--clearmodifiers', 'ctrl+a']);
  execFileSync('xdotool', ['type', '--window', window, '--delay', '20', path]);
  await pressUntilClosed(title, window, ['Return'], `to accept ${path}`);
}

/**
 * Answers the system's folder dialog titled `title` by choosing the folder it opens in — the app's home folder
 * (`Driver.home`): its select button, by its mnemonic (Alt+S for 选择/Select, Alt+O where it reads Open), is pressed
 * until the dialog has closed. (GTK's folder dialog offers no reliable way to type another folder: Return in its
 * location field opens the folder instead of choosing it, and the select button ignores the field.)
 */
export async function answerFolderDialog(title) {
  const window = await waitFor(`the folder dialog "${title}"`, () => visibleWindow(title));
  execFileSync('xdotool', ['windowfocus', '--sync', window]);
  await pressUntilClosed(title, window, ['alt+s', 'alt+o'], 'to choose its folder');
}

/** Presses `keys` in turn in the dialog `window` titled `title`, every half second, until it has closed. */
async function pressUntilClosed(title, window, keys, what) {
  let press = 0;
  await waitFor(
    `the dialog "${title}" ${what}`,
    () => {
      if (visibleWindow(title) === null) return true;
      execFileSync('xdotool', ['key', '--window', window, '--clearmodifiers', keys[press++ % keys.length]]);
      return false;
    },
    { intervalMs: 500 },
  );
}

/**
 * Writes a one-sheet .xlsx with Python's standard library: `rows` is an array of arrays of strings (inline text
 * cells) and numbers; `merges` are ranges such as `'A1:E1'`.
 */
export function writeWorkbook(path, sheetName, rows, merges = []) {
  const script = String.raw`
import json, sys, zipfile
from xml.sax.saxutils import escape
path, name, rows, merges = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), json.loads(sys.argv[4])
def ref(r, c):
    s = ''
    c += 1
    while c:
        c, m = divmod(c - 1, 26)
        s = chr(65 + m) + s
    return f'{s}{r + 1}'
body = []
for r, row in enumerate(rows):
    cells = []
    for c, v in enumerate(row):
        if v is None or v == '':
            continue
        if isinstance(v, (int, float)):
            cells.append(f'<c r="{ref(r, c)}"><v>{v}</v></c>')
        else:
            cells.append(f'<c r="{ref(r, c)}" t="inlineStr"><is><t>{escape(str(v))}</t></is></c>')
    body.append(f'<row r="{r + 1}">{"".join(cells)}</row>')
merge = f'<mergeCells count="{len(merges)}">' + ''.join(f'<mergeCell ref="{m}"/>' for m in merges) + '</mergeCells>' if merges else ''
main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
    z.writestr('_rels/.rels', f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    z.writestr('xl/workbook.xml', f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" xmlns:r="{rel}"><sheets><sheet name="{escape(name)}" sheetId="1" r:id="rId1"/></sheets></workbook>')
    z.writestr('xl/_rels/workbook.xml.rels', f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
    z.writestr('xl/worksheets/sheet1.xml', f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}"><sheetData>{"".join(body)}</sheetData>{merge}</worksheet>')
`;
  execFileSync('python3', ['-c', script, path, sheetName, JSON.stringify(rows), JSON.stringify(merges)]);
}

/**
 * Reads an .xlsx back with Python's standard library: `{ sheetName: rows }`, each row an array of cell values
 * (numbers as numbers, shared and inline strings as text, formulas as their cached result), indexed by column.
 */
export function readWorkbook(path) {
  const script = String.raw`
import json, re, sys, zipfile
import xml.etree.ElementTree as ET
NS = {'m': 'http://schemas.openxmlformats.org/spreadsheetml/2006/main',
      'r': 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'}
REL = '{http://schemas.openxmlformats.org/package/2006/relationships}'
z = zipfile.ZipFile(sys.argv[1])
strings = []
if 'xl/sharedStrings.xml' in z.namelist():
    for si in ET.fromstring(z.read('xl/sharedStrings.xml')).findall('m:si', NS):
        strings.append(''.join(t.text or '' for t in si.iter('{%s}t' % NS['m'])))
rels = {r.get('Id'): r.get('Target') for r in ET.fromstring(z.read('xl/_rels/workbook.xml.rels')).iter(REL + 'Relationship')}
def col(ref):
    n = 0
    for ch in re.match(r'[A-Z]+', ref).group(0):
        n = n * 26 + ord(ch) - 64
    return n - 1
book = {}
for sheet in ET.fromstring(z.read('xl/workbook.xml')).find('m:sheets', NS):
    target = rels[sheet.get('{%s}id' % NS['r'])].lstrip('/')
    target = target if target.startswith('xl/') else 'xl/' + target
    rows = []
    for row in ET.fromstring(z.read(target)).iter('{%s}row' % NS['m']):
        index = int(row.get('r')) - 1
        while len(rows) <= index:
            rows.append([])
        cells = rows[index]
        for c in row.findall('m:c', NS):
            v = c.find('m:v', NS)
            kind = c.get('t')
            if kind == 'inlineStr':
                value = ''.join(t.text or '' for t in c.iter('{%s}t' % NS['m']))
            elif v is None:
                value = None
            elif kind == 's':
                value = strings[int(v.text)]
            elif kind in ('str', 'e'):
                value = v.text
            else:
                value = float(v.text)
            i = col(c.get('r'))
            while len(cells) <= i:
                cells.append(None)
            cells[i] = value
    book[sheet.get('name')] = rows
print(json.dumps(book, ensure_ascii=False))
`;
  return JSON.parse(execFileSync('python3', ['-c', script, path], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }));
}
