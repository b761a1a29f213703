/**
 * Drives the built dist/cli.js through pipes (the way scripts run it) for the fault and security
 * suites: a fresh HOME, an environment without CI, VAST_API_KEY or VAST_URL, and helpers that wait
 * for output instead of sleeping.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { after, before, beforeEach } from 'node:test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoControl } from '../../src/demo/inbox.js';
import { forgetUsedTotp } from './demo-api.js';
import { startDemoServer, type DemoServer } from '../../src/demo/server.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = join(ROOT, 'dist', 'cli.js');

/** Builds dist/cli.js when it is stale; throws when the build fails. Call in a `before` hook. */
export function ensureBuild(): void {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'ensure-build.mjs')], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`build failed (exit ${r.status})`);
}

/** A fresh temporary folder (for HOME, save targets, …). */
export function tempDir(prefix = 'vrc-pipe-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface PipeResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface PipeChild {
  child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Resolves when stderr contains `what`; rejects with the output when the child exits first or after `timeoutMs`. */
  waitForStderr(what: string | RegExp, timeoutMs?: number): Promise<string>;
  write(text: string): void;
  /** Ends stdin. */
  end(text?: string): void;
  done: Promise<PipeResult>;
}

export interface PipeOptions {
  home: string;
  /** Extra environment entries. */
  env?: Record<string, string>;
  /** Runs the CLI under this umask (octal string, e.g. '000') through /bin/sh. */
  umask?: string;
}

/** The environment a child gets: PATH, HOME, XDG_CONFIG_HOME, NO_COLOR and `extra` only. */
export function childEnv(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), NO_COLOR: '1', ...extra };
}

/** Starts `node dist/cli.js ...args` with piped stdin/stdout/stderr; stdin stays open until `end()`. */
export function startCli(args: string[], o: PipeOptions): PipeChild {
  const env = childEnv(o.home, o.env);
  const child =
    o.umask === undefined
      ? spawn(process.execPath, [CLI, ...args], { env, cwd: o.home })
      : spawn('/bin/sh', ['-c', `umask ${o.umask} && exec "$0" "$@"`, process.execPath, CLI, ...args], {
          env,
          cwd: o.home,
        });
  let out = '';
  let err = '';
  let exited = false;
  const waiters = new Set<() => void>();
  const poke = () => {
    for (const w of [...waiters]) w();
  };
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString('utf8');
    poke();
  });
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString('utf8');
    poke();
  });
  child.stdin.on('error', () => undefined); // the child may exit before reading
  const done = new Promise<PipeResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status, signal) => {
      exited = true;
      poke();
      resolve({ status, signal, stdout: out, stderr: err });
    });
  });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    write: (t) => {
      child.stdin.write(t);
    },
    end: (t) => {
      child.stdin.end(t ?? '');
    },
    done,
    waitForStderr(what, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const hit = () => (typeof what === 'string' ? err.includes(what) : what.test(err));
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        const check = () => {
          if (hit()) {
            cleanup();
            resolve(err);
            return;
          }
          if (exited) {
            cleanup();
            reject(new Error(`exited before ${String(what)} on stderr:\n${err.slice(-1500)}`));
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out waiting for ${String(what)} on stderr:\n${err.slice(-1500)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}

/** Runs the CLI to its end with `input` on stdin (then closed). */
export function runCli(args: string[], o: PipeOptions & { input?: string }): Promise<PipeResult> {
  const c = startCli(args, o);
  c.end(o.input ?? '');
  return c.done;
}

/** Every `XXXX-XXXX-XXXX` in a text, in order. */
export function codesIn(text: string): string[] {
  return text.match(/\b[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}\b/g) ?? [];
}

/** True when the text looks like a JavaScript stack trace. */
export function hasStackTrace(text: string): boolean {
  return /\n\s+at .+[(:]\d+/.test(text) || /node:internal|file:\/\/\//.test(text);
}

/**
 * The hooks every suite that drives dist/cli.js against one demo API needs: build once, start the
 * demo API and make a temporary HOME before the tests, reset the account before each, close and
 * remove both after. `use` receives them once they exist.
 */
export function demoSuite(homePrefix: string, use: (s: { server: DemoServer; home: string }) => void): void {
  let server: DemoServer | undefined;
  let home: string | undefined;
  before(async () => {
    ensureBuild();
    server = await startDemoServer();
    home = tempDir(homePrefix);
    use({ server, home });
  });
  after(async () => {
    await server?.close();
    if (home) await rm(home, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await demoControl(server!.url).reset();
    forgetUsedTotp();
  });
}
