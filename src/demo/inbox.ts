/**
 * Client side of the demo server's control endpoints (/__demo/*), with plain fetch. Used by the
 * demo screen and by tests; never talks to anything but the demo server it is given.
 */

import type { DemoRoute } from './server.js';

/** What GET /__demo/inbox holds, camelCased. `sentAt` is epoch seconds. */
export interface DemoInbox {
  totpCode: string;
  messages: { channel: 'sms' | 'email'; to: string; code: string; secret: string; sentAt: number }[];
  /** Unused codes of the newest set. */
  backupCodes: string[];
}

/** Body of POST /__demo/faults (see server.ts for the meaning of each field). */
export interface DemoFaults {
  latency_ms?: number;
  fail?: {
    route: DemoRoute;
    status?: number;
    times?: number;
    body?: unknown;
    raw?: string;
    retry_after?: number;
  }[];
  drop_after_apply?: DemoRoute[];
}

/** Body of POST /__demo/account. */
export interface DemoAccountBody {
  tfa_enabled: boolean;
  methods?: Record<string, unknown>[];
  backup_codes?: string[];
  phone_on_file?: string | null;
}

function endpoint(baseUrl: string, path: string): string {
  return baseUrl.replace(/\/+$/, '') + path;
}

async function ok(res: Response, what: string): Promise<unknown> {
  const text = await res.text();
  if (!res.ok) throw new Error(`demo ${what} failed: HTTP ${res.status} ${text.slice(0, 200)}`);
  return text === '' ? null : JSON.parse(text);
}

/** GET /__demo/inbox. */
export async function fetchInbox(baseUrl: string): Promise<DemoInbox> {
  const raw = (await ok(await fetch(endpoint(baseUrl, '/__demo/inbox')), 'inbox')) as {
    totp_code: string;
    messages: { channel: 'sms' | 'email'; to: string; code: string; secret: string; sent_at: number }[];
    backup_codes: string[];
  };
  return {
    totpCode: raw.totp_code,
    messages: raw.messages.map((m) => ({
      channel: m.channel,
      to: m.to,
      code: m.code,
      secret: m.secret,
      sentAt: m.sent_at,
    })),
    backupCodes: raw.backup_codes,
  };
}

/** Body of POST /__demo/sessions: how long new session keys live, or end them all now. */
export interface DemoSessions {
  session_ttl_s?: number;
  expire_all?: boolean;
}

/** POST helpers for /__demo/reset, /__demo/faults, /__demo/account and /__demo/sessions; each throws on a non-2xx. */
export function demoControl(baseUrl: string): {
  reset(): Promise<void>;
  faults(body: DemoFaults): Promise<void>;
  account(body: DemoAccountBody): Promise<void>;
  sessions(body: DemoSessions): Promise<void>;
} {
  const post = async (path: string, body: unknown) => {
    await ok(
      await fetch(endpoint(baseUrl, path), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      }),
      path,
    );
  };
  return {
    reset: () => post('/__demo/reset', {}),
    faults: (body) => post('/__demo/faults', body),
    account: (body) => post('/__demo/account', body),
    sessions: (body) => post('/__demo/sessions', body),
  };
}
