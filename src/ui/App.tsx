/**
 * The wizard's root: owns the reducer, routes Ctrl+C, and renders the screen of the current step
 * with the notices and the demo panel around it, fitted to the terminal. The work the steps ask
 * for (API calls, saving, pass) is flow/effects.ts, run by hooks/use-step-effects.ts. Screens
 * never call the network.
 */
import { useReducer, useState, useSyncExternalStore } from 'react';
import { Box, Text, useInput, useStdout, useWindowSize } from 'ink';
import { defaultCodesFileName } from '../codes/format.js';
import { DEFAULT_PASS_ENTRY } from '../codes/pass.js';
import type { TakenPlace } from '../codes/taken.js';
import { fileTarget, passTarget } from '../codes/places.js';
import { redrawAt, type WizardExit } from '../flow/effects.js';
import type { DemoInbox } from '../demo/inbox.js';
import { noticeStore, type NoticeStore } from '../flow/notices.js';
import type { Preset } from '../flow/preset.js';
import { askFirst, initialState, reduce } from '../flow/reducer.js';
import {
  choiceChannel,
  choiceKey,
  choicesFor,
  exitCodeOf,
  failCount,
  lockState,
  type WizardState,
} from '../flow/steps.js';
import { attemptsNote } from '../flow/labels.js';
import { DemoPanel } from './components/DemoPanel.js';
import { Notices } from './components/Notices.js';
import { realClock } from './clock.js';
import { textLines, type Fit } from './fit.js';
import { sizeNeeded, tooSmallLine } from './size.js';
import { useRedrawAt } from './hooks/use-redraw-at.js';
import { useStepEffects, type StepEffectsOptions } from './hooks/use-step-effects.js';
import { WizardProviders } from './providers.js';
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
import { PlaceTakenScreen } from './screens/PlaceTakenScreen.js';
import { RegeneratingScreen } from './screens/RegeneratingScreen.js';
import { RetryWaitScreen } from './screens/RetryWaitScreen.js';
import { SendingScreen } from './screens/SendingScreen.js';

export type { WizardExit };

/** What the wizard is given; what its effects reach is described in hooks/use-step-effects.ts. */
export interface AppProps extends StepEffectsOptions {
  preset: Preset;
  /** --demo: where the helper panel reads the demo inbox. */
  demo: { fetchInbox: () => Promise<DemoInbox> } | null;
  /** Colour on/off. @default true */
  color?: boolean;
  /** ASCII glyphs only (the locale is not UTF-8). @default false */
  ascii?: boolean;
  /** Warnings for the first screens; drawn again when one is pushed. @default none */
  notices?: NoticeStore;
  /** Cool-down before a code may be resent. @default 30000 */
  resendCooldownMs?: number;
  /** --save names an existing file or pass entry (no --replace): asked first. @default null */
  taken?: TakenPlace | null;
  /**
   * Moves the drawing to the terminal's alternate screen (true) or back (false), the frame on
   * screen erased first: every screen but the final frame is drawn there, so no frame (and no
   * code) reaches the scrollback, whatever resizes happen. @default null (one screen)
   */
  screenBuffer?: ((alternate: boolean) => void) | null;
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
  const [state, dispatch] = useReducer(reduce, undefined, () =>
    askFirst(initialState(p.preset, p.resendCooldownMs), p.taken ?? null),
  );
  const { write, stdout } = useStdout();
  const { columns, rows: knownRows } = useWindowSize();
  // Not a terminal (rows unknown): nothing to fit.
  const rows = (stdout as NodeJS.WriteStream).rows ? knownRows : Infinity;
  const [seenChoose, setSeenChoose] = useState(false);
  const { step } = state;
  const clock = p.clock ?? realClock;
  const noticeSource = p.notices ?? NO_NOTICES;
  const notices = useSyncExternalStore(noticeSource.subscribe, noticeSource.getSnapshot);
  // Once the list was shown, a later failure is the user's own: the start-up notices are not repeated.
  if (step.name === 'choose' && !seenChoose) setSeenChoose(true);

  useInput((input, key) => {
    // Ctrl+\ (SIGQUIT outside raw mode) is a key here, like Ctrl+C.
    if ((key.ctrl && input === 'c') || input === '\u001c' || (key.ctrl && input === '\\')) dispatch({ type: 'cancel' });
  });
  const { passOffered } = useStepEffects(state, dispatch, p);

  // Every screen but the last frame is drawn on the alternate screen: a terminal that rewraps or
  // shortens a frame on a resize pushes its top rows into the scrollback, where no erase reaches
  // them (a title twice, codes split mid-code); the alternate screen has none. The final frame (what
  // happened, and the codes when asked to keep them) is printed on the terminal's own screen.
  // Switched while this frame is rendered, before Ink draws it (the switch is idempotent).
  p.screenBuffer?.(exitCodeOf(step) === null);

  // The --demo inbox panel, while a code is being chosen, sent or typed (it polls while shown),
  // when the terminal has room for it; on a shorter one, its codes on one line.
  const demoHere = p.demo !== null && SHOWS_DEMO.has(step.name);
  const showDemo = demoHere && rows >= ROOMY_ROWS;
  const demoLine = demoHere && !showDemo;

  // A lock that ends while the list is on screen: redraw then, so the method can be chosen again.
  useRedrawAt(redrawAt(state, clock.now()), clock);

  // Every frame stays below the terminal's height (Ink redraws one as tall as it from the top of
  // the screen); a final frame is printed once and may scroll, so it is never cut.
  const capped = exitCodeOf(step) === null && Number.isFinite(rows);
  // Below the smallest size this screen can be used in: one line says the size needed, and the
  // wizard waits for a resize (the screen is not drawn, so its keys do nothing; Ctrl+C works as on it).
  const need = capped ? sizeNeeded(state, columns, clock.now(), demoLine ? 1 : 0) : null;
  if (need !== null && (columns < need.columns || rows < need.rows)) {
    return (
      <WizardProviders
        theme={{ color: p.color ?? true, ascii: p.ascii ?? false }}
        fit={{ lines: rows - 1, columns, compact: true }}
        clock={clock}
      >
        <Box flexDirection="column" maxHeight={Math.max(1, rows - 1)} overflow="hidden">
          <Text>{tooSmallLine(state, need, { columns, rows })}</Text>
        </Box>
      </WizardProviders>
    );
  }
  const screen = renderStep(state, p, columns, dispatch, write, passOffered);
  const showNotices = notices.length > 0 && SHOWS_NOTICES.has(step.name) && !(step.name === 'failed' && seenChoose);
  const compact = rows < COMPACT_BELOW_ROWS;
  const noticeLines = showNotices ? notices.reduce((n, t) => n + textLines(`! ${t}`, columns), compact ? 0 : 1) : 0;
  const fit: Fit = {
    lines: (capped ? rows - 1 : Infinity) - (showDemo ? DEMO_PANEL_LINES : demoLine ? 1 : 0) - noticeLines,
    columns,
    compact,
  };
  return (
    <WizardProviders theme={{ color: p.color ?? true, ascii: p.ascii ?? false }} fit={fit} clock={clock}>
      {/* No width: Ink lays the root out at the terminal's width, also in the frame it draws on a
          resize before this component has the new size (a stale width would draw rows the
          terminal wraps, and a frame taller than Ink counts leaves rows behind). */}
      <Box flexDirection="column" {...(capped ? { maxHeight: rows - 1, overflow: 'hidden' as const } : {})}>
        {showNotices ? (
          <Box flexDirection="column" flexShrink={1000} overflow="hidden">
            <Notices notices={notices} />
          </Box>
        ) : null}
        {screen}
        {showDemo ? (
          <Box flexShrink={100} overflow="hidden">
            <DemoPanel fetchInbox={p.demo!.fetchInbox} />
          </Box>
        ) : null}
        {demoLine ? (
          <Box flexShrink={0}>
            <DemoPanel fetchInbox={p.demo!.fetchInbox} line={{ columns, first: demoFirst(step) }} />
          </Box>
        ) : null}
      </Box>
    </WizardProviders>
  );
}

/** The demo inbox line starts with the code the step asks for. */
function demoFirst(step: WizardState['step']): 'totp' | 'sms' | 'email' | 'backup' | null {
  return step.name === 'enter-code' || step.name === 'sending' ? choiceChannel(step.choice) : null;
}

function renderStep(
  state: WizardState,
  p: AppProps,
  columns: number,
  dispatch: (e: Parameters<typeof reduce>[1]) => void,
  write: (data: string) => void,
  passOffered: boolean,
) {
  const { step, seq, status } = state;
  const clock = p.clock ?? realClock;
  const now = clock.now();
  switch (step.name) {
    case 'loading':
      return <LoadingScreen />;
    case 'no-tfa':
      return <NoTfaScreen />;
    case 'choose': {
      const rows = choicesFor(status!).map((choice) => ({
        choice,
        lockedUntil: lockState(state, choice, now),
        failCount: failCount(state, choice),
      }));
      const last = rows.findIndex((r) => choiceKey(r.choice) === state.lastPicked);
      return (
        <ChooseScreen
          key={seq}
          status={status!}
          rows={rows}
          error={step.error}
          notice={step.notice}
          initial={last === -1 ? undefined : last}
          onPick={(choice) => dispatch({ type: 'method-picked', choice, at: clock.now() })}
          onCancel={() => dispatch({ type: 'cancel' })}
        />
      );
    }
    case 'sending':
      return (
        <SendingScreen key={seq} choice={step.choice} resend={step.resend} onBack={() => dispatch({ type: 'back' })} />
      );
    case 'enter-code':
      return (
        <EnterCodeScreen
          key={seq}
          choice={step.choice}
          challenge={step.challenge}
          error={step.error}
          attemptsNote={attemptsNote(state, step.choice)}
          attemptsShort={attemptsNote(state, step.choice, true)}
          confirmed={(state.confirmedFor ?? null) === choiceKey(step.choice)}
          notice={step.notice}
          initialValue={step.value}
          resendCooldownMs={state.resendCooldownMs}
          onSubmit={(value) => dispatch({ type: 'code-submitted', value, at: clock.now() })}
          onResend={() => dispatch({ type: 'resend-requested', at: clock.now() })}
          onBack={() => dispatch({ type: 'back' })}
        />
      );
    case 'confirm':
      return (
        <ConfirmScreen
          key={seq}
          remaining={status?.backupCodesRemaining}
          onConfirm={() => dispatch({ type: 'confirmed', at: clock.now() })}
          onBack={() => dispatch({ type: 'back' })}
        />
      );
    case 'regenerating':
      return <RegeneratingScreen cancelAsked={step.cancelAsked} />;
    case 'codes': {
      const c = step.codes;
      return (
        <CodesScreen
          key={seq}
          codes={c}
          columns={columns}
          defaultPath={`~/Downloads/${defaultCodesFileName(new Date(c.generatedAt))}`}
          onSave={(path) => dispatch({ type: 'store-requested', place: fileTarget(path, p.home) })}
          pass={
            passOffered
              ? {
                  defaultEntry: DEFAULT_PASS_ENTRY,
                  onStore: (entry) =>
                    dispatch({
                      type: 'store-requested',
                      place: passTarget(entry, p.home, { env: p.env ?? process.env, wizard: true }),
                    }),
                }
              : null
          }
          onCopy={() => {
            write(osc52(c.codes.join('\n') + '\n'));
            dispatch({ type: 'copied' });
          }}
          onToggleKeep={() => dispatch({ type: 'keep-toggled' })}
          onLeave={() => dispatch({ type: 'leave' })}
        />
      );
    }
    case 'leave-unsaved':
      return (
        <LeaveUnsavedScreen
          key={seq}
          count={step.codes.codes.length}
          copied={step.codes.copied}
          onBack={() => dispatch({ type: 'back' })}
          onLeave={() => dispatch({ type: 'leave' })}
        />
      );
    case 'done':
      return (
        <DoneScreen
          summary={step.summary}
          shown={step.shown}
          generatedAt={step.generatedAt}
          columns={columns}
          warn={step.warn}
        />
      );
    case 'failed':
      return (
        <FailedScreen
          title={step.title}
          hint={step.hint}
          outcomeUnknown={step.outcomeUnknown}
          whileChecking={step.whileChecking ?? false}
          backupCodesRemaining={step.backupCodesRemaining}
        />
      );
    case 'cancelled':
      return <CancelledScreen />;
    case 'place-taken':
      return (
        <PlaceTakenScreen
          key={seq}
          place={step.place}
          kind={step.kind}
          onReplace={() => dispatch({ type: 'place-answered', replace: true })}
          onSkip={() => dispatch({ type: 'place-answered', replace: false })}
          onCancel={() => dispatch({ type: 'cancel' })}
        />
      );
    case 'retry-wait':
      return (
        <RetryWaitScreen
          key={seq}
          title={step.ended.title}
          backupCodesRemaining={step.ended.backupCodesRemaining}
          retryAt={step.retryAt}
          onRetry={() => dispatch({ type: 'retry-requested', at: clock.now() })}
          onQuit={() => dispatch({ type: 'leave' })}
        />
      );
  }
}
