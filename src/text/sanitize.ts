/**
 * Text from the server (labels, messages, error texts) is shown as text: escape sequences,
 * control characters and bidi overrides are neutralised so they cannot move the cursor, write
 * the clipboard, set the title or hide a link. Over-long strings are cut.
 */

// ESC-introduced sequences: CSI, OSC/DCS/SOS/PM/APC strings (up to BEL or ST), and 2-char escapes.
const ESCAPE_SEQ =
  /\u001b(?:\[[0-?]*[ -/]*[@-~]?|[\]PX^_][^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?|[ -/]*[0-~]?)/g;
// 8-bit C1 string/CSI introducers and their bodies.
const C1_SEQ = /[\u0090\u0098\u009d\u009e\u009f][^\u0007\u009c]*(?:\u0007|\u009c)?|\u009b[0-?]*[ -/]*[@-~]?/g;
// Remaining C0/C1 controls and DEL, line/paragraph separators, and every invisible format
// character (Unicode category Cf: zero-width spaces and joiners, bidi controls, soft hyphen,
// BOM, tag characters), which could hide or reorder what the user reads.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]|\p{Cf}/gu;

/** Default length cap for one server string, in code points. */
export const MAX_SERVER_TEXT = 200;

export function inert(value: unknown, max = MAX_SERVER_TEXT): string {
  if (value === null || value === undefined) return '';
  const s = String(value)
    .replace(ESCAPE_SEQ, '')
    .replace(C1_SEQ, '')
    .replace(CONTROL, (c) => (c === '\n' || c === '\t' || c === '\r' ? ' ' : ''))
    .replace(/ {2,}/g, ' ')
    .trim();
  const points = Array.from(s);
  return points.length > max ? points.slice(0, max - 1).join('') + '…' : s;
}

// What JSON.stringify leaves raw but a terminal may act on: DEL, C1 controls (U+009B is an
// 8-bit CSI), line/paragraph separators, and invisible format characters (Cf: bidi, zero-width, BOM, tags).
const JSON_UNSAFE = /[\u007f-\u009f\u2028\u2029]|\p{Cf}/gu;

/**
 * JSON.stringify for output that may land on a terminal (--raw, --explain): the same JSON value,
 * with every character a terminal could act on written as a \uXXXX escape (JSON.stringify
 * escapes only U+0000–U+001F itself).
 */
export function terminalJson(value: unknown): string {
  const s = JSON.stringify(value);
  const escape = (c: string) =>
    Array.from({ length: c.length }, (_, i) => `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`).join('');
  return s === undefined ? 'null' : s.replace(JSON_UNSAFE, escape);
}
