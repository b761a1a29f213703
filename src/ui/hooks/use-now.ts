import { useEffect, useState } from 'react';

/** The current time in ms, re-read every `everyMs` while `active` (no timer otherwise). */
export function useNow(active: boolean, everyMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [active, everyMs]);
  return active ? now : Date.now();
}
