/**
 * Fault matrix, headless: the built dist/cli.js as scripts run it, against a loopback API that
 * replaces the codes the moment the regenerate request arrives and answers when told. Every ending
 * (stdout kinds and readers that quit, --save, --stdout-only, --raw, signals before and while the
 * request is out, an odd answer, a request that never left) must leave all ten issued codes
 * readable from a place the user has, with the exit status and the stderr line naming the place.
 * Cases run concurrently: each has its own server and HOME.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type StdioOptions } from 'node:child_process';
import { closeSync, existsSync, openSync, watch } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, childEnv, ensureBuild } from '../helpers/pipe-run.js';
import { regenServer, type RegenServer } from '../helpers/regen-server.js';

type Reader =
  | 'reads'
  | 'quits-at-once'
  | 'quits-after-bytes'
  | 'quits-after-the-write'
  | 'never-reads'
  | 'dev-full'
  | 'closed'
  | 'file';
type Place = 'default' | 'save' | 'stdout' | 'none';

interface Case {
  name: string;
  reader: Reader;
  flags?: string[];
  save?: boolean;
  /**
   * A signal while the request is out ('flight'), at the [y/N] prompt before it ('prompt'), or once
   * the answer is in while a --save-command that never ends is storing it ('storing').
   */
  signal?: { sig: NodeJS.Signals; when: 'flight' | 'prompt' | 'storing'; twice?: boolean; quiet?: boolean };
  body?: (codes: string[]) => unknown;
  /** The URL's scheme turned to https:// (a plain-http server: no TLS session). */
  tls?: boolean;
  exit: number | 'race' | { signal: NodeJS.Signals };
  place: Place;
}

const cases: Case[] = [];
for (const raw of [false, true]) {
  const flags = raw ? ['--raw'] : [];
  const tag = raw ? ' --raw' : '';
  cases.push(
    { name: `pipe, a reader that reads it all${tag}`, reader: 'reads', flags, exit: 0, place: 'default' },
    { name: `pipe, a reader that quits at once${tag}`, reader: 'quits-at-once', flags, exit: 3, place: 'default' },
    {
      name: `pipe, a reader that quits after some bytes${tag}`,
      reader: 'quits-after-bytes',
      flags,
      exit: 'race',
      place: 'default',
    },
    {
      name: `pipe, a reader that quits after the codes were written${tag}`,
      reader: 'quits-after-the-write',
      flags,
      exit: 0,
      place: 'default',
    },
    { name: `pipe, a reader that never reads${tag}`, reader: 'never-reads', flags, exit: 0, place: 'default' },
    { name: `stdout is /dev/full${tag}`, reader: 'dev-full', flags, exit: 3, place: 'default' },
    { name: `stdout closed (>&-)${tag}`, reader: 'closed', flags, exit: 0, place: 'default' },
    { name: `stdout is a regular file${tag}`, reader: 'file', flags, exit: 0, place: 'stdout' },
  );
}
cases.push(
  {
    name: '--stdout-only, a reader that reads it all: the pipe is trusted',
    reader: 'reads',
    flags: ['--stdout-only'],
    exit: 0,
    place: 'stdout',
  },
  {
    name: '--stdout-only, a reader that quits at once',
    reader: 'quits-at-once',
    flags: ['--stdout-only'],
    exit: 3,
    place: 'default',
  },
  { name: '--save, a reader that reads it all', reader: 'reads', save: true, exit: 0, place: 'save' },
  { name: '--save, a reader that quits at once', reader: 'quits-at-once', save: true, exit: 3, place: 'save' },
  { name: '--save, stdout is /dev/full', reader: 'dev-full', save: true, exit: 3, place: 'save' },
  {
    name: 'an answer with a null and a number among the codes: all readable ones kept, with a warning',
    reader: 'reads',
    body: (codes) => ({ msg: 'success', backup_codes: [...codes, null, 42] }),
    exit: 0,
    place: 'default',
  },
  {
    name: 'https:// to a plain-http port: never sent, nothing changed',
    reader: 'reads',
    tls: true,
    exit: 1,
    place: 'none',
  },
);
// Every catchable signal that would end the run (or, SIGUSR1, open Node's inspector) is held.
const HELD = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGALRM', 'SIGVTALRM', 'SIGPROF'].concat(
  ['SIGXCPU', 'SIGTRAP'],
) as NodeJS.Signals[];
// SIGPIPE and SIGXFSZ come from this process's own writes: Node ignores them, so they end nothing.
for (const sig of ['SIGPIPE', 'SIGXFSZ'] as const) {
  cases.push({
    name: `${sig} while the request is out: it ends nothing, the run goes on (exit 0)`,
    reader: 'reads',
    signal: { sig, when: 'flight', quiet: true },
    exit: 0,
    place: 'default',
  });
}
for (const sig of HELD) {
  cases.push({
    name: `${sig} while the request is out: held, then the default file, exit 3`,
    reader: 'reads',
    signal: { sig, when: 'flight' },
    exit: 3,
    place: 'default',
  });
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  cases.push(
    {
      name: `${sig} while the request is out, --save: held, then --save, exit 3`,
      reader: 'reads',
      save: true,
      signal: { sig, when: 'flight' },
      exit: 3,
      place: 'save',
    },
    {
      name: `${sig} at the confirmation: nothing sent, nothing changed`,
      reader: 'reads',
      signal: { sig, when: 'prompt' },
      exit: { signal: sig },
      place: 'none',
    },
  );
}
for (const sig of ['SIGTERM', 'SIGHUP'] as const) {
  // stdout a regular file (trusted): the default file is there only because of the signal.
  cases.push({
    name: `${sig} while a --save-command hangs: it is stopped, the default file at once`,
    reader: 'file',
    flags: ['--save-command', 'touch started; exec sleep 600'],
    signal: { sig, when: 'storing' },
    exit: 3,
    place: 'default',
  });
}
cases.push({
  name: 'Ctrl+C twice while the request is out: the second says waiting protects the codes',
  reader: 'reads',
  signal: { sig: 'SIGINT', when: 'flight', twice: true },
  exit: 3,
  place: 'default',
});

const servers: RegenServer[] = [];
const homes: string[] = [];
before(() => ensureBuild());
after(async () => {
  for (const s of servers) await s.close();
  for (const h of homes) await rm(h, { recursive: true, force: true });
});

interface Ran {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  home: string;
  savePath: string;
  outFile: string;
}

async function runCase(c: Case, server: RegenServer): Promise<Ran> {
  const home = await mkdtemp(join(tmpdir(), 'vrc-matrix-h-'));
  homes.push(home);
  const savePath = join(home, 'vault', 'codes.txt');
  const outFile = join(home, 'stdout.txt');
  const url = c.tls ? server.url.replace('http:', 'https:') : server.url;
  const args = [
    CLI,
    '--url',
    url,
    '--api-key',
    'matrix-key-0123456789',
    '-t',
    'totp',
    '-c',
    '123456',
    ...(c.signal?.when === 'prompt' ? [] : ['--yes']),
    ...(c.save ? ['--save', savePath] : []),
    ...(c.flags ?? []),
  ];
  let fd: number | null = null;
  let stdio: StdioOptions = ['pipe', 'pipe', 'pipe'];
  if (c.reader === 'dev-full') {
    fd = openSync('/dev/full', 'w');
    stdio = ['pipe', fd, 'pipe'];
  }
  if (c.reader === 'file') {
    fd = openSync(outFile, 'wx', 0o600);
    stdio = ['pipe', fd, 'pipe'];
  }
  const env = childEnv(home);
  const child =
    c.reader === 'closed'
      ? spawn('/bin/sh', ['-c', 'exec "$0" "$@" >&-', process.execPath, ...args], { env, cwd: home, stdio })
      : spawn(process.execPath, args, { env, cwd: home, stdio });
  if (fd !== null) closeSync(fd);
  let stdout = '';
  let stderr = '';
  const waiters = new Set<() => void>();
  let closed = false;
  /** Resolves when stderr matches; rejects when the child ended without it. */
  const stderrHas = (re: RegExp) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (re.test(stderr)) {
          waiters.delete(check);
          resolve();
        } else if (closed) {
          waiters.delete(check);
          reject(new Error(`ended before ${re} on stderr:\n${stderr}`));
        }
      };
      waiters.add(check);
      check();
    });
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d;
    for (const w of [...waiters]) w();
  });
  child.on('close', () => {
    closed = true;
    for (const w of [...waiters]) w();
  });
  child.stdin!.on('error', () => undefined);
  const out = child.stdout;
  if (out) {
    switch (c.reader) {
      case 'quits-at-once':
        out.destroy();
        break;
      case 'quits-after-bytes':
        out.once('data', (d: Buffer) => {
          stdout = d.subarray(0, 10).toString();
          out.destroy();
        });
        break;
      case 'quits-after-the-write':
        out.pause();
        stderrHas(/^Saved to /m).then(
          () => out.destroy(),
          () => undefined,
        );
        break;
      case 'never-reads':
        out.pause();
        break;
      default:
        out.on('data', (d: Buffer) => {
          stdout += d;
        });
    }
  }
  const done = new Promise<{ status: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (status, signal) => resolve({ status, signal })),
  );
  if (c.signal?.when === 'prompt') {
    await stderrHas(/\[y\/N\] $/);
    child.kill(c.signal.sig);
  } else if (c.signal?.when === 'flight') {
    child.stdin!.end();
    await server.arrived;
    child.kill(c.signal.sig);
    if (!c.signal.quiet) await stderrHas(/waiting for the server's answer first/);
    if (c.signal.twice) {
      child.kill(c.signal.sig);
      await stderrHas(/Still waiting \(SIGINT again\): waiting protects your new codes/);
    }
    server.release();
  } else if (c.signal?.when === 'storing') {
    // The command marks that it runs (touch started, in HOME) and then never ends.
    const started = new Promise<void>((resolve) => {
      const w = watch(home, () => {
        if (existsSync(join(home, 'started'))) {
          w.close();
          resolve();
        }
      });
      if (existsSync(join(home, 'started'))) {
        w.close();
        resolve();
      }
    });
    child.stdin!.end();
    void server.arrived.then(() => server.release());
    await started;
    child.kill(c.signal.sig);
    await stderrHas(/the new codes are in hand and are being stored before this stops/);
  } else {
    child.stdin!.end();
    if (!c.tls) void server.arrived.then(() => server.release());
  }
  const r = await done;
  if (c.reader === 'file') stdout = await readFile(outFile, 'utf8');
  return { ...r, stdout, stderr, home, savePath, outFile };
}

/** The files stderr names: "Saved to PATH…" lines, or with --raw a failure's JSON `saved_to`. */
function namedFiles(stderr: string): string[] {
  const lines = [...stderr.matchAll(/^Saved to (\S+?)(?: \(readable only by you\): .+\.)?$/gm)].map((m) => m[1]!);
  const json = stderr
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => (JSON.parse(l) as { saved_to?: string }).saved_to);
  return [...lines, ...json.filter((x): x is string => typeof x === 'string')];
}

describe('fault matrix, headless', { concurrency: 4, timeout: 120_000 }, () => {
  for (const c of cases) {
    it(c.name, async () => {
      const server = await regenServer({ body: c.body });
      servers.push(server);
      const r = await runCase(c, server);
      const issued = server.issued;
      const why = `stderr:\n${r.stderr}`;
      // Exit status.
      if (typeof c.exit === 'object') assert.equal(r.signal, c.exit.signal, why);
      else if (c.exit === 'race') assert.equal(r.status, /EPIPE/.test(r.stderr) ? 3 : 0, why);
      else assert.equal(r.status, c.exit, why);
      assert.doesNotMatch(r.stderr, /\n\s+at .+:\d+|node:internal/, 'no stack trace');
      const downloads = await readdir(join(r.home, 'Downloads')).catch(() => [] as string[]);

      if (c.place === 'none') {
        // Nothing was sent or nothing changed: no codes exist to lose, and no file is made.
        assert.deepEqual(issued, [], 'the account did not change');
        assert.deepEqual(downloads, []);
        if (c.tls)
          assert.match(r.stderr, /The request never left this computer: nothing was changed on your account\./, why);
        return;
      }
      assert.equal(issued.length, 10, 'the server replaced the codes');
      const files = namedFiles(r.stderr);
      if (c.place === 'stdout') {
        for (const code of issued) assert.ok(r.stdout.includes(code), `stdout holds ${code}`);
        assert.deepEqual(files, [], why);
        assert.deepEqual(downloads, []);
        return;
      }
      const want = c.place === 'save' ? r.savePath : join(r.home, 'Downloads', downloads[0] ?? '(none)');
      assert.ok(files.includes(want), `stderr names ${want}\n${why}`);
      if (c.place === 'default') {
        assert.equal(downloads.length, 1, 'one default file');
        const raw = c.flags?.includes('--raw') && r.status !== 0;
        if (!raw) assert.match(r.stderr, new RegExp(`^Saved to ${want} \\(readable only by you\\): .+\\.$`, 'm'));
      } else assert.deepEqual(downloads, [], 'the --save file holds them: no default file');
      const text = await readFile(want, 'utf8');
      for (const code of issued) assert.ok(text.includes(code), `${want} holds ${code}`);
      if (c.body)
        assert.match(
          r.stderr,
          /^Warning: The server's answer was unusual: entry 11 is null \(left out\); entry 12 is a number/m,
        );
      if (c.signal?.when === 'storing') {
        assert.match(
          r.stderr,
          /--save-command: the command failed \(it was stopped because this run was interrupted\)/,
          why,
        );
        assert.doesNotMatch(r.stderr, /printed on standard output only/, why);
      } else if (c.signal?.quiet) assert.doesNotMatch(r.stderr, /Received SIG/);
      else if (c.signal)
        assert.match(r.stderr, new RegExp(`Received ${c.signal.sig}: waiting for the server's answer first`));
    });
  }
});
