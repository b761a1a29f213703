/**
 * A clock the test drives: time stands still until advance(), which fires every timer that falls
 * due on the way, in order, each at its own time. Nothing in a test that uses it waits on the wall clock.
 */
import type { Clock } from '../../src/ui/clock.js';

/** 2025-05-06 07:10:00 local time: lock ends and countdowns read the same in every time zone. */
export const T0 = new Date(2025, 4, 6, 7, 10, 0).getTime();

interface Timer {
  at: number;
  every: number | null;
  fn: () => void;
}

export interface FakeClock extends Clock {
  /** Moves time on by `ms`, firing the timers due on the way. */
  advance(ms: number): void;
  /** Timers still scheduled (intervals included). */
  pending(): number;
}

export function fakeClock(start = T0): FakeClock {
  let t = start;
  const timers = new Set<Timer>();
  const add = (ms: number, fn: () => void, every: boolean): (() => void) => {
    const timer: Timer = { at: t + Math.max(0, ms), every: every ? Math.max(1, ms) : null, fn };
    timers.add(timer);
    return () => {
      timers.delete(timer);
    };
  };
  return {
    now: () => t,
    every: (ms, fn) => add(ms, fn, true),
    after: (ms, fn) => add(ms, fn, false),
    advance(ms) {
      const end = t + ms;
      for (;;) {
        let next: Timer | null = null;
        for (const x of timers) if (x.at <= end && (next === null || x.at < next.at)) next = x;
        if (next === null) break;
        t = next.at;
        if (next.every === null) timers.delete(next);
        else next.at += next.every;
        next.fn();
      }
      t = end;
    },
    pending: () => timers.size,
  };
}
