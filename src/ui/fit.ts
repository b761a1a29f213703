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

/**
 * Rows `text` takes when Ink wraps it at `columns`: broken between words, a word longer than a row
 * broken inside it (as wrap-ansi does with `hard`). One column per character.
 */
export function wrappedLines(text: string, columns: number): number {
  const width = Math.max(1, columns);
  let rows = 0;
  for (const line of text.split('\n')) {
    let col = 0;
    rows++;
    for (const word of line.split(' ')) {
      const w = [...word].length;
      if (col > 0 && col + 1 + w <= width) col += 1 + w;
      else {
        if (col > 0) rows++;
        rows += Math.max(0, Math.ceil(w / width) - 1);
        col = w % width === 0 && w > 0 ? width : w % width;
      }
    }
  }
  return rows;
}
