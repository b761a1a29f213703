/**
 * Two questions the wizard asks where the headless run ends (issue 18): a place --save names is
 * taken (ask before anything changes whether to replace it), and the server asked to wait after a
 * regenerate whose outcome is unknown (offer a new, confirmed attempt once the wait is over).
 * Their steps and events, joined to the flow's unions in steps.ts; the transitions are in reducer.ts.
 */

/** The final failure the wizard shows when the user does not try again (an unknown outcome). */
export interface UnknownOutcome {
  name: 'failed';
  title: string;
  hint: string;
  outcomeUnknown: true;
  backupCodesRemaining: number | null;
  code?: string;
  status?: number | null;
}

export type SecondChanceStep =
  /**
   * `--save` names an existing file or `pass` entry and --replace was not given: asked before the
   * status is even read (it loads meanwhile), so nothing has changed yet.
   */
  | { name: 'place-taken'; place: string; kind: 'file' | 'pass' }
  /**
   * The regenerate request may have replaced the codes, and the server asked to wait (a 429/503
   * with Retry-After). From `retryAt` (epoch ms) the user may start a new attempt: a fresh code and
   * the confirmation again, never by itself. Leaving shows `ended`.
   */
  | { name: 'retry-wait'; retryAt: number; ended: UnknownOutcome };

export type SecondChanceEvent =
  /** The answer to place-taken: replace it (as --replace would), or go on without it. */
  | { type: 'place-answered'; replace: boolean }
  /** "Try again" once the server's wait is over. */
  | { type: 'retry-requested'; at: number };
