/**
 * Glyphs for a locale that is not UTF-8 (`LANG=C`): the wizard's output is passed through
 * `toAscii` at the stream, so every screen, border and spinner is covered in one place.
 */
import { mapWrites } from '../text/stream.js';

/**
 * True when the locale's character set is UTF-8 (LC_ALL, then LC_CTYPE, then LANG, as C reads them); unset counts as
 * UTF-8.
 */
export function localeIsUtf8(env: NodeJS.ProcessEnv): boolean {
  const v = env.LC_ALL || env.LC_CTYPE || env.LANG;
  if (!v) return true;
  return /utf-?8/i.test(v);
}

// One column each, so Ink's layout (computed on the UTF-8 text) stays right.
const ASCII: Record<string, string> = {
  '›': '>',
  '—': '-',
  '–': '-',
  '↑': '^',
  '↓': 'v',
  '←': '<',
  '→': '>',
  '·': '|',
  '…': '.',
  '•': '*',
  '╭': '+',
  '╮': '+',
  '╰': '+',
  '╯': '+',
  '┌': '+',
  '┐': '+',
  '└': '+',
  '┘': '+',
  '─': '-',
  '│': '|',
  '×': 'x',
  '‘': "'",
  '’': "'",
  '“': '"',
  '”': '"',
};

/** Replaces every non-ASCII character with a one-column ASCII stand-in ('?' when there is none). */
function toAscii(s: string): string {
  return s.replace(/[^\u0000-\u007f]/gu, (ch) => ASCII[ch] ?? (/[\u2800-\u28ff]/.test(ch) ? '*' : '?'));
}

/** `out`, with every string written to it made ASCII (everything else passes through). */
export function asciiStream<T extends NodeJS.WriteStream>(out: T): T {
  return mapWrites(out, (chunk) => (typeof chunk === 'string' ? toAscii(chunk) : chunk));
}
