/**
 * The --explain trace: every API call's method, URL, headers and JSON body, with the API key
 * named by where it came from (no part of it shown), codes and secrets redacted, long bodies cut.
 * Every line also passes the run's redaction (text/redact.ts) before it is written.
 */
import { REDACTED, Secrets } from '../text/redact.js';
import { terminalJson } from '../text/sanitize.js';

/** Fields whose values are secrets, in requests and responses alike. */
const SECRET_FIELDS = new Set(['code', 'backup_code', 'backup_codes', 'secret', 'api_key', 'totp_code']);

/**
 * A deep copy with every secret field's value replaced, and every text passed through the run's
 * redaction before it is escaped for the terminal (a key split by zero-width characters is found
 * while they are characters, not yet `\u200b` escapes).
 */
export function redact(value: unknown, secrets: Secrets = new Secrets()): unknown {
  if (typeof value === 'string') return secrets.redact(value);
  if (Array.isArray(value)) return value.map((v) => redact(v, secrets));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = SECRET_FIELDS.has(k) ? (Array.isArray(v) ? v.map(() => REDACTED) : REDACTED) : redact(v, secrets);
    }
    return out;
  }
  return value;
}

export interface TraceRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: unknown;
  attempt: number;
  /** Where the key came from, shown instead of any part of it (e.g. "--api-key"). */
  keyFrom: string;
  /** The run's redaction, applied to the body's texts before they are escaped. */
  secrets?: Secrets;
}

export function traceRequest(r: TraceRequest): string[] {
  const lines = [`→ ${r.method} ${r.url}${r.attempt > 1 ? `  (attempt ${r.attempt})` : ''}`];
  for (const [name, value] of Object.entries(r.headers)) {
    const shown = name.toLowerCase() === 'authorization' ? `Bearer [the key from ${r.keyFrom}]` : value;
    lines.push(`  ${name}: ${shown}`);
  }
  if (r.body !== undefined) lines.push(`  ${shorten(terminalJson(redact(r.body, r.secrets)))}`);
  return lines;
}

/** Longest body a trace line shows; the rest is counted, not printed. */
export const TRACE_BODY_MAX = 600;

/** `text` cut to TRACE_BODY_MAX characters, saying how much was left out. */
function shorten(text: string): string {
  return text.length > TRACE_BODY_MAX
    ? `${text.slice(0, TRACE_BODY_MAX)}… (${text.length - TRACE_BODY_MAX} more characters)`
    : text;
}

export function traceResponse(status: number, ms: number, body: unknown, secrets: Secrets = new Secrets()): string[] {
  const shown =
    typeof body === 'string'
      ? terminalJson(shorten(secrets.redact(body)))
      : shorten(terminalJson(redact(body, secrets)));
  return [`← ${status} (${ms} ms) ${shown}`];
}

export function traceFailure(what: string, ms: number): string[] {
  return [`← no answer (${ms} ms): ${what}`];
}
