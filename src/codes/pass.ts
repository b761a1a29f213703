/**
 * Storing the codes file's text in `pass` (the standard Unix password store) as one multi-line
 * entry: `pass insert --multiline` with the text on stdin (never on a command line or in the
 * environment), never over an existing entry unless --replace, and read back with `pass show` before it counts.
 * No temporary file: gpg encrypts straight from the pipe into the store.
 */
import { constants as C } from 'node:fs';
import { access, lstat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { childReason, runChild } from './child.js';
import { expandHome } from './save.js';
import { place } from '../text/redact.js';

/** `--save pass:NAME` */
const PASS_PREFIX = 'pass:';

/** NAME of a `--save pass:NAME` spec, or null when the spec is a file path. */
export function passEntryOf(spec: string): string | null {
  return spec.startsWith(PASS_PREFIX) ? spec.slice(PASS_PREFIX.length) : null;
}

/** The default entry name the wizard offers. */
export const DEFAULT_PASS_ENTRY = 'vast.ai/backup-codes';

export type PassFailure =
  /** `pass` is not on PATH. */
  | 'no_pass'
  /** The store folder or its .gpg-id is missing (`pass init` was never run). */
  | 'no_store'
  /** The entry name cannot be used. */
  | 'bad_name'
  /** An entry with that name exists (it is never overwritten). */
  | 'exists'
  /** `pass insert` failed (gpg refused to encrypt: unknown or untrusted key, …). */
  | 'insert_failed'
  /** `pass show` failed (gpg could not decrypt: passphrase, agent, …). */
  | 'show_failed'
  /** The entry read back is not what was stored. */
  | 'mismatch';

/** Storing in pass failed; `message` is safe to show (names the entry and the reason, never the codes). */
export class PassError extends Error {
  constructor(
    readonly entry: string,
    readonly failure: PassFailure,
    reason: string,
  ) {
    super(`Could not store the codes in pass as ${place(entry)}: ${reason}`);
    this.name = 'PassError';
  }
}

export interface PassOptions {
  /** The environment pass (and gpg) run with; PATH, PASSWORD_STORE_DIR, GNUPGHOME come from it. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** For ~/.password-store. @default os.homedir() */
  home?: string;
  /**
   * The wizard draws on the terminal: gpg must not open a passphrase prompt on it too (both would
   * read the same keys). gpg then fails instead of asking when the key is not unlocked.
   */
  noPinentry?: boolean;
  /** Each of pass's two runs is stopped after this long. @default 120000 */
  timeoutMs?: number;
  /** Stops pass when the run is interrupted (see runChild). */
  signal?: AbortSignal;
  /** --replace: an existing entry is replaced (`pass insert --force`). @default false */
  replace?: boolean;
}

/** The store folder: $PASSWORD_STORE_DIR, else ~/.password-store (as pass finds it). */
export function passStoreDir(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  const dir = env.PASSWORD_STORE_DIR;
  return dir !== undefined && dir !== '' ? expandHome(dir, home) : join(home, '.password-store');
}

/** The absolute path of `pass` on env's PATH, or null. */
export async function findPass(env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const p = join(dir, 'pass');
    try {
      await access(p, C.X_OK);
      if ((await lstat(p)).isDirectory()) continue;
      return p;
    } catch {
      // not here
    }
  }
  return null;
}

/** `pass` on PATH and an initialised store (what the wizard needs before offering it). */
export async function passReady(
  o: PassOptions = {},
): Promise<{ pass: string; store: string } | { reason: string; failure: PassFailure }> {
  const env = o.env ?? process.env;
  const pass = await findPass(env);
  if (pass === null) return { failure: 'no_pass', reason: '`pass` is not installed (not found on PATH)' };
  const store = passStoreDir(env, o.home ?? homedir());
  try {
    await access(join(store, '.gpg-id'), C.R_OK);
  } catch {
    return {
      failure: 'no_store',
      reason: `there is no password store at ${store} (set one up with \`pass init YOUR-GPG-KEY-ID\`)`,
    };
  }
  return { pass, store };
}

/** Why `name` cannot be an entry name, or null when it can. */
export function entryNameProblem(name: string): string | null {
  if (name.trim() === '') return 'no entry name was given';
  if (name !== name.trim()) return 'the entry name starts or ends with a space';
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'the entry name holds a control character';
  if (name.startsWith('/') || name.endsWith('/')) return 'the entry name starts or ends with /';
  if (name.split('/').some((part) => part === '' || part === '.' || part === '..'))
    return 'the entry name has an empty, . or .. part';
  if (name.endsWith('.gpg')) return 'leave .gpg out of the entry name';
  if (Array.from(name).length > 200) return 'the entry name is too long';
  return null;
}

/** An entry (or anything else) already holds that name in the store. */
export async function entryExists(name: string, store: string): Promise<boolean> {
  try {
    await lstat(join(store, `${name}.gpg`));
    return true;
  } catch {
    return false;
  }
}

/** `name`, else `name-2` … `name-9`: the first that is free (as the file save picks -2, -3, …). */
export async function freeEntryName(name: string, store: string): Promise<string | null> {
  for (let n = 1; n <= 9; n++) {
    const candidate = n === 1 ? name : `${name}-${n}`;
    if (!(await entryExists(candidate, store))) return candidate;
  }
  return null;
}

function childEnv(o: PassOptions): NodeJS.ProcessEnv {
  const env = { ...(o.env ?? process.env) };
  if (o.noPinentry) {
    env.PASSWORD_STORE_GPG_OPTS = [env.PASSWORD_STORE_GPG_OPTS, '--pinentry-mode=error'].filter(Boolean).join(' ');
  }
  return env;
}

/**
 * Stores `text` as the new entry `name` and reads it back. Resolves once `pass show` returned
 * exactly `text`; otherwise throws a PassError saying what failed. Never overwrites: an existing
 * entry is a PassError('exists') (`pass insert` itself would overwrite without asking when its
 * stdin is not a terminal). `secrets` are masked in any message built from pass's output.
 */
export async function storeInPass(
  name: string,
  text: string,
  o: PassOptions & { secrets?: readonly string[] } = {},
): Promise<void> {
  const problem = entryNameProblem(name);
  if (problem !== null) throw new PassError(name || '(empty)', 'bad_name', problem);
  place(name);
  const ready = await passReady(o);
  if ('reason' in ready) throw new PassError(name, ready.failure, ready.reason);
  if (!o.replace && (await entryExists(name, ready.store))) {
    throw new PassError(name, 'exists', 'an entry with that name already exists; it was not overwritten');
  }
  const env = childEnv(o);
  const timeoutMs = o.timeoutMs ?? 120_000;
  const secrets = o.secrets ?? [];
  // `--` so a name starting with - is a name; the codes go only to stdin.
  const put = await runChild(ready.pass, ['insert', '--multiline', ...(o.replace ? ['--force'] : []), '--', name], {
    input: text,
    env,
    timeoutMs,
    signal: o.signal,
  });
  if (put.code !== 0)
    throw new PassError(
      name,
      'insert_failed',
      put.stopped
        ? `\`pass insert\` ${childReason(put)}`
        : `\`pass insert\` failed (gpg could not encrypt): ${childReason(put, secrets)}`,
    );
  const got = await runChild(ready.pass, ['show', '--', name], { input: '', env, timeoutMs, signal: o.signal });
  if (got.code !== 0) {
    const unlock = o.noPinentry
      ? `. gpg may not ask for your key's passphrase on this screen: if the key has one, unlock it (run \`pass show ` +
        `${name}\` in another terminal), then store again`
      : '';
    throw new PassError(
      name,
      'show_failed',
      `it was written but could not be read back to check it (\`pass show\` failed): ` +
        `${childReason(got, secrets)}${unlock}`,
    );
  }
  if (got.stdout !== text) {
    throw new PassError(name, 'mismatch', 'it was written, but what `pass show` read back differs from the codes');
  }
}
