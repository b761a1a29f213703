/**
 * Where the new codes go, for the wizard and the headless run alike: the one place that decides,
 * from what the run can reach, which places the codes must be written to after the regenerate
 * answer, writes them there (safe places first), and says on stderr where they are.
 *
 * A safe place is one that can be checked to hold the codes afterwards: a file (0600, fsync'ed),
 * a `--save pass:NAME` entry (read back), a `--save-command` that exited 0, a regular file or a
 * live terminal on stdout. A pipe, a socket, /dev/null and a closed stdout are
 * not (whoever reads them may drop the codes), nor is a terminal after an interruption: then the
 * default file ~/Downloads/vastai_backup_codes_<…>.txt is written too, unless --save holds them
 * (or --stdout-only trusts a pipe). See docs/cli.md, "Where the new codes go".
 */
import { fstatSync, fsync } from 'node:fs';
import { isatty } from 'node:tty';
import { join } from 'node:path';
import { formatCodesFile, numbered } from '../codes/format.js';
import { freeEntryName, passEntryOf, PassError, passStoreDir, storeInPass } from '../codes/pass.js';
import { saveCodesFile, SaveError } from '../codes/save.js';
import { runSaveCommand, SaveCommandError } from '../codes/save-command.js';
import { inert, terminalJson } from '../text/sanitize.js';
import { EXIT, failureText } from './failure.js';

/** What stdout is: decides whether writing the codes there keeps them. */
export type StdoutKind = 'tty' | 'file' | 'pipe' | 'socket' | 'device' | 'closed';

/** The kind of file descriptor `fd` (stdout by default). */
export function stdoutKind(fd = 1): StdoutKind {
  try {
    const st = fstatSync(fd);
    if (st.isFile()) return 'file';
    if (st.isFIFO()) return 'pipe';
    if (st.isSocket()) return 'socket';
    return isatty(fd) ? 'tty' : 'device'; // /dev/null, /dev/full, … (Node opens /dev/null for a closed fd 1)
  } catch {
    return 'closed';
  }
}

/** The codes file a place stores: its text, and the codes it holds (masked in a helper's messages). */
export interface CodesFile {
  text: string;
  generatedAt: Date;
  /** The codes as kept from the answer, exactly as the text lists them. */
  codes: readonly string[];
}

/** The codes file for `codes`. */
export function codesFile(codes: string[], generatedAt: Date): CodesFile {
  return { text: formatCodesFile(codes, generatedAt), generatedAt, codes };
}

/** A place the codes can be stored in and checked afterwards. */
export interface SafePlace {
  /** How the place is named before it is written ("--save ~/x"). */
  readonly name: string;
  /**
   * Stores the codes file; resolves with where the codes now are (e.g. an absolute path),
   * once that is verified. Rejects with an Error whose message is safe to show (it names the place
   * and the reason, never the codes).
   */
  store(file: CodesFile): Promise<string>;
  /** The stderr line once stored at `at`. @default `Saved to ${at}` */
  told?(at: string): string;
}

/** A new file at `path` (0600, never overwriting; a folder gets the default name inside). */
export function fileTarget(path: string, home: string, name = `--save ${path}`): SafePlace {
  return { name, store: (f) => saveCodesFile(path, f.text, { now: f.generatedAt, home }) };
}

/** The default file ~/Downloads/vastai_backup_codes_<YYYY-MM-DD_HH-MM-SS>.txt. */
export function defaultFile(home: string): SafePlace {
  return fileTarget(join(home, 'Downloads') + '/', home, '~/Downloads');
}

/** Where `pass` and --save-command run: their environment, and whether a name may be changed. */
export interface ManagerOptions {
  /** PATH, PASSWORD_STORE_DIR, GNUPGHOME, … @default process.env */
  env?: NodeJS.ProcessEnv;
  /**
   * The wizard: an entry that exists is a failure (the wizard asks for another name), and gpg may
   * not open a passphrase prompt on the terminal Ink reads keys from. Headless: the first free
   * NAME-2, NAME-3, … is taken instead, and said so.
   */
  wizard?: boolean;
  /** Aborted when the run is interrupted: a helper still running is stopped (see runChild). */
  signal?: AbortSignal;
}

/** The `pass` entry `entry` (resolves with `pass:NAME` of the entry used, once read back and checked). */
export function passTarget(entry: string, home: string, o: ManagerOptions = {}): SafePlace {
  const env = o.env ?? process.env;
  const taken: { name: string | null } = { name: null };
  return {
    name: `--save pass:${entry}`,
    async store(f) {
      let used = entry;
      if (!o.wizard) {
        const free = await freeEntryName(entry, passStoreDir(env, home));
        const all = `${entry} and ${entry}-2 … ${entry}-9 all exist; none was overwritten`;
        if (free === null) throw new PassError(entry, 'exists', all);
        used = free;
        taken.name = free === entry ? null : entry;
      }
      await storeInPass(used, f.text, { env, home, noPinentry: o.wizard === true, secrets: f.codes, signal: o.signal });
      return `pass:${used}`;
    },
    told: (at) =>
      `Stored in pass as ${at.slice('pass:'.length)}, read back and checked` +
      (taken.name !== null ? ` (an entry ${taken.name} already exists; it was not overwritten).` : '.'),
  };
}

/** `--save-command CMD` (resolves once CMD exits 0; what it did cannot be checked). */
export function commandTarget(command: string, o: ManagerOptions = {}): SafePlace {
  return {
    name: '--save-command',
    async store(f) {
      await runSaveCommand(command, f.text, { env: o.env ?? process.env, secrets: f.codes, signal: o.signal });
      return '--save-command';
    },
    told: () => 'Handed to --save-command: it exited 0 (what it did with the codes cannot be checked).',
  };
}

/** The place `--save SPEC` names: a file, or `pass:NAME`. */
export function saveTarget(spec: string, home: string, o: ManagerOptions = {}): SafePlace {
  const entry = passEntryOf(spec);
  return entry === null ? fileTarget(spec, home) : passTarget(entry, home, o);
}

/** The codes of one regenerate answer. */
export interface NewCodes {
  codes: string[];
  generatedAt: Date;
  /** The answer's body as received (for --raw). */
  body: unknown;
  /** What was odd about the answer's shape (told on stderr or screen), else empty. */
  warnings?: string[];
}

/** What the run can reach, as deliver() needs to know it. */
export interface Reach {
  /** --save's target, if given. */
  save: SafePlace | null;
  /** --save-command, if given (stored after --save). @default null */
  command?: SafePlace | null;
  /** Where the codes go when no other safe place holds them. */
  fallback: SafePlace;
  /** The wizard: a live terminal shows the codes, and stdout is not written here. */
  wizard: boolean;
  /** Headless: what stdout is. */
  stdout: StdoutKind;
  /** --stdout-only: a pipe or socket on stdout is trusted to keep the codes. */
  stdoutOnly: boolean;
  /** --raw: the answer's JSON on stdout; failures as JSON on stderr. */
  raw: boolean;
  /** The signal that interrupted the run (held until the codes are safe), else null. */
  interrupted: NodeJS.Signals | null;
  /**
   * A signal that may come while --save or --save-command are storing (held, see signals.ts):
   * asked after them, so an interrupted store is followed by the default file at once.
   */
  signalled?: () => NodeJS.Signals | null;
}

/** What deliver() did. */
export interface Delivery {
  /** Where the codes are stored and checked (paths, store names), in the order written. */
  stored: string[];
  /** --save worked: where. */
  savedTo: string | null;
  /** --save failed: why (safe to show). */
  saveError: string | null;
  /** Exit status: 0; 3 when the run was interrupted, a place asked for failed or nothing holds the codes. */
  exit: number;
  /** The codes are somewhere the user can read them back (a stored place, a kept output, the wizard's screen). */
  safe: boolean;
  /** What to tell on stderr (each ends with a newline): errors, warnings, and the line naming the place. */
  lines: string[];
}

/** Writes and waits; resolves to the error instead of throwing (EPIPE, full disk, closed stream). */
export function writeAll(stream: NodeJS.WritableStream, text: string): Promise<Error | null> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (err: Error | null | undefined) => {
      if (settled) return;
      settled = true;
      stream.removeListener('error', finish);
      if (err) stream.on('error', () => undefined); // the stream reports the same failure again; it is handled
      resolve(err ?? null);
    };
    stream.on('error', finish);
    try {
      stream.write(text, (err?: Error | null) => finish(err));
    } catch (e) {
      finish(e instanceof Error ? e : new Error(String(e)));
    }
  });
}

/** fsync of a stream backed by a file descriptor (stdout to a regular file). */
function syncStream(stream: NodeJS.WritableStream): Promise<Error | null> {
  const fd = (stream as { fd?: unknown }).fd;
  if (typeof fd !== 'number') return Promise.resolve(null);
  return new Promise((resolve) => fsync(fd, (err) => resolve(err ?? null)));
}

/** Why stdout cannot be taken to keep the codes, or null when it can. */
function untrustedBecause(r: Pick<Reach, 'wizard' | 'stdout' | 'stdoutOnly' | 'interrupted'>): string | null {
  if (r.interrupted) return `the run was interrupted (${r.interrupted === 'SIGINT' ? 'Ctrl+C' : r.interrupted})`;
  if (r.wizard) return null;
  switch (r.stdout) {
    case 'tty':
    case 'file':
      return null;
    case 'pipe':
      return r.stdoutOnly
        ? null
        : 'standard output is a pipe, which cannot be checked to keep them (--stdout-only trusts it)';
    case 'socket':
      return r.stdoutOnly
        ? null
        : 'standard output is a socket, which cannot be checked to keep them (--stdout-only trusts it)';
    case 'device':
      return 'standard output is a device such as /dev/null, which does not keep them';
    case 'closed':
      return 'standard output is closed';
  }
}

function failureOf(e: unknown): string {
  if (e instanceof SaveError || e instanceof PassError || e instanceof SaveCommandError) return e.message;
  return `Could not save the codes: ${inert(e instanceof Error ? e.message : String(e), 160)}`;
}

/** Stores in `place`; the stored location or the failure's message. */
async function tryStore(place: SafePlace, file: CodesFile): Promise<{ at: string } | { error: string }> {
  try {
    return { at: await place.store(file) };
  } catch (e) {
    return { error: failureOf(e) };
  }
}

function stdoutFailure(err: Error): string {
  const errno = (err as NodeJS.ErrnoException).code;
  return errno === 'EPIPE'
    ? 'The program reading standard output stopped before the end (EPIPE), so it may not have kept the new codes.'
    : `The new codes could not be written to standard output (${inert(errno ?? err.message, 60)}).`;
}

/**
 * The one path from the regenerate answer to a safe place. Safe places first (--save, then the
 * default file when neither --save nor stdout can keep the codes), then stdout (headless), then,
 * when nothing could be written, the codes themselves for stderr (the last place the user may read
 * them). Returns the lines for stderr; the caller writes them (the wizard only once Ink is gone).
 * The wizard calls it with `wizard: true`: its terminal shows the codes, and stdout is Ink's.
 */
export async function deliver(n: NewCodes, reach: Reach, stdout: NodeJS.WritableStream | null): Promise<Delivery> {
  const file = codesFile(n.codes, n.generatedAt);
  const text = file.text;
  const stored: string[] = [];
  const problems: string[] = [];
  const notes = (n.warnings ?? []).map((w) => `Warning: ${w}`);

  let savedTo: string | null = null;
  let saveError: string | null = null;
  for (const place of [reach.save, reach.command ?? null]) {
    if (place === null) continue;
    const r = await tryStore(place, file);
    if ('at' in r) {
      savedTo ??= r.at;
      stored.push(r.at);
      notes.push(place.told?.(r.at) ?? `Saved to ${r.at}`);
    } else {
      saveError ??= r.error;
      problems.push(r.error);
    }
  }

  // A signal during the stores (a helper stopped for it) counts as an interruption from here on.
  const signalledNow = () => reach.interrupted ?? reach.signalled?.() ?? null;
  reach = { ...reach, interrupted: signalledNow() };

  let fallbackTried = false;
  const toFallback = async (why: string) => {
    fallbackTried = true;
    const r = await tryStore(reach.fallback, file);
    if ('at' in r) {
      stored.push(r.at);
      notes.push(`Saved to ${r.at} (readable only by you): ${why}.`);
    } else problems.push(r.error);
  };
  // Neither --save nor the output can be counted on: the default file, before stdout is touched.
  const because = untrustedBecause(reach);
  if (savedTo === null && because !== null) await toFallback(because);

  const writesStdout = !reach.wizard && stdout !== null && reach.stdout !== 'closed';
  let outError: Error | null = null;
  if (writesStdout) {
    outError = await writeAll(stdout, reach.raw ? `${terminalJson(n.body)}\n` : text);
    if (!outError && reach.stdout === 'file') outError = await syncStream(stdout);
    if (outError) {
      problems.push(stdoutFailure(outError));
      if (savedTo === null && !fallbackTried) await toFallback('standard output failed');
    }
  }
  // A signal while stdout was written: its reader may be gone with them, so unless a place holds
  // the codes already, the default file now (once: a fallback already tried is not tried again).
  const late = signalledNow();
  if (late !== reach.interrupted) {
    reach = { ...reach, interrupted: late };
    if (stored.length === 0 && !fallbackTried) await toFallback(untrustedBecause(reach)!);
  }
  const kept = writesStdout && outError === null && untrustedBecause(reach) === null;
  const safe = stored.length > 0 || kept || (reach.wizard && reach.interrupted === null);
  if (saveError !== null && stored.length === 0 && kept) {
    notes.push('The new codes were printed on standard output only: store them now, they are not shown again.');
  }
  // The codes were replaced: an interruption, a place that failed or nowhere safe is exit 3, never 130.
  const exit = reach.interrupted || problems.length > 0 || !safe ? EXIT.undelivered : EXIT.ok;

  const lines: string[] = [];
  if (reach.raw && (problems.length > 0 || !safe)) {
    lines.push(
      failureText(
        true,
        {
          exit,
          code: outError ? 'stdout_failed' : 'save_failed',
          title: problems.join(' '),
          hint: [...notes, ...(safe ? [] : ['They could not be saved anywhere: they are in backup_codes here.'])].join(
            '\n',
          ),
        },
        safe ? (stored.length ? { saved_to: stored.at(-1) } : {}) : { backup_codes: n.codes },
      ),
    );
    return { stored, savedTo, saveError, exit, safe, lines };
  }
  for (const p of problems) lines.push(`Error: ${p}\n`);
  for (const l of notes) lines.push(`${l}\n`);
  if (!safe) {
    lines.push(
      [
        'Your NEW backup codes could not be saved anywhere. Store them now; the old codes no longer work:',
        ...numbered(n.codes),
        '',
      ].join('\n'),
    );
  }
  return { stored, savedTo, saveError, exit, safe, lines };
}
