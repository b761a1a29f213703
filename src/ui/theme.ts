/** Colour on or off for the whole wizard (`--no-color`, `NO_COLOR`), passed down through context. */
import { createContext } from 'react';

export interface Theme {
  /** False: no colour props are set anywhere (bold/inverse still mark the selection). @default true */
  color: boolean;
}

export const ThemeContext = createContext<Theme>({ color: true });

/** Semantic tones and the colour each maps to when colour is on. */
export const TONES = {
  accent: 'cyan',
  ok: 'green',
  warn: 'yellow',
  error: 'red',
} as const;

export type Tone = keyof typeof TONES;
