import { useEffect, useReducer } from 'react';
import { realClock, type Clock } from '../clock.js';

/** Renders the component again at `at` (epoch ms on `clock`; Infinity: never), e.g. when a lock on screen ends. */
export function useRedrawAt(at: number, clock: Clock = realClock): void {
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    if (!Number.isFinite(at)) return;
    return clock.after(Math.max(0, at - clock.now()) + 50, redraw);
  }, [at, clock]);
}
