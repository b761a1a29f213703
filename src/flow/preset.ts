import type { Channel } from '../api/types.js';

/**
 * What the command line already answered. Every flag pre-answers one question of the wizard;
 * the headless run needs enough of them to finish without asking.
 */
export interface Preset {
  /** -c/--code or the positional CODE, as typed (not yet validated). */
  code?: string;
  /** -t/--method-type */
  methodType?: Channel;
  /** -id/--method-id, as given on the command line (a string, like the official CLI sends it). */
  methodId?: string;
  /** -s/--secret: challenge secret of a code sent earlier. */
  secret?: string;
  /** -bc/--backup-code, as typed. */
  backupCode?: string;
  /** -y/--yes: the confirmation is answered. */
  yes: boolean;
  /** --save PATH, or --save pass:NAME (an entry of the `pass` store). */
  savePath?: string;
  /** --save-command CMD: a shell command that gets the codes file's text on its stdin. */
  saveCommand?: string;
  /** --replace: --save may replace an existing file (atomically) or pass entry. */
  replace?: boolean;
}
