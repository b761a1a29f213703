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
// Remaining C0/C1 controls, DEL, bidi controls, line/paragraph separators.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

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
// 8-bit CSI), invisible format and bidi controls, line/paragraph separators, BOM.
const JSON_UNSAFE = /[\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g;

/**
 * JSON.stringify for output that may land on a terminal (--raw, --explain): the same JSON value,
 * with every character a terminal could act on written as a \uXXXX escape (JSON.stringify
 * escapes only U+0000–U+001F itself).
 */
export function terminalJson(value: unknown): string {
  const s = JSON.stringify(value);
  return s === undefined ? 'null' : s.replace(JSON_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
