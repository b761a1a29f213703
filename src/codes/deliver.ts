/**
 * Where the new codes go, for the wizard and the headless run alike: the one policy that decides,
 * from what the run can reach, which places the codes must be written to after the regenerate
 * answer, writes them there (safe places first), and says on stderr where they are.
 *
 * A safe place is one that can be checked to hold the codes afterwards: a file (0600, fsync'ed),
 * a `--save pass:NAME` entry (read back), a `--save-command` that exited 0, a regular file or a
 * live terminal on stdout. A pipe, a socket, /dev/null and a closed stdout are
 * not (whoever reads them may drop the codes), nor is a terminal after an interruption: then the
 * default file ~/Downloads/vastai_backup_codes_<…>.txt is written too, unless --save holds them
 * (or --stdout-only trusts a pipe); so it is when a place asked for failed and none holds them.
 * The places themselves are places.ts. See docs/cli.md, "Where the new codes go".
 */
import { numbered } from './format.js';
import { codesFile, store, storedLine, storeFailure, type Place } from './places.js';
import { inert, terminalJson } from '../text/sanitize.js';
import { syncStream, writeAll, type StdoutKind } from '../text/streams.js';
import { EXIT, failureText } from '../flow/failure.js';

export type { StdoutKind };

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
  /** The places asked for (--save, then --save-command), stored in this order. */
  places: readonly Place[];
  /** Where the codes go when no place asked for holds them and the output cannot be counted on. */
  fallback: Place;
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
   * A signal that may come while the places are storing (held, see signals.ts): asked after them,
   * so an interrupted store is followed by the default file at once.
   */
  signalled?: () => NodeJS.Signals | null;
  /** Aborted when the run is interrupted: a helper still storing (pass, --save-command) is stopped. */
  stop?: AbortSignal;
}

/** What became of one place. */
export type Stored = { place: Place; at: string } | { place: Place; error: string };

/** What deliver() did. */
export interface Delivery {
  /** Where the codes are stored and checked (paths, store names), in the order written. */
  stored: string[];
  /** Each place asked for, and what became of it. */
  results: Stored[];
  /** Exit status: 0; 3 when the run was interrupted, a place asked for failed or nothing holds the codes. */
  exit: number;
  /** The codes are somewhere the user can read them back (a stored place, a kept output, the wizard's screen). */
  safe: boolean;
  /** What to tell on stderr (each ends with a newline): errors, warnings, and the line naming the place. */
  lines: string[];
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

/** Stores in `place`; what became of it. */
async function tryStore(place: Place, file: ReturnType<typeof codesFile>, stop?: AbortSignal): Promise<Stored> {
  try {
    return { place, at: await store(place, file, stop) };
  } catch (e) {
    return { place, error: storeFailure(e) };
  }
}

export function stdoutFailure(err: Error): string {
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

  const results: Stored[] = [];
  for (const place of reach.places) {
    const r = await tryStore(place, file, reach.stop);
    results.push(r);
    if ('at' in r) {
      stored.push(r.at);
      notes.push(storedLine(place, r.at));
    } else problems.push(r.error);
  }
  const savedTo = results.flatMap((r) => ('at' in r ? [r.at] : []))[0] ?? null;
  const saveError = results.flatMap((r) => ('error' in r ? [r.error] : []))[0] ?? null;

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
  // Neither a place asked for nor the output can be counted on, or a place asked for failed: the
  // default file, before stdout is touched.
  const because =
    untrustedBecause(reach) ??
    (saveError !== null
      ? `${results.find((r) => 'error' in r)!.place.kind === 'command' ? '--save-command' : '--save'} failed`
      : null);
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
    return { stored, results, exit, safe, lines };
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
  return { stored, results, exit, safe, lines };
}
