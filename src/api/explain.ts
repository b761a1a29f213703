/**
 * The --explain trace: every API call's method, URL, headers and JSON body, with the API key
 * shown as its last 4 characters and codes and secrets redacted.
 */
import { terminalJson } from '../text/sanitize.js';

/** Fields whose values are secrets, in requests and responses alike. */
const SECRET_FIELDS = new Set(['code', 'backup_code', 'backup_codes', 'secret', 'api_key', 'totp_code']);

export const REDACTED = '[redacted]';

/** The key as the trace shows it: `…` and its last 4 characters (nothing for short keys). */
export function maskKey(key: string): string {
  return key.length >= 12 ? `…${key.slice(-4)}` : '…';
}

/** A deep copy with every secret field's value replaced. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = SECRET_FIELDS.has(k)
        ? Array.isArray(v) ? v.map(() => REDACTED) : REDACTED
        : redact(v);
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
}

export function traceRequest(r: TraceRequest): string[] {
  const lines = [`→ ${r.method} ${r.url}${r.attempt > 1 ? `  (attempt ${r.attempt})` : ''}`];
  for (const [name, value] of Object.entries(r.headers)) {
    const shown = name.toLowerCase() === 'authorization' ? value.replace(/^(Bearer )(.*)$/, (_, b, k) => b + maskKey(k)) : value;
    lines.push(`  ${name}: ${shown}`);
  }
  if (r.body !== undefined) lines.push(`  ${terminalJson(redact(r.body))}`);
  return lines;
}

export function traceResponse(status: number, ms: number, body: unknown): string[] {
  const shown = typeof body === 'string' ? terminalJson(body.slice(0, 200)) : terminalJson(redact(body));
  return [`← ${status} (${ms} ms) ${shown}`];
}

export function traceFailure(what: string, ms: number): string[] {
  return [`← no answer (${ms} ms): ${what}`];
}
