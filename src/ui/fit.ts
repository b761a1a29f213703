/**
 * Fitting the terminal's height. Ink clears the screen and the scrollback when a frame is as tall
 * as the terminal, so every frame is capped below it (App's root box, maxHeight with overflow
 * hidden); screens use the lines they are given to window lists, and drop margins when short.
 */
import { createContext, useContext } from 'react';

export interface Fit {
  /** Lines the current screen may use (Infinity: not a terminal, no limit). */
  lines: number;
  /** Terminal width. */
  columns: number;
  /** Short terminal: no blank lines between parts. */
  compact: boolean;
}

export const FitContext = createContext<Fit>({ lines: Infinity, columns: 80, compact: false });

export function useFit(): Fit {
  return useContext(FitContext);
}

/** Lines `text` takes when wrapped at `columns` (a rough count: one column per character). */
export function textLines(text: string, columns: number): number {
  return text.split('\n').reduce((n, l) => n + Math.max(1, Math.ceil(l.length / Math.max(1, columns))), 0);
}
