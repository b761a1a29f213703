/**
 * The wizard's root: owns the reducer, performs the effects each step asks for (API calls,
 * saving, copying), routes Ctrl+C, and renders the screen of the current step. Screens never
 * call the network.
 */
import { useEffect, useEffectEvent, useReducer, useRef, useState, useSyncExternalStore } from 'react';
import { Box, useApp, useInput, useStdout } from 'ink';
import { ApiError, attemptsLeft, isApiError, LOCK_MINUTES, outcomeUnknown } from '../api/errors.js';
import type { Challenge, TfaApi, TfaStatus } from '../api/types.js';
import { defaultCodesFileName, formatCodesFile } from '../codes/format.js';
import { DEFAULT_PASS_ENTRY, freeEntryName, passReady, passStoreDir, PassError } from '../codes/pass.js';
import { saveCodesFile } from '../codes/save.js';
import { commandTarget, deliver, defaultFile, passTarget, type Delivery, type NewCodes } from '../flow/deliver.js';
import type { DemoInbox } from '../demo/inbox.js';
import { noticeStore, type NoticeStore } from '../flow/notices.js';
import type { Preset } from '../flow/preset.js';
import { initialState, reduce } from '../flow/reducer.js';
import {
  choiceChannel, choiceKey, choiceName, choicesFor, exitCodeOf, failCount, lockedUntil, unsavedCodes, type Choice, type SentChallenge, type WizardState,
} from '../flow/steps.js';
import { inert } from '../text/sanitize.js';
import { DemoPanel } from './components/DemoPanel.js';
import { Notices } from './components/Notices.js';
import { FitContext, textLines, type Fit } from './fit.js';
import { useTerminalSize } from './hooks/use-columns.js';
import { KeysProvider } from './hooks/use-keys.js';
import { ThemeContext } from './theme.js';
import { CancelledScreen } from './screens/CancelledScreen.js';
import { ChooseScreen } from './screens/ChooseScreen.js';
import { CodesScreen } from './screens/CodesScreen.js';
import { ConfirmScreen } from './screens/ConfirmScreen.js';
import { DoneScreen } from './screens/DoneScreen.js';
import { EnterCodeScreen } from './screens/EnterCodeScreen.js';
import { FailedScreen } from './screens/FailedScreen.js';
import { LeaveUnsavedScreen } from './screens/LeaveUnsavedScreen.js';
import { LoadingScreen } from './screens/LoadingScreen.js';
import { NoTfaScreen } from './screens/NoTfaScreen.js';
import { RegeneratingScreen } from './screens/RegeneratingScreen.js';
import { SendingScreen } from './screens/SendingScreen.js';

/** How the wizard ended. */
export interface WizardExit {
  code: number;
  /** New codes that exist nowhere safe yet: to a safe place after the UI is gone. */
  dump: string[] | null;
  /** When those codes were generated (epoch ms), for the file's name and banner. */
  generatedAt?: number;
}

export interface AppProps {
  api: TfaApi;
  /** The first status request, already started. */
  statusPromise: Promise<TfaStatus>;
  preset: Preset;
  /** --demo: where the helper panel reads the demo inbox. */
  demo: { fetchInbox: () => Promise<DemoInbox> } | null;
  /** Colour on/off. @default true */
  color?: boolean;
  /** ASCII glyphs only (the locale is not UTF-8). @default false */
  ascii?: boolean;
  /** Warnings for the first screens; drawn again when one is pushed. @default none */
  notices?: NoticeStore;
  /** Home folder, for the default save path and ~/.password-store. */
  home: string;
  /** The environment `pass` and --save-command run with (PATH, PASSWORD_STORE_DIR, GNUPGHOME). @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Cool-down before a code may be resent. @default 30000 */
  resendCooldownMs?: number;
  /** Aborted when the wizard is torn down: a pass or --save-command still running is stopped. */
  stopHelpers?: AbortSignal;
  /** Called once, when a final step is reached, before the app exits. */
  onExit: (e: WizardExit) => void;
  /** Told whenever the set of new codes that exist nowhere safe changes (null: none). */
  onUnsaved?: (codes: string[] | null) => void;
  /** Receives a function that tears the wizard down (e.g. stdout failed) without losing new codes. */
  bindAbort?: (abort: () => void) => void;
  /** Where the codes go the moment the answer arrives, before they are shown. @default wizardDelivery(home) */
  deliver?: (n: NewCodes) => Promise<Delivery>;
}

/**
 * Where the wizard's codes go the moment the answer arrives, before they are shown: nowhere while
 * the terminal is live (it shows them; --save, pass and --save-command start on the codes screen),
 * the default file once the run was interrupted (flow/deliver.ts).
 */
export function wizardDelivery(home: string, interrupted: () => NodeJS.Signals | null = () => null) {
  return (n: NewCodes): Promise<Delivery> => deliver(n, {
    save: null, fallback: defaultFile(home), wizard: true, stdout: 'tty', stdoutOnly: false, raw: false, interrupted: interrupted(),
  }, null);
}

/** Anything thrown becomes an ApiError whose text is safe to show. */
function asApiError(e: unknown): ApiError {
  if (isApiError(e)) return e;
  const msg = e instanceof Error ? e.message : String(e);
  return new ApiError({ code: 'unexpected', status: null, title: `Something went wrong: ${inert(msg, 120)}.`,
    hint: 'Try again; run with --explain to see the API calls.' });
}

/** Sends (or resends) a code with the bodies the official CLI sends: `{}` and `{secret}`. */
async function sendFor(api: TfaApi, choice: Choice, resend: boolean, previous: SentChallenge | null): Promise<Challenge> {
  if (choice.kind === 'email') return api.sendEmail();
  // SMS goes to the account's phone on file; no public client can address one method.
  return resend && previous ? api.resendSms(previous.secret) : api.sendSms();
}

/** OSC 52: asks the terminal to put `text` on the system clipboard. */
export function osc52(text: string): string {
  return `\u001b]52;c;${Buffer.from(text, 'utf8').toString('base64')}\u0007`;
}

const SHOWS_DEMO = new Set(['choose', 'sending', 'enter-code']);
/** Lines the demo panel takes (its margin, border and four lines). */
const DEMO_PANEL_LINES = 7;
/** Below this many rows the demo panel is left out and screens drop their blank lines. */
const ROOMY_ROWS = 22;
const COMPACT_BELOW_ROWS = 20;
const SHOWS_NOTICES = new Set(['loading', 'choose', 'no-tfa', 'failed']);
const NO_NOTICES = noticeStore();

export function App(p: AppProps) {
  const [state, dispatch] = useReducer(reduce, undefined, () => initialState(p.preset, p.resendCooldownMs));
  const { exit } = useApp();
  const { write } = useStdout();
  const { columns, rows } = useTerminalSize();
  const aborted = useRef(false);
  const exited = useRef(false);
  const seenChoose = useRef(false);
  const { step, seq } = state;
  const noticeSource = p.notices ?? NO_NOTICES;
  const notices = useSyncExternalStore(noticeSource.subscribe, noticeSource.getSnapshot);

  const { bindAbort, onUnsaved } = p;
  useEffect(() => {
    bindAbort?.(() => {
      aborted.current = true;
      dispatch({ type: 'abort' });
    });
  }, [bindAbort]);

  useInput((input, key) => {
    if (key.ctrl && input === 'c') dispatch({ type: 'cancel' });
  });

  // Effects of entering a step. `live` turns false when the step changes, so late answers are dropped.
  // An effect event: it runs when `seq` changes, and reads the props and step of that render.
  const enterStep = useEffectEvent(() => {
    let live = true;
    const at = (): number => Date.now();
    if (step.name === 'loading') {
      p.statusPromise.then(
        (status) => live && dispatch({ type: 'status-loaded', status, at: at() }),
        (e) => live && dispatch({ type: 'status-failed', error: asApiError(e) }),
      );
    } else if (step.name === 'sending') {
      sendFor(p.api, step.choice, step.resend, step.previous).then(
        // Kept even after Esc: the code is on its way, and picking this way again reuses it.
        (challenge) => dispatch({ type: 'challenge-sent', challenge, at: at(), choice: step.choice }),
        (e) => live && dispatch({ type: 'send-failed', error: asApiError(e), at: at() }),
      );
    } else if (step.name === 'regenerating') {
      // Never dropped: the answer to this request is the only copy of the new codes. They go to
      // their safe place (--save; the default file after a signal) before they are shown.
      const toSafety = p.deliver ?? wizardDelivery(p.home);
      p.api.regenerate(step.verification).then(
        async (result) => {
          const generated = at();
          const d = await toSafety({ codes: result.backupCodes, generatedAt: new Date(generated), body: result.body,
            warnings: result.warnings }).catch(() => null);
          dispatch({ type: 'regen-succeeded', result, at: generated,
            saved: d ? { path: d.savedTo ?? d.stored[0] ?? null, error: d.saveError } : undefined });
        },
        (e) => dispatch({ type: 'regen-failed', error: isApiError(e) ? e : outcomeUnknown(e instanceof Error ? e.message : String(e), null), at: at() }),
      );
    }
    if (step.name === 'choose') seenChoose.current = true;
    if (aborted.current && (step.name === 'codes' || step.name === 'leave-unsaved')) dispatch({ type: 'abort' });
    const code = exitCodeOf(step);
    if (code !== null && !exited.current) {
      exited.current = true;
      const dump = step.name === 'done' ? step.dump : null;
      p.onExit({ code, dump, ...(dump && step.name === 'done' ? { generatedAt: step.generatedAt } : {}) });
      exit();
    }
    return () => {
      live = false;
    };
  });
  useEffect(() => enterStep(), [seq]);

  const unsaved = unsavedCodes(step);
  useEffect(() => {
    onUnsaved?.(unsaved);
  }, [onUnsaved, unsaved]);

  // Saving, when asked (from `s` or --save).
  const pendingSave = step.name === 'codes' ? step.codes.pendingSave : null;
  const startSave = useEffectEvent((pendingSave: string) => {
    if (step.name !== 'codes') return;
    const c = step.codes;
    const generatedAt = new Date(c.generatedAt);
    saveCodesFile(pendingSave, formatCodesFile(c.codes, generatedAt), { now: generatedAt, home: p.home }).then(
      (path) => dispatch({ type: 'saved', path }),
      (e) => dispatch({ type: 'save-failed', message: e instanceof Error ? e.message : String(e) }),
    );
  });
  useEffect(() => {
    if (pendingSave !== null) startSave(pendingSave);
  }, [pendingSave]);

  // Storing in pass, when asked (from `p` or --save pass:NAME): only a read-back that matches counts.
  const env = p.env ?? process.env;
  const pendingPass = step.name === 'codes' ? step.codes.pendingPass : null;
  const startPass = useEffectEvent((pendingPass: string) => {
    if (step.name !== 'codes') return;
    const c = step.codes;
    const at = new Date(c.generatedAt);
    // wizard: a taken name is refused (the screen asks for another), and gpg opens no prompt on Ink's terminal.
    passTarget(pendingPass, p.home, { env, wizard: true, signal: p.stopHelpers }).store(formatCodesFile(c.codes, at), at).then(
      () => dispatch({ type: 'pass-stored', entry: pendingPass }),
      async (e: unknown) => {
        const taken = e instanceof PassError && e.failure === 'exists';
        const suggestion = taken ? await freeEntryName(pendingPass, passStoreDir(env, p.home)).catch(() => null) : null;
        dispatch({ type: 'pass-failed', message: e instanceof Error ? e.message : String(e), suggestion });
      },
    );
  });
  useEffect(() => {
    if (pendingPass !== null) startPass(pendingPass);
  }, [pendingPass]);

  // --save-command: exit status 0 counts as stored.
  const pendingCommand = step.name === 'codes' ? step.codes.pendingCommand : null;
  const startCommand = useEffectEvent((pendingCommand: string) => {
    if (step.name !== 'codes') return;
    const c = step.codes;
    const at = new Date(c.generatedAt);
    commandTarget(pendingCommand, { env, signal: p.stopHelpers }).store(formatCodesFile(c.codes, at), at).then(
      () => dispatch({ type: 'command-stored' }),
      (e: unknown) => dispatch({ type: 'command-failed', message: e instanceof Error ? e.message : String(e) }),
    );
  });
  useEffect(() => {
    if (pendingCommand !== null) startCommand(pendingCommand);
  }, [pendingCommand]);

  // "Save to pass" is offered when pass is on PATH and a store exists.
  const [passOffered, setPassOffered] = useState(false);
  const atCodes = step.name === 'codes';
  useEffect(() => {
    if (!atCodes) return;
    let live = true;
    void passReady({ env, home: p.home }).then((r) => { if (live) setPassOffered(!('reason' in r)); });
    return () => { live = false; };
  }, [atCodes, env, p.home]);

  // The --demo inbox panel, while a code is being chosen, sent or typed (it polls while shown),
  // when the terminal has room for it: it gives way first.
  const showDemo = p.demo !== null && SHOWS_DEMO.has(step.name) && rows >= ROOMY_ROWS;

  // A lock that ends while the list is on screen: redraw then, so the method can be chosen again.
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  const nextUnlock = step.name === 'choose' && state.status
    ? Math.min(...choicesFor(state.status).map((c) => lockedUntil(state, c, Date.now()) ?? Infinity)) : Infinity;
  useEffect(() => {
    if (!Number.isFinite(nextUnlock)) return;
    const t = setTimeout(redraw, Math.max(0, nextUnlock * 1000 - Date.now()) + 50);
    return () => clearTimeout(t);
  }, [nextUnlock]);

  const screen = renderStep(state, p, columns, dispatch, write, passOffered);
  const showNotices = notices.length > 0 && SHOWS_NOTICES.has(step.name) && !(step.name === 'failed' && seenChoose.current);
  // Every frame stays below the terminal's height (Ink clears the screen and the scrollback for
  // one as tall as it); a final frame is printed once and may scroll, so it is never cut.
  const capped = exitCodeOf(step) === null && Number.isFinite(rows);
  const compact = rows < COMPACT_BELOW_ROWS;
  const noticeLines = showNotices ? notices.reduce((n, t) => n + textLines(`! ${t}`, columns), compact ? 0 : 1) : 0;
  const fit: Fit = { lines: (capped ? rows - 1 : Infinity) - (showDemo ? DEMO_PANEL_LINES : 0) - noticeLines, columns, compact };
  return (
    <ThemeContext.Provider value={{ color: p.color ?? true, ascii: p.ascii ?? false }}>
      <FitContext.Provider value={fit}>
        <KeysProvider>
          <Box flexDirection="column" width={columns} {...(capped ? { maxHeight: rows - 1, overflow: 'hidden' as const } : {})}>
            {showNotices ? <Box flexDirection="column" flexShrink={1000} overflow="hidden"><Notices notices={notices} /></Box> : null}
            {screen}
            {showDemo ? <Box flexShrink={100} overflow="hidden"><DemoPanel fetchInbox={p.demo!.fetchInbox} /></Box> : null}
          </Box>
        </KeysProvider>
      </FitContext.Provider>
    </ThemeContext.Provider>
  );
}

/** "2 attempts left before SMS locks for 15 minutes." once a code was refused, else null. */
function attemptsNote(state: WizardState, choice: Choice): string | null {
  const channel = choiceChannel(choice);
  const fails = failCount(state, choice);
  const left = channel === 'backup' || fails === 0 ? null : attemptsLeft(channel, fails);
  return left === null ? null
    : `${left} attempt${left === 1 ? '' : 's'} left before ${choiceName(choice)} locks for ${LOCK_MINUTES} minutes.`;
}

function renderStep(state: WizardState, p: AppProps, columns: number, dispatch: (e: Parameters<typeof reduce>[1]) => void,
  write: (data: string) => void, passOffered: boolean) {
  const { step, seq, status } = state;
  const now = Date.now();
  switch (step.name) {
    case 'loading':
      return <LoadingScreen />;
    case 'no-tfa':
      return <NoTfaScreen />;
    case 'choose': {
      const rows = choicesFor(status!).map((choice) => ({ choice, lockedUntil: lockedUntil(state, choice, now), failCount: failCount(state, choice) }));
      const last = rows.findIndex((r) => choiceKey(r.choice) === state.lastPicked);
      return <ChooseScreen key={seq} status={status!} rows={rows} error={step.error} notice={step.notice}
        initial={last === -1 ? undefined : last}
        onPick={(choice) => dispatch({ type: 'method-picked', choice, at: Date.now() })}
        onCancel={() => dispatch({ type: 'cancel' })} />;
    }
    case 'sending':
      return <SendingScreen key={seq} choice={step.choice} resend={step.resend} onBack={() => dispatch({ type: 'back' })} />;
    case 'enter-code':
      return <EnterCodeScreen key={seq} choice={step.choice} challenge={step.challenge} error={step.error}
        attemptsNote={attemptsNote(state, step.choice)}
        notice={step.notice} initialValue={step.value} resendCooldownMs={state.resendCooldownMs}
        onSubmit={(value) => dispatch({ type: 'code-submitted', value, at: Date.now() })}
        onResend={() => dispatch({ type: 'resend-requested', at: Date.now() })}
        onBack={() => dispatch({ type: 'back' })} />;
    case 'confirm':
      return <ConfirmScreen key={seq} remaining={status?.backupCodesRemaining ?? 0}
        onConfirm={() => dispatch({ type: 'confirmed', at: Date.now() })} onBack={() => dispatch({ type: 'back' })} />;
    case 'regenerating':
      return <RegeneratingScreen cancelAsked={step.cancelAsked} />;
    case 'codes': {
      const c = step.codes;
      return <CodesScreen key={seq} codes={c} columns={columns}
        defaultPath={`~/Downloads/${defaultCodesFileName(new Date(c.generatedAt))}`}
        onSave={(path) => dispatch({ type: 'save-requested', path })}
        pass={passOffered ? { defaultEntry: DEFAULT_PASS_ENTRY, onStore: (entry) => dispatch({ type: 'pass-requested', entry }) } : null}
        onCopy={() => {
          write(osc52(c.codes.join('\n') + '\n'));
          dispatch({ type: 'copied' });
        }}
        onToggleKeep={() => dispatch({ type: 'keep-toggled' })}
        onLeave={() => dispatch({ type: 'leave' })} />;
    }
    case 'leave-unsaved':
      return <LeaveUnsavedScreen key={seq} count={step.codes.codes.length} copied={step.codes.copied}
        onBack={() => dispatch({ type: 'back' })} onLeave={() => dispatch({ type: 'leave' })} />;
    case 'done':
      return <DoneScreen summary={step.summary} shown={step.shown} generatedAt={step.generatedAt} columns={columns}
        warn={step.warn} />;
    case 'failed':
      return <FailedScreen title={step.title} hint={step.hint} outcomeUnknown={step.outcomeUnknown} whileChecking={step.whileChecking ?? false}
        backupCodesRemaining={step.backupCodesRemaining} />;
    case 'cancelled':
      return <CancelledScreen />;
  }
}
