/**
 * One redaction for every byte the program writes. The secrets of a run (the API key and every
 * 8-character part of it, the codes and backup codes entered, challenge secrets) are registered in
 * the run's Secrets (made by cli.ts, handed to the API client) as they become known; cli.ts writes
 * only through redacting() views of stdout and stderr, so that no write carries one, whatever the
 * server echoed back or the user mistyped. The new backup codes are never redacted: losing
 * them is worse than anything else (product rule 1).
 *
 * Matching ignores case (a server may echo a code upper-cased), invisible format characters (a
 * key split by zero-width spaces or soft hyphens) and compatibility forms (fullwidth letters):
 * text and secrets are compared after both are folded (fold()). A redacted run becomes
 * `[redacted]`, or as many `*` when it is shorter than that, so a line never grows (Ink's layout).
 */

import { mapWrites } from './stream.js';

/** Secrets shorter than this cannot be told from ordinary text and are not matched. */
export const MIN_SECRET = 4;
/** A key or challenge secret is also matched by any part of it this long. */
export const SECRET_PART = 8;
export const REDACTED = '[redacted]';

export type SecretKind =
  /** An API key or a challenge secret: matched whole and by every 8-character part. */
  | 'key'
  /** A code or backup code: matched whole, and without its dashes and spaces. */
  | 'code';

/**
 * The places this run has named (a saved file's path, a `pass` entry, the API's URL, the proxy).
 * Not secrets but facts the user must read exactly: every Secrets leaves them whole, so the code
 * that saves (codes/save.ts, codes/pass.ts) can name a place without holding the run's Secrets.
 * Only ever added to.
 */
const places = new Set<string>();

/** Marks `name` as a place the program names: printed exactly, never redacted. Returns `name`. */
export function place(name: string): string {
  if (name) places.add(name);
  return name;
}

export class Secrets {
  /** Lower-cased needles. */
  private readonly needles = new Set<string>();
  /** Exact strings never redacted (the new backup codes). */
  private readonly kept = new Set<string>();

  add(value: string | null | undefined, kind: SecretKind = 'key'): void {
    const v = value === null || value === undefined ? '' : fold(value).trim();
    if (!v || v.length < MIN_SECRET) return;
    this.needles.add(v);
    if (kind === 'code') {
      const bare = v.replace(/[\s-]/g, '');
      if (bare.length >= MIN_SECRET) this.needles.add(bare);
    } else {
      for (let i = 0; i + SECRET_PART <= v.length; i++) this.needles.add(v.slice(i, i + SECRET_PART));
    }
  }

  /** Strings that are never redacted, even when they hold a secret (the new codes). */
  keep(values: readonly string[]): void {
    for (const v of values) if (v) this.kept.add(v);
  }

  /** True when `text` holds a secret (what redact() would mask). */
  holds(text: string): boolean {
    return this.redact(text) !== text;
  }

  get size(): number {
    return this.needles.size;
  }

  redact(text: string): string {
    if (this.needles.size === 0 || text === '') return text;
    const { hay, start, end } = folded(text);
    let marks: Uint8Array | null = null;
    for (const n of this.needles) {
      for (let i = hay.indexOf(n); i !== -1; i = hay.indexOf(n, i + 1)) {
        marks ??= new Uint8Array(text.length);
        const last = i + n.length - 1;
        marks.fill(1, start ? start[i]! : i, end ? end[last]! : last + 1);
      }
    }
    if (!marks) return text;
    for (const k of [...this.kept, ...places]) {
      for (let i = text.indexOf(k); i !== -1; i = text.indexOf(k, i + 1)) marks.fill(0, i, i + k.length);
    }
    let out = '';
    for (let i = 0; i < text.length;) {
      let j = i;
      while (j < text.length && marks[j] === marks[i]) j++;
      const n = j - i;
      out += marks[i] ? (n >= REDACTED.length ? REDACTED : '*'.repeat(n)) : text.slice(i, j);
      i = j;
    }
    return out;
  }
}

const NON_ASCII = /[^\x00-\x7f]/;

/** Invisible format characters (Unicode Cf: zero-width spaces and joiners, soft hyphen, bidi marks, tags). */
const FORMAT = /\p{Cf}/u;

/** How a secret is compared: format characters removed, compatibility forms folded (NFKC), lower case. */
function fold(s: string): string {
  return s
    .replace(/\p{Cf}/gu, '')
    .normalize('NFKC')
    .toLowerCase();
}

/**
 * `text` folded for matching, one code point at a time (format characters dropped, NFKC, lower
 * case), with the span of `text` each folded character came from: a secret written in fullwidth
 * letters, or split by zero-width spaces or soft hyphens, is found and masked whole, and the
 * masked span of `text` covers the characters that disguised it.
 */
function folded(text: string): { hay: string; start: number[] | null; end: number[] | null } {
  // ASCII folds to itself, lower-cased, index for index: the common case, without a map.
  if (!NON_ASCII.test(text)) return { hay: text.toLowerCase(), start: null, end: null };
  // Text with nothing to fold (box drawing, accents, CJK) is matched as it is, lower-cased.
  const lower = text.toLowerCase();
  if (lower.length === text.length && !FORMAT.test(text) && text.normalize('NFKC') === text)
    return { hay: lower, start: null, end: null };
  let hay = '';
  const start: number[] = [];
  const end: number[] = [];
  for (let i = 0; i < text.length;) {
    const code = text.charCodeAt(i);
    if (code < 0x80) {
      // ASCII: itself, lower-cased (most of any line, box-drawing frames included).
      hay += code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : text[i];
      start.push(i);
      end.push(i + 1);
      i++;
      continue;
    }
    const ch = String.fromCodePoint(text.codePointAt(i)!);
    const next = i + ch.length;
    if (!FORMAT.test(ch)) {
      const f = ch.normalize('NFKC').toLowerCase();
      hay += f;
      for (let k = 0; k < f.length; k++) {
        start.push(i);
        end.push(next);
      }
    }
    i = next;
  }
  return { hay, start, end };
}

/**
 * `stream` with every write passed through the redaction of `s` (the stream itself is unchanged).
 * Buffers are read as latin1 (one character per byte, so nothing is lost) and matched for ASCII
 * secrets.
 */
export function redacting<T extends NodeJS.WritableStream>(stream: T, s: Secrets): T {
  return mapWrites(stream, (chunk) => {
    if (s.size === 0) return chunk;
    if (typeof chunk === 'string') return s.redact(chunk);
    if (chunk instanceof Uint8Array) return Buffer.from(s.redact(Buffer.from(chunk).toString('latin1')), 'latin1');
    return chunk;
  });
}
