import { useContext } from 'react';
import { ThemeContext, TONES, type Tone } from '../theme.js';

/** `color(tone)` gives an Ink colour name, or undefined when colour is off; `ascii`: ASCII glyphs only. */
export function useTheme(): { colorOn: boolean; ascii: boolean; color: (tone: Tone) => string | undefined } {
  const { color, ascii = false } = useContext(ThemeContext);
  return { colorOn: color, ascii, color: (tone) => (color ? TONES[tone] : undefined) };
}
