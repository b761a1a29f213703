import { useContext } from 'react';
import { ThemeContext, TONES, type Tone } from '../theme.js';

/** `color(tone)` gives an Ink colour name, or undefined when colour is off. */
export function useTheme(): { colorOn: boolean; color: (tone: Tone) => string | undefined } {
  const { color } = useContext(ThemeContext);
  return { colorOn: color, color: (tone) => (color ? TONES[tone] : undefined) };
}
