/**
 * Where the run can ask a person: decided before anything is drawn (Ink on a stdin that is not a
 * terminal throws). A person is at a terminal when stdin is one; the wizard then draws on the
 * first terminal it finds (stdout, else stderr, else /dev/tty), so `cmd > file` and `cmd | cat`
 * still get it, as clack, inquirer and `npm init` do. `TERM=dumb` (no cursor control) gets the
 * plain line-by-line wizard. Otherwise the run is scripted (headless), and `why` says which stream
 * is not a terminal, for the message that names what to add.
 */
import { closeSync, openSync } from 'node:fs';
import { WriteStream } from 'node:tty';

export type DrawOn = 'stdout' | 'stderr' | 'tty';

export type Where =
  | {
      kind: 'headless';
      /** Which stream is not a terminal (or which option asks nothing). */
      why: string;
      /** What would give the wizard, as the end of a sentence ("Or … to be guided."). */
      fix: string;
    }
  | {
      kind: 'wizard';
      /** A terminal without cursor control: the line-by-line wizard, no escape sequences. */
      plain: boolean;
      /** The stream it draws on. */
      draw: DrawOn;
    };

export interface TerminalFacts {
  stdinTTY: boolean;
  stdoutTTY: boolean;
  stderrTTY: boolean;
  /** --raw: JSON for a program; nothing is asked. */
  raw: boolean;
  /** --yes: a script that answered the confirmation; with stdout redirected it stays scripted. */
  yes: boolean;
  term: string | undefined;
  /** Whether /dev/tty can be opened for writing (asked only when needed). */
  ttyOpens: () => boolean;
}

/** TERM values of a terminal that cannot move the cursor (Emacs shell, serial lines, some CI consoles). */
function noCursorControl(term: string | undefined): boolean {
  const t = (term ?? '').trim();
  return t === '' || t === 'dumb' || t === 'unknown';
}

export function whereToRun(f: TerminalFacts): Where {
  if (f.raw)
    return { kind: 'headless', why: '--raw never asks (its output is for programs)', fix: 'run it without --raw' };
  if (!f.stdinTTY)
    return {
      kind: 'headless',
      why: 'stdin is not a terminal (a pipe, a file or /dev/null)',
      fix: 'run it with stdin on a terminal',
    };
  const plain = noCursorControl(f.term);
  if (f.stdoutTTY) return { kind: 'wizard', plain, draw: 'stdout' };
  if (f.yes)
    return { kind: 'headless', why: 'stdout is not a terminal and --yes asks nothing', fix: 'run it without --yes' };
  if (f.stderrTTY) return { kind: 'wizard', plain, draw: 'stderr' };
  if (f.ttyOpens()) return { kind: 'wizard', plain, draw: 'tty' };
  return {
    kind: 'headless',
    why:
      'stdin is a terminal, but stdout and stderr are not and /dev/tty cannot be opened, ' +
      'so the wizard has nowhere to draw',
    fix: 'run it with stdout or stderr on a terminal',
  };
}

/** Whether /dev/tty opens for writing (the process has a controlling terminal). */
export function ttyOpens(): boolean {
  try {
    closeSync(openSync('/dev/tty', 'w'));
    return true;
  } catch {
    return false;
  }
}

/**
 * The stream the wizard draws on. stdout as it is; stderr and /dev/tty as their own terminal
 * streams, so that stderr's word-wrap (text/wrap.ts) never touches a frame; `view` adds the
 * redaction every output gets.
 */
export function drawStream(
  on: DrawOn,
  view: (s: NodeJS.WriteStream) => NodeJS.WriteStream = (s) => s,
): NodeJS.WriteStream {
  return view(on === 'stdout' ? process.stdout : new WriteStream(on === 'stderr' ? 2 : openSync('/dev/tty', 'w')));
}
