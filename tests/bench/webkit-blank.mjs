// The WebKitGTK floor for the start-up bench (issue 16): how long WebKitGTK alone takes to show a page, and how much
// memory it holds idle, measured the way tests/bench/startup.mjs measures the app. WebKitWebDriver starts WebKitGTK's
// own MiniBrowser (the same libwebkit2gtk-4.1 the app links, no Tauri, no Rust, no app bundle) and loads a blank
// page holding one element; the time runs from the session request to that element found. Then, after --idle-ms,
// RSS and PSS of MiniBrowser and its WebKit processes (web, network).
//
//   xvfb-run -a -s "-screen 0 1280x800x24" node tests/bench/webkit-blank.mjs --runs 5
//
// Options: --runs N (5), --idle-ms (3000), --browser PATH (the MiniBrowser of libwebkit2gtk-4.1).

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { waitFor } from '../e2e/webdriver.mjs';
import { descendants, freePort, load, median, memory } from './startup.mjs';

function parseArgs(argv) {
  const args = { runs: 5, idleMs: 3000, browser: '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser' };
  for (let i = 0; i < argv.length; i += 2) {
    const [key, value] = [argv[i], argv[i + 1]];
    if (key === '--runs') args.runs = Number(value);
    else if (key === '--idle-ms') args.idleMs = Number(value);
    else if (key === '--browser') args.browser = value;
    else throw new Error(`unknown option ${key}`);
  }
  return args;
}

async function call(base, method, path, body) {
  const res = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${path}: ${JSON.stringify(json.value)}`);
  return json.value;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const home = mkdtempSync(join(tmpdir(), 'webkit-blank-'));
  const page = join(home, 'blank.html');
  writeFileSync(page, '<!doctype html><meta charset="utf-8"><title>blank</title><p id="ready">工作台</p>');
  const port = await freePort();
  const env = { ...process.env, HOME: home, XDG_CACHE_HOME: join(home, 'cache'), DBUS_SESSION_BUS_ADDRESS: 'disabled:' };
  const driver = spawn('WebKitWebDriver', [`--port=${port}`], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const base = `http://127.0.0.1:${port}`;
  const runs = [];
  try {
    await waitFor('WebKitWebDriver to listen', async () => (await fetch(`${base}/status`)).ok, { timeoutMs: 20000 });
    for (let i = 0; i < args.runs; i += 1) {
      const t0 = performance.now();
      const { sessionId } = await call(base, 'POST', '/session', {
        capabilities: {
          alwaysMatch: { 'webkitgtk:browserOptions': { binary: args.browser, args: ['--automation'] } },
        },
      });
      const session = `/session/${sessionId}`;
      const started = performance.now();
      await call(base, 'POST', `${session}/url`, { url: `file://${page}` });
      await waitFor(
        'the blank page',
        async () => (await call(base, 'POST', `${session}/elements`, { using: 'css selector', value: '#ready' })).length > 0,
        { timeoutMs: 60000, intervalMs: 20 },
      );
      const ready = performance.now();
      await new Promise((r) => setTimeout(r, args.idleMs));
      const browser = descendants(driver.pid)[0];
      const mem = browser ? memory(browser) : null;
      await call(base, 'DELETE', session);
      const run = { sessionMs: started - t0, readyMs: ready - t0, memory: mem, load: load() };
      runs.push(run);
      console.error(
        `[blank ${i + 1}] session ${run.sessionMs.toFixed(0)} ms, page shown ${run.readyMs.toFixed(0)} ms; RSS ` +
          `${mem?.rssMb.toFixed(0)} MB PSS ${mem?.pssMb.toFixed(0)} MB (${mem?.processes.join(', ')}); load ${run.load}`,
      );
    }
  } finally {
    driver.kill('SIGTERM');
    rmSync(home, { recursive: true, force: true });
  }
  const ready = runs.map((r) => r.readyMs);
  console.log(
    `| WebKitGTK MiniBrowser, blank page | ${(median(ready) / 1000).toFixed(2)} s ` +
      `(${(Math.min(...ready) / 1000).toFixed(2)}–${(Math.max(...ready) / 1000).toFixed(2)}) | ` +
      `session alone ${(median(runs.map((r) => r.sessionMs)) / 1000).toFixed(2)} s | ` +
      `${median(runs.map((r) => r.memory?.rssMb ?? 0)).toFixed(0)} / ${median(runs.map((r) => r.memory?.pssMb ?? 0)).toFixed(0)} MB |`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
