import { terminalJson } from '../text/sanitize.js';

/** Exit statuses of CONTRACT. */
export const EXIT = { ok: 0, failed: 1, usage: 2, replaced: 3, cancelled: 130 } as const;

/** A failure to report: `code` is the API's error code or a local one. */
export interface Failure {
  exit: number;
  title: string;
  hint?: string;
  status?: number | null;
  code: string;
}

/**
 * How a failure reads on stderr: `Error: title` and the hint below it, or with --raw one JSON
 * object `{"error": true, "status_code", "msg", "code", "hint"?, ...extra}` safe for a terminal.
 */
export function failureText(raw: boolean, f: Failure, extra: Record<string, unknown> = {}): string {
  return raw
    ? `${terminalJson({ error: true, status_code: f.status ?? null, msg: f.title, code: f.code, ...(f.hint ? { hint: f.hint } : {}), ...extra })}\n`
    : `Error: ${f.title}${f.hint ? `\n${f.hint}` : ''}\n`;
}
