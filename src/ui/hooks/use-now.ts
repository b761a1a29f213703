import { useEffect, useState } from 'react';
import { useClock } from '../clock.js';

/** The clock's time in ms, re-read every `everyMs` while `active` (no timer otherwise). */
export function useNow(active: boolean, everyMs = 1000): number {
  const clock = useClock();
  const [now, setNow] = useState(() => clock.now());
  useEffect(() => {
    if (!active) return;
    setNow(clock.now());
    return clock.every(everyMs, () => setNow(clock.now()));
  }, [active, everyMs, clock]);
  return active ? now : clock.now();
}
