/**
 * Screen-reader mode (Ink's `INK_SCREEN_READER=true` or `isScreenReaderEnabled`): Ink then writes
 * the text of the tree, one box after another, with no layout, borders or colour. The wizard says
 * in words what it otherwise shows with glyphs; these are the words.
 */

/** Glyphs of the key hints, and what a screen reader should say instead. */
const SPOKEN_KEYS: [RegExp, string][] = [
  [/↑\/↓/g, 'Up or Down arrow'],
  [/(\d)–(\d)/g, '$1 to $2'],
  [/(\S)\/(\S)/g, '$1 or $2'],
];

/** The key-hint line as one sentence: `Keys: Up or Down arrow move, Enter choose, Esc or Ctrl+C quit.` */
export function spokenHints(hints: string[]): string {
  const said = hints.map((h) => SPOKEN_KEYS.reduce((s, [glyph, words]) => s.replace(glyph, words), h));
  return `Keys: ${said.join(', ')}.`;
}

/** A wait in whole seconds, in words: `1 second`, `30 seconds`. */
export function spokenSeconds(s: number): string {
  return `${s} second${s === 1 ? '' : 's'}`;
}
