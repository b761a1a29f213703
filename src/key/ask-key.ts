/**
 * No API key from any source, and a person at the terminal: ask for it, as `gh auth login` does.
 * The key is masked as it is typed or pasted, checked with the status call (a refused key says so
 * and is asked again), and then offered to be saved where the official CLI reads it
 * (`~/.config/vastai/vast_api_key`, 0600, never replacing a file without asking). The same
 * line-by-line questions serve the Ink wizard and the plain one: no cursor movement, no colour.
 */
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { makeFolders, writePrivateFile } from '../codes/save.js';
import type { TfaStatus } from '../api/types.js';
import { isApiError } from '../api/errors.js';
import { errorText } from '../flow/messages.js';
import { KEYS_URL } from '../config.js';
import { readTerminalLine, type TextOut } from './read-line.js';

export interface AskKeyDeps {
  input: NodeJS.ReadStream;
  /** The terminal the questions go to (word-wrapped by the caller). */
  output: TextOut;
  /** The status call with this key. */
  check: (key: string) => Promise<TfaStatus>;
  /** Where the official CLI reads the key: $XDG_CONFIG_HOME/vastai/vast_api_key. */
  keyFile: string;
  /** Told each key as soon as it is read (for redaction). */
  learned?: (key: string) => void;
  /** Shown as the file's name (with ~ for the home folder). @default keyFile */
  keyFileShown?: string;
  /** Ends the questions as a cancel (a signal the caller caught). */
  signal?: AbortSignal;
}

export type AskedKey =
  /** `status` resolves (the key was accepted) or rejects with a failure that is not the key's (the network). */
  { key: string; status: Promise<TfaStatus> } | null;

const KEY_INTRO = [
  'No Vast.ai API key is set up yet.',
  `Create one, or copy an existing one, at ${KEYS_URL} , then paste it here.`,
];
const PROMPT = 'API key (hidden; Enter when done, Ctrl+C quits): ';

/** Asks until a key is accepted, or the user leaves (null). */
export async function askForKey(d: AskKeyDeps): Promise<AskedKey> {
  const say = (l: string) => d.output.write(`${l}\n`);
  for (const l of KEY_INTRO) say(l);
  for (;;) {
    const typed = await readTerminalLine(d.input, d.output, { mask: true, prompt: PROMPT, signal: d.signal });
    if (typed === null) return null;
    const key = typed.trim();
    if (key === '') {
      say(`Nothing was entered. Paste the key from ${KEYS_URL} , or press Ctrl+C to quit.`);
      continue;
    }
    d.learned?.(key);
    say('Checking the key...');
    let status: TfaStatus;
    try {
      status = await d.check(key);
    } catch (e) {
      if (isApiError(e) && (e.status === 401 || e.status === 403)) {
        say(
          `That key was refused (HTTP ${e.status}). ` +
            `Check that it was copied whole from ${KEYS_URL} and paste it again.`,
        );
        continue;
      }
      // Not the key's fault (the network, the server): the wizard shows the failure.
      if (isApiError(e)) say(errorText(e).title);
      return { key, status: Promise.reject(e) };
    }
    say('Key accepted.');
    await offerToSave(key, d);
    return { key, status: Promise.resolve(status) };
  }
}

async function yes(d: AskKeyDeps, question: string): Promise<boolean | null> {
  const a = await readTerminalLine(d.input, d.output, { mask: false, prompt: `${question} [y/N] `, signal: d.signal });
  return a === null ? null : /^\s*y/i.test(a);
}

/** Offers to save the key for the next run; replacing a file is asked separately. */
async function offerToSave(key: string, d: AskKeyDeps): Promise<void> {
  const shown = d.keyFileShown ?? d.keyFile;
  const say = (l: string) => d.output.write(`${l}\n`);
  const save = await yes(d, `Save it to ${shown} (readable only by you), where vastai and this tool look for it?`);
  if (!save) {
    say('Not saved: it is used for this run only.');
    return;
  }
  const exists = existsSync(d.keyFile);
  if (exists && !(await yes(d, `${shown} exists already. Replace it?`))) {
    say('Not saved: the file was left as it was.');
    return;
  }
  try {
    await writeKeyFile(d.keyFile, key, exists);
    say(`Saved to ${shown}.`);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    say(`Could not save it to ${shown} (${code ?? 'error'}); it is used for this run only.`);
  }
}

/**
 * Writes the key file 0600 (codes/save.ts writePrivateFile: never through a symlink, a file the user
 * agreed to replace replaced atomically), its folder made first (makeFolders: Node's recursive mkdir
 * never returns under /proc).
 */
export async function writeKeyFile(path: string, key: string, replace: boolean): Promise<void> {
  await makeFolders(dirname(path));
  await writePrivateFile(path, key, replace);
}
