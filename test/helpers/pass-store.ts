/**
 * A throw-away password store for the `pass` tests: a temporary HOME holding its own GnuPG home
 * (one ed25519/cv25519 key without a passphrase, quick to make) and a store initialised for that
 * key, plus a recording `pass` first on PATH that logs its arguments and environment, then runs
 * the real one. Needs `pass` and `gpg` installed (.ci/run installs them).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  lstatSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PassStore {
  home: string;
  gnupgHome: string;
  /** PASSWORD_STORE_DIR (initialised unless `init: false`). */
  store: string;
  /** Folder of the recording `pass` wrapper (first on env.PATH). */
  bin: string;
  /** Where the wrapper logs each run: its argv, then its environment. */
  log: string;
  keyId: string;
  /** HOME, GNUPGHOME, PASSWORD_STORE_DIR, TMPDIR (inside HOME) and PATH with the wrapper first. */
  env: Record<string, string>;
  /** `pass show NAME` with the real pass (null when it fails). */
  show(name: string): string | null;
  /** Stops the store's gpg-agent and removes everything. */
  cleanup(): void;
}

const REAL_PASS = (() => {
  const r = spawnSync('sh', ['-c', 'command -v pass'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
})();

/** Whether pass and gpg are installed (the suites say so instead of failing obscurely). */
export const HAVE_PASS = REAL_PASS !== null && spawnSync('gpg', ['--version']).status === 0;

export function makePassStore(o: { init?: boolean; prefix?: string } = {}): PassStore {
  const home = mkdtempSync(join(tmpdir(), o.prefix ?? 'vrc-pass-'));
  const gnupgHome = join(home, '.gnupg');
  mkdirSync(gnupgHome, { mode: 0o700 });
  mkdirSync(join(home, 'tmp'), { mode: 0o700 });
  const store = join(home, '.password-store');
  const bin = join(home, 'bin');
  mkdirSync(bin);
  const log = join(home, 'pass-calls.log');
  // Logs argv (one per line) and the environment, then becomes the real pass (stdin untouched).
  writeFileSync(
    join(bin, 'pass'),
    [
      '#!/bin/sh',
      `{ echo '--- argv'; for a in "$@"; do printf '%s\\n' "$a"; done; echo '--- env'; env; } >> '${log}'`,
      `exec '${REAL_PASS}' "$@"`,
      '',
    ].join('\n'),
  );
  chmodSync(join(bin, 'pass'), 0o755);
  const env: Record<string, string> = {
    HOME: home,
    GNUPGHOME: gnupgHome,
    PASSWORD_STORE_DIR: store,
    TMPDIR: join(home, 'tmp'),
    PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`,
  };
  const run = (file: string, args: string[]) =>
    execFileSync(file, args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  run('gpg', [
    '--batch',
    '--passphrase',
    '',
    '--quick-gen-key',
    'vrc test <test@vrc.invalid>',
    'future-default',
    'default',
    'never',
  ]);
  const keyId = /^fpr:+([0-9A-F]+):/m.exec(run('gpg', ['--list-keys', '--with-colons']))![1]!;
  if (o.init !== false) run(REAL_PASS!, ['init', keyId]);
  writeFileSync(log, '');
  return {
    home,
    gnupgHome,
    store,
    bin,
    log,
    keyId,
    env,
    show(name: string): string | null {
      const r = spawnSync(REAL_PASS!, ['show', '--', name], { env, encoding: 'utf8' });
      return r.status === 0 ? r.stdout : null;
    },
    cleanup(): void {
      spawnSync('gpgconf', ['--kill', 'gpg-agent'], { env });
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Every regular file under `dir` whose bytes contain one of `needles` (symlinks not followed). */
export function filesContaining(dir: string, needles: readonly string[]): string[] {
  const hits: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() || lstatSync(p).isFile()) {
        const text = readFileSync(p).toString('latin1');
        if (needles.some((n) => text.includes(n))) hits.push(p);
      }
    }
  };
  walk(dir);
  return hits;
}

/** Every file of any kind under `dir` (paths relative to it). */
export function listTree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, rel: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      out.push(r);
      if (e.isDirectory()) walk(join(d, e.name), r);
    }
  };
  walk(dir, '');
  return out;
}
