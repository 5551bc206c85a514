// The start-up bench (issue 16, "A one-second start"): starts the real app binary through tauri-driver (under
// Xvfb), as a person starts it, and times how long until the 工作台's figures are rendered — the element the home page
// shows only once its data arrived (`[data-testid=dashboard-months]`). Then, with the app idle, the memory of the app
// process and its WebKit children.
//
//   xvfb-run -a -s "-screen 0 1280x800x24" node tests/bench/startup.mjs \
//     --app target/release/st-ledger --sample small=/path/small.sqlite3 --sample large=/work/bench-large.sqlite3
//
// Options: --runs N (5), --modes warm,cold,unclean,first-of-day (warm,cold,unclean), --idle-ms (3000).
// Each sample is copied once into a fresh data folder (the original is only read), opened once by the app to settle
// it (migrations, the day's backup, a clean close), then each mode is run --runs times:
// - warm:    the previous session closed cleanly, the file is in the OS page cache;
// - cold:    the same, with the data folder's files evicted from the page cache first (posix_fadvise DONTNEED, which
//            a sandbox that refuses /proc/sys/vm/drop_caches still allows; the binary and WebKit stay cached);
// - unclean: the clean-close marker removed first, as after a crash (the start-up check runs; warm cache);
// - first-of-day: the day's backups removed first, so the opening makes the daily backup (warm cache).
// Prints a Markdown table of medians (and min–max) and writes the raw figures as JSON to --out (if given).

import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { Session, waitFor } from '../e2e/webdriver.mjs';

const READY = '[data-testid=dashboard-months]';
const FAILED = '[data-testid=dashboard-error], [data-testid=startup-problem]';

function parseArgs(argv) {
  const args = { runs: 5, modes: ['warm', 'cold', 'unclean'], samples: [], idleMs: 3000, app: 'target/release/st-ledger' };
  for (let i = 0; i < argv.length; i += 1) {
    const [key, value] = [argv[i], argv[i + 1]];
    if (key === '--app') args.app = value;
    else if (key === '--runs') args.runs = Number(value);
    else if (key === '--modes') args.modes = value.split(',');
    else if (key === '--idle-ms') args.idleMs = Number(value);
    else if (key === '--out') args.out = value;
    else if (key === '--sample') {
      const [name, path] = value.split('=');
      args.samples.push({ name, path: resolve(path) });
    } else throw new Error(`unknown option ${key}`);
    i += 1;
  }
  if (args.samples.length === 0) throw new Error('give at least one --sample name=path');
  args.app = resolve(args.app);
  return args;
}

export async function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

/** A tauri-driver whose sessions run the app on `dataDir` with a home of its own. */
async function startDriver(home, dataDir) {
  const port = await freePort();
  const env = {
    ...process.env,
    LEDGER_DATA_DIR: dataDir,
    HOME: home,
    XDG_DATA_HOME: join(home, 'xdg-data'),
    XDG_CONFIG_HOME: join(home, 'xdg-config'),
    XDG_CACHE_HOME: join(home, 'xdg-cache'),
    DBUS_SESSION_BUS_ADDRESS: 'disabled:',
    GSETTINGS_BACKEND: 'memory',
  };
  const child = spawn('tauri-driver', ['--port', String(port), '--native-port', String(await freePort())], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  await waitFor('tauri-driver to listen', async () => (await fetch(`${base}/status`)).ok, { timeoutMs: 20000 });
  return { child, base };
}

/** Every process (pid) below `root`, by walking /proc's parent links. */
export function descendants(root) {
  const parents = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parents.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const found = [];
  const walk = (pid) => {
    for (const [child, parent] of parents) {
      if (parent === pid) {
        found.push(child);
        walk(child);
      }
    }
  };
  walk(root);
  return found;
}

function comm(pid) {
  return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
}

/** The app's process: the descendant of the driver whose executable is the app. */
function appPid(driverPid, app) {
  return descendants(driverPid).find((pid) => {
    try {
      return execFileSync('readlink', [`/proc/${pid}/exe`], { encoding: 'utf8' }).trim() === app;
    } catch {
      return false;
    }
  });
}

/** Seconds since boot when the process started (/proc/<pid>/stat field 22, in clock ticks of 1/100 s). */
function startedAt(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]) / 100;
}

function uptime() {
  return Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
}

/** kB of a field of /proc/<pid>/status or smaps_rollup. */
function kb(file, field) {
  const line = readFileSync(file, 'utf8').split('\n').find((l) => l.startsWith(`${field}:`));
  return line ? Number(line.split(/\s+/)[1]) : 0;
}

/** RSS and PSS (MB) of the app and its descendants (the WebKit web and network processes), with their names. */
export function memory(pid) {
  const pids = [pid, ...descendants(pid)];
  let rss = 0;
  let pss = 0;
  const names = [];
  for (const p of pids) {
    try {
      const [r, s] = [kb(`/proc/${p}/status`, 'VmRSS'), kb(`/proc/${p}/smaps_rollup`, 'Pss')];
      rss += r;
      pss += s;
      names.push(`${comm(p)} ${(r / 1024).toFixed(0)}/${(s / 1024).toFixed(0)}`);
    } catch {
      // gone meanwhile
    }
  }
  return { rssMb: rss / 1024, pssMb: pss / 1024, processes: names };
}

/** Drops the data folder's files from the OS page cache (clean pages only; they were synced by the clean close). */
function evict(dataDir) {
  const files = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (e.isFile()) files.push(path);
    }
  };
  walk(dataDir);
  const script = [
    'import os, sys',
    'for p in sys.argv[1:]:',
    '    fd = os.open(p, os.O_RDONLY)',
    '    os.fsync(fd)',
    '    os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)',
    '    os.close(fd)',
  ].join('\n');
  execFileSync('python3', ['-c', script, ...files]);
}

/** Pages of `path` in the page cache, as a share (mincore through Python's mmap is not available: fincore). */
function cachedShare(path) {
  try {
    const out = execFileSync('fincore', ['--bytes', '--noheadings', '--output', 'RES,SIZE', path], { encoding: 'utf8' });
    const [res, size] = out.trim().split(/\s+/).map(Number);
    return size ? res / size : 0;
  } catch {
    return null;
  }
}

function databaseIsFree(dataDir) {
  try {
    execFileSync('flock', ['--nonblock', join(dataDir, 'ledger.sqlite3.lock'), 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** One start: from the session request (and from the app process's start) to the figures rendered; then memory. */
async function oneStart(driver, app, dataDir, idleMs, beforeQuit = async () => {}) {
  const t0 = performance.now();
  const session = await Session.start(driver.base, app);
  const pid = appPid(driver.child.pid, app);
  await waitFor(
    'the home page figures',
    async () => {
      if ((await session.findAll(FAILED)).length) throw new Error('the app showed an error instead of the home page');
      return (await session.findAll(READY)).length > 0;
    },
    { timeoutMs: 120000, intervalMs: 20 },
  );
  const ready = performance.now();
  const fromProcess = pid ? uptime() - startedAt(pid) : null;
  // Idle: no input for idleMs after the figures rendered, then the memory.
  await new Promise((r) => setTimeout(r, idleMs));
  const mem = pid ? memory(pid) : null;
  await beforeQuit();
  // Closing the window is the person's way out (Tauri's exit event closes the ledger cleanly, leaving the clean-close
  // marker); ending the session alone stops the app without it, as a crash would.
  await session.cmd('DELETE', '/window').catch(() => {});
  await waitFor('the app to close the ledger', () => databaseIsFree(dataDir), { timeoutMs: 120000 });
  await session.cmd('DELETE', '').catch(() => {});
  return {
    fromSessionMs: ready - t0,
    fromProcessMs: fromProcess === null ? null : fromProcess * 1000,
    memory: mem,
    markerLeft: existsSync(join(dataDir, 'ledger.sqlite3.clean')),
  };
}

/** Waits until the day's backup is in the data folder's backups (a finished archive, not a partial file). */
async function backupMade(dataDir) {
  const folder = join(dataDir, 'backups');
  await waitFor(
    "the day's backup",
    () => existsSync(folder) && readdirSync(folder).some((n) => n.endsWith('.zip') && !n.startsWith('.')),
    { timeoutMs: 900000, intervalMs: 500 },
  );
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export function load() {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const results = [];
  for (const sample of args.samples) {
    const home = mkdtempSync(join(tmpdir(), 'st-ledger-bench-'));
    const dataDir = join(home, 'data');
    mkdirSync(dataDir, { recursive: true });
    copyFileSync(sample.path, join(dataDir, 'ledger.sqlite3'));
    const driver = await startDriver(home, dataDir);
    try {
      // Settle: the first opening migrates if needed, makes the day's backup and closes cleanly.
      const settle = await oneStart(driver, args.app, dataDir, args.idleMs, () => backupMade(dataDir));
      console.error(`[${sample.name}] settled: ${settle.fromSessionMs.toFixed(0)} ms; load ${load()}`);
      for (const mode of args.modes) {
        const runs = [];
        for (let i = 0; i < args.runs; i += 1) {
          const db = join(dataDir, 'ledger.sqlite3');
          if (mode === 'cold') evict(dataDir);
          if (mode === 'unclean') rmSync(`${db}.clean`, { force: true });
          if (mode === 'first-of-day') {
            for (const n of readdirSync(join(dataDir, 'backups'))) rmSync(join(dataDir, 'backups', n), { force: true });
          }
          const cached = cachedShare(db);
          const quit = mode === 'first-of-day' ? () => backupMade(dataDir) : undefined;
          const run = { ...(await oneStart(driver, args.app, dataDir, args.idleMs, quit)), cachedBefore: cached, load: load() };
          runs.push(run);
          console.error(
            `[${sample.name} ${mode} ${i + 1}] ${run.fromSessionMs.toFixed(0)} ms from the session request, ` +
              `${run.fromProcessMs?.toFixed(0)} ms from the process start; ` +
              `RSS ${run.memory?.rssMb.toFixed(0)} MB PSS ${run.memory?.pssMb.toFixed(0)} MB ` +
              `(RSS/PSS MB: ${run.memory?.processes.join(', ')}); file cached ${cached === null ? '?' : (cached * 100).toFixed(0)} %; ` +
              `marker left ${run.markerLeft}; load ${run.load}`,
          );
        }
        results.push({ sample: sample.name, mode, size: statSync(sample.path).size, runs });
      }
    } finally {
      driver.child.kill('SIGTERM');
      rmSync(home, { recursive: true, force: true });
    }
  }
  console.log('| sample | mode | session request → figures (median, min–max) | process start → figures (median) | idle RSS / PSS (median) |');
  console.log('|---|---|---|---|---|');
  for (const r of results) {
    const s = r.runs.map((x) => x.fromSessionMs);
    const p = r.runs.map((x) => x.fromProcessMs).filter((x) => x !== null);
    const rss = r.runs.map((x) => x.memory?.rssMb ?? 0);
    const pss = r.runs.map((x) => x.memory?.pssMb ?? 0);
    console.log(
      `| ${r.sample} | ${r.mode} | ${(median(s) / 1000).toFixed(2)} s (${(Math.min(...s) / 1000).toFixed(2)}–${(Math.max(...s) / 1000).toFixed(2)}) | ` +
        `${p.length ? (median(p) / 1000).toFixed(2) + ' s' : '—'} | ${median(rss).toFixed(0)} / ${median(pss).toFixed(0)} MB |`,
    );
  }
  if (args.out) writeFileSync(args.out, JSON.stringify({ app: args.app, results }, null, 2));
}

// Run as a script (webkit-blank.mjs imports the helpers above without running it).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
