/**
 * The flow's transitions, for both drivers: one pure function from (state, event) to the next state.
 * No Ink, no I/O, no clock (events carry their time). The wizard performs the effects a step asks
 * for (effects.ts) and asks the user; the headless run (run-headless.ts) performs them and answers
 * from the flags, and where the wizard would ask, the flow ends naming the flag to add (gh's
 * "interactive" switch: `interactive` in the state).
 */
import { LOCK_MINUTES, type ApiError } from '../api/errors.js';
import { capital, clockTime, errorText } from './messages.js';
import { attemptsNote, firstSentence } from './labels.js';
import type { TfaStatus, Verification } from '../api/types.js';
import { validateBackupCode, validateCode } from '../codes/format.js';
import { EXIT } from './failure.js';
import { fromFlags, needsSecret, type MissingAnswer } from './flags.js';
import { inert } from '../text/sanitize.js';
import type { Preset } from './preset.js';
import type { SecondChanceStep, UnknownOutcome } from './second-chances.js';
import {
  choiceChannel,
  choiceKey,
  choiceName,
  givenChoice,
  isLegacy,
  lockedUntil,
  needsSending,
  resendWaitMs,
  reusableChallenge,
  saveRunning,
  storedIn,
  totpProbablyExpired,
  type Choice,
  type CodesState,
  type PlaceState,
  type SentChallenge,
  type Step,
  type WizardEvent,
  type WizardState,
} from './steps.js';

/** Default cool-down before a code may be sent again (the Vast.ai guide: 30 s). */
export const RESEND_COOLDOWN_MS = 30_000;

/**
 * The cool-down before a resend: 30 s, or `VRC_RESEND_COOLDOWN_MS` when it is a whole number (a test
 * hook, so end-to-end tests can exercise `r` without waiting; users never need it).
 */
export function resendCooldown(env: NodeJS.ProcessEnv): number {
  const v = env.VRC_RESEND_COOLDOWN_MS;
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : RESEND_COOLDOWN_MS;
}

/** The state the flow starts in; `interactive` false for the headless run (nothing can be asked). */
export function initialState(
  preset: Preset,
  resendCooldownMs: number = RESEND_COOLDOWN_MS,
  interactive = true,
): WizardState {
  return {
    step: { name: 'loading' },
    seq: 0,
    status: null,
    interactive,
    flags: { ...preset },
    flagsPick: null,
    preset: { ...preset },
    locks: {},
    failCounts: {},
    resendCooldownMs,
    challenges: {},
    lastPicked: null,
  };
}

function go(s: WizardState, step: Step, patch: Partial<WizardState> = {}): WizardState {
  return { ...s, ...patch, step, seq: s.seq + 1 };
}

/** Back to the list: a way picked from it again is confirmed again. */
function choose(
  s: WizardState,
  error: string | null,
  notice: string | null = null,
  patch: Partial<WizardState> = {},
): WizardState {
  return go(s, { name: 'choose', error, notice }, { confirmedFor: null, ...patch });
}

/** Without a terminal, an answer the flags do not give ends the flow: exit 2, naming the flag. */
function missing(s: WizardState, m: MissingAnswer): WizardState {
  return go(s, {
    name: 'failed',
    title: m.title,
    hint: m.hint ?? '',
    outcomeUnknown: false,
    backupCodesRemaining: null,
    code: 'usage',
    exit: EXIT.usage,
  });
}

/**
 * The headless run: the flags are the whole answer. Checked against the account when its status
 * was asked (an SMS method named by -id needs -s); sent as given, as the official CLI sends them,
 * and the server answers for the rest (an id it does not list, a method it locked).
 */
function answerFromFlags(s: WizardState): WizardState {
  const f = fromFlags(s.flags);
  if ('missing' in f) return missing(s, f.missing);
  const v = f.verification;
  const r = s.status !== null ? presetChoice(s.status, s.flags) : null;
  const choice = r !== null && 'choice' in r ? r.choice : givenChoice(s.flags);
  if (choice.kind === 'method' && choice.method.kind === 'sms' && v.secret === undefined)
    return missing(s, needsSecret('sms'));
  if (s.flags.yes) return go(s, { name: 'regenerating', choice, challenge: null, verification: v, cancelAsked: false });
  return go(s, { name: 'confirm', choice, challenge: null, verification: v, value: '', enteredAt: null });
}

type PresetPick = { choice: Choice } | { error: string } | { notice: string } | null;

/** What --method-id / --method-type / --backup-code pick on this account. */
export function presetChoice(status: TfaStatus, p: Preset): PresetPick {
  if (p.backupCode !== undefined) return { choice: { kind: 'backup' } };
  if (p.methodId !== undefined) {
    const id = p.methodId.trim();
    const m = status.methods.find((x) => String(x.id) === id);
    if (!m) {
      const where = status.unread
        ? `this program could read (the server listed ${status.unread} it could not)`
        : 'on this account';
      return { error: `No 2FA method ${where} has id ${inert(id, 40)}. Choose one below.` };
    }
    if (p.methodType !== undefined && p.methodType !== m.kind) {
      return { error: `Method ${m.id} is ${m.kind}, not ${p.methodType}. Choose one below.` };
    }
    return { choice: { kind: 'method', method: m } };
  }
  if (p.methodType === 'email') return { choice: { kind: 'email' } };
  if (p.methodType !== undefined) {
    const kind = p.methodType;
    const ms = status.methods.filter((x) => x.kind === kind);
    if (ms.length === 1) return { choice: { kind: 'method', method: ms[0]! } };
    if (ms.length === 0 && kind === 'sms' && isLegacy(status)) return { choice: { kind: 'phone' } };
    if (ms.length === 0) {
      return {
        error: `This account has no ${kind === 'totp' ? 'authenticator app (totp)' : 'SMS'} method. Choose one below.`,
      };
    }
    return { notice: `This account has ${ms.length} ${kind} methods: choose one.` };
  }
  return null;
}

/** The user (or a flag) picked a way to verify. */
function pick(s0: WizardState, choice: Choice, at: number): WizardState {
  const s = { ...s0, lastPicked: choiceKey(choice) };
  const until = lockedUntil(s, choice, at);
  if (until !== null) {
    return choose(s, `${capital(choiceName(choice))} is locked until ${clockTime(until)}. Choose another way.`);
  }
  if (needsSending(choice)) {
    if (s.preset.secret !== undefined) {
      const challenge: SentChallenge = { secret: s.preset.secret, message: '', sentAt: null };
      return enterCode({ ...s, preset: { ...s.preset, secret: undefined } }, choice, challenge);
    }
    // A code sent a moment ago is still good: sending another would be refused (or would void it).
    const earlier = reusableChallenge(s, choice, at);
    if (earlier !== null) {
      return enterCode(s, choice, earlier, {
        notice: `The code sent at ${clockTime(Math.floor(earlier.sentAt! / 1000))} is still valid: enter that one.`,
      });
    }
    return go(s, { name: 'sending', choice, resend: false, previous: null, reason: null });
  }
  return enterCode(s, choice, null);
}

/** Arrive at the code step; a code given on the command line is submitted at once (still checked locally). */
function enterCode(
  s: WizardState,
  choice: Choice,
  challenge: SentChallenge | null,
  extra: { error?: string | null; notice?: string | null } = {},
): WizardState {
  const base: Step = {
    name: 'enter-code',
    choice,
    challenge,
    error: extra.error ?? null,
    notice: extra.notice ?? null,
    value: '',
  };
  const backup = choice.kind === 'backup';
  const given = backup ? s.preset.backupCode : s.preset.code;
  if (given === undefined) return go(s, base);
  const preset: Preset = backup ? { ...s.preset, backupCode: undefined } : { ...s.preset, code: undefined };
  // A code from the command line fits only a challenge it can belong to: none (TOTP, backup) or
  // one given with --secret. After a fresh SMS/email it is stale, so it is dropped.
  const fits = !needsSending(choice) || (challenge !== null && challenge.sentAt === null);
  if (!fits) return go(s, base, { preset });
  return submit({ ...s, preset, step: base }, given, null, true);
}

/** `fromCommandLine`: the value is the flags' code, so the flags' fields go with it when they picked this way. */
function submit(s: WizardState, value: string, at: number | null = null, fromCommandLine = false): WizardState {
  const step = s.step;
  if (step.name !== 'enter-code') return s;
  const { choice, challenge } = step;
  const checked = choice.kind === 'backup' ? validateBackupCode(value) : validateCode(value);
  if (!checked.ok) return go(s, { ...step, error: checked.reason, value });
  // The flags send the official CLI's body for them, in the wizard too (docs/cli.md, "Command line").
  const flags = fromCommandLine && s.flagsPick === choiceKey(choice) ? fromFlags(s.flags) : null;
  const verification =
    flags !== null && 'verification' in flags
      ? flags.verification
      : verificationFor(choice, checked.value, challenge, s.status);
  // --yes, or a retry after a refused code: the user already agreed to replace the codes.
  if (s.preset.yes || (s.confirmedFor ?? null) === choiceKey(choice))
    return go(s, { name: 'regenerating', choice, challenge, verification, cancelAsked: false });
  // An authenticator code ages while the confirmation is read: remember when it was typed.
  const enteredAt = choiceChannel(choice) === 'totp' ? at : null;
  return go(s, { name: 'confirm', choice, challenge, verification, value, enteredAt });
}

/**
 * What the wizard sends for a picked way of verifying: the fields the official CLI's flags would
 * send for it (api/payload.ts). A method is named by its kind (-t), or by its id (-id, a string)
 * when the account has several of that kind; an SMS code by its kind and secret, as the challenge
 * already names the phone (codes go to the phone on file).
 */
export function verificationFor(
  choice: Choice,
  code: string,
  challenge: SentChallenge | null,
  status: TfaStatus | null = null,
): Verification {
  const withSecret = challenge ? { secret: challenge.secret } : {};
  switch (choice.kind) {
    case 'method': {
      const kind = choice.method.kind;
      if (kind === 'sms') return { kind: 'code', methodType: 'sms', code, ...withSecret };
      const several = (status?.methods.filter((m) => m.kind === kind).length ?? 1) > 1;
      return several
        ? { kind: 'code', methodId: String(choice.method.id), channel: kind, code }
        : { kind: 'code', methodType: kind, code };
    }
    case 'phone':
      return { kind: 'code', methodType: 'sms', code, ...withSecret };
    case 'email':
      return { kind: 'code', methodType: 'email', code, ...withSecret };
    case 'backup':
      return { kind: 'backup', backupCode: code };
    case 'given': {
      // Never listed, but the reducer reaches it: Esc on the headless confirmation, then a code
      // (no driver sends those events there today; the step types allow it).
      const methodType = choice.channel === 'backup' ? undefined : (choice.channel ?? undefined);
      if (choice.channel === 'backup') return { kind: 'backup', backupCode: code, ...withSecret };
      return { kind: 'code', code, ...(methodType ? { methodType } : {}), ...withSecret };
    }
  }
}

/**
 * The codes screen's state. What the delivery at arrival stored (the default file after a signal)
 * counts as saved; the places the command line asks for (--save, --save-command) start at once.
 */
function newCodes(e: Extract<WizardEvent, { type: 'regen-succeeded' }>): CodesState {
  return {
    codes: e.result.backupCodes,
    generatedAt: e.at,
    places: [...(e.stored ?? []), ...(e.places ?? []).map((place) => ({ place, state: 'pending' as const }))],
    copied: false,
    keep: false,
    warnings: e.result.warnings ?? [],
  };
}

/** The list with the store at `index` ended. */
function settle(c: CodesState, e: Extract<WizardEvent, { type: 'store-settled' }>): CodesState {
  const p = c.places[e.index];
  if (p === undefined || p.state !== 'pending') return c;
  const done: PlaceState =
    'at' in e
      ? { place: p.place, state: 'stored', at: e.at }
      : { place: p.place, state: 'failed', error: e.error, suggestion: e.suggestion ?? null };
  return { ...c, places: c.places.map((x, i) => (i === e.index ? done : x)) };
}

/** Leaving the codes: the final frame keeps them when they are in no safe place, or when asked to. */
function finish(s: WizardState, c: CodesState, torn: boolean): WizardState {
  const n = c.codes.length;
  const stored = storedIn(c);
  const safe = stored !== null; // a copy to the clipboard cannot be checked: not a save
  let summary: string;
  if (stored) summary = `Done: ${n} new backup codes ${stored}; the old codes no longer work.`;
  else if (torn) summary = `Left before the ${n} new backup codes were stored: they go to a file now (named below).`;
  else {
    summary =
      `Done: ${n} new backup codes are shown above and were NOT ` +
      `saved${c.copied ? ' (the copy to the clipboard cannot be checked)' : ''}. ` +
      'Store them now; the old codes no longer work.';
  }
  const shown = torn ? null : !safe || c.keep ? c.codes : null;
  return go(s, {
    name: 'done',
    summary,
    warn: !safe,
    shown,
    generatedAt: c.generatedAt,
    dump: torn && !safe ? c.codes : null,
  });
}

/** A failure as one line: what happened and the next step. */
function oneLine(error: ApiError): string {
  const { title, hint } = errorText(error);
  return `${title} ${hint}`;
}

/** The failed step for an API error, with its facts (code, status) for the headless report. */
function failed(s: WizardState, error: ApiError, extra: { hint?: string; whileChecking?: boolean } = {}): WizardState {
  const { title, hint } = errorText(error);
  return go(s, {
    name: 'failed',
    title,
    hint: extra.hint ?? hint,
    outcomeUnknown: error.outcomeUnknown,
    backupCodesRemaining: error.outcomeUnknown ? error.backupCodesRemaining : null,
    code: error.code,
    status: error.status,
    // A key Node refuses to send is a usage problem, as when it is found before the run (cli.ts).
    ...(error.code === 'malformed_key' ? { exit: EXIT.usage } : {}),
    ...(extra.whileChecking ? { whileChecking: true } : {}),
  });
}

/** "101 (totp, App), 102 (sms, Work phone)", or null when the account lists none. */
function methodList(status: TfaStatus): string | null {
  return status.methods.map((x) => `${x.id} (${x.kind}${x.label ? `, ${x.label}` : ''})`).join(', ') || null;
}

function regenFailed(s: WizardState, error: ApiError, at: number): WizardState {
  const step = s.step;
  if (step.name !== 'regenerating') return s;
  const { choice, challenge } = step;
  if (error.outcomeUnknown) {
    // The server asked to wait: the wizard offers a new, confirmed attempt after it (never by itself),
    // unless the user asked to leave (or the run was torn down) while the request was out.
    const offer = s.interactive && !step.cancelAsked && error.retryAfterSeconds !== null;
    return offer ? retryWait(s, error, at) : failed(s, error);
  }
  if (!s.interactive) {
    // Nothing to ask again: the run ends with the server's answer. An id the account does not
    // list: its methods (server text, made inert by the shape check).
    if (s.status === null || error.code !== 'not_found') return failed(s, error);
    const list = methodList(s.status);
    return failed(s, error, {
      hint: list ? `Its methods: ${list}.` : 'This account lists no methods; use -t sms, -t email or a backup code.',
    });
  }
  const key = choiceKey(choice);
  const failCounts = error.failCount !== null ? { ...s.failCounts, [key]: error.failCount } : s.failCounts;
  const lock = (until: number): WizardState =>
    choose(
      s,
      // What happened in a few words (a narrow terminal keeps only them: the list says the lock's end too).
      `Too many wrong codes. ${capital(choiceName(choice))} is locked until ${clockTime(until)}; choose another way.`,
      null,
      { locks: { ...s.locks, [key]: until }, failCounts },
    );
  switch (error.code) {
    case '2fa_verification_failed': {
      // A malformed locked_until: no lock is assumed (the server decides); the title says it is unknown.
      if (typeof error.lockedUntil === 'number') return lock(error.lockedUntil);
      // The code step says the attempts left on a line of its own (attemptsNote), after any refused
      // code: the title's own count (api/errors.ts) is not said twice.
      const next = { ...s, failCounts };
      const title = errorText(error).title;
      const counted = error.lockedUntil === null && attemptsNote(next, choice) !== null;
      return enterCode(next, choice, challenge, { error: counted ? firstSentence(title)[0] : title });
    }
    case 'tfa_locked':
      if (typeof error.lockedUntil === 'number') return lock(error.lockedUntil);
      // Until when is unknown: no end time is made up for a malformed field; the server decides the next try.
      if (error.lockedUntil === 'unknown')
        return choose(s, `${errorText(error).title} Choose another way.`, null, { failCounts });
      return lock(Math.ceil(at / 1000) + LOCK_MINUTES * 60);
    case '2fa_expired':
    case 'challenge_not_found':
    case 'no_challenge_found':
      if (needsSending(choice)) {
        const challenges = { ...s.challenges };
        delete challenges[key];
        return go(
          s,
          {
            name: 'sending',
            choice,
            resend: false,
            previous: null,
            reason: `${errorText(error).title} A new code is on its way; enter that one.`,
          },
          { challenges },
        );
      }
      return enterCode(s, choice, challenge, { error: errorText(error).title });
    case 'invalid_backup_code':
      return enterCode(s, choice, challenge, { error: errorText(error).title });
    default:
      return failed(s, error);
  }
}

function back(s: WizardState): WizardState {
  const step = s.step;
  switch (step.name) {
    case 'place-taken':
    case 'retry-wait':
      return cancel(s);
    case 'sending':
    case 'enter-code':
      return choose(s, null);
    case 'confirm':
      return go(s, {
        name: 'enter-code',
        choice: step.choice,
        challenge: step.challenge,
        error: null,
        notice: null,
        value: step.value,
      });
    case 'codes':
      return leave(s, step.codes);
    case 'leave-unsaved':
      return go(s, { name: 'codes', codes: step.codes });
    default:
      return s;
  }
}

/**
 * Leaving the codes screen (q, Esc, Ctrl+C). Waits while a save is being written: its answer must
 * land on the codes step, or the user would be told the codes were not saved when they were.
 */
function leave(s: WizardState, c: CodesState): WizardState {
  if (saveRunning(c)) return s;
  if (storedIn(c) !== null) return finish(s, c, false);
  return go(s, { name: 'leave-unsaved', codes: c });
}

function cancel(s: WizardState): WizardState {
  const step = s.step;
  switch (step.name) {
    case 'loading':
    case 'no-tfa':
    case 'choose':
    case 'sending':
    case 'enter-code':
    case 'confirm':
      // Nothing has changed on the account yet.
      return go(s, { name: 'cancelled' });
    case 'regenerating':
      // The request is in flight; leaving now could lose the new codes. It has a timeout.
      return step.cancelAsked ? s : { ...s, step: { ...step, cancelAsked: true } };
    case 'codes':
      return leave(s, step.codes);
    case 'leave-unsaved':
      return finish(s, step.codes, true);
    case 'place-taken':
      return go(s, { name: 'cancelled' });
    case 'retry-wait':
      // The codes may have been replaced: the ending says so, never "cancelled".
      return go(s, step.ended);
    default:
      return s;
  }
}

/** Updates the codes step's state (only on the codes screen). */
function codes(s: WizardState, f: (c: CodesState) => CodesState): WizardState {
  if (s.step.name !== 'codes') return s;
  return { ...s, step: { name: 'codes', codes: f(s.step.codes) } };
}

/** The wizard's transition function. Events that do not apply to the current step leave it unchanged. */
export function reduce(s: WizardState, e: WizardEvent): WizardState {
  const step = s.step;
  switch (e.type) {
    case 'status-loaded': {
      if (step.name !== 'loading') return s;
      const status = e.status;
      if (!status.tfaEnabled) return go(s, { name: 'no-tfa' }, { status });
      if (!s.interactive) return answerFromFlags({ ...s, status });
      const r = presetChoice(status, s.preset);
      const withStatus = { ...s, status, flagsPick: r !== null && 'choice' in r ? choiceKey(r.choice) : null };
      const preset: Preset = { ...s.preset, methodId: undefined, methodType: undefined };
      if (r === null) return choose(withStatus, null, null, { preset });
      if ('error' in r) return choose(withStatus, r.error, null, { preset });
      if ('notice' in r) return choose(withStatus, null, r.notice, { preset });
      return pick({ ...withStatus, preset }, r.choice, e.at);
    }
    case 'status-skipped':
      return step.name === 'loading' && !s.interactive ? answerFromFlags(s) : s;
    case 'status-failed':
      if (step.name !== 'loading') return s;
      return failed(s, e.error, { whileChecking: true });
    case 'method-picked':
      if (step.name !== 'choose') return s;
      return pick(s, e.choice, e.at);
    case 'challenge-sent': {
      const challenge: SentChallenge = { secret: e.challenge.secret, message: e.challenge.message, sentAt: e.at };
      const forChoice = e.choice ?? (step.name === 'sending' ? step.choice : null);
      if (forChoice === null) return s;
      // Kept even when the user went back meanwhile: picking that way again reuses it.
      const withIt = { ...s, challenges: { ...s.challenges, [choiceKey(forChoice)]: challenge } };
      if (step.name !== 'sending' || choiceKey(step.choice) !== choiceKey(forChoice)) return withIt;
      const notice = step.reason ?? (step.resend ? 'A new code was sent; earlier codes may no longer work.' : null);
      return enterCode(withIt, step.choice, challenge, { notice });
    }
    case 'send-failed':
      if (step.name !== 'sending') return s;
      if (step.resend && step.previous) {
        // The server said how long to wait: the resend countdown restarts to match.
        const wait = e.error.retryAfterSeconds;
        const previous =
          wait !== null && e.at !== undefined
            ? { ...step.previous, sentAt: e.at - s.resendCooldownMs + wait * 1000 }
            : step.previous;
        return go(s, {
          name: 'enter-code',
          choice: step.choice,
          challenge: previous,
          error: oneLine(e.error),
          notice: null,
          value: '',
        });
      }
      return choose(s, oneLine(e.error));
    case 'resend-requested': {
      if (step.name !== 'enter-code' || !needsSending(step.choice)) return s;
      if (resendWaitMs(step.challenge, s.resendCooldownMs, e.at) > 0) return s;
      return go(s, { name: 'sending', choice: step.choice, resend: true, previous: step.challenge, reason: null });
    }
    case 'code-submitted':
      if (step.name !== 'enter-code') return s;
      return submit(s, e.value, e.at ?? null);
    case 'confirmed':
      if (step.name !== 'confirm') return s;
      if (step.enteredAt !== null && e.at !== undefined && totpProbablyExpired(step.enteredAt, e.at)) {
        // Sending it now would spend an attempt on a code the server will refuse.
        return go(s, {
          name: 'enter-code',
          choice: step.choice,
          challenge: step.challenge,
          error: null,
          value: '',
          notice:
            'That code has expired while you read (authenticator codes change every 30 seconds). ' +
            'Enter the code your app shows now; no attempt was spent.',
        });
      }
      return go(
        s,
        {
          name: 'regenerating',
          choice: step.choice,
          challenge: step.challenge,
          verification: step.verification,
          cancelAsked: false,
        },
        { confirmedFor: choiceKey(step.choice) },
      );
    case 'regen-succeeded':
      if (step.name !== 'regenerating') return s;
      return go(
        s,
        { name: 'codes', codes: newCodes(e) },
        { preset: { ...s.preset, savePath: undefined, saveCommand: undefined } },
      );
    case 'regen-failed':
      return regenFailed(s, e.error, e.at);
    case 'store-requested':
      return codes(s, (c) =>
        saveRunning(c) ? c : { ...c, places: [...c.places, { place: e.place, state: 'pending' }] },
      );
    case 'store-settled':
      return codes(s, (c) => settle(c, e));
    case 'copied':
      return codes(s, (c) => ({ ...c, copied: true }));
    case 'keep-toggled':
      return codes(s, (c) => ({ ...c, keep: !c.keep }));
    case 'leave':
      if (step.name === 'retry-wait') return cancel(s);
      if (step.name === 'codes') return leave(s, step.codes);
      if (step.name === 'leave-unsaved') return finish(s, step.codes, false);
      return s;
    case 'back':
      return back(s);
    case 'cancel':
      return cancel(s);
    case 'place-answered':
      if (step.name !== 'place-taken') return s;
      // Replace it as --replace would (atomically, never through a symlink), or go on without it:
      // the codes screen offers the places to choose from.
      return go(
        s,
        { name: 'loading' },
        { preset: { ...s.preset, ...(e.replace ? { replace: true } : { savePath: undefined }) } },
      );
    case 'retry-requested':
      if (step.name !== 'retry-wait' || e.at < step.retryAt) return s;
      return tryAgain(s, step.ended);
    case 'abort': {
      if (step.name === 'codes' || step.name === 'leave-unsaved') return finish(s, step.codes, true);
      // The answer is awaited (the request has a timeout); the codes then go to a safe place first.
      if (step.name === 'regenerating') return step.cancelAsked ? s : { ...s, step: { ...step, cancelAsked: true } };
      if (step.name === 'retry-wait') return cancel(s);
      if (step.name === 'done' || step.name === 'failed' || step.name === 'no-tfa' || step.name === 'cancelled')
        return s;
      return go(s, { name: 'cancelled' });
    }
  }
}

/** The wizard starts with the question about a taken place, when the command line named one. */
export function askFirst(
  s: WizardState,
  taken: Omit<Extract<SecondChanceStep, { name: 'place-taken' }>, 'name'> | null,
) {
  return taken === null ? s : { ...s, step: { name: 'place-taken' as const, ...taken } };
}

/** The regenerate ended unknown and the server asked to wait `retryAfterSeconds`: the wait, then a new attempt. */
function retryWait(s: WizardState, error: ApiError, at: number): WizardState {
  const f = failed(s, error).step;
  if (f.name !== 'failed') return s;
  const ended: UnknownOutcome = { ...f, outcomeUnknown: true };
  return go(s, { name: 'retry-wait', retryAt: at + (error.retryAfterSeconds ?? 0) * 1000, ended });
}

/**
 * A new attempt after an unknown outcome: from the list, with a fresh code (a code sent or typed
 * for the last request may be spent) and the confirmation again, even under --yes.
 */
function tryAgain(s: WizardState, ended: UnknownOutcome): WizardState {
  const known = ended.backupCodesRemaining;
  const status = s.status && known !== null ? { ...s.status, backupCodesRemaining: known } : s.status;
  const preset: Preset = { ...s.preset, yes: false, code: undefined, backupCode: undefined, secret: undefined };
  return choose(
    s,
    null,
    'A new attempt. The last request may already have replaced your backup codes. Choose a way and enter a ' +
      'fresh code; you confirm again before anything is sent.',
    { status, preset, challenges: {} },
  );
}
