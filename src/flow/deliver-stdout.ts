/**
 * The wizard with stdout redirected (`cmd > file`, `cmd | cat`): it draws on the terminal, and the
 * codes also go to stdout as the delivery rules say (docs/cli.md, "Where the new codes go"): a file
 * keeps them; a pipe or a socket is not trusted unless --stdout-only, so the default file is
 * written too, unless a place the command line names (--save, --save-command) stored them first.
 * Kept apart from the terminal's own delivery (effects.ts wizardDelivery) so the two paths stay
 * easy to tell apart.
 */
import { readlinkSync } from 'node:fs';
import { deliver, stdoutFailure, type Delivery, type NewCodes, type StdoutKind } from '../codes/deliver.js';
import { codesFile, defaultFile, type Place } from '../codes/places.js';
import { writeAll } from '../text/streams.js';

export interface RedirectedStdout {
  stream: NodeJS.WritableStream;
  kind: StdoutKind;
  /** --stdout-only: a pipe or socket is trusted to keep the codes. */
  stdoutOnly: boolean;
}

/** How the codes screen names stdout once it kept the codes: its file when it is one. */
export function stdoutPlace(kind: StdoutKind, fd = 1): string {
  if (kind === 'file') {
    try {
      return `${readlinkSync(`/proc/self/fd/${fd}`)} (standard output)`;
    } catch {
      return 'the file standard output goes to';
    }
  }
  return 'standard output (--stdout-only)';
}

export interface RedirectedDelivery {
  /** At the answer: the places asked for, the default file when nothing trusted holds the codes, stdout. */
  deliver: (n: NewCodes, asked?: readonly Place[]) => Promise<Delivery>;
  /**
   * Once the UI is gone: stdout's codes when they were held back. When that write fails, what to
   * tell on stderr: stdout was a place the codes were asked to go, so the run ends with 3 as a
   * headless run does (the default file holds them).
   */
  flush: () => Promise<{ lines: string[]; failed: boolean }>;
}

/**
 * The delivery for a wizard whose stdout is redirected: the places asked for first (a stored one
 * is a safe place, so no default file is added), then the default file when nothing else can keep
 * the codes, then stdout. With `holdBack`, an untrusted pipe or socket gets its copy only from
 * flush(), once the UI is gone: its reader (`| cat`, `| less`) may print on the terminal the
 * wizard draws on, and lines landing between two frames would leave the older frame behind. The
 * codes are in a safe place by then (the default file or a place asked for), so waiting risks
 * nothing; a pipe trusted by --stdout-only is written at once, as it may be the only place.
 */
export function redirectedDelivery(
  home: string,
  interrupted: () => NodeJS.Signals | null,
  out: RedirectedStdout,
  o: { holdBack?: boolean; stop?: AbortSignal } = {},
): RedirectedDelivery {
  const holdBack = o.holdBack === true && !out.stdoutOnly && (out.kind === 'pipe' || out.kind === 'socket');
  let held: string | null = null;
  return {
    deliver: async (n, asked = []) => {
      const d = await deliver(
        n,
        {
          places: asked,
          fallback: defaultFile(home),
          wizard: false,
          stdout: out.kind,
          stdoutOnly: out.stdoutOnly,
          raw: false,
          interrupted: interrupted(),
          stop: o.stop,
        },
        holdBack ? null : out.stream,
      );
      if (holdBack) held = codesFile(n.codes, n.generatedAt).text;
      // stdout kept them (a file, or a pipe trusted by --stdout-only): that is where they are stored.
      if (d.safe && d.stored.length === 0) return { ...d, stored: [stdoutPlace(out.kind)] };
      return d;
    },
    flush: async () => {
      if (held === null) return { lines: [], failed: false };
      const text = held;
      held = null;
      const err = await writeAll(out.stream, text);
      return err ? { lines: [`Error: ${stdoutFailure(err)}\n`], failed: true } : { lines: [], failed: false };
    },
  };
}
