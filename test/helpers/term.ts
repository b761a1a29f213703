/**
 * A real pseudo-terminal for end-to-end tests: runs dist/cli.js, accumulates its output, and
 * waits for text to appear (no fixed sleeps). Assertions work on the output with ANSI stripped.
 */
import pty from '@lydell/node-pty';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = join(ROOT, 'dist', 'cli.js');

// CSI, OSC (to BEL or ST), other two-byte escapes.
const ANSI =
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[()][0-9A-Za-z]|\u001b[@-Z\\-_=>78]/g;

/** Drops escape sequences and carriage returns. */
export function stripAnsi(s: string): string {
  return s.replace(ANSI, '').replace(/\r/g, '');
}

export interface Term {
  /** Everything written so far, raw (escape sequences included). */
  raw(): string;
  /** Everything written so far, ANSI stripped. */
  text(): string;
  /** Output (stripped) written after the last `mark()`. */
  sinceMark(): string;
  /** Remembers the current end of the output. */
  mark(): void;
  write(keys: string): void;
  /** Resizes the terminal (the program gets SIGWINCH). */
  resize(cols: number, rows: number): void;
  /**
   * Resolves when the (stripped) output since the last mark contains `what`; rejects after
   * `timeoutMs` with the tail of the output, so a failure says what was on screen.
   */
  waitFor(what: string | RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code. */
  exited: Promise<number>;
  /** Resolves with the exit code and the signal that ended the process (0: none; 6 is SIGABRT). */
  ended: Promise<{ exitCode: number; signal: number }>;
  /** Sends `sig` to the program (the terminal stays open). */
  signal(sig: NodeJS.Signals): void;
  /** Closes the terminal, as closing its window does: the program gets SIGHUP and a dead terminal. */
  hangUp(): void;
  /** The temporary HOME the program runs with. */
  home: string;
  /** Ends the program if it still runs, and removes the temporary HOME if spawnCli made it. */
  kill(): void;
}

export interface SpawnOptions {
  args: string[];
  /** Extra environment (CI is always removed: with it Ink draws nothing until exit). */
  env?: Record<string, string>;
  cols?: number;
  rows?: number;
  home?: string;
  /**
   * Run this shell command in the pty instead (`"$NODE" "$CLI" --demo > out`): for redirections.
   * NODE and CLI are set in its environment; `args` is then unused.
   */
  shell?: string;
}

/** Spawns `node dist/cli.js ...args` in an 80x30 pty (by default) with a fresh temporary HOME. */
export function spawnCli(o: SpawnOptions): Term {
  const ownHome = o.home === undefined;
  const home = o.home ?? mkdtempSync(join(tmpdir(), 'vrc-e2e-'));
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  delete env.CI;
  delete env.VAST_API_KEY;
  delete env.VAST_URL;
  delete env.NO_COLOR;
  Object.assign(env, { HOME: home, XDG_CONFIG_HOME: join(home, '.config'), TERM: 'xterm-256color' }, o.env ?? {});
  if (o.shell !== undefined) Object.assign(env, { NODE: process.execPath, CLI });
  const [file, argv] = o.shell !== undefined ? ['/bin/sh', ['-c', o.shell]] : [process.execPath, [CLI, ...o.args]];
  const p = pty.spawn(file, argv, {
    name: env.TERM ?? 'xterm-256color',
    cols: o.cols ?? 80,
    rows: o.rows ?? 30,
    cwd: ROOT,
    env,
  });
  let out = '';
  let markAt = 0;
  const waiters = new Set<() => void>();
  p.onData((d) => {
    out += d;
    for (const w of [...waiters]) w();
  });
  const ended = new Promise<{ exitCode: number; signal: number }>((resolve) =>
    p.onExit(({ exitCode, signal }) => {
      for (const w of [...waiters]) w();
      resolve({ exitCode, signal: signal ?? 0 });
    }),
  );
  const exited = ended.then((e) => e.exitCode);
  let done = false;
  void exited.then(() => {
    done = true;
  });
  const term: Term = {
    raw: () => out,
    text: () => stripAnsi(out),
    sinceMark: () => stripAnsi(out.slice(markAt)),
    mark: () => {
      markAt = out.length;
    },
    write: (keys) => p.write(keys),
    resize: (cols, rows) => p.resize(cols, rows),
    home,
    exited,
    ended,
    signal: (sig) => p.kill(sig),
    // UnixTerminal.destroy() (not in IPty's type): closes the master side, then sends SIGHUP.
    hangUp: () => (p as unknown as { destroy(): void }).destroy(),
    kill: () => {
      if (!done) p.kill();
      if (ownHome) rmSync(home, { recursive: true, force: true });
    },
    waitFor(what, timeoutMs = 10_000) {
      const test = (): string | null => {
        const t = term.sinceMark();
        return (typeof what === 'string' ? t.includes(what) : what.test(t)) ? t : null;
      };
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const t = test();
          if (t !== null) {
            cleanup();
            resolve(t);
          } else if (done) {
            cleanup();
            reject(new Error(`process exited before ${String(what)} appeared; output:\n${term.text().slice(-1500)}`));
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out waiting for ${String(what)}; output:\n${term.text().slice(-1500)}`));
        }, timeoutMs);
        const cleanup = (): void => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
  };
  return term;
}

/** Writes keys after marking, so the wait only sees what they caused; resolves with that output. */
export async function press(t: Term, keys: string, expect: string | RegExp, timeoutMs?: number): Promise<string> {
  t.mark();
  t.write(keys);
  return t.waitFor(expect, timeoutMs);
}

const NUMBERED_CODE = /(?:^|\s)(\d{1,2})\. ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})/gm;

/** The numbered codes in `text` (the last occurrence of each number wins), in order. */
export function codesIn(text: string): string[] {
  const byNo = new Map<number, string>();
  for (const m of text.matchAll(NUMBERED_CODE)) byNo.set(Number(m[1]), m[2]!);
  return [...byNo.keys()].sort((a, b) => a - b).map((k) => byNo.get(k)!);
}
