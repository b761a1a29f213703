/**
 * The wizard with stdout redirected (`cmd > file`, `cmd | cat`): it draws on the terminal, and the
 * codes also go to stdout as the delivery rules say (docs/cli.md, "Where the new codes go"): a file
 * keeps them; a pipe or a socket is not trusted unless --stdout-only, so the default file is
 * written too. Kept apart from the terminal's own delivery (effects.ts wizardDelivery) so the two
 * paths stay easy to tell apart.
 */
import { readlinkSync } from 'node:fs';
import { deliver, type Delivery, type NewCodes, type StdoutKind } from '../codes/deliver.js';
import { defaultFile } from '../codes/places.js';

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

/**
 * The delivery for a wizard whose stdout is redirected: the codes to stdout (and the default file
 * when it cannot keep them).
 */
export function redirectedDelivery(home: string, interrupted: () => NodeJS.Signals | null, out: RedirectedStdout) {
  return async (n: NewCodes): Promise<Delivery> => {
    const d = await deliver(
      n,
      {
        places: [],
        fallback: defaultFile(home),
        wizard: false,
        stdout: out.kind,
        stdoutOnly: out.stdoutOnly,
        raw: false,
        interrupted: interrupted(),
      },
      out.stream,
    );
    // stdout kept them (a file, or a pipe trusted by --stdout-only): that is where they are stored.
    if (d.safe && d.stored.length === 0) return { ...d, stored: [stdoutPlace(out.kind)] };
    return d;
  };
}
