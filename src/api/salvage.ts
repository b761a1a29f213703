/**
 * The codes in a damaged regenerate answer. The answer is the only copy of the new codes: when its
 * stream broke after the JSON arrived (a declared length longer than what came, a chunked stream
 * cut before its last chunk, a stalled body), or bytes follow the JSON, every code it holds is
 * still kept. Only a `backup_codes` array that arrived whole counts; nothing is guessed.
 */

/** The index just past the JSON string that starts at `i` (a `"`), or -1 when it does not end. */
function stringEnd(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    const ch = text[j];
    if (ch === '\\') j++;
    else if (ch === '"') return j + 1;
  }
  return -1;
}

/** The index just past the array that starts at `i` (a `[`), or -1 when it does not end. */
function arrayEnd(text: string, i: number): number {
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    const ch = text[j];
    if (ch === '"') {
      const end = stringEnd(text, j);
      if (end === -1) return -1;
      j = end - 1;
    } else if (ch === '[' || ch === '{') depth++;
    else if (ch === ']' || ch === '}') {
      depth--;
      if (depth === 0) return j + 1;
    }
  }
  return -1;
}

/**
 * `{msg?, backup_codes}` from the text of a damaged answer, or undefined when no whole
 * `backup_codes` array is in it. The text is read as JSON from its start: the key must be a key of
 * the top-level object (not words inside a string).
 */
export function salvageRegen(text: string): Record<string, unknown> | undefined {
  const start = text.search(/\S/);
  if (start === -1 || text[start] !== '{') return undefined;
  const found: Record<string, unknown> = {};
  let i = start + 1;
  // Walks the top-level object's members in order until the text ends or breaks.
  for (;;) {
    while (i < text.length && /[\s,]/.test(text[i]!)) i++;
    if (text[i] !== '"') break;
    const keyEnd = stringEnd(text, i);
    if (keyEnd === -1) break;
    let key: unknown;
    try {
      key = JSON.parse(text.slice(i, keyEnd));
    } catch {
      break;
    }
    i = keyEnd;
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (text[i] !== ':') break;
    i++;
    while (i < text.length && /\s/.test(text[i]!)) i++;
    const ch = text[i];
    let end: number;
    if (ch === '"') end = stringEnd(text, i);
    else if (ch === '[' || ch === '{') end = arrayEnd(text, i);
    else {
      const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i));
      end = m ? i + m[0].length : -1;
    }
    if (end === -1) break;
    try {
      found[key as string] = JSON.parse(text.slice(i, end));
    } catch {
      break;
    }
    i = end;
  }
  return Array.isArray(found.backup_codes) ? found : undefined;
}
