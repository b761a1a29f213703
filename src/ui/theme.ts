/**
 * How the wizard draws for this terminal, passed down through context: colour on or off
 * (`--no-color`, `NO_COLOR`) and plain ASCII glyphs for a locale that is not UTF-8.
 */
import { createContext } from 'react';

export interface Theme {
  /** False: no colour props are set anywhere (bold/inverse still mark the selection). @default true */
  color: boolean;
  /** Only ASCII glyphs (the locale is not UTF-8). @default false */
  ascii?: boolean;
}

export const ThemeContext = createContext<Theme>({ color: true, ascii: false });

/**
 * Semantic tones and the colour each maps to when colour is on. Only colours that read on dark
 * and on light backgrounds (no yellow, cyan or white); ok and warn are bold in the default colour.
 * Meaning never rests on the colour: the words say it.
 */
export const TONES: Record<'accent' | 'ok' | 'warn' | 'error', string | undefined> = {
  accent: 'magenta',
  ok: undefined,
  warn: undefined,
  error: 'red',
};

export type Tone = keyof typeof TONES;
