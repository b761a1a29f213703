/**
 * The work the wizard's steps ask for, as plain functions: the first status request, sending an
 * SMS/email code, the regenerate request (its answer goes to a safe place before it is shown),
 * saving, `pass`, --save-command and the probe for `pass`. Each starts the work and reports its
 * answer as an event through `dispatch`. No React, no Ink: ui/hooks/use-step-effects.ts calls
 * them when the step changes, and App.tsx only routes and renders.
 */
import { asApiError, isApiError, outcomeUnknown } from '../api/errors.js';
import type { Challenge, TfaApi, TfaStatus } from '../api/types.js';
import { freeEntryName, passReady, passStoreDir, PassError } from '../codes/pass.js';
import { deliver, type Delivery, type NewCodes } from '../codes/deliver.js';
import { codesFile, defaultFile, store, storeFailure, type CodesFile, type Place } from '../codes/places.js';
import {
  choicesFor,
  exitCodeOf,
  lockedUntil,
  type CodesState,
  type PlaceState,
  type Step,
  type WizardEvent,
  type WizardState,
} from './steps.js';

export type Dispatch = (e: WizardEvent) => void;
/** Called when the step changes: from then on the effect's late answers are dropped (where they may be). */
export type Cancel = () => void;

/** What the effects reach. */
export interface EffectDeps {
  api: TfaApi;
  /** The first status request, already started. */
  statusPromise: Promise<TfaStatus>;
  /** Home folder, for the default save path and ~/.password-store. */
  home: string;
  /** The environment `pass` and --save-command run with (PATH, PASSWORD_STORE_DIR, GNUPGHOME). */
  env: NodeJS.ProcessEnv;
  /**
   * Where the codes go the moment the regenerate answer arrives, before they are shown. It may
   * store the places asked for itself (they count before the default file is decided on); those it
   * reports in `results` are not started again.
   */
  deliver: (n: NewCodes, asked?: readonly Place[]) => Promise<Delivery>;
  /** Aborted when the wizard is torn down: a pass or --save-command still running is stopped. */
  signal?: AbortSignal;
  /** The clock events are stamped with. @default Date.now */
  now?: () => number;
  /** The places the command line asks for (placesAsked()), started when the codes arrive. @default none */
  asked?: Place[];
}

type StepNamed<N extends Step['name']> = Extract<Step, { name: N }>;

/** How the wizard ended. */
export interface WizardExit {
  code: number;
  /** New codes that exist nowhere safe yet: to a safe place after the UI is gone. */
  dump: string[] | null;
  /** When those codes were generated (epoch ms), for the file's name and banner. */
  generatedAt?: number;
}

/**
 * Where the wizard's codes go the moment the answer arrives, before they are shown: nowhere while
 * the terminal is live (it shows them; --save, pass and --save-command start on the codes screen),
 * the default file once the run was interrupted (codes/deliver.ts).
 */
export function wizardDelivery(home: string, interrupted: () => NodeJS.Signals | null = () => null) {
  return (n: NewCodes): Promise<Delivery> =>
    deliver(
      n,
      {
        places: [],
        fallback: defaultFile(home),
        wizard: true,
        stdout: 'tty',
        stdoutOnly: false,
        raw: false,
        interrupted: interrupted(),
      },
      null,
    );
}

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));
const clock = (d: EffectDeps): number => (d.now ?? Date.now)();
const nothing: Cancel = () => undefined;

/** Starts what entering `step` asks for (the status, a send, the regenerate request); nothing for other steps. */
export function enterStep(step: Step, d: EffectDeps, dispatch: Dispatch): Cancel {
  switch (step.name) {
    case 'loading':
      return loadStatus(d, dispatch);
    case 'sending':
      return sendCode(step, d, dispatch);
    case 'regenerating':
      return regenerate(step, d, dispatch);
    default:
      return nothing;
  }
}

/** The first status request's answer; dropped once the step changed (Ctrl+C while loading). */
export function loadStatus(d: EffectDeps, dispatch: Dispatch): Cancel {
  let live = true;
  d.statusPromise.then(
    (status) => live && dispatch({ type: 'status-loaded', status, at: clock(d) }),
    (e) => live && dispatch({ type: 'status-failed', error: asApiError(e) }),
  );
  return () => {
    live = false;
  };
}

/** Sends (or resends) a code with the bodies the official CLI sends: `{}` and `{secret}`. */
function sendFor(api: TfaApi, step: StepNamed<'sending'>): Promise<Challenge> {
  if (step.choice.kind === 'email') return api.sendEmail();
  // SMS goes to the account's phone on file; no public client can address one method.
  return step.resend && step.previous ? api.resendSms(step.previous.secret) : api.sendSms();
}

/**
 * Sends the step's code. A code sent is kept even after Esc (it is on its way, and picking this
 * way again reuses it); a failure after the step changed is dropped.
 */
export function sendCode(step: StepNamed<'sending'>, d: EffectDeps, dispatch: Dispatch): Cancel {
  let live = true;
  sendFor(d.api, step).then(
    (challenge) => dispatch({ type: 'challenge-sent', challenge, at: clock(d), choice: step.choice }),
    (e) => live && dispatch({ type: 'send-failed', error: asApiError(e), at: clock(d) }),
  );
  return () => {
    live = false;
  };
}

/**
 * The regenerate request. Never dropped: its answer is the only copy of the new codes. They go to
 * their safe place (the default file after a signal) before they are shown; a failure of that
 * delivery still shows them. Anything but an ApiError is an unknown outcome.
 */
export function regenerate(step: StepNamed<'regenerating'>, d: EffectDeps, dispatch: Dispatch): Cancel {
  d.api.regenerate(step.verification).then(
    async (result) => {
      const generated = clock(d);
      const asked = d.asked ?? [];
      const n = {
        codes: result.backupCodes,
        generatedAt: new Date(generated),
        body: result.body,
        warnings: result.warnings,
      };
      const got = await d.deliver(n, asked).catch(() => null);
      const done = got?.results ?? [];
      const elsewhere = (got?.stored ?? []).filter((at) => !done.some((r) => 'at' in r && r.at === at));
      dispatch({
        type: 'regen-succeeded',
        result,
        at: generated,
        places: asked.filter((p) => !done.some((r) => r.place === p)),
        stored: [
          ...done.map((r): PlaceState => ('at' in r ? { ...r, state: 'stored' } : { ...r, state: 'failed' })),
          ...elsewhere.map((at) => ({ place: defaultFile(d.home), state: 'stored' as const, at })),
        ],
      });
    },
    (e) =>
      dispatch({ type: 'regen-failed', error: isApiError(e) ? e : outcomeUnknown(messageOf(e), null), at: clock(d) }),
  );
  return nothing;
}

/** The codes file for `c`, stamped with when they were generated. */
function fileOf(c: CodesState): CodesFile {
  return codesFile(c.codes, new Date(c.generatedAt));
}

/**
 * Stores the codes in the place at `index` of the codes step's list (--save, --save-command, `s`,
 * `p`): a `pass` entry read back and checked, a command's exit 0. A taken `pass` name is refused
 * with a free one to offer, and gpg opens no prompt on Ink's terminal.
 */
export function storePlace(c: CodesState, index: number, d: EffectDeps, dispatch: Dispatch): void {
  const entry = c.places[index];
  if (entry === undefined) return;
  const { place } = entry;
  store(place, fileOf(c), d.signal).then(
    (at) => dispatch({ type: 'store-settled', index, at }),
    async (e: unknown) => {
      const taken = place.kind === 'pass' && e instanceof PassError && e.failure === 'exists';
      const suggestion = taken ? await freeEntryName(place.entry, passStoreDir(d.env, d.home)).catch(() => null) : null;
      dispatch({ type: 'store-settled', index, error: storeFailure(e), suggestion });
    },
  );
}

/** Tells `offered(true)` when "Save to pass" can be offered: pass is on PATH and a store exists. */
export function probePass(d: Pick<EffectDeps, 'env' | 'home'>, offered: (yes: boolean) => void): Cancel {
  let live = true;
  void passReady({ env: d.env, home: d.home }).then((r) => {
    if (live) offered(!('reason' in r));
  });
  return () => {
    live = false;
  };
}

/** How the wizard ends at `step`, or null while it goes on. */
export function wizardExit(step: Step): WizardExit | null {
  const code = exitCodeOf(step);
  if (code === null) return null;
  const dump = step.name === 'done' ? step.dump : null;
  return { code, dump, ...(dump && step.name === 'done' ? { generatedAt: step.generatedAt } : {}) };
}

/** When the screen must be drawn again with no event (epoch ms): a lock on the list ends. Infinity: never. */
export function redrawAt(state: WizardState, now: number): number {
  if (state.step.name !== 'choose' || !state.status) return Infinity;
  return Math.min(...choicesFor(state.status).map((c) => lockedUntil(state, c, now) ?? Infinity)) * 1000;
}
