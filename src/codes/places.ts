/**
 * The places new codes can be stored in and checked afterwards, as data, and the one way to store
 * in any of them (`store(place, file)`) or check one before anything changes (`check(place)`):
 * a file or a folder (`--save PATH`, the wizard's `s`), a `pass` entry (`--save pass:NAME`, `p`),
 * a command (`--save-command`), and the default file (~/Downloads, then home, then the current
 * folder). What goes where, and when, is the delivery policy (deliver.ts).
 */
import { formatCodesFile } from './format.js';
import { entryExists, entryNameProblem, passEntryOf, PassError, passReady, storeInPass } from './pass.js';
import { checkSavePath, saveCodesFile, saveDefaultFile, SaveError } from './save.js';
import { runSaveCommand, SaveCommandError } from './save-command.js';
import { inert } from '../text/sanitize.js';
import { place as markPlace } from '../text/redact.js';

/** The codes file a place stores: its text, and the codes it holds (masked in a helper's messages). */
export interface CodesFile {
  text: string;
  generatedAt: Date;
  /** The codes as kept from the answer, exactly as the text lists them. */
  codes: readonly string[];
}

/** The codes file for `codes`. */
export function codesFile(codes: readonly string[], generatedAt: Date): CodesFile {
  return { text: formatCodesFile([...codes], generatedAt), generatedAt, codes };
}

export type Place =
  /** A file, or a folder (an existing one, or a path ending in /) that gets the default name. */
  | { kind: 'file'; path: string; home: string; replace?: boolean }
  /**
   * A `pass` entry. `wizard`: gpg may not open a passphrase prompt on the terminal Ink reads keys
   * from. An existing entry is replaced only with `replace`.
   */
  | { kind: 'pass'; entry: string; home: string; env: NodeJS.ProcessEnv; replace?: boolean; wizard?: boolean }
  /** `--save-command`: counts once it exits 0. */
  | { kind: 'command'; command: string; env: NodeJS.ProcessEnv }
  /** The default file: ~/Downloads, then the home folder, then `cwd`, under the first free name. */
  | { kind: 'default'; home: string; cwd?: string };

/** A file (or folder) place. */
export function fileTarget(path: string, home: string, replace = false): Place {
  return { kind: 'file', path, home, replace };
}

/** The default file ~/Downloads/vastai_backup_codes_<YYYY-MM-DD_HH-MM-SS>.txt (with its fallbacks). */
export function defaultFile(home: string, cwd?: string): Place {
  return { kind: 'default', home, ...(cwd !== undefined ? { cwd } : {}) };
}

/** Where `pass` and --save-command run, and what --replace allows. */
export interface ManagerOptions {
  /** PATH, PASSWORD_STORE_DIR, GNUPGHOME, … @default process.env */
  env?: NodeJS.ProcessEnv;
  /** The wizard: gpg opens no passphrase prompt. */
  wizard?: boolean;
  /** --replace: an existing file or entry is replaced. */
  replace?: boolean;
}

/** The `pass` entry `entry`. */
export function passTarget(entry: string, home: string, o: ManagerOptions = {}): Place {
  return { kind: 'pass', entry, home, env: o.env ?? process.env, replace: o.replace, wizard: o.wizard };
}

/** `--save-command CMD`. */
export function commandTarget(command: string, o: ManagerOptions = {}): Place {
  return { kind: 'command', command, env: o.env ?? process.env };
}

/** The place `--save SPEC` names: a file, or `pass:NAME`. */
export function saveTarget(spec: string, home: string, o: ManagerOptions = {}): Place {
  const entry = passEntryOf(spec);
  return entry === null ? fileTarget(spec, home, o.replace) : passTarget(entry, home, o);
}

/** The places the command line asks for: --save, then --save-command. */
export function placesAsked(
  p: { savePath?: string; saveCommand?: string; replace?: boolean },
  home: string,
  o: ManagerOptions = {},
): Place[] {
  const m = { ...o, replace: o.replace ?? p.replace };
  return [
    ...(p.savePath !== undefined ? [saveTarget(p.savePath, home, m)] : []),
    ...(p.saveCommand !== undefined ? [commandTarget(p.saveCommand, m)] : []),
  ];
}

/** How a place is named before it is written ("--save ~/x"). */
export function placeName(p: Place): string {
  switch (p.kind) {
    case 'file':
      return `--save ${p.path}`;
    case 'pass':
      return `--save pass:${p.entry}`;
    case 'command':
      return '--save-command';
    case 'default':
      return '~/Downloads';
  }
}

/**
 * Stores the codes file in `place`; resolves with where the codes now are (an absolute path,
 * `pass:NAME`, `--save-command`) once that is verified. Rejects with an Error whose message is safe
 * to show (it names the place and the reason, never the codes). `signal` stops a helper still
 * running (pass, --save-command) when the run is interrupted.
 */
export async function store(place: Place, file: CodesFile, signal?: AbortSignal): Promise<string> {
  switch (place.kind) {
    // Where the codes went is printed exactly, never redacted (text/redact.ts, place()).
    case 'file':
      return markPlace(
        await saveCodesFile(place.path, file.text, { now: file.generatedAt, home: place.home, replace: place.replace }),
      );
    case 'default':
      return markPlace(await saveDefaultFile(file.text, { now: file.generatedAt, home: place.home, cwd: place.cwd }));
    case 'pass':
      await storeInPass(place.entry, file.text, {
        env: place.env,
        home: place.home,
        noPinentry: place.wizard === true,
        secrets: file.codes,
        signal,
        replace: place.replace,
      });
      markPlace(place.entry);
      return `pass:${place.entry}`;
    case 'command':
      await runSaveCommand(place.command, file.text, { env: place.env, secrets: file.codes, signal });
      return '--save-command';
  }
}

/** The stderr line once `place` holds the codes at `at`. */
export function storedLine(place: Place, at: string): string {
  switch (place.kind) {
    case 'pass':
      return `Stored in pass as ${at.slice('pass:'.length)}, read back and checked.`;
    case 'command':
      return 'Handed to --save-command: it exited 0 (what it did with the codes cannot be checked).';
    default:
      return `Saved to ${at}`;
  }
}

/** A store's failure as a message safe to show. */
export function storeFailure(e: unknown): string {
  if (e instanceof SaveError || e instanceof PassError || e instanceof SaveCommandError) return e.message;
  return `Could not save the codes: ${inert(e instanceof Error ? e.message : String(e), 160)}`;
}

/**
 * Checks, before anything changes on the account, that `place` can take the codes: resolves to
 * what is wrong and what to change, or null. (What can only fail while storing, a full disk or a
 * gpg key that will not encrypt, is met by the delivery policy: the default file follows.)
 */
export async function check(place: Place): Promise<string | null> {
  switch (place.kind) {
    case 'file':
      return checkSavePath(place.path, { home: place.home, replace: place.replace });
    case 'default':
      return null; // it always has somewhere to go, down to the terminal itself
    case 'pass': {
      const name = place.entry;
      const problem = entryNameProblem(name);
      if (problem !== null) return `--save pass:${inert(name, 80)}: ${problem}; name another entry`;
      const ready = await passReady({ env: place.env, home: place.home });
      if ('reason' in ready) return `--save pass:${name}: ${ready.reason}`;
      if (!place.replace && (await entryExists(name, ready.store)))
        return (
          `--save pass:${name}: an entry with that name already exists; ` +
          'name a new entry, or add --replace to replace it'
        );
      return null;
    }
    case 'command':
      if (place.command.trim() === '') return '--save-command was given an empty command: give the command to run';
      if (place.command.includes('\u0000')) return '--save-command holds a NUL character: give another command';
      return null;
  }
}

/** Every asked place's problem, in order (empty when all can take the codes). */
export async function checkAll(places: readonly Place[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of places) {
    const problem = await check(p);
    if (problem !== null) out.push(problem);
  }
  return out;
}
