/**
 * Runs the effects the wizard's steps ask for (flow/effects.ts) when the step changes: the work of
 * entering a step, saving, `pass` and --save-command when asked, the probe for `pass`, and the
 * end (onExit, then Ink exits). Also binds the abort that tears the wizard down without losing
 * new codes, and says which codes exist nowhere safe yet.
 */
import { useEffect, useEffectEvent, useRef, useState } from 'react';
import { useApp } from 'ink';
import {
  enterStep,
  probePass,
  storePlace,
  wizardDelivery,
  wizardExit,
  type Dispatch,
  type EffectDeps,
  type WizardExit,
} from '../../flow/effects.js';
import type { WizardState } from '../../flow/steps.js';
import type { Preset } from '../../flow/preset.js';
import { placesAsked } from '../../codes/places.js';
import { unsavedCodes } from '../../flow/steps.js';
import { realClock, type Clock } from '../clock.js';

export interface StepEffectsOptions extends Omit<EffectDeps, 'env' | 'deliver' | 'signal' | 'now' | 'asked'> {
  /** What the command line asked for: --save, --save-command and --replace start when the codes arrive. */
  preset?: Preset;
  /** @default process.env */
  env?: NodeJS.ProcessEnv;
  /** @default wizardDelivery(home) */
  deliver?: EffectDeps['deliver'];
  /** Aborted when the wizard is torn down: a pass or --save-command still running is stopped. */
  stopHelpers?: AbortSignal;
  /** Called once, when a final step is reached, before the app exits. */
  onExit: (e: WizardExit) => void;
  /** Told whenever the set of new codes that exist nowhere safe changes (null: none). */
  onUnsaved?: (codes: string[] | null) => void;
  /** Receives a function that tears the wizard down (e.g. stdout failed) without losing new codes. */
  bindAbort?: (abort: () => void) => void;
  /** Where the wizard reads the time (events are stamped with it). @default realClock */
  clock?: Clock;
}

/** Performs the effects of `state`'s step; returns whether "Save to pass" can be offered. */
export function useStepEffects(
  state: WizardState,
  dispatch: Dispatch,
  o: StepEffectsOptions,
): { passOffered: boolean } {
  const { exit } = useApp();
  const aborted = useRef(false);
  const exited = useRef(false);
  const { step, seq } = state;
  const env = o.env ?? process.env;
  const { home, bindAbort, onUnsaved } = o;
  const deps = (): EffectDeps => ({
    api: o.api,
    statusPromise: o.statusPromise,
    home,
    env,
    deliver: o.deliver ?? wizardDelivery(home),
    signal: o.stopHelpers,
    now: () => (o.clock ?? realClock).now(),
    // From the state: the wizard may have been told to replace a taken place, or to go on without it.
    asked: o.preset ? placesAsked(state.preset, home, { env, wizard: true }) : [],
  });

  useEffect(() => {
    bindAbort?.(() => {
      aborted.current = true;
      dispatch({ type: 'abort' });
    });
  }, [bindAbort, dispatch]);

  // Entering a step: its work starts; its cancel runs when the step changes (late answers dropped
  // where they may be). An effect event: it runs when `seq` changes, with that render's props and step.
  const enter = useEffectEvent(() => {
    const cancel = enterStep(step, deps(), dispatch);
    // Torn down while the regenerate request was out: the codes arrived, now leave with them.
    if (aborted.current && (step.name === 'codes' || step.name === 'leave-unsaved')) dispatch({ type: 'abort' });
    const end = wizardExit(step);
    if (end !== null && !exited.current) {
      exited.current = true;
      o.onExit(end);
      exit();
    }
    return cancel;
  });
  useEffect(() => enter(), [seq]);

  const unsaved = unsavedCodes(step);
  useEffect(() => {
    onUnsaved?.(unsaved);
  }, [onUnsaved, unsaved]);

  // Every place in the codes step's list that is pending and not started yet starts now (a key,
  // or --save / --save-command at once); its end comes back as store-settled.
  const started = useRef(new Set<number>());
  const pending = step.name === 'codes' ? step.codes.places.flatMap((p, i) => (p.state === 'pending' ? [i] : [])) : [];
  const startStores = useEffectEvent(() => {
    if (step.name !== 'codes') return;
    for (const i of pending) {
      if (started.current.has(i)) continue;
      started.current.add(i);
      storePlace(step.codes, i, deps(), dispatch);
    }
  });
  const pendingKey = pending.join(',');
  useEffect(() => {
    if (pendingKey !== '') startStores();
  }, [pendingKey]);

  // "Save to pass" is offered when pass is on PATH and a store exists.
  const [passOffered, setPassOffered] = useState(false);
  const atCodes = step.name === 'codes';
  useEffect(() => (atCodes ? probePass({ env, home }, setPassOffered) : undefined), [atCodes, env, home]);

  return { passOffered };
}
