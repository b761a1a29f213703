/**
 * Signals and a terminal that goes away, for both drivers. Once the regenerate request may leave,
 * every catchable signal that would end the run is held (HELD_SIGNALS): the answer holds the only
 * copy of the new codes, so the run waits for it (the request has a timeout), writes the codes to
 * a safe place, and only then exits: 3 once the codes were replaced (docs/cli.md, "Exit status"),
 * else the signal's status (128+n).
 *
 * A closed terminal must never make Node 20 abort: at exit its ResetStdio restores the terminal
 * mode of fds 0–2 and CHECK-fails when tcsetattr on a hung-up terminal fails (nodejs/node#51519;
 * SIGABRT, and nothing after it runs). It skips an fd that now refers to another file, so
 * exitProcess() puts /dev/null in place of each terminal fd first when the terminal is gone.
 * (Tried in a pty: a plain exit after SIGHUP aborts; this exits with the status asked for.)
 */
import { closeSync, openSync } from 'node:fs';
import { constants } from 'node:os';
import { isatty } from 'node:tty';

/**
 * Every catchable signal whose default action ends the process (or, for SIGUSR1, opens Node's
 * inspector), so none of them can end the run while the codes exist only in memory.
 */
export const HELD_SIGNALS: readonly NodeJS.Signals[] = [
  'SIGINT',
  'SIGTERM',
  'SIGHUP',
  'SIGQUIT',
  'SIGUSR1',
  'SIGUSR2',
  'SIGALRM',
  'SIGVTALRM',
  'SIGPROF',
  'SIGXCPU',
  'SIGTRAP',
];
// Not SIGPIPE or SIGXFSZ: the kernel sends them for this process's own writes (a reader or helper
// that closed its pipe, a file too large), Node starts with both ignored so the write reports
// EPIPE or EFBIG, and a listener, once removed, would leave them at their default action: the next
// write to a closed pipe would then end the process (141) before it could say where the codes are.

/** 128 + the signal's number (130 for SIGINT, 131 for SIGQUIT). */
export function signalExit(sig: NodeJS.Signals): number {
  return 128 + (constants.signals[sig] ?? 0);
}

/**
 * Which of fds 0–2 were terminals at start (as Node records them for ResetStdio). Asked now: once
 * the terminal has hung up, isatty() on it is false (its ioctls fail with EIO).
 */
const TTYS_AT_START = [0, 1, 2].filter((fd) => isatty(fd));

export interface SignalHold {
  /** The first signal caught since holding began, else null. */
  caught(): NodeJS.Signals | null;
  /** Stops holding: the signals act as before again. */
  release(): void;
}

// One flag for the program and the wizard: the build puts a module both use in one shared chunk,
// so there is one copy of it (test/build.test.ts checks this one).
let terminalGone = false;

/** The terminal went away (SIGHUP, or an I/O error writing to it). */
export function markTerminalGone(): void {
  terminalGone = true;
}

export function isTerminalGone(): boolean {
  return terminalGone;
}

/**
 * From now on none of HELD_SIGNALS ends the process: `onSignal` hears each, with how
 * many have come so far. A SIGHUP also marks the terminal gone.
 */
export function holdSignals(onSignal: (sig: NodeJS.Signals, count: number) => void): SignalHold {
  let first: NodeJS.Signals | null = null;
  let count = 0;
  const on = (sig: NodeJS.Signals) => {
    first ??= sig;
    count += 1;
    if (sig === 'SIGHUP') markTerminalGone();
    onSignal(sig, count);
  };
  for (const s of HELD_SIGNALS) process.on(s, on);
  return {
    caught: () => first,
    release: () => {
      for (const s of HELD_SIGNALS) process.off(s, on);
    },
  };
}

/** What the headless run says on stderr when a held signal comes in while the answer is awaited. */
export function waitingText(sig: NodeJS.Signals, count: number): string {
  return count === 1
    ? `Received ${sig}: waiting for the server's answer first. The regenerate request was sent and may already have ` +
        'replaced your backup codes; the answer holds the only copy of the new ones, so they are stored ' +
        'before this stops (in your --save place, or else a file), and the next line says where.\n'
    : `Still waiting (${sig} again): waiting protects your new codes. It ends when the server answers or the ` +
        `request times out.\n`;
}

/**
 * What the headless run says when a held signal comes in once the answer is in hand: the codes are
 * being stored, and a --save-command or pass still running is stopped so that the default file
 * follows at once (a SIGKILL may follow the signal).
 */
export function storingText(sig: NodeJS.Signals): string {
  return (
    `Received ${sig}: the new codes are in hand and are being stored before this stops ` +
    '(a --save-command or pass still running is stopped; the default file is written then), ' +
    'and the next line says where.\n'
  );
}

/**
 * Ends the process now with `code`. When the terminal is gone, each of fds 0–2 that is a terminal
 * is first replaced by /dev/null (close, then open takes the lowest free fd: the same number), so
 * Node's exit-time ResetStdio skips it instead of aborting.
 */
export function exitProcess(code: number): never {
  if (isTerminalGone()) {
    for (const fd of TTYS_AT_START) {
      try {
        closeSync(fd);
        openSync('/dev/null', fd === 0 ? 'r' : 'w');
      } catch {
        // Closed is enough: ResetStdio skips an fd whose fstat fails with EBADF.
      }
    }
  }
  process.exit(code);
}
