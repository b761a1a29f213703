/**
 * The wizard's steps as one union type, the events that move between them, and small pure
 * helpers about choices. The transitions live in reducer.ts; nothing here does I/O or uses Ink.
 */
import type { Challenge, Channel, RegenResult, TfaMethod, TfaStatus, Verification } from '../api/types.js';
import type { ApiError } from '../api/errors.js';
import type { Preset } from './preset.js';
import type { Place } from '../codes/places.js';
import { EXIT } from './failure.js';
import type { SecondChanceEvent, SecondChanceStep } from './second-chances.js';

/** One way of proving it is the user. */
export type Choice =
  | { kind: 'method'; method: TfaMethod }
  /** Legacy accounts (2FA on, no methods): an SMS to the phone number on file. */
  | { kind: 'phone' }
  | { kind: 'email' }
  | { kind: 'backup' }
  /**
   * The way the command line names, sent as given without looking it up on the account (a script
   * run with --yes and no -id makes one API call, as the official CLI does; an id the account
   * does not list goes out too, and the server answers). Only the headless run uses it.
   */
  | { kind: 'given'; channel: Channel | 'backup' | null };

/** A way the wizard's list can offer: every Choice but the headless run's `given`. */
export type ListedChoice = Exclude<Choice, { kind: 'given' }>;

/** A challenge (SMS/email code) the user is answering. */
export interface SentChallenge {
  secret: string;
  /** The server's message, inert; '' when the secret came from --secret. */
  message: string;
  /** Epoch ms when it was sent; null when given with --secret (sent earlier, elsewhere). */
  sentAt: number | null;
}

/** One place the codes were asked to go (--save, --save-command, `s`, `p`, the default file), and what became of it. */
export type PlaceState = { place: Place } & (
  | { state: 'pending' }
  | { state: 'stored'; at: string }
  /** `suggestion`: a `pass` entry name was taken; a free one to offer. */
  | { state: 'failed'; error: string; suggestion?: string | null }
);

/** The codes screen's state (also kept while asking whether to leave unsaved). */
export interface CodesState {
  codes: string[];
  /** Epoch ms. */
  generatedAt: number;
  /** Every place asked for, in the order asked, with its state: the one list both drivers read. */
  places: PlaceState[];
  /** An OSC 52 copy was sent to the terminal. It cannot be checked, so it is not a save. */
  copied: boolean;
  /** The user asked to keep the codes on screen after leaving. */
  keep: boolean;
  /** What was odd about the server's answer (the codes are kept anyway). @default [] */
  warnings?: string[];
}

export type Step =
  | { name: 'loading' }
  | { name: 'no-tfa' }
  | { name: 'choose'; error: string | null; notice: string | null }
  | {
      name: 'sending';
      choice: Choice;
      resend: boolean;
      previous: SentChallenge | null;
      /** Why a code is being sent (again), carried to the code step. */
      reason: string | null;
    }
  | {
      name: 'enter-code';
      choice: Choice;
      challenge: SentChallenge | null;
      /**
       * One-line reason the last code was refused (locally or by the server; a wrong code's says the attempts left).
       */
      error: string | null;
      /** Why we are here again (e.g. a code expired and a new one was sent). */
      notice: string | null;
      /** What the input starts with. */
      value: string;
    }
  | {
      name: 'confirm';
      choice: Choice;
      challenge: SentChallenge | null;
      verification: Verification;
      value: string;
      /** Epoch ms when an authenticator code was entered (it expires while the user reads), else null. */
      enteredAt: number | null;
    }
  | {
      name: 'regenerating';
      choice: Choice;
      challenge: SentChallenge | null;
      verification: Verification;
      /** Ctrl+C was pressed while the request was in flight (it is not cancelled). */
      cancelAsked: boolean;
    }
  | { name: 'codes'; codes: CodesState }
  | { name: 'leave-unsaved'; codes: CodesState }
  | {
      name: 'done';
      summary: string;
      /** The codes ended in no safe place: the summary is a warning. */
      warn: boolean;
      /** Codes left on the final frame (not saved, or the user chose to keep them), else null. */
      shown: string[] | null;
      generatedAt: number;
      /** Codes to print on stderr after the UI is gone (torn down before they were saved). */
      dump: string[] | null;
    }
  | {
      name: 'failed';
      title: string;
      hint: string;
      /** A regenerate request may have replaced the codes without an answer. */
      outcomeUnknown: boolean;
      backupCodesRemaining: number | null;
      /** It failed while the account was being checked: nothing was attempted yet. */
      whileChecking?: boolean;
      /** The API's error code, or a local one ('usage' when an answer is missing). */
      code?: string;
      /** The HTTP status, when the server answered. */
      status?: number | null;
      /** The exit status. @default EXIT.failed */
      exit?: number;
    }
  | { name: 'cancelled' }
  | SecondChanceStep;

/** Everything the wizard knows. `seq` changes whenever the step does (screens and effects key on it). */
export interface WizardState {
  step: Step;
  seq: number;
  status: TfaStatus | null;
  /**
   * A terminal to ask on. Without one (the headless run), every answer comes from the flags, and
   * where the wizard would ask, the flow ends naming the flag to add (exit 2).
   */
  interactive: boolean;
  /** The command line as given (never used up): what the flags alone would send. */
  flags: Preset;
  /** choiceKey of the way the flags picked on this account, else null. */
  flagsPick: string | null;
  /** What the command line pre-answered and is not used up yet. */
  preset: Preset;
  /** Locks learned during this run, epoch seconds, by choiceKey. */
  locks: Record<string, number>;
  /** Failed attempts learned during this run, by choiceKey. */
  failCounts: Record<string, number>;
  /** Cool-down before `r` may resend a code. */
  resendCooldownMs: number;
  /** SMS/email codes sent during this run, by choiceKey: reused while valid when that way is picked again. */
  challenges: Record<string, SentChallenge>;
  /** choiceKey of the way picked last (the list comes back with it highlighted). */
  lastPicked: string | null;
  /**
   * choiceKey of the way the user confirmed the replacement for: after a refused code, the next
   * code for it is sent without asking again. Picking a way from the list asks again. @default null
   */
  confirmedFor?: string | null;
}

export type WizardEvent =
  | { type: 'status-loaded'; status: TfaStatus; at: number }
  /** The headless run with --yes and no -id skips the status, as the official CLI does: the flags are sent as given. */
  | { type: 'status-skipped' }
  | { type: 'status-failed'; error: ApiError }
  | { type: 'method-picked'; choice: Choice; at: number }
  /** `choice`: the way it was sent for (an answer that arrives after Esc is still kept for reuse). */
  | { type: 'challenge-sent'; challenge: Challenge; at: number; choice?: Choice }
  | { type: 'send-failed'; error: ApiError; at?: number }
  | { type: 'resend-requested'; at: number }
  | { type: 'code-submitted'; value: string; at?: number }
  | { type: 'confirmed'; at?: number }
  | {
      type: 'regen-succeeded';
      result: RegenResult;
      at: number;
      /** The places the command line asks for (placesAsked()): they start at once, in order. */
      places?: Place[];
      /** What the delivery at arrival did (the default file after a signal), with each place's outcome. */
      stored?: PlaceState[];
    }
  | { type: 'regen-failed'; error: ApiError; at: number }
  /** Store the codes in one more place (`s`, `p`): it starts at once, unless a store is running. */
  | { type: 'store-requested'; place: Place }
  /** The store at `index` of the list ended: where the codes are, or why not. */
  | { type: 'store-settled'; index: number; at: string }
  | { type: 'store-settled'; index: number; error: string; suggestion?: string | null }
  | { type: 'copied' }
  | { type: 'keep-toggled' }
  /** q/Enter on the codes screen; "Leave without saving" on the leave-unsaved question. */
  | { type: 'leave' }
  /** Esc / n / Cancel: one step back where that makes sense. */
  | { type: 'back' }
  /** Ctrl+C. */
  | { type: 'cancel' }
  /** The terminal went away (stdout error): tear down, never losing new codes. */
  | { type: 'abort' }
  | SecondChanceEvent;

/** Stable key of a choice, for locks and list identity. */
export function choiceKey(c: Choice): string {
  return c.kind === 'method' ? `method:${c.method.id}` : c.kind;
}

/** The way the flags name without the account's list: -bc, -t, or nothing (the server's primary method). */
export function givenChoice(p: Preset): Choice {
  return { kind: 'given', channel: p.backupCode !== undefined ? 'backup' : (p.methodType ?? null) };
}

/** The channel a choice's code comes from, or 'backup'. */
export function choiceChannel(c: Choice): Channel | 'backup' {
  switch (c.kind) {
    case 'method':
      return c.method.kind;
    case 'phone':
      return 'sms';
    case 'email':
      return 'email';
    case 'backup':
      return 'backup';
    // Without -t the server checks the code against the primary method; it is 6 digits like an app's.
    case 'given':
      return c.channel ?? 'totp';
  }
}

/** True when the user needs a code sent (SMS or email). A way given on the command line brings its secret (-s). */
export function needsSending(c: Choice): boolean {
  if (c.kind === 'given') return false;
  const ch = choiceChannel(c);
  return ch === 'sms' || ch === 'email';
}

/** Short name for messages: "Work phone (SMS)", "the authenticator app", "email". */
export function choiceName(c: Choice): string {
  switch (c.kind) {
    case 'method': {
      const kind = c.method.kind === 'totp' ? 'authenticator app' : 'SMS';
      const label = c.method.label;
      // "Authenticator app", not "Authenticator app (authenticator app)".
      if (label && label.toLowerCase().includes(kind.toLowerCase())) return label;
      return label ? `${label} (${kind})` : c.method.kind === 'totp' ? 'the authenticator app' : 'SMS';
    }
    case 'phone':
      return 'SMS to the phone on file';
    case 'email':
      return 'email';
    case 'backup':
      return 'backup codes';
    case 'given':
      return 'the way given on the command line';
  }
}

/** Where a code was sent, for "Code sent to …". */
export function destination(c: Choice): string {
  switch (c.kind) {
    case 'method':
      return c.method.phoneNumber ? `the phone ${c.method.phoneNumber}` : 'your phone';
    case 'phone':
      return 'the phone number on file';
    case 'email':
      return "your account's email address";
    case 'backup':
    case 'given':
      return '';
  }
}

/** The older 2FA setup: no methods listed at all (entries this program could not read are not "none"). */
export function isLegacy(status: TfaStatus): boolean {
  return status.methods.length === 0 && !status.unread;
}

/**
 * The choices offered for an account: its methods (primary first), the phone on file for legacy accounts, email,
 * backup.
 */
export function choicesFor(status: TfaStatus): ListedChoice[] {
  const list: ListedChoice[] = status.methods.map((method) => ({ kind: 'method' as const, method }));
  if (isLegacy(status)) list.push({ kind: 'phone' });
  list.push({ kind: 'email' }, { kind: 'backup' });
  return list;
}

/** When the choice is locked (epoch seconds) at time `at` (ms), else null. */
export function lockedUntil(s: Pick<WizardState, 'locks'>, c: Choice, at: number): number | null {
  const learned = s.locks[choiceKey(c)] ?? null;
  const listed = c.kind === 'method' ? c.method.lockedUntil : null;
  const until = Math.max(learned ?? 0, typeof listed === 'number' ? listed : 0);
  return until > at / 1000 ? until : null;
}

/**
 * What the choice screen shows: a known lock's end, or 'unknown' when the server's field was malformed (the
 * choice stays open: the server decides), else null.
 */
export function lockState(s: Pick<WizardState, 'locks'>, c: Choice, at: number): number | null | 'unknown' {
  return lockedUntil(s, c, at) ?? (c.kind === 'method' && c.method.lockedUntil === 'unknown' ? 'unknown' : null);
}

/** How long until `r` may resend the challenge's code (0: now, or nothing to resend). */
export function resendWaitMs(challenge: SentChallenge | null, cooldownMs: number, now: number): number {
  const sentAt = challenge?.sentAt ?? null;
  return sentAt === null ? 0 : Math.max(0, cooldownMs - (now - sentAt));
}

/** Failed attempts so far for a choice. */
export function failCount(s: Pick<WizardState, 'failCounts'>, c: Choice): number | null {
  return s.failCounts[choiceKey(c)] ?? (c.kind === 'method' ? c.method.failCount : 0);
}

/** Process exit status once the wizard has reached a final step, else null. */
export function exitCodeOf(step: Step): number | null {
  switch (step.name) {
    case 'done':
      return EXIT.ok;
    case 'no-tfa':
      return EXIT.failed;
    case 'failed':
      return step.exit ?? EXIT.failed;
    case 'cancelled':
      return EXIT.cancelled;
    default:
      return null;
  }
}

/** How one stored place reads in a sentence. */
function storedPhrase(p: PlaceState & { state: 'stored' }): string {
  switch (p.place.kind) {
    case 'pass':
      return `stored in pass as ${p.place.entry} (read back and checked)`;
    case 'command':
      return 'handed to --save-command (it exited 0; that cannot be checked further)';
    default:
      return `saved to ${p.at}`;
  }
}

/** Where the codes are stored (a file, a pass entry, --save-command), or null. */
export function storedIn(c: CodesState): string | null {
  const places = c.places.flatMap((p) => (p.state === 'stored' ? [storedPhrase(p)] : []));
  return places.length > 0 ? places.join(' and ') : null;
}

/** A store is running: leaving waits for its answer. */
export function saveRunning(c: CodesState): boolean {
  return c.places.some((p) => p.state === 'pending');
}

/** The codes that exist but are in no safe place yet (not stored; a copy cannot be checked), else null. */
export function unsavedCodes(step: Step): string[] | null {
  if (step.name !== 'codes' && step.name !== 'leave-unsaved') return null;
  const c = step.codes;
  return storedIn(c) !== null ? null : c.codes;
}

/** An authenticator code's time step (RFC 6238: 30 s). */
const TOTP_STEP_MS = 30_000;
/** How long an SMS/email code is valid (the reference: 10 minutes). */
export const CHALLENGE_TTL_MS = 10 * 60_000;

/**
 * True when an authenticator code entered at `enteredAt` has probably expired at `now`: its own
 * 30 s window and the one step of clock drift servers accept are over (with 2 s for the request).
 */
export function totpProbablyExpired(enteredAt: number, now: number): boolean {
  return Math.floor((now + 2000) / TOTP_STEP_MS) >= Math.floor(enteredAt / TOTP_STEP_MS) + 2;
}

/** A code sent earlier for this choice that is still valid at `now` (a minute to spare), else null. */
export function reusableChallenge(s: Pick<WizardState, 'challenges'>, c: Choice, now: number): SentChallenge | null {
  const ch = s.challenges[choiceKey(c)];
  return ch && ch.sentAt !== null && now - ch.sentAt < CHALLENGE_TTL_MS - 60_000 ? ch : null;
}
