/**
 * The plain wizard, for a terminal that cannot move the cursor (TERM=dumb: Emacs shell, serial
 * lines, some CI consoles): the same flow (flow/reducer.ts) and the same effects (flow/effects.ts)
 * as the Ink wizard, shown line by line. Numbered choices, one question a line, no escape
 * sequence. The same safety: the codes are written once, then the places to keep them are offered;
 * leaving before they are stored puts them in the default file (flow/left-early.ts); a signal
 * while the regenerate request is out waits for the answer, as in the Ink wizard.
 *
 * Lines are read in the terminal's own line mode (it echoes and edits). Ctrl+C arrives as SIGINT
 * and counts as the Ctrl+C key of the Ink wizard; SIGTERM and SIGHUP tear the wizard down.
 */
import type { TfaApi, TfaStatus } from '../api/types.js';
import type { DemoInbox } from '../demo/inbox.js';
import { formatCodesForTerminal, defaultCodesFileName } from '../codes/format.js';
import { DEFAULT_PASS_ENTRY } from '../codes/pass.js';
import { writeAll } from '../text/streams.js';
import { fileTarget, passTarget, placesAsked } from '../codes/places.js';
import { EXIT } from '../flow/failure.js';
import { redirectedDelivery, type RedirectedStdout } from '../flow/deliver-stdout.js';
import {
  enterStep,
  probePass,
  storePlace,
  wizardDelivery,
  wizardExit,
  type Cancel,
  type EffectDeps,
} from '../flow/effects.js';
import { attemptsNote, choiceLabel, codePrompt, failureHeadline, SHOWN_ONCE_NOTE } from '../flow/labels.js';
import { leaveEarly } from '../flow/left-early.js';
import {
  CANCELLED,
  clockTime,
  NO_TFA,
  remainingAfterUnknown,
  whatStopsWorking,
  WHEN_TO_REGENERATE,
} from '../flow/messages.js';
import type { Preset } from '../flow/preset.js';
import { initialState, reduce, resendCooldown } from '../flow/reducer.js';
import { holdSignals, markTerminalGone, signalExit } from '../flow/signals.js';
import {
  choiceKey,
  choicesFor,
  destination,
  failCount,
  lockState,
  needsSending,
  resendWaitMs,
  saveRunning,
  storedIn,
  type CodesState,
  type WizardEvent,
  type WizardState,
} from '../flow/steps.js';
import { wordWrapper } from '../text/wrap.js';

export interface PlainOptions {
  api: TfaApi;
  statusPromise: Promise<TfaStatus>;
  preset: Preset;
  home: string;
  /** The terminal's input (line mode). */
  stdin: NodeJS.ReadStream;
  /** The terminal the wizard writes on (stdout, stderr or /dev/tty). */
  out: NodeJS.WritableStream & { columns?: number };
  /** Where lines go once the wizard is over (a file written after a signal). @default process.stderr */
  stderr?: NodeJS.WritableStream;
  /** stdout is redirected: the codes also go there (flow/deliver-stdout.ts). @default null */
  codesOut?: RedirectedStdout | null;
  /** Warnings shown first. */
  notices?: readonly string[];
  /** --demo: the inbox is printed where a code is needed. */
  demo?: { fetchInbox: () => Promise<DemoInbox> } | null;
  env?: NodeJS.ProcessEnv;
  now?: () => number;
}

type Line = { type: 'line'; text: string } | { type: 'eof' };
type Input = WizardEvent | Line;

/** Runs the plain wizard to its end; resolves with the exit status. */
export async function runPlain(o: PlainOptions): Promise<number> {
  const now = o.now ?? Date.now;
  const env = o.env ?? process.env;
  const stderr = o.stderr ?? process.stderr;
  // Word-wrapped at the terminal's width; a new wrapper after each typed line (the terminal's echo
  // of the answer and its newline put the cursor back at the start of a line).
  let wrap = wordWrapper(() => o.out.columns || 80);
  const write = (t: string) => o.out.write(wrap(t));
  const say = (...ls: string[]) => {
    for (const l of ls) write(`${l}\n`);
  };

  // One queue: the effects' answers and the typed lines, in the order they came.
  const queue: Input[] = [];
  let wake: (() => void) | null = null;
  const push = (e: Input) => {
    queue.push(e);
    wake?.();
  };
  const next = async (): Promise<Input> => {
    while (queue.length === 0) await new Promise<void>((r) => (wake = r));
    wake = null;
    return queue.shift()!;
  };
  let buffered = '';
  const onData = (chunk: Buffer | string) => {
    buffered += chunk.toString();
    for (let nl = buffered.indexOf('\n'); nl !== -1; nl = buffered.indexOf('\n')) {
      push({ type: 'line', text: buffered.slice(0, nl).replace(/\r$/, '') });
      buffered = buffered.slice(nl + 1);
    }
  };
  const onEnd = () => push({ type: 'eof' });
  o.stdin.setEncoding('utf8');
  o.stdin.on('data', onData);
  o.stdin.once('end', onEnd);
  o.stdin.resume();

  let interrupted: NodeJS.Signals | null = null;
  let aborted = false;
  const late: string[] = [];
  const helpers = new AbortController();
  const hold = holdSignals((sig) => {
    if (sig === 'SIGINT' && interrupted === null) {
      // Ctrl+C at a line-mode terminal: the Ink wizard's Ctrl+C key.
      write('\n');
      push({ type: 'cancel' });
      return;
    }
    if (sig === 'SIGHUP') markTerminalGone();
    interrupted ??= sig;
    aborted = true;
    helpers.abort();
    push({ type: 'abort' });
  });
  const toSafety = o.codesOut
    ? redirectedDelivery(o.home, () => interrupted, o.codesOut, { stop: helpers.signal }).deliver
    : wizardDelivery(o.home, () => interrupted);
  let generatedAt: number | null = null;
  /** The regenerate answer arrived: an interruption after it ends with 3, never the signal's status. */
  let replaced = false;
  const deps: EffectDeps = {
    api: o.api,
    statusPromise: o.statusPromise,
    home: o.home,
    env,
    deliver: async (n, asked) => {
      generatedAt ??= n.generatedAt.getTime();
      replaced = true;
      const d = await toSafety(n, asked);
      if (interrupted) late.push(...d.lines);
      return d;
    },
    signal: helpers.signal,
    now,
    // --save and --save-command, as the Ink wizard stores them (here no question can change them).
    asked: placesAsked(o.preset, o.home, { env, wizard: true }),
  };
  const dispatch = (e: WizardEvent) => push(e);

  for (const n of o.notices ?? []) say(`! ${n}`);
  say('Regenerate Vast.ai backup codes', "Checking your account's two-factor setup...");

  let s: WizardState = initialState(o.preset, resendCooldown(env));
  let seq = -1;
  let cancelStep: Cancel = () => undefined;
  /** A question inside the codes step (the file name, the pass entry), else null. */
  let asking: 'file' | 'pass' | null = null;
  let passOffered = false;
  let stopProbe: Cancel = () => undefined;
  let lastCodes: CodesState | null = null;
  let code = 1;
  try {
    for (;;) {
      if (s.seq !== seq) {
        seq = s.seq;
        cancelStep();
        cancelStep = enterStep(s.step, deps, dispatch);
        asking = null;
        lastCodes = null;
        if (aborted && (s.step.name === 'codes' || s.step.name === 'leave-unsaved')) dispatch({ type: 'abort' });
        const end = wizardExit(s.step);
        if (end !== null) {
          say(...finalLines(s));
          code = end.code;
          if (end.dump && end.dump.length > 0) {
            const at = new Date(end.generatedAt ?? generatedAt ?? now());
            if (interrupted === null) {
              const left = await leaveEarly(end.dump, at, o.home);
              late.push(left.text);
              code = left.code;
            } else {
              // The one delivery: the default file (deps.deliver tells where on stderr).
              await deps.deliver({ codes: end.dump, generatedAt: at, body: null });
            }
          }
          break;
        }
        if (s.step.name === 'codes') {
          stopProbe = probePass({ env, home: o.home }, (yes) => {
            passOffered = yes;
          });
        }
        say(...(await stepLines(s, o.demo ?? null, now(), o.out.columns || 80)));
        if (isQuestion(s)) write(questionPrompt(s));
      }
      if (s.step.name === 'codes' && s.step.codes !== lastCodes) {
        const c: CodesState = s.step.codes;
        const news = codesNews(lastCodes, c);
        if (news.length > 0) say(...news);
        lastCodes = c;
        if (!saveRunning(c) && asking === null) write(`${codesMenu(c, passOffered).join('\n')}\n${ASK}`);
      }
      const e = await next();
      const before = s;
      if (e.type === 'line' || e.type === 'eof') {
        wrap = wordWrapper(() => o.out.columns || 80);
        const r = answer(s, e.type === 'eof' ? null : e.text.trim(), asking, passOffered, now(), { home: o.home, env });
        asking = r.asking;
        if (r.say.length > 0) say(...r.say);
        if (r.event) s = reduce(s, r.event);
        if (s === before) {
          // Nothing moved on: the same question again (or the one the answer opened).
          if (r.prompt) write(r.prompt);
          else if (s.step.name === 'codes') {
            if (!saveRunning(s.step.codes)) write(`${codesMenu(s.step.codes, passOffered).join('\n')}\n${ASK}`);
          } else if (isQuestion(s)) write(questionPrompt(s));
          continue;
        }
      } else s = reduce(s, e);
      // The codes step's work (save, pass, --save-command) starts when its state asks for it.
      if (s.step.name === 'codes')
        startCodesWork(before.step.name === 'codes' ? before.step.codes : null, s.step.codes, deps, dispatch);
    }
  } finally {
    cancelStep();
    stopProbe();
    o.stdin.off('data', onData);
    o.stdin.off('end', onEnd);
    o.stdin.pause();
    hold.release();
  }
  for (const l of late) await writeAll(stderr, l);
  // Interrupted after the codes arrived: 3 (stderr named where they are); before, the signal's status.
  if (interrupted) code = replaced ? EXIT.undelivered : signalExit(interrupted);
  return code;
}

const ASK = 'Choose a number: ';

/** Starts each store of `c`'s places that is pending and was not pending in `before`. */
function startCodesWork(
  before: CodesState | null,
  c: CodesState,
  deps: EffectDeps,
  dispatch: (e: WizardEvent) => void,
): void {
  c.places.forEach((p, i) => {
    if (p.state === 'pending' && before?.places[i]?.state !== 'pending') storePlace(c, i, deps, dispatch);
  });
}

/** Steps that wait for a line. */
function isQuestion(s: WizardState): boolean {
  return ['choose', 'enter-code', 'confirm', 'leave-unsaved', 'retry-wait'].includes(s.step.name);
}

function questionPrompt(s: WizardState): string {
  switch (s.step.name) {
    case 'choose':
      return `Choose a number (q quits): `;
    case 'enter-code': {
      const extra = needsSending(s.step.choice) ? ', r sends a new code' : '';
      return `Code (b goes back${extra}): `;
    }
    case 'confirm':
      return 'Replace them now? Type y to regenerate, or b to go back: ';
    case 'leave-unsaved':
      return ASK;
    case 'retry-wait':
      return 'Type t to try again (a fresh code, confirmed again), or q to quit: ';
    default:
      return '';
  }
}

/** What a step says when it starts. */
async function stepLines(
  s: WizardState,
  demo: { fetchInbox: () => Promise<DemoInbox> } | null,
  at: number,
  /** The terminal's width: the codes' layout and their notes are made for it. */
  width: number,
): Promise<string[]> {
  const step = s.step;
  switch (step.name) {
    case 'retry-wait': {
      const e = step.ended;
      return [
        failureHeadline(true, false),
        e.title,
        ...(e.backupCodesRemaining !== null ? [remainingAfterUnknown(e.backupCodesRemaining)!] : []),
        `The server asked to wait: a new attempt can start at ${clockTime(Math.ceil(step.retryAt / 1000))}.`,
      ];
    }
    case 'choose': {
      const status = s.status!;
      const n = status.backupCodesRemaining;
      const rows = choicesFor(status).map((choice, i) => {
        const l = choiceLabel(
          { choice, lockedUntil: lockState(s, choice, at), failCount: failCount(s, choice) },
          status,
        );
        const note = [l.disabled, l.detail].filter(Boolean).join(', ');
        return `  ${i + 1}. ${l.label}${note ? ` (${note})` : ''}`;
      });
      return [
        '',
        status.methods.length === 0
          ? 'This account uses the older 2FA setup. Regenerating backup codes also migrates it: ' +
            'the phone number on file becomes an SMS method.'
          : `You have ${n} unused backup code${n === 1 ? '' : 's'}. New codes replace all of them.`,
        ...WHEN_TO_REGENERATE,
        ...(step.notice ? [step.notice] : []),
        ...(step.error ? [step.error] : []),
        "How do you want to verify it's you?",
        ...rows,
        ...(await demoLines(demo)),
      ];
    }
    case 'sending':
      return [`${step.resend ? 'Sending a new code' : 'Sending a code'} to ${destination(step.choice)}...`];
    case 'enter-code': {
      const note = attemptsNote(s, step.choice);
      const confirmed = (s.confirmedFor ?? null) === choiceKey(step.choice);
      return [
        '',
        ...(step.notice ? [step.notice] : []),
        ...(step.error ? [step.error] : []),
        ...(note ? [note] : []),
        codePrompt(step.choice, step.challenge),
        ...(confirmed ? ['You already agreed: Enter replaces your backup codes with this code.'] : []),
        ...(await demoLines(demo)),
      ];
    }
    case 'confirm':
      return ['', whatStopsWorking(s.status?.backupCodesRemaining ?? 0), SHOWN_ONCE_NOTE];
    case 'regenerating':
      return ['Replacing your backup codes... (Ctrl+C waits for the answer: it holds the new codes)'];
    case 'codes': {
      const c = step.codes;
      return [
        '',
        // One code a line, in order: two columns are read 1, 6, 2, 7, … by a screen reader (Emacspeak
        // in an Emacs shell, a braille console), and this is the mode of those terminals.
        ...formatCodesForTerminal(c.codes, new Date(c.generatedAt), width, true),
        ...(c.warnings ?? []).map((w) => `Warning: ${w}`),
      ];
    }
    case 'leave-unsaved': {
      const n = step.codes.codes.length;
      return [
        '',
        `The ${n} new backup codes are not saved anywhere. ` +
          'Your old codes no longer work, and the server will never show these again.',
        '  1. Go back and save them',
        '  2. Leave without saving (they stay above in the terminal)',
      ];
    }
    default:
      return [];
  }
}

/** The demo inbox as a line (the plain wizard has no panel). */
async function demoLines(demo: { fetchInbox: () => Promise<DemoInbox> } | null): Promise<string[]> {
  if (demo === null) return [];
  try {
    const inbox = await demo.fetchInbox();
    const last = inbox.messages.at(-1);
    return [
      `Demo inbox: authenticator code ${inbox.totpCode}` +
        (last ? `; last ${last.channel} code ${last.code}` : '') +
        (inbox.backupCodes[0] ? `; a backup code ${inbox.backupCodes[0]}` : '') +
        '.',
    ];
  } catch {
    return [];
  }
}

/** What changed on the codes step since `before`, as lines: each place that started, was stored or failed. */
function codesNews(before: CodesState | null, c: CodesState): string[] {
  const out: string[] = [];
  c.places.forEach((p, i) => {
    const was = before?.places[i];
    if (was !== undefined && was.state === p.state) return;
    if (p.state === 'pending') {
      const place = p.place;
      out.push(
        place.kind === 'pass'
          ? `Storing in pass as ${place.entry} and reading it back...`
          : place.kind === 'command'
            ? 'Running --save-command...'
            : `Saving to ${place.kind === 'file' ? place.path : '~/Downloads'}...`,
      );
    } else if (p.state === 'stored') {
      if (p.place.kind === 'pass') out.push(`Stored in pass as ${p.place.entry}: read back and checked.`);
      else if (p.place.kind === 'command')
        out.push('--save-command exited 0: counted as stored (what it did cannot be checked).');
      else out.push(`Saved to ${p.at}${p.at.includes('standard output') ? '' : ' (readable only by you)'}.`);
    } else out.push(`Error: ${p.error}`);
  });
  return out;
}

/**
 * Where "Save to a file" writes by default: after a save, the folder (a free name is picked), never
 * the file just written.
 */
function savePathFor(c: CodesState): string {
  const saved = c.places.some((p) => p.state === 'stored' && (p.place.kind === 'file' || p.place.kind === 'default'));
  return saved ? '~/Downloads/' : `~/Downloads/${defaultCodesFileName(new Date(c.generatedAt))}`;
}

function codesMenu(c: CodesState, passOffered: boolean): string[] {
  const stored = storedIn(c) !== null;
  return [
    stored ? 'Keep another copy, or leave:' : 'Keep them safe now (the old codes no longer work):',
    `  1. Save to a file (${savePathFor(c)})`,
    ...(passOffered ? ['  2. Store in pass'] : []),
    `  ${passOffered ? 3 : 2}. Done`,
  ];
}

interface Answer {
  event: WizardEvent | null;
  say: string[];
  /** Ask this instead of the step's own question. */
  prompt?: string;
  asking: 'file' | 'pass' | null;
}

/** A typed line (null: input ended) as the event it means on this step. */
function answer(
  s: WizardState,
  line: string | null,
  asking: 'file' | 'pass' | null,
  passOffered: boolean,
  at: number,
  /** Where a file or pass entry asked for is made: the home folder and the helpers' environment. */
  where: { home: string; env: NodeJS.ProcessEnv },
): Answer {
  const step = s.step;
  const none = (say: string[] = [], prompt?: string): Answer => ({ event: null, say, prompt, asking: null });
  if (line === null) return { event: { type: 'cancel' }, say: [], asking: null };
  switch (step.name) {
    case 'choose': {
      if (line === 'q' || line === 'Q') return { event: { type: 'cancel' }, say: [], asking: null };
      const list = choicesFor(s.status!);
      const i = /^\d+$/.test(line) ? Number(line) - 1 : -1;
      const choice = list[i];
      if (!choice) return none([`Type a number from 1 to ${list.length}.`], questionPrompt(s));
      return { event: { type: 'method-picked', choice, at }, say: [], asking: null };
    }
    case 'enter-code': {
      if (line === 'b' || line === 'B') return { event: { type: 'back' }, say: [], asking: null };
      if ((line === 'r' || line === 'R') && needsSending(step.choice)) {
        const wait = Math.ceil(resendWaitMs(step.challenge, s.resendCooldownMs, at) / 1000);
        if (wait > 0) return none([`A new code can be sent in ${wait} s.`], questionPrompt(s));
        return { event: { type: 'resend-requested', at }, say: [], asking: null };
      }
      const r = reduce(s, { type: 'code-submitted', value: line, at });
      // Refused locally (malformed): the reason, and the same question again.
      if (r.step.name === 'enter-code') return none([r.step.error ?? 'Enter the code.'], questionPrompt(s));
      return { event: { type: 'code-submitted', value: line, at }, say: [], asking: null };
    }
    case 'confirm':
      if (/^y(es)?$/i.test(line)) return { event: { type: 'confirmed', at }, say: [], asking: null };
      if (/^(b|n|no|back)?$/i.test(line)) return { event: { type: 'back' }, say: [], asking: null };
      return none(['Type y to regenerate, or b to go back.'], questionPrompt(s));
    case 'retry-wait':
      if (/^q(uit)?$/i.test(line)) return { event: { type: 'cancel' }, say: [], asking: null };
      if (/^t(ry)?$/i.test(line)) {
        if (at < step.retryAt)
          return none([`Not yet: at ${clockTime(Math.ceil(step.retryAt / 1000))}.`], questionPrompt(s));
        return { event: { type: 'retry-requested', at }, say: [], asking: null };
      }
      return none(['Type t or q.'], questionPrompt(s));
    case 'leave-unsaved':
      if (line === '1') return { event: { type: 'back' }, say: [], asking: null };
      if (line === '2') return { event: { type: 'leave' }, say: [], asking: null };
      return none(['Type 1 or 2.'], ASK);
    case 'codes': {
      const c = step.codes;
      if (saveRunning(c)) return none(['Wait: the codes are being stored.']);
      if (asking === 'file') {
        const path = line === '' ? savePathFor(c) : line;
        return { event: { type: 'store-requested', place: fileTarget(path, where.home) }, say: [], asking: null };
      }
      if (asking === 'pass') {
        const entry = line === '' ? DEFAULT_PASS_ENTRY : line;
        const place = passTarget(entry, where.home, { env: where.env, wizard: true });
        return { event: { type: 'store-requested', place }, say: [], asking: null };
      }
      const done = passOffered ? '3' : '2';
      if (line === '1')
        return {
          event: null,
          say: [],
          prompt: `File name (Enter for ${savePathFor(c)}): `,
          asking: 'file',
        };
      if (line === '2' && passOffered)
        return { event: null, say: [], prompt: `Entry name (Enter for ${DEFAULT_PASS_ENTRY}): `, asking: 'pass' };
      if (line === done) return { event: { type: 'leave' }, say: [], asking: null };
      return none([`Type a number from 1 to ${done}.`]);
    }
    default:
      return none();
  }
}

/** The last lines, once the flow has ended (the codes are not printed again: they are above). */
function finalLines(s: WizardState): string[] {
  const step = s.step;
  switch (step.name) {
    case 'done':
      return ['', step.summary];
    case 'cancelled':
      return [CANCELLED];
    case 'no-tfa':
      return [NO_TFA.title, NO_TFA.hint];
    case 'failed':
      return [
        failureHeadline(step.outcomeUnknown, step.whileChecking ?? false),
        step.title,
        ...(step.outcomeUnknown && step.backupCodesRemaining !== null
          ? [remainingAfterUnknown(step.backupCodesRemaining)!]
          : []),
        ...(step.outcomeUnknown
          ? ['Your old backup codes may no longer work, and the new ones were never received.']
          : []),
        `Next: ${step.hint}`,
      ];
    default:
      return [];
  }
}
