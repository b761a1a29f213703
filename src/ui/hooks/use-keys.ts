/**
 * Key handling that cannot go stale. Ink's useInput subscribes in a passive effect and again
 * whenever the handler changes, so a key typed right after a frame appears can reach an old
 * handler (seen in a real pty: Enter picked the item the cursor had just left) or no handler.
 * Here one Ink listener lives as long as the app (KeysProvider) and hands every key to the
 * handlers registered now; handlers register and update synchronously during commit.
 */
import { createContext, createElement, useContext, useLayoutEffect, useRef, type ReactNode } from 'react';
import { useInput, type Key } from 'ink';

export type KeyHandler = (input: string, key: Key) => void;

interface Registry {
  add(h: { current: KeyHandler }, active: { current: boolean }): () => void;
}

const KeysContext = createContext<Registry | null>(null);

/** Mount once near the root: the single Ink listener that feeds every useKeys handler. */
export function KeysProvider({ children }: { children?: ReactNode }) {
  const handlers = useRef(new Set<{ h: { current: KeyHandler }; active: { current: boolean } }>());
  const registry = useRef<Registry>({
    add(h, active) {
      const entry = { h, active };
      handlers.current.add(entry);
      return () => {
        handlers.current.delete(entry);
      };
    },
  });
  useInput((input, key) => {
    for (const e of [...handlers.current]) if (e.active.current) e.h.current(input, key);
  });
  return createElement(KeysContext.Provider, { value: registry.current }, children);
}

/**
 * Like Ink's useInput, but always calls the latest handler, from the first frame on. Needs a
 * KeysProvider above it: App mounts one (ui/providers.tsx), and so do the screen tests
 * (test/helpers/mount.tsx); without one it throws, rather than listen some other way.
 */
export function useKeys(handler: KeyHandler, options: { isActive?: boolean } = {}): void {
  const registry = useContext(KeysContext);
  const ref = useRef(handler);
  const active = useRef(options.isActive ?? true);
  useLayoutEffect(() => {
    ref.current = handler;
    active.current = options.isActive ?? true;
  });
  useLayoutEffect(() => registry?.add(ref, active), [registry]);
  if (registry === null) throw new Error('useKeys needs a KeysProvider above it (see ui/providers.tsx)');
}
