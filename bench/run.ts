/**
 * `npm run bench`: start-up, memory and keystroke latency of dist/cli.js against the demo API, on
 * the project's Node and on the other supported lines it is given. Not part of `npm test`:
 * numbers, not assertions.
 *
 * Each round runs `node -e 0` and the measured run back to back with the same Node binary (in
 * alternating order) and keeps their ratio; the result is the median of those per-round ratios,
 * with the spread across rounds (25th–75th percentile). A ratio taken inside one round cancels most
 * of the drift in the machine's load that a ratio of two medians, measured minutes apart, does not.
 * Each row is also given as a ratio to its floor: a bundle that imports got and does nothing
 * (headless), and one where Ink and React draw one line and got is imported (interactive), both
 * built with dist's own options (scripts/bundle-options.mjs). Each floor also comes with one
 * request (got asks the demo API for the status, and the interactive one draws after the answer):
 * no run of the program asks the API nothing, and got's request path costs about as much as
 * importing got. The floors' peak RSS is printed too: a memory target below a floor's own is out
 * of reach for any build.
 *
 * The program keeps Node's compile cache (src/compile-cache.ts) in ~/.cache, here in the bench's
 * fresh HOME: every measured run but the first finds its code compiled, as a user's second
 * run does. The "first run" row gives each run a new cache directory: it compiles everything and
 * writes the cache, as the first run after an install does.
 *
 * The demo API runs in its own process (`dist/cli.js --demo-server --port 0`), so it neither
 * shares this process's event loop with the runs it serves nor blocks while one is timed. Every run
 * is measured without NODE_EXTRA_CA_CERTS (a CA bundle parsed at every start would inflate the
 * baseline and flatter every ratio). The probe that reads peak RSS and CPU time is CommonJS
 * (`--require`), so it does not load Node's ESM loader into the baseline.
 *
 *   VRC_BENCH_RUNS=31 npm run bench                          more rounds (default 21)
 *   VRC_BENCH_NODES=/opt/node22/bin/node,/opt/node26/bin/node npm run bench   the other lines
 *   VRC_BENCH_CLI=/tmp/b/other/cli.js npm run bench          measure another build of the CLI
 *
 * Without VRC_BENCH_NODES the other line is Node 22 from the npm registry (`npm exec -p node@22`,
 * cached by npm after the first run). Another build must sit under a package.json that says
 * "type": "module", as dist/ does (e.g. /tmp/b/package.json): without one, Node reads and scans
 * every file to guess its format, which skews a comparison. The bench says so when it finds none.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import pty from '@lydell/node-pty';
import { build } from 'esbuild';
import { bundleOptions } from '../scripts/bundle-options.mjs';
import { demoControl } from '../src/demo/inbox.js';
import { DEMO_TOTP_SECRET, totp } from '../src/demo/totp.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = process.env.VRC_BENCH_CLI ?? join(root, 'dist', 'cli.js');
const ROUNDS = Math.max(21, Number(process.env.VRC_BENCH_RUNS ?? 21));
const KEY = 'vastai-demo-key';
const work = mkdtempSync(join(tmpdir(), 'vrc-bench-'));
/**
 * Preloaded into measured processes (`node -e 0` too) with --require: writes the peak RSS (KiB)
 * and the CPU time (µs, user + system) to $VRC_RSS_FILE at exit. CPU time barely moves with the
 * machine's load, so it tells a build change's cost when wall times on a busy machine cannot.
 */
const probe = join(work, 'rss-probe.cjs');
writeFileSync(
  probe,
  "const { writeFileSync } = require('node:fs');\n" +
    "process.on('exit', () => { if (!process.env.VRC_RSS_FILE) return; const u = process.resourceUsage();\n" +
    '  writeFileSync(process.env.VRC_RSS_FILE, `${u.maxRSS} ${u.userCPUTime + u.systemCPUTime}`); });\n',
);

/** The environment of every measured run: no CI (Ink draws), no key, a fresh HOME, no extra CAs. */
const env = { ...process.env, HOME: work, NO_COLOR: '' } as Record<string, string>;
delete env.CI;
delete env.VAST_API_KEY;
delete env.XDG_CACHE_HOME; // the compile cache under HOME (below), unless a row gives it one
delete env.NODE_COMPILE_CACHE;
const extraCa = env.NODE_EXTRA_CA_CERTS !== undefined;
delete env.NODE_EXTRA_CA_CERTS;

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const i = (s.length - 1) * q;
  const lo = Math.floor(i);
  return s[lo] + (s[Math.ceil(i)] - s[lo]) * (i - lo);
}
const median = (xs: number[]) => quantile(xs, 0.5);
const since = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

/** "1.42× (1.35–1.51)": median and interquartile range. */
function ratioText(xs: number[]): string {
  const f = (x: number) => x.toFixed(2);
  return `${f(median(xs))}× (${f(quantile(xs, 0.25))}–${f(quantile(xs, 0.75))})`;
}

interface Run {
  ms: number;
  rssMiB: number;
  cpuMs: number;
}

/** Reads what the probe wrote: [peak RSS in MiB, CPU ms]; NaN when the process left no record. */
function readProbe(file: string): [number, number] {
  try {
    const [kib, us] = readFileSync(file, 'utf8').split(' ').map(Number);
    rmSync(file);
    return [kib / 1024, us / 1000];
  } catch {
    return [NaN, NaN];
  }
}

/** Wall time of a node run to exit, with its peak RSS and CPU time (the probe). */
function timeRun(node: string, args: string[], more: Record<string, string> = {}): Promise<Run> {
  const rssFile = join(work, `rss-${Math.random().toString(36).slice(2)}`);
  const argv = ['--require', probe, ...args];
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(node, argv, {
      env: { ...env, ...more, VRC_RSS_FILE: rssFile },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let err = '';
    child.stdin.end();
    child.stdout.resume();
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = since(t0);
      const [rssMiB, cpuMs] = readProbe(rssFile);
      if (code !== 0) reject(new Error(`run failed (${code}): ${err.slice(0, 300)}`));
      else resolve({ ms, rssMiB, cpuMs });
    });
  });
}

interface Pair {
  run: Run;
  base: Run;
  ratio: number;
  cpuRatio: number;
}

/** Runs `measured` and `node -e 0` (the same binary) back to back, alternating which goes first; their ratios. */
async function paired(node: string, round: number, measured: () => Promise<Run>): Promise<Pair> {
  const nodeE0 = () => timeRun(node, ['-e', '0']);
  let run: Run;
  let base: Run;
  if (round % 2 === 0) {
    base = await nodeE0();
    run = await measured();
  } else {
    run = await measured();
    base = await nodeE0();
  }
  return { run, base, ratio: run.ms / base.ms, cpuRatio: run.cpuMs / base.cpuMs };
}

const strip = (s: string) => s.replace(/\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007]*\u0007/g, '');

/** Spawns `node <args>` in a pty; `waitFor` resolves when the text is on screen. */
function openTerminal(node: string, args: string[], rssFile: string) {
  const t0 = process.hrtime.bigint();
  const term = pty.spawn(node, ['--require', probe, ...args], {
    cols: 80,
    rows: 30,
    cwd: root,
    env: { ...env, VRC_RSS_FILE: rssFile },
  });
  let out = '';
  const waiters: { test: (s: string) => boolean; resolve: () => void }[] = [];
  const listeners: ((d: string) => void)[] = [];
  term.onData((d) => {
    out += d;
    for (const l of listeners) l(d);
    for (const w of [...waiters])
      if (w.test(strip(out))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
  });
  const exited = new Promise<void>((r) => term.onExit(() => r()));
  return {
    t0,
    term,
    exited,
    onData: (l: (d: string) => void) => listeners.push(l),
    waitFor(re: RegExp, ms = 10_000): Promise<void> {
      if (re.test(strip(out))) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timeout waiting for ${re}: ${strip(out).slice(-400)}`)), ms);
        waiters.push({
          test: (s) => re.test(s),
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
  };
}

/** The demo API in a process of its own; resolves once it has printed its URL. */
async function startDemoProcess(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [cli, '--demo-server', '--port', '0'], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  for await (const line of lines) {
    const m = /^Demo API: (http:\/\/\S+)/.exec(line);
    if (m) {
      child.stdout.resume();
      return { url: m[1], child };
    }
  }
  throw new Error('the demo API process ended before printing its URL');
}

/** `name` when it is on PATH, else null; never runs it to find out. */
function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const p = join(dir, name);
    try {
      if (statSync(p).isFile()) return p;
    } catch {
      /* not here */
    }
  }
  return null;
}

/**
 * Instructions one run executes, counted by `valgrind --tool=callgrind`: the same count for the
 * same build and inputs whatever else the machine is doing, so it settles what wall and CPU
 * times on a loaded 2-core machine cannot (about 8 s a run).
 */
async function instructions(valgrind: string, node: string, args: string[]): Promise<number> {
  const child = spawn(valgrind, ['--tool=callgrind', '--callgrind-out-file=/dev/null', node, ...args], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  await once(child, 'exit');
  const m = /Collected : (\d+)/.exec(err);
  if (!m) throw new Error(`callgrind counted nothing: ${err.slice(-300)}`);
  return Number(m[1]);
}

/**
 * A bundle built with dist's own options (the same dependency patches and stubs) from `contents`:
 * a floor, the least any build of this program that does the same pays.
 */
async function floorBundle(name: string, contents: string): Promise<string> {
  const outfile = join(work, `${name}.mjs`);
  await build({
    ...bundleOptions(),
    stdin: { contents, resolveDir: root, sourcefile: `${name}.ts`, loader: 'ts' },
    outfile,
  });
  return outfile;
}

/** Imports got and does nothing: the headless floor. */
const gotFloor = () =>
  floorBundle('got-floor', "import got from 'got';\nif (typeof got !== 'function') process.exitCode = 1;\n");

const INK_IMPORTS =
  "import got from 'got';\nimport { createElement } from 'react';\nimport { render, Text } from 'ink';\n";
const DRAW_ONE_LINE = "render(createElement(Text, null, 'Authenticator app')).unmount();\n";

/** Ink and React draw one line and exit, with got imported: the interactive floor (Yoga included). */
const inkFloor = () =>
  floorBundle('ink-floor', `${INK_IMPORTS}if (typeof got !== 'function') process.exitCode = 1;\n${DRAW_ONE_LINE}`);

/**
 * One request with got: the 2FA status from the demo API whose URL is the first argument, as the
 * program sends it (a key, no retry). Every run of the program makes at least one request, and
 * got's request path costs about as much again as importing got (callgrind, Node 24.21: importing
 * got 216 M instructions, with this request 288 M; node:http's own request 252 M).
 */
const ONE_REQUEST =
  "const status = await got(process.argv[2] + '/api/v0/tfa/status/', " +
  "{ headers: { authorization: 'Bearer vastai-demo-key' }, retry: { limit: 0 } }).json();\n" +
  "if (typeof status !== 'object') process.exitCode = 1;\n";

/** The headless floor and one request: the least a run that asks the API anything pays. */
const gotRequestFloor = () => floorBundle('got-request-floor', `import got from 'got';\n${ONE_REQUEST}`);

/** The interactive floor drawn after one request: the least a wizard that shows what the API said pays. */
const inkRequestFloor = () => floorBundle('ink-request-floor', `${INK_IMPORTS}${ONE_REQUEST}${DRAW_ONE_LINE}`);

/** The other supported line when none is given: Node 22 from the npm registry (cached by npm). */
function otherNodes(): string[] {
  const given = process.env.VRC_BENCH_NODES;
  if (given !== undefined) return given.split(',').filter(Boolean);
  try {
    const out = execFileSync('npm', ['exec', '--yes', '--package=node@22', '--', 'node', '-p', 'process.execPath'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      env,
    });
    return [out.trim()];
  } catch {
    console.warn("node@22 could not be had from the npm registry: only the project's Node is measured.");
    return [];
  }
}

/**
 * True when the nearest package.json above `file` says "type": "module" (Node then takes .js as
 * ESM without scanning it).
 */
function declaredModule(file: string): boolean {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    try {
      return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { type?: string }).type === 'module';
    } catch {
      /* none here, or unreadable: look further up */
    }
    if (dirname(dir) === dir) return false;
  }
}

/** The headless regeneration's arguments: TOTP with the current code, answered by the flags. */
const regenArgs = (url: string) => [
  cli,
  ...['--url', url, '--api-key', KEY, '--yes', '--raw', '-t', 'totp', '-c', totp(DEMO_TOTP_SECRET)],
];

/** One cell per Node line for each measure. */
type Cells = Map<string, string>;

async function measureLine(
  node: string,
  url: string,
  ctl: ReturnType<typeof demoControl>,
  floors: { got: string; ink: string; gotRequest: string; inkRequest: string },
): Promise<Cells> {
  const cells: Cells = new Map();
  const ms = (xs: number[]) => `${median(xs).toFixed(0)} ms`;
  const mib = (xs: number[]) => (xs.length ? `${median(xs).toFixed(1)} MiB` : 'n/a');
  const overFloor = (xs: number[], floor: number[]) => `${(median(xs) / median(floor)).toFixed(2)}× floor`;

  const headless: Pair[] = [];
  const cold: Pair[] = [];
  const gotPairs: Pair[] = [];
  const gotRequestPairs: Pair[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    await ctl.reset();
    headless.push(await paired(node, i, () => timeRun(node, regenArgs(url))));
    await ctl.reset();
    // A first run: the compile cache directory is new, so the run compiles everything and writes it.
    const fresh = { XDG_CACHE_HOME: join(work, `cache-${Math.random().toString(36).slice(2)}`) };
    cold.push(await paired(node, i, () => timeRun(node, regenArgs(url), fresh)));
    gotPairs.push(await paired(node, i, () => timeRun(node, [floors.got])));
    gotRequestPairs.push(await paired(node, i, () => timeRun(node, [floors.gotRequest, url])));
  }
  cells.set('node -e 0', `${ms(headless.map((r) => r.base.ms))}, ${mib(headless.map((r) => r.base.rssMiB))}`);
  const h = headless.map((r) => r.ratio);
  const g = gotPairs.map((r) => r.ratio);
  const gr = gotRequestPairs.map((r) => r.ratio);
  cells.set('headless', `${ratioText(h)}, ${overFloor(h, g)}, ${overFloor(h, gr)} + request`);
  const c = cold.map((r) => r.ratio);
  cells.set('headless cold', `${ratioText(c)}, ${overFloor(c, g)}, ${overFloor(c, gr)} + request`);
  cells.set('headless CPU', ratioText(headless.map((r) => r.cpuRatio)));
  cells.set('headless RSS', mib(headless.map((r) => r.run.rssMiB)));
  cells.set('got floor', ratioText(g));
  cells.set('got floor RSS', mib(gotPairs.map((r) => r.run.rssMiB)));
  cells.set('got request floor', `${ratioText(gr)}, ${overFloor(gr, g)}`);
  cells.set('got request floor RSS', mib(gotRequestPairs.map((r) => r.run.rssMiB)));

  const inkPairs: Pair[] = [];
  const inkRequestPairs: Pair[] = [];
  const toList: Pair[] = [];
  const interRss: number[] = [];
  const inkRss: number[] = [];
  const inkRequestRss: number[] = [];
  const echo: number[] = [];
  /** An interactive floor in a pty: the time to its line on screen; its peak RSS goes to `rssOut`. */
  const drawFloor = async (args: string[], rssOut: number[]): Promise<Run> => {
    const floorRss = join(work, `rss-f${Math.random().toString(36).slice(2)}`);
    const t = openTerminal(node, args, floorRss);
    await t.waitFor(/Authenticator app/);
    const ms = since(t.t0);
    await Promise.race([t.exited, new Promise((r) => setTimeout(r, 3000))]);
    const [rss] = readProbe(floorRss);
    if (!Number.isNaN(rss)) rssOut.push(rss);
    return { ms, rssMiB: NaN, cpuMs: NaN };
  };
  for (let i = 0; i < ROUNDS; i++) {
    inkPairs.push(await paired(node, i, () => drawFloor([floors.ink], inkRss)));
    inkRequestPairs.push(await paired(node, i, () => drawFloor([floors.inkRequest, url], inkRequestRss)));
    await ctl.reset();
    const rssFile = join(work, `rss-i${i}`);
    let w: ReturnType<typeof openTerminal> | undefined;
    toList.push(
      await paired(node, i, async () => {
        w = openTerminal(node, [cli, '--url', url, '--api-key', KEY], rssFile);
        await w.waitFor(/Authenticator app/);
        return { ms: since(w.t0), rssMiB: NaN, cpuMs: NaN };
      }),
    );
    const wiz = w!;
    // Pick the first method (the primary TOTP app) and measure echo of typed digits.
    wiz.term.write('\r');
    await wiz.waitFor(/code/i);
    await new Promise((r) => setTimeout(r, 100));
    for (const digit of '123456') {
      const t = process.hrtime.bigint();
      const seen = new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 2000);
        wiz.onData((d) => {
          if (strip(d).includes(digit)) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      wiz.term.write(digit);
      await seen;
      echo.push(since(t));
    }
    wiz.term.write('\u0003');
    await new Promise((r) => setTimeout(r, 50));
    wiz.term.write('\u0003');
    await Promise.race([wiz.exited, new Promise((r) => setTimeout(r, 3000))]);
    try {
      wiz.term.kill();
    } catch {
      /* already gone */
    }
    const [rss] = readProbe(rssFile);
    if (!Number.isNaN(rss)) interRss.push(rss);
  }
  const l = toList.map((r) => r.ratio);
  const f = inkPairs.map((r) => r.ratio);
  const fr = inkRequestPairs.map((r) => r.ratio);
  cells.set('interactive', `${ratioText(l)}, ${overFloor(l, f)}, ${overFloor(l, fr)} + request`);
  cells.set('interactive RSS', mib(interRss));
  cells.set('ink floor', ratioText(f));
  cells.set('ink floor RSS', mib(inkRss));
  cells.set('ink request floor', `${ratioText(fr)}, ${overFloor(fr, f)}`);
  cells.set('ink request floor RSS', mib(inkRequestRss));
  cells.set('echo', `median ${median(echo).toFixed(1)} ms, p95 ${quantile(echo, 0.95).toFixed(1)} ms`);
  return cells;
}

const MEASURES: [key: string, what: string, target: string][] = [
  ['node -e 0', 'node -e 0', ''],
  ['headless', 'headless regeneration (--yes --raw, TOTP)', '≤ 1.3× floor'],
  ['headless cold', '  first run (compile cache written)', ''],
  ['headless CPU', '  CPU time (user + sys)', ''],
  ['headless RSS', '  peak RSS', '≤ 50 MiB'],
  ['got floor', 'floor: a bundle importing got', ''],
  ['got floor RSS', '  peak RSS', ''],
  ['got request floor', 'floor + request: got asks the status once', ''],
  ['got request floor RSS', '  peak RSS', ''],
  ['interactive', 'interactive: spawn → method list (pty)', '≤ 1.3× floor'],
  ['interactive RSS', '  peak RSS', '≤ 65 MiB'],
  ['ink floor', 'floor: Ink and React draw one line, plus got', ''],
  ['ink floor RSS', '  peak RSS', ''],
  ['ink request floor', 'floor + request: that line after the status', ''],
  ['ink request floor RSS', '  peak RSS', ''],
  ['echo', 'keystroke → echo on the code screen', 'median ≤ 16 ms'],
];

async function main() {
  if (!declaredModule(cli))
    console.warn(
      `${cli}: no package.json above it says "type": "module"; ` +
        'Node will scan each file to guess its format, which skews the times.',
    );
  const nodes = [process.execPath, ...otherNodes()];
  const versions = nodes.map((n) => execFileSync(n, ['-v'], { encoding: 'utf8', env }).trim());
  const { url, child: server } = await startDemoProcess();
  const ctl = demoControl(url);
  const floors = {
    got: await gotFloor(),
    ink: await inkFloor(),
    gotRequest: await gotRequestFloor(),
    inkRequest: await inkRequestFloor(),
  };
  const columns: Cells[] = [];
  for (const node of nodes) columns.push(await measureLine(node, url, ctl, floors));

  const notes: string[] = [];
  const valgrind = onPath('valgrind');
  if (valgrind) {
    const base = await instructions(valgrind, process.execPath, ['-e', '0']);
    await ctl.reset();
    const run = await instructions(valgrind, process.execPath, regenArgs(url));
    const count = `${(run / 1e6).toFixed(0)} M, ${(run / base).toFixed(2)}× node -e 0`;
    notes.push(`headless instructions (callgrind, ${versions[0]}): ${count}`);
  }
  const dist = dirname(cli);
  const sizes = readdirSync(dist)
    .filter((n) => n.endsWith('.js'))
    .sort()
    .map((f) => `${f} ${(statSync(join(dist, f)).size / 1000).toFixed(0)} KB`);
  notes.push(`dist/: ${sizes.join(', ')}`);

  server.kill('SIGTERM');
  await once(server, 'exit');
  rmSync(work, { recursive: true, force: true });

  const head = ['measure', ...versions.map((v) => `node ${v}: × node -e 0 (IQR)`), 'target'];
  const rows = MEASURES.map(([key, what, target]) => [what, ...columns.map((c) => c.get(key) ?? ''), target]);
  const widths = head.map((_, c) => Math.max(...[head, ...rows].map((r) => r[c]!.length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  console.log(`\n${ROUNDS} rounds on ${process.platform}/${process.arch}, ${cli}`);
  if (extraCa) console.log('NODE_EXTRA_CA_CERTS is set here: every run is measured without it.');
  console.log('');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
  console.log('');
  for (const n of notes) console.log(n);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
