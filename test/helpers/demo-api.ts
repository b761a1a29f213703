/**
 * Direct HTTP calls to a demo API for the fault and security suites (setting up a state the CLI
 * then meets: an SMS already sent, a method locked, …), and TOTP helpers.
 */
import { DEMO_API_KEY } from '../../src/demo/server.js';
import { totp, DEMO_TOTP_SECRET } from '../../src/demo/totp.js';

/** One API call with the demo key; the parsed JSON body (or the text when it is not JSON). */
export async function apiCall(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  key: string = DEMO_API_KEY,
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${baseUrl}/api/v0/${path}`, {
    method,
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) };
  } catch {
    return { status: res.status, body: text };
  }
}

/** POST tfa/sms/ with `{}`; the challenge secret. */
export async function sendSms(baseUrl: string): Promise<string> {
  const r = await apiCall(baseUrl, 'POST', 'tfa/sms/', {});
  if (r.status !== 200) throw new Error(`send-sms failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.secret as string;
}

const handedOut = new Set<string>();

/** The demo was reset (its record of used codes too): every code may be handed out again. */
export function forgetUsedTotp(): void {
  handedOut.clear();
}

/**
 * A demo authenticator code that works now (or at `atMs`). The demo refuses a code that verified
 * once for the rest of its window (RFC 6238 §5.2), so each call hands out a code not handed out
 * before in this process: the current one, else the next (accepted as one step of drift).
 * A test needing more than two codes in one window asks the inbox (its totp_code is unused).
 */
export function goodTotp(atMs: number = Date.now()): string {
  for (const dt of [0, 30_000]) {
    const c = totp(DEMO_TOTP_SECRET, atMs + dt);
    if (!handedOut.has(c)) {
      handedOut.add(c);
      return c;
    }
  }
  throw new Error('two authenticator codes were used in this window already: ask the inbox for an unused one');
}

/** A 6-digit code that the demo's TOTP check refuses for the next minute or so (drift included). */
export function wrongTotp(atMs: number = Date.now()): string {
  const near = new Set([-90, -60, -30, 0, 30, 60, 90].map((s) => totp(DEMO_TOTP_SECRET, atMs + s * 1000)));
  for (let i = 0; ; i++) {
    const c = String((i * 111_111) % 1_000_000).padStart(6, '0');
    if (!near.has(c)) return c;
  }
}
