/**
 * Backup codes as text: cleaning and checking what the user typed or pasted, and the layouts the
 * new codes are shown and saved in (the file layout follows the official `vastai tfa regen-codes`).
 */

/** Drops spaces, dashes and newlines; anything else is kept for validation to judge. */
export function cleanDigits(input: string): string {
  return input.replace(/[\s\-\u2010-\u2015]/g, '');
}

export type Checked = { ok: true; value: string } | { ok: false; reason: string };

/** A 6-digit code from the authenticator app, SMS or email. */
export function validateCode(input: string): Checked {
  const v = cleanDigits(input);
  if (v === '') return { ok: false, reason: 'Enter the 6-digit code.' };
  if (!/^\d+$/.test(v)) return { ok: false, reason: 'A code has digits only (6 of them).' };
  if (v.length !== 6) {
    return { ok: false, reason: `A code has 6 digits; this one has ${v.length}.` };
  }
  return { ok: true, value: v };
}

/** Longest backup code accepted: far above any real one, short of anything pasted by mistake. */
const MAX_BACKUP_CODE = 64;

/**
 * A backup code as typed, for the input field: line breaks removed,
 * nothing else changed. The real format is not public (`XXXX-XXXX-XXXX` is only help text), so
 * a code is never rewritten: no case change, no dashes added or removed.
 */
export function cleanBackupCode(input: string): string {
  return input.replace(/[\r\n]/g, '');
}

/**
 * A backup code, sent as typed with surrounding whitespace trimmed. Refused only when it cannot be
 * a code of any format: empty, holding control characters, or absurdly long.
 */
export function validateBackupCode(input: string): Checked {
  const v = cleanBackupCode(input).trim();
  if (v === '') return { ok: false, reason: 'Enter a backup code (e.g. XXXX-XXXX-XXXX).' };
  if (/[\u0000-\u001f\u007f-\u009f]/.test(v)) return { ok: false, reason: 'A backup code has no control characters.' };
  const n = Array.from(v).length;
  if (n > MAX_BACKUP_CODE) return { ok: false, reason: `That is ${n} characters; a backup code is far shorter.` };
  return { ok: true, value: v };
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** Local time as `YYYY-MM-DD HH:MM:SS`. */
export function localTimestamp(d: Date): string {
  return (
    `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ` +
    `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`
  );
}

/** `vastai_backup_codes_YYYY-MM-DD_HH-MM-SS.txt` (local time), the official CLI's default name. */
export function defaultCodesFileName(d: Date): string {
  const [day, time] = localTimestamp(d).split(' ');
  return `vastai_backup_codes_${day}_${time!.replace(/:/g, '-')}.txt`;
}

/** ` 1. XXXX-XXXX-XXXX` … `10. XXXX-XXXX-XXXX` */
export function numbered(codes: string[]): string[] {
  const w = String(codes.length).length;
  return codes.map((c, i) => `${String(i + 1).padStart(Math.max(2, w))}. ${c}`);
}

const RULE = '='.repeat(50);

/** The codes file: banner, time generated, the invalidation warning, numbered codes, advice. Ends with a newline. */
export function formatCodesFile(codes: string[], generatedAt: Date): string {
  return [
    RULE,
    '             VAST.AI 2FA BACKUP CODES',
    RULE,
    `Generated: ${localTimestamp(generatedAt)}`,
    '',
    'WARNING: All previous backup codes are now invalid.',
    '',
    ...numbered(codes),
    '',
    '- Each code works only once.',
    '- Store these codes securely: printed, or in a password manager.',
    '- Anyone who holds one of these codes can pass your two-factor check.',
    RULE,
    '',
  ].join('\n');
}

/** Word-wraps one paragraph to `width` columns. */
function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line === '') line = word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      out.push(line);
      line = word;
    }
  }
  if (line !== '') out.push(line);
  return out;
}

/** The new codes for a terminal, in parts a short screen can drop (header, footer) or window (rows). */
export interface TerminalCodes {
  /** `Your 10 new backup codes (generated …):`, wrapped. */
  header: string[];
  /** The numbered codes: one line per row (two codes a row when `columns` is 2). */
  rows: string[];
  /** That the old codes stopped working and these are shown once, wrapped. */
  footer: string[];
}

/**
 * The new codes for a terminal of `width` columns: two columns of codes from 44 columns up (fits
 * 60), one column below (reads at 40 and narrower) or when `oneColumn`. Lines carry no colour.
 */
export function codesForTerminal(codes: string[], generatedAt: Date, width: number, oneColumn = false): TerminalCodes {
  const w = Math.max(20, Math.floor(width));
  const items = numbered(codes);
  const rows: string[] = [];
  const cell = Math.max(...items.map((s) => s.length), 0);
  if (!oneColumn && w >= 2 * cell + 8 && items.length > 1) {
    const n = Math.ceil(items.length / 2);
    for (let r = 0; r < n; r++) {
      const left = items[r]!;
      const right = items[r + n];
      rows.push(right === undefined ? `  ${left}` : `  ${left.padEnd(cell)}    ${right}`);
    }
  } else {
    for (const it of items) rows.push(`  ${it}`);
  }
  return {
    header: wrap(`Your ${codes.length} new backup codes (generated ${localTimestamp(generatedAt)}):`, w),
    rows,
    footer: wrap('All previous backup codes stopped working. Each new code works once; they are shown only now.', w),
  };
}

/**
 * The new codes for a terminal of `width` columns, as lines: header, codes, footer, blank lines between.
 * `oneColumn`: one code a line (for a screen reader).
 */
export function formatCodesForTerminal(codes: string[], generatedAt: Date, width: number, oneColumn = false): string[] {
  const p = codesForTerminal(codes, generatedAt, width, oneColumn);
  return [...p.header, '', ...p.rows, '', ...p.footer];
}
