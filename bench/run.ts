/**
 * `npm run bench`: start-up, memory and keystroke latency of dist/cli.js against the demo API.
 * Not part of `npm test`: numbers, not assertions.
 *
 * Each round runs `node -e 0` and the measured run back to back (in alternating order) and keeps
 * their ratio; the result is the median of those per-round ratios, with the spread across rounds
 * (25th–75th percentile, then min–max). A ratio taken inside one round cancels most of the drift in
 * the machine's load that a ratio of two medians, measured minutes apart, does not.
 *
 * The demo API runs in its own process (`dist/cli.js --demo-server --port 0`), so it neither
 * shares this process's event loop with the runs it serves nor blocks while one is timed.
 *
 * What `node -e 0` means here: Node with nothing added. The probe that reads peak RSS and CPU
 * time is CommonJS (`--require`), so it does not load Node's ESM loader into the baseline. An
 * inherited NODE_EXTRA_CA_CERTS makes every Node process parse that bundle of certificates at
 * start (about 40 ms and 420 M instructions for Debian's, on this 2-core machine), which would
 * inflate the baseline and flatter every ratio: runs are measured without it, and when it is set
 * the headless pair is measured with it too, in a row of its own.
 *
 * The floor rows say what part of a ratio any build of this program pays: Node with https loaded,
 * an empty ES module, a bundle that imports got and does nothing (and the same bundle as
 * CommonJS, which the ESM stack rules out: the gap is the module format's cost on this Node), and
 * one where Ink and React draw a line in a pty (bundled with dist's own options,
 * scripts/bundle-options.mjs).
 *
 *   VRC_BENCH_RUNS=31 npm run bench          more rounds (default 21)
 *   VRC_BENCH_CLI=/tmp/b/other/cli.js npm run bench  measure another build of the CLI
 *
 * Another build must sit under a package.json that says "type": "module", as dist/ does (e.g.
 * /tmp/b/package.json): without one, Node reads and scans every file to guess its format, which
 * costs the wizard about 8 ms and skews a comparison. The bench says so when it finds none.
 */
import { spawn, type ChildProcess } from 'node:child_process';
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
const extraCa = env.NODE_EXTRA_CA_CERTS;
delete env.NODE_EXTRA_CA_CERTS;

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const i = (s.length - 1) * q;
  const lo = Math.floor(i);
  return s[lo] + (s[Math.ceil(i)] - s[lo]) * (i - lo);
}
const median = (xs: number[]) => quantile(xs, 0.5);
const since = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

/** "1.42× (1.35–1.51, 1.20–1.80)": median, interquartile range, min–max. */
function ratioText(xs: number[]): string {
  const f = (x: number) => x.toFixed(2);
  return (
    `${f(median(xs))}× (${f(quantile(xs, 0.25))}–${f(quantile(xs, 0.75))}, ` +
    `${f(Math.min(...xs))}–${f(Math.max(...xs))})`
  );
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

/** Wall time of a child run to exit; peak RSS and CPU time when it is a probed node process. */
function timeRun(cmd: string, args: string[], input?: string, runEnv = env): Promise<Run> {
  const rssFile = join(work, `rss-${Math.random().toString(36).slice(2)}`);
  const probeRss = cmd === process.execPath;
  const argv = probeRss ? ['--require', probe, ...args] : args;
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, argv, { env: { ...runEnv, VRC_RSS_FILE: rssFile }, stdio: ['pipe', 'pipe', 'pipe'] });
    let err = '';
    child.stdin.end(input ?? '');
    child.stdout.resume();
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = since(t0);
      const [rssMiB, cpuMs] = probeRss ? readProbe(rssFile) : [NaN, NaN];
      if (code !== 0 && probeRss) reject(new Error(`run failed (${code}): ${err.slice(0, 300)}`));
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

/** Runs `measured` and `node -e 0` back to back, alternating which goes first; their ratios. */
async function paired(round: number, measured: () => Promise<Run>, runEnv = env): Promise<Pair> {
  const nodeE0 = () => timeRun(process.execPath, ['-e', '0'], undefined, runEnv);
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
function openTerminal(args: string[], rssFile: string) {
  const t0 = process.hrtime.bigint();
  const term = pty.spawn(process.execPath, ['--require', probe, ...args], {
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
async function instructions(valgrind: string, args: string[]): Promise<number> {
  const child = spawn(valgrind, ['--tool=callgrind', '--callgrind-out-file=/dev/null', process.execPath, ...args], {
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
 * A bundle that imports got and does nothing else, built with dist's own options (the same
 * dependency patches and stubs): the least any build of this program that uses got pays. As
 * CommonJS (`cjs`), the same bundle says what the ES module format itself costs on this Node:
 * the stack asks for ESM, and Node 20 has no compile cache for it.
 */
async function gotFloor(format: 'esm' | 'cjs' = 'esm'): Promise<string> {
  const outfile = join(work, format === 'esm' ? 'got-floor.mjs' : 'got-floor.cjs');
  const options = bundleOptions();
  await build({
    // The banner defines `require` for ESM; CommonJS has its own.
    ...(format === 'esm' ? options : { ...options, format, banner: undefined }),
    stdin: {
      contents: "import got from 'got';\nif (typeof got !== 'function') process.exitCode = 1;\n",
      resolveDir: root,
      sourcefile: 'got-floor.ts',
      loader: 'ts',
    },
    outfile,
  });
  return outfile;
}

/** An ES module that holds nothing: what loading any ESM entry point costs Node before its code. */
function emptyModule(): string {
  const file = join(work, 'empty.mjs');
  writeFileSync(file, 'export {};\n');
  return file;
}

/**
 * A bundle that draws one line with Ink and React and exits, built with dist's own options:
 * the least the wizard's first screen costs with the stack it is built on (Yoga included).
 */
async function inkFloor(): Promise<string> {
  const outfile = join(work, 'ink-floor.mjs');
  await build({
    ...bundleOptions(),
    stdin: {
      contents:
        "import { createElement } from 'react';\nimport { render, Text } from 'ink';\n" +
        "render(createElement(Text, null, 'Authenticator app')).unmount();\n",
      resolveDir: root,
      sourcefile: 'ink-floor.ts',
      loader: 'ts',
    },
    outfile,
  });
  return outfile;
}

/**
 * True when the nearest package.json above `file` says "type": "module" (Node then takes .js as ESM without scanning
 * it).
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

async function main() {
  if (!declaredModule(cli))
    console.warn(
      `${cli}: no package.json above it says "type": "module"; Node will scan each file to guess its format, which ` +
        `skews the times.`,
    );
  const { url, child: server } = await startDemoProcess();
  const ctl = demoControl(url);
  const rows: string[][] = [];
  const add = (what: string, value: string, ratio: string, target: string) => rows.push([what, value, ratio, target]);

  // node -e 0 and the headless regeneration, paired per round; peak RSS from a probed run.
  const regenArgs = () => [
    cli,
    '--url',
    url,
    '--api-key',
    KEY,
    '--yes',
    '--raw',
    '-t',
    'totp',
    '-c',
    totp(DEMO_TOTP_SECRET),
  ];
  const headless: Pair[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    await ctl.reset();
    headless.push(await paired(i, () => timeRun(process.execPath, regenArgs())));
  }
  const ms = (xs: number[]) => `${median(xs).toFixed(1)} ms`;
  add('node -e 0', ms(headless.map((r) => r.base.ms)), '1.00×', '');
  add(
    'headless regen (--yes --raw, TOTP)',
    ms(headless.map((r) => r.run.ms)),
    ratioText(headless.map((r) => r.ratio)),
    '≤ 1.5×',
  );
  add('  CPU time (user + sys)', ms(headless.map((r) => r.run.cpuMs)), ratioText(headless.map((r) => r.cpuRatio)), '');
  add('  peak RSS', `${median(headless.map((r) => r.run.rssMiB)).toFixed(1)} MiB`, '', '≤ 50 MiB');
  const valgrind = onPath('valgrind');
  if (valgrind) {
    const base = await instructions(valgrind, ['-e', '0']);
    await ctl.reset();
    const run = await instructions(valgrind, regenArgs());
    add('  instructions (callgrind)', `${(run / 1e6).toFixed(0)} M`, `${(run / base).toFixed(2)}× (one run each)`, '');
  } else {
    add('  instructions (callgrind)', 'valgrind not on PATH', '', '');
  }

  // The same pair with the inherited NODE_EXTRA_CA_CERTS, whose parsing both then pay.
  if (extraCa) {
    const withCa = { ...env, NODE_EXTRA_CA_CERTS: extraCa };
    const pairs: Pair[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      await ctl.reset();
      pairs.push(await paired(i, () => timeRun(process.execPath, regenArgs(), undefined, withCa), withCa));
    }
    add(
      '  the same, with NODE_EXTRA_CA_CERTS',
      ms(pairs.map((r) => r.run.ms)),
      ratioText(pairs.map((r) => r.ratio)),
      '',
    );
  }

  // Floors: what a build of this program pays before its own code runs, then its load alone.
  const floors: [string, string[]][] = [
    ['floor: node, https loaded', ['-e', "require('node:https')"]],
    ['floor: an empty ES module', [emptyModule()]],
    ['floor: a bundle importing got', [await gotFloor()]],
    ['  the same bundle as CommonJS', [await gotFloor('cjs')]],
    ['dist/cli.js --version (load only)', [cli, '--version']],
  ];
  for (const [what, args] of floors) {
    const pairs: Pair[] = [];
    for (let i = 0; i < ROUNDS; i++) pairs.push(await paired(i, () => timeRun(process.execPath, args)));
    add(what, ms(pairs.map((r) => r.run.ms)), ratioText(pairs.map((r) => r.ratio)), '');
  }

  // The interactive floor: Ink and React drawing one line in a pty, paired like the wizard below.
  const floor = await inkFloor();
  const inkPairs: Pair[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    inkPairs.push(
      await paired(i, async () => {
        const t = openTerminal([floor], join(work, `rss-f${i}`));
        await t.waitFor(/Authenticator app/);
        const ms = since(t.t0);
        await Promise.race([t.exited, new Promise((r) => setTimeout(r, 3000))]);
        return { ms, rssMiB: NaN, cpuMs: NaN };
      }),
    );
  }
  // Interactive: spawn → method list on screen (paired with node -e 0); peak RSS; keystroke echo.
  const toList: Pair[] = [];
  const interRss: number[] = [];
  const echo: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    await ctl.reset();
    const rssFile = join(work, `rss-i${i}`);
    let w: ReturnType<typeof openTerminal> | undefined;
    toList.push(
      await paired(i, async () => {
        w = openTerminal([cli, '--url', url, '--api-key', KEY], rssFile);
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
  add(
    'interactive: spawn → method list',
    ms(toList.map((r) => r.run.ms)),
    ratioText(toList.map((r) => r.ratio)),
    '≤ 3.2×',
  );
  add('  peak RSS', interRss.length ? `${median(interRss).toFixed(1)} MiB` : 'n/a', '', '≤ 70 MiB');
  add(
    'floor: Ink and React draw one line',
    ms(inkPairs.map((r) => r.run.ms)),
    ratioText(inkPairs.map((r) => r.ratio)),
    '',
  );
  add('keystroke → echo, median', `${median(echo).toFixed(1)} ms`, '', '≤ 20 ms');
  add('keystroke → echo, p95', `${quantile(echo, 0.95).toFixed(1)} ms`, '', '');

  const dist = dirname(cli);
  for (const f of readdirSync(dist)
    .filter((n) => n.endsWith('.js'))
    .sort())
    add(`dist/${f}`, `${(statSync(join(dist, f)).size / 1000).toFixed(1)} KB`, '', '');

  // The official CLI, when it is installed, for the same job (its save question gets "3", print).
  const vastai = onPath('vastai');
  if (vastai) {
    const official: Pair[] = [];
    for (let i = 0; i < Math.min(ROUNDS, 7); i++) {
      await ctl.reset();
      official.push(
        await paired(i, () =>
          timeRun(
            vastai,
            ['tfa', 'regen-codes', '-c', totp(DEMO_TOTP_SECRET), '-t', 'totp', '--url', url, '--api-key', KEY, '--raw'],
            'y\n3\n',
          ),
        ),
      );
    }
    add(
      'official vastai tfa regen-codes',
      ms(official.map((r) => r.run.ms)),
      ratioText(official.map((r) => r.ratio)),
      '',
    );
  } else {
    add('official vastai CLI', 'not on PATH', '', '');
  }

  server.kill('SIGTERM');
  await once(server, 'exit');
  rmSync(work, { recursive: true, force: true });

  const head = ['measure', 'median', 'vs node -e 0 (IQR, min–max)', 'target'];
  const widths = [0, 1, 2, 3].map((c) => Math.max(...[head, ...rows].map((r) => r[c].length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  console.log(`\n${ROUNDS} rounds on ${process.platform}/${process.arch}, node ${process.version}, ${cli}`);
  if (extraCa)
    console.log('NODE_EXTRA_CA_CERTS is set here: every row is measured without it, one headless row also with it.');
  console.log('');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
