import { useEffect, useReducer } from 'react';
import { useIsScreenReaderEnabled } from 'ink';
import { useClock } from '../clock.js';
import { useNow } from './use-now.js';

/**
 * Whole seconds until `at` (epoch ms on the clock; 0 once it has passed), for a countdown on screen.
 * It is redrawn every second, except in screen-reader mode, where Ink writes the whole screen again
 * for every change: there it is redrawn only when it reaches 0 (and reads the time whenever the
 * screen is drawn for another reason), so a screen reader hears the wait when it starts and its end,
 * not every second.
 */
export function useSecondsLeft(at: number): number {
  const clock = useClock();
  const screenReader = useIsScreenReaderEnabled();
  const counting = at > clock.now();
  const now = useNow(counting && !screenReader);
  const [redrawn, redraw] = useReducer((n: number) => n + 1, 0);
  // Scheduled again after each redraw that finds the wait not over (a timer may fire a little
  // before the clock reads `at`).
  useEffect(() => {
    if (!screenReader || !counting) return;
    return clock.after(at - clock.now(), redraw);
  }, [screenReader, counting, at, clock, redrawn]);
  return Math.max(0, Math.ceil((at - now) / 1000));
}
