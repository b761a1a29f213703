/**
 * Reading the API's number fields. A field of the wrong type is unknown, never a fact: a count that
 * is not a whole number ≥ 0 is not 0, a lock time that is not epoch seconds is not "not locked".
 */

/** A finite number, or its digits as text; else null. */
export function num(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^\d+(\.\d+)?$/.test(v.trim())) return Number(v);
  return null;
}

/** A count (a whole number ≥ 0, or its digits as text), else null: a malformed field is unknown, never 0. */
export function count(v: unknown): number | null {
  const n = num(v);
  return n !== null && Number.isInteger(n) && n >= 0 ? n : null;
}

/**
 * A time (`locked_until`, `last_used`): epoch seconds, a finite number ≥ 0; null or absent: none (not locked,
 * never used); anything else: 'unknown'.
 */
export function epochSeconds(v: unknown): number | null | 'unknown' {
  if (v === undefined || v === null) return null;
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 'unknown';
}
