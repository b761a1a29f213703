/**
 * Entry point src/cli.ts calls when stdin and stdout are terminals: renders the wizard with Ink,
 * handles Ctrl+C itself, waits for the end, and never lets new codes vanish with the UI.
 */
import chalk from 'chalk';
import { render, type Instance } from 'ink';
import type { TfaApi, TfaStatus } from '../api/types.js';
import type { DemoInbox } from '../demo/inbox.js';
import type { NoticeStore } from '../flow/notices.js';
import type { Preset } from '../flow/preset.js';
import type { Delivery, NewCodes } from '../codes/deliver.js';
import type { Place } from '../codes/places.js';
import { writeAll } from '../text/streams.js';
import { holdSignals, markTerminalGone, signalExit } from '../flow/signals.js';
import { EXIT } from '../flow/failure.js';
import { resendCooldown } from '../flow/reducer.js';
import { wizardDelivery } from '../flow/effects.js';
import { leaveEarly } from '../flow/left-early.js';
import { redirectedDelivery, type RedirectedStdout } from '../flow/deliver-stdout.js';
import { App, type WizardExit } from './App.js';
import type { TakenPlace } from '../codes/taken.js';
import { asciiStream, localeIsUtf8 } from './glyphs.js';
import { realClock, type Clock } from './clock.js';

export interface WizardOptions {
  /** The injected API client. */
  api: TfaApi;
  /** The first status request, started before Ink was imported. */
  statusPromise: Promise<TfaStatus>;
  /** What the command line pre-answered. */
  preset: Preset;
  /** --demo: show the demo inbox panel. */
  demo: { fetchInbox: () => Promise<DemoInbox> } | null;
  /** False for --no-color / NO_COLOR. */
  color: boolean;
  /** Warnings for the first screens; client notices are pushed while the wizard runs. */
  notices: NoticeStore;
  /** Home folder, for the default save path ~/Downloads/vastai_backup_codes_<…>.txt. */
  home: string;
  /** @default process.stdin */
  stdin?: NodeJS.ReadStream;
  /** @default process.stdout */
  stdout?: NodeJS.WriteStream;
  /** ASCII glyphs only. @default the locale is not UTF-8 (LC_ALL, LC_CTYPE, LANG) */
  ascii?: boolean;
  /**
   * Where the codes are printed (and the file named) if the UI is torn down before they were saved. @default
   * process.stderr
   */
  stderr?: NodeJS.WriteStream;
  /** The screens' clock, which also stamps codes saved after the UI closed. @default realClock */
  clock?: Clock;
  /** The environment `pass` and --save-command run with (codes/child.ts helperEnv). @default process.env */
  env?: NodeJS.ProcessEnv;
  /**
   * stdout is redirected (the wizard draws on stderr or /dev/tty): the codes also go there, as
   * the delivery rules say (flow/deliver-stdout.ts). @default null
   */
  codesOut?: RedirectedStdout | null;
  /** --save names an existing file or pass entry (no --replace): the wizard asks first. @default null */
  taken?: TakenPlace | null;
}

/** xterm's alternate screen (DECSET 1049): the cursor is saved, and restored on leaving. */
const ENTER_ALTERNATE = '\u001b[?1049h';
const LEAVE_ALTERNATE = '\u001b[?1049l';

/**
 * Runs the wizard to its end; resolves with the exit status (0, 1, 3 once interrupted after the codes
 * arrived, 130, or 128+n after signal n).
 */
export async function runWizard(o: WizardOptions): Promise<number> {
  const clock = o.clock ?? realClock;
  const ascii = o.ascii ?? !localeIsUtf8(process.env);
  // Not UTF-8: everything drawn goes through one ASCII filter (screens, borders, spinner).
  const stdout = ascii ? asciiStream(o.stdout ?? process.stdout) : (o.stdout ?? process.stdout);
  const stdin = o.stdin ?? process.stdin;
  const stderr = o.stderr ?? process.stderr;
  let result: WizardExit | null = null;
  let unsaved: string[] | null = null;
  let generatedAt: number | null = null;
  /** The new codes arrived: an interruption from now on ends with exit 3, not 128+n. */
  let replaced = false;
  let abort: (() => void) | null = null;
  /** The first signal, or SIGHUP for a terminal that failed (EIO): the run was interrupted. */
  let interrupted: NodeJS.Signals | null = null;
  /** Lines for stderr once Ink is gone (a file written after a signal). */
  const late: string[] = [];
  // A pass or --save-command still running when the wizard is torn down is stopped with it (it
  // would outlive the run in its own process group, the codes on its stdin); the default file follows.
  const helpers = new AbortController();
  const teardown = (): void => {
    helpers.abort();
    abort?.();
  };
  const terminalFailed = (): void => {
    markTerminalGone();
    interrupted ??= 'SIGHUP';
    teardown();
  };

  stdout.on('error', terminalFailed);
  stdin.on('error', terminalFailed);
  // Every signal tears the wizard down; while the regenerate request is out the reducer waits for
  // its answer, and the codes go to the default file before anything exits (codes/deliver.ts).
  const hold = holdSignals((sig) => {
    interrupted ??= sig;
    teardown();
  });
  // The wizard's one delivery (codes/deliver.ts): when the answer arrives (the default file after
  // a signal; stdout too when it is redirected), and for codes the UI was torn down with before
  // they reached a place.
  // A pipe's copy waits until the UI is gone (flow/deliver-stdout.ts): its reader may print on this terminal.
  const redirected = o.codesOut
    ? redirectedDelivery(o.home, () => interrupted, o.codesOut, { holdBack: true, stop: helpers.signal })
    : null;
  const safety = redirected?.deliver ?? wizardDelivery(o.home, () => interrupted);
  const toSafety = async (n: NewCodes, asked: readonly Place[] = []): Promise<Delivery> => {
    generatedAt ??= n.generatedAt.getTime();
    replaced = true;
    const d = await safety(n, asked);
    if (interrupted) late.push(...d.lines);
    return d;
  };
  // Ink and ink-text-input style through chalk, which drops bold and inverse (the selection, the
  // cursor) on a `--no-color` argument but keeps them for NO_COLOR. Whether to colour is the
  // theme's decision (theme.ts), so both keep bold and inverse and neither gets a colour.
  if (chalk.level === 0) chalk.level = 1;
  // The screens are drawn on the alternate screen, the final frame on the terminal's own (App's
  // screenBuffer): the frame on screen is erased first, so it never stays behind, and Ink draws
  // the next frame afresh. The first switch comes from render() itself, before anything is drawn.
  let alternate = false;
  let ink: Instance | null = null;
  const screenBuffer = (on: boolean): void => {
    if (on === alternate) return;
    ink?.clear();
    stdout.write(on ? ENTER_ALTERNATE : LEAVE_ALTERNATE);
    alternate = on;
  };
  const instance = render(
    <App
      clock={clock}
      api={o.api}
      statusPromise={o.statusPromise}
      preset={o.preset}
      demo={o.demo}
      color={o.color}
      ascii={ascii}
      notices={o.notices}
      home={o.home}
      env={o.env}
      stopHelpers={helpers.signal}
      resendCooldownMs={resendCooldown(process.env)}
      taken={o.taken ?? null}
      screenBuffer={screenBuffer}
      deliver={toSafety}
      onExit={(e) => {
        result = e;
      }}
      onUnsaved={(codes) => {
        unsaved = codes;
      }}
      bindAbort={(f) => {
        abort = f;
      }}
    />,
    // At most 120 frames a second: a digit typed right after the last frame waits for the next
    // one, up to 1000/maxFps ms (Ink's default 30 fps holds it up to 33 ms, 60 fps up to 17 ms).
    // The bench's echo (digits typed as soon as the last one shows), 30 keys each, Node 24.21 and
    // 22.23 on a loaded machine (2026-12-02): median 60 fps 18.9–21.7 ms, 120 fps 12.0–13.6 ms.
    { stdin, stdout, stderr, exitOnCtrlC: false, patchConsole: true, maxFps: 120 },
  );
  ink = instance;
  try {
    await instance.waitUntilExit();
  } catch {
    // A render error: fall through; unsaved codes still go to a safe place below.
  } finally {
    instance.unmount();
    // Torn down before a final frame: back to the terminal's own screen before anything is printed.
    if (alternate) stdout.write(LEAVE_ALTERNATE);
  }
  const r = result as WizardExit | null;
  const dump = r ? r.dump : unsaved;
  let code = r ? r.code : 1;
  if (dump && dump.length > 0 && interrupted === null) {
    // Ctrl+C twice on the codes screen, before they were stored: the default file, one account of
    // it, exit 3 (flow/left-early.ts).
    const left = await leaveEarly(dump, new Date(r?.generatedAt ?? generatedAt ?? clock.now()), o.home);
    late.push(left.text);
    code = left.code;
  } else if (dump && dump.length > 0) {
    // Torn down by a signal or the terminal gone before they were saved: the default file, and one
    // account of it. The codes are not printed again when the file holds them (the screen promised to
    // clear them, and a terminal's scrollback is no safe place); deliver() prints them only when no
    // place could keep them.
    await toSafety({
      codes: dump,
      generatedAt: new Date(r?.generatedAt ?? generatedAt ?? clock.now()),
      body: null,
    });
  }
  if (redirected) {
    const f = await redirected.flush();
    late.push(...f.lines);
    if (f.failed && code === 0) code = EXIT.undelivered;
  }
  for (const l of late) await writeAll(stderr, l);
  hold.release();
  stdout.off('error', terminalFailed);
  stdin.off('error', terminalFailed);
  // Interrupted after the codes arrived: 3 (stderr named where they are); before, the signal's
  // status (nothing changed).
  // A wizard that ended on a failure (the regenerate's outcome unknown) keeps its 1: 128+n would say
  // nothing changed.
  if (interrupted) code = replaced ? EXIT.undelivered : r?.code === EXIT.failed ? EXIT.failed : signalExit(interrupted);
  return code;
}
