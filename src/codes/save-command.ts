/**
 * `--save-command CMD`: the codes file's text piped into another password manager's command.
 * CMD is the user's own shell command line, run with `sh -c CMD`; the codes reach it only on its
 * stdin, never inside the command line (no shell ever interpolates them) or its environment.
 * Exit status 0 counts as stored: what CMD did with them cannot be checked from here.
 */
import { childReason, runChild } from './child.js';

/** The command failed; `message` is safe to show (never the codes). */
export class SaveCommandError extends Error {
  constructor(
    readonly command: string,
    reason: string,
  ) {
    super(`Could not store the codes with --save-command: ${reason}`);
    this.name = 'SaveCommandError';
  }
}

export interface SaveCommandOptions {
  /** @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Working folder of the command. @default process.cwd() */
  cwd?: string;
  /** Stopped after this long. @default 120000 */
  timeoutMs?: number;
  /** Masked in any message built from the command's output. */
  secrets?: readonly string[];
  /** Stops the command when the run is interrupted (see runChild). */
  signal?: AbortSignal;
}

/** Runs `sh -c command` with `text` on its stdin; resolves when it exits 0, else throws SaveCommandError. */
export async function runSaveCommand(command: string, text: string, o: SaveCommandOptions = {}): Promise<void> {
  if (command.trim() === '') throw new SaveCommandError(command, 'the command is empty');
  const r = await runChild('/bin/sh', ['-c', command], {
    input: text,
    env: o.env ?? process.env,
    cwd: o.cwd,
    timeoutMs: o.timeoutMs ?? 120_000,
    signal: o.signal,
  });
  if (r.code !== 0) throw new SaveCommandError(command, `the command failed (${childReason(r, o.secrets, text)})`);
}
