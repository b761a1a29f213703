/**
 * The wall clock, passed down through context: screens read the time and schedule their redraws
 * (countdowns, spinners, polling) through it, never through Date.now() or timers of their own,
 * so a test can drive time itself. The app runs on the real clock.
 */
import { createContext, useContext } from 'react';

export interface Clock {
  /** The current time, epoch ms. */
  now(): number;
  /** Calls `fn` every `ms` until the returned function is called. */
  every(ms: number, fn: () => void): () => void;
  /** Calls `fn` once after `ms`, unless the returned function is called first. */
  after(ms: number, fn: () => void): () => void;
}

export const realClock: Clock = {
  now: () => Date.now(),
  every(ms, fn) {
    const t = setInterval(fn, ms);
    return () => clearInterval(t);
  },
  after(ms, fn) {
    const t = setTimeout(fn, ms);
    return () => clearTimeout(t);
  },
};

export const ClockContext = createContext<Clock>(realClock);

export function useClock(): Clock {
  return useContext(ClockContext);
}
