import { useEffect, useReducer } from 'react';

/** Renders the component again at `at` (epoch ms; Infinity: never), e.g. when a lock on screen ends. */
export function useRedrawAt(at: number): void {
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    if (!Number.isFinite(at)) return;
    const t = setTimeout(redraw, Math.max(0, at - Date.now()) + 50);
    return () => clearTimeout(t);
  }, [at]);
}
