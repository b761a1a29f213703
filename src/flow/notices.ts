/**
 * Warnings for the wizard's first screens (config warnings, the client's session-key fallback),
 * as a tiny store: cli.ts pushes, App reads it with useSyncExternalStore, so a notice that
 * arrives after the first render is drawn on the next frame. No React, no Ink here.
 */

export interface NoticeStore {
  /** Adds notices and tells every subscriber. */
  push(...notices: string[]): void;
  /** The notices so far; the same array until the next push (useSyncExternalStore compares it). */
  getSnapshot(): readonly string[];
  /** Calls `listener` after each push; returns the function that stops it. */
  subscribe(listener: () => void): () => void;
}

export function noticeStore(initial: readonly string[] = []): NoticeStore {
  let notices: readonly string[] = [...initial];
  const listeners = new Set<() => void>();
  return {
    push(...more) {
      if (more.length === 0) return;
      notices = [...notices, ...more];
      for (const l of [...listeners]) l();
    },
    getSnapshot: () => notices,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
