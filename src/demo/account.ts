import { randomBytes, randomInt } from 'node:crypto';
import { DEMO_TOTP_SECRET, TOTP_STEP_SECONDS, totp, totpStep } from './totp.js';

/**
 * The demo account and the rules of Vast.ai's 2FA endpoints (reference/vast-2fa-api.md), with no
 * HTTP in sight. Every rule reads the clock through the injected `now()` (epoch ms), so tests can
 * move time. Failures are thrown as DemoError, already shaped as the API's error bodies.
 */

/** A method exactly as GET tfa/status/ lists it. Times are epoch seconds. */
export interface DemoMethod {
  id: number;
  user_id: number;
  method: 'totp' | 'sms';
  label: string;
  phone_number: string | null;
  is_primary: boolean;
  fail_count: number;
  locked_until: number | null;
  created_at: number;
  last_used: number | null;
}

/** One code "delivered" by SMS or email, as the inbox shows it. `sent_at` in epoch seconds. */
export interface DemoMessage {
  channel: 'sms' | 'email';
  to: string;
  code: string;
  secret: string;
  sent_at: number;
}

/** An API error: `{ error, msg, ...extra }` answered with `status`. */
export class DemoError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    msg: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(msg);
    this.name = 'DemoError';
  }
  /** The JSON body to answer with. */
  body(): Record<string, unknown> {
    return { error: this.error, msg: this.message, ...this.extra };
  }
}

export const DEMO_USER_ID = 31337;
export const DEMO_PHONE = '******4821';
export const DEMO_EMAIL = 'demo@example.com';
/** SMS/email challenges live this long. */
export const CHALLENGE_TTL_MS = 10 * 60_000;
/** No second SMS to the same target (send or resend) within this window. */
export const SMS_COOLDOWN_MS = 30_000;
export const LOCK_MS = 15 * 60_000;
/**
 * Wrong codes before a lock. SMS 3 and TOTP 5 come from the Vast.ai user guide; the guide gives
 * no number for email, so the demo picks 5 (the same as TOTP, the more lenient documented limit).
 */
export const DEMO_LOCK_AFTER = { sms: 3, totp: 5, email: 5 } as const;
export const NEW_CODES_PER_REGEN = 10;
/** How long a session key from POST tfa/ lives unless /__demo/sessions says otherwise. */
export const DEFAULT_SESSION_TTL_S = 3600;
/** The answer to any call with a session key that has expired (what the official CLI looks for). */
export const SESSION_EXPIRED_MSG = 'Session expired. Please log in again.';

interface Lock {
  fail_count: number;
  locked_until: number | null;
}

interface ChallengeRec {
  channel: 'sms' | 'email';
  to: string;
  code: string;
  createdMs: number;
  /** Where wrong codes are counted: a method id, 'email', or 'sms:<phone>' for an unlisted phone. */
  lockKey: number | string;
  methodId: number | null;
}

interface BackupCode {
  code: string;
  used: boolean;
}

/** Body of POST /__demo/account (reference-shaped methods; missing fields get defaults). */
export interface AccountSpec {
  tfa_enabled: boolean;
  methods?: Partial<DemoMethod>[];
  backup_codes?: string[];
  /** Masked phone used by tfa/sms/ with `{}` and by legacy migration; null for none. */
  phone_on_file?: string | null;
}

const CODE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A fresh backup code, `XXXX-XXXX-XXXX` of uppercase letters and digits. */
export function newBackupCode(): string {
  const groups: string[] = [];
  for (let g = 0; g < 3; g++) {
    let s = '';
    for (let i = 0; i < 4; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
    groups.push(s);
  }
  return groups.join('-');
}

function sixDigits(): string {
  return String(randomInt(1_000_000)).padStart(6, '0');
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const bad = (msg: string) => new DemoError(400, 'bad_request', msg);

/** Reads `tfa_method_id`: a number or a numeric string (the official CLI sends the string). */
function parseMethodId(v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^\s*\d+\s*$/.test(v)) return Number(v.trim());
  throw bad('tfa_method_id must be a number');
}

function optString(body: Record<string, unknown>, key: string): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw bad(`${key} must be a string`);
  return v;
}

/** The demo account: state plus the endpoints' rules. */
export class DemoAccount {
  tfaEnabled = true;
  methods: DemoMethod[] = [];
  phoneOnFile: string | null = DEMO_PHONE;
  messages: DemoMessage[] = [];
  private backup: BackupCode[] = [];
  private challenges = new Map<string, ChallengeRec>();
  private otherLocks = new Map<string, Lock>();
  private lastSms = new Map<string, number>();
  /** TOTP time steps that verified once, by method id: refused for the rest of their window (RFC 6238 §5.2). */
  private usedSteps = new Map<number, Set<number>>();
  /** Session keys from POST tfa/, with the epoch ms they expire at. */
  private sessions = new Map<string, number>();
  sessionTtlS = DEFAULT_SESSION_TTL_S;

  constructor(readonly now: () => number = Date.now) {
    this.reset();
  }

  private sec(): number {
    return Math.floor(this.now() / 1000);
  }

  /** Back to the default account of docs/cli.md; messages and challenges forgotten. */
  reset(): void {
    const t = this.sec();
    this.tfaEnabled = true;
    this.phoneOnFile = DEMO_PHONE;
    this.methods = [
      {
        id: 101,
        user_id: DEMO_USER_ID,
        method: 'totp',
        label: 'Authenticator app',
        phone_number: null,
        is_primary: true,
        fail_count: 0,
        locked_until: null,
        created_at: t - 90 * 86400,
        last_used: t - 3 * 86400,
      },
      {
        id: 102,
        user_id: DEMO_USER_ID,
        method: 'sms',
        label: 'Work phone',
        phone_number: DEMO_PHONE,
        is_primary: false,
        fail_count: 0,
        locked_until: null,
        created_at: t - 60 * 86400,
        last_used: null,
      },
    ];
    this.backup = [newBackupCode(), newBackupCode(), newBackupCode()].map((code) => ({ code, used: false }));
    this.clearTransient();
  }

  private clearTransient(): void {
    this.messages = [];
    this.challenges.clear();
    this.otherLocks.clear();
    this.lastSms.clear();
    this.usedSteps.clear();
    this.expireSessions();
    this.sessionTtlS = DEFAULT_SESSION_TTL_S;
  }

  /** Ends every session: their keys answer "Session expired" from now on. */
  expireSessions(): void {
    for (const k of this.sessions.keys()) this.sessions.set(k, 0);
  }

  /** What a key is: the demo key is checked by the server; here, session keys. */
  session(key: string): 'live' | 'expired' | 'unknown' {
    const until = this.sessions.get(key);
    if (until === undefined) return 'unknown';
    return until > this.now() ? 'live' : 'expired';
  }

  /** Replaces the account (POST /__demo/account). Throws DemoError bad_request on a bad spec. */
  replace(spec: unknown): void {
    if (!isObj(spec) || typeof spec.tfa_enabled !== 'boolean') throw bad('tfa_enabled (boolean) is required');
    const methods = spec.methods ?? [];
    const codes = spec.backup_codes ?? [];
    if (!Array.isArray(methods)) throw bad('methods must be an array');
    if (!Array.isArray(codes) || !codes.every((c) => typeof c === 'string'))
      throw bad('backup_codes must be an array of strings');
    const pof = spec.phone_on_file;
    if (pof !== undefined && pof !== null && typeof pof !== 'string')
      throw bad('phone_on_file must be a string or null');
    const t = this.sec();
    const seen = new Set<number>();
    const built: DemoMethod[] = methods.map((m: unknown, i: number) => {
      if (!isObj(m)) throw bad(`methods[${i}] must be an object`);
      if (typeof m.id !== 'number' || !Number.isInteger(m.id) || seen.has(m.id))
        throw bad(`methods[${i}].id must be a unique integer`);
      seen.add(m.id);
      if (m.method !== 'totp' && m.method !== 'sms') throw bad(`methods[${i}].method must be "totp" or "sms"`);
      const numOrNull = (v: unknown, d: number | null) => (typeof v === 'number' ? v : v === null ? null : d);
      return {
        id: m.id,
        user_id: typeof m.user_id === 'number' ? m.user_id : DEMO_USER_ID,
        method: m.method,
        label: typeof m.label === 'string' ? m.label : '',
        phone_number: m.method === 'sms' ? (typeof m.phone_number === 'string' ? m.phone_number : DEMO_PHONE) : null,
        is_primary: m.is_primary === true,
        fail_count: typeof m.fail_count === 'number' ? m.fail_count : 0,
        locked_until: numOrNull(m.locked_until, null),
        created_at: typeof m.created_at === 'number' ? m.created_at : t - 30 * 86400,
        last_used: numOrNull(m.last_used, null),
      };
    });
    this.tfaEnabled = spec.tfa_enabled;
    this.methods = built;
    this.backup = (codes as string[]).map((code) => ({ code, used: false }));
    this.phoneOnFile = pof === undefined ? DEMO_PHONE : (pof as string | null);
    this.clearTransient();
  }

  /** Unused codes of the current (newest) set. */
  unusedBackupCodes(): string[] {
    return this.backup.filter((b) => !b.used).map((b) => b.code);
  }

  /**
   * A code the demo's authenticator app would show that still works: the current one, or the
   * next one (accepted as clock drift) once the current one was used.
   */
  currentTotp(): string {
    const m = this.totpMethod();
    const used = m ? this.usedSteps.get(m.id) : undefined;
    const step = Math.floor(this.now() / 1000 / TOTP_STEP_SECONDS);
    const free = used?.has(step) ? step + 1 : step;
    return totp(DEMO_TOTP_SECRET, free * TOTP_STEP_SECONDS * 1000);
  }

  /**
   * The authenticator a code without a method id verifies against: the primary one, else the
   * first. currentTotp() must pick the same one, or it would offer a code already used there.
   */
  private totpMethod(): DemoMethod | undefined {
    return (
      this.methods.find((x) => x.method === 'totp' && x.is_primary) ?? this.methods.find((x) => x.method === 'totp')
    );
  }

  /** Clears locks whose time has passed (fail_count back to 0). */
  private expireLocks(): void {
    const t = this.sec();
    const fix = (l: Lock) => {
      if (l.locked_until !== null && l.locked_until <= t) {
        l.locked_until = null;
        l.fail_count = 0;
      }
    };
    this.methods.forEach(fix);
    this.otherLocks.forEach(fix);
  }

  /** GET tfa/status/ body. */
  status(): Record<string, unknown> {
    this.expireLocks();
    return {
      success: true,
      tfa_enabled: this.tfaEnabled,
      backup_codes_remaining: this.unusedBackupCodes().length,
      new_method_authorized: false,
      methods: this.tfaEnabled ? this.methods.map((m) => ({ ...m })) : [],
    };
  }

  private method(id: number): DemoMethod {
    const m = this.methods.find((x) => x.id === id);
    if (!m || !this.tfaEnabled) throw new DemoError(404, 'not_found', `2FA method ${id} not found`);
    return m;
  }

  /** Where an SMS goes, from a body with tfa_method_id, phone_number, or nothing (phone on file). */
  private smsTarget(body: Record<string, unknown>): { to: string; methodId: number | null; lockKey: number | string } {
    const id = parseMethodId(body.tfa_method_id);
    if (id !== undefined) {
      const m = this.method(id);
      if (m.method !== 'sms' || !m.phone_number)
        throw new DemoError(400, 'invalid_tfa_method', `2FA method ${id} is not an SMS method`);
      return { to: m.phone_number, methodId: m.id, lockKey: m.id };
    }
    const phone = optString(body, 'phone_number');
    const to = phone ?? this.phoneOnFile;
    if (!to) throw new DemoError(400, 'missing_params', 'No phone number on file; send phone_number or tfa_method_id');
    const m = this.methods.find((x) => x.method === 'sms' && x.phone_number === to);
    return m ? { to, methodId: m.id, lockKey: m.id } : { to, methodId: null, lockKey: `sms:${to}` };
  }

  private cooldownLeft(to: string): number {
    const last = this.lastSms.get(to);
    if (last === undefined) return 0;
    const left = last + SMS_COOLDOWN_MS - this.now();
    return left > 0 ? Math.ceil(left / 1000) : 0;
  }

  private deliver(rec: ChallengeRec, secret: string): void {
    this.challenges.set(secret, rec);
    if (rec.channel === 'sms') this.lastSms.set(rec.to, rec.createdMs);
    this.messages.push({
      channel: rec.channel,
      to: rec.to,
      code: rec.code,
      secret,
      sent_at: Math.floor(rec.createdMs / 1000),
    });
  }

  private newSecret(): string {
    return randomBytes(16).toString('hex');
  }

  /** POST tfa/sms/ — `tfa_challenge_exists` inside the 30 s cool-down of the same target. */
  sendSms(body: Record<string, unknown>): Record<string, unknown> {
    const target = this.smsTarget(body);
    if (this.cooldownLeft(target.to) > 0) {
      throw new DemoError(
        400,
        'tfa_challenge_exists',
        'A code was sent to this phone moments ago. Use resend instead.',
      );
    }
    const secret = this.newSecret();
    this.deliver({ channel: 'sms', code: sixDigits(), createdMs: this.now(), ...target }, secret);
    return { msg: '2FA Sent', secret };
  }

  /**
   * POST tfa/sms/resend/. With a known `secret`: a new code under the same secret (the old code
   * stops working, the 10 minutes start again). Without one: a fresh challenge with a new secret.
   * Inside the 30 s cool-down: `sms_rate_limited` 429 with `retry_after` seconds.
   */
  resendSms(body: Record<string, unknown>): Record<string, unknown> {
    const given = optString(body, 'secret');
    if (given !== undefined && given !== '') {
      const rec = this.challenges.get(given);
      if (!rec || rec.channel !== 'sms')
        throw new DemoError(400, 'challenge_not_found', 'No SMS challenge found for that secret');
      this.refuseInCooldown(rec.to);
      this.deliver({ ...rec, code: sixDigits(), createdMs: this.now() }, given);
      return { msg: '2FA code resent', secret: given };
    }
    const target = this.smsTarget(body);
    this.refuseInCooldown(target.to);
    const secret = this.newSecret();
    this.deliver({ channel: 'sms', code: sixDigits(), createdMs: this.now(), ...target }, secret);
    return { msg: '2FA code resent', secret };
  }

  private refuseInCooldown(to: string): void {
    const left = this.cooldownLeft(to);
    if (left > 0) {
      throw new DemoError(429, 'sms_rate_limited', `Please wait ${left} seconds before requesting another code.`, {
        retry_after: left,
      });
    }
  }

  /** POST tfa/email/ — always a fresh challenge. */
  sendEmail(): Record<string, unknown> {
    const secret = this.newSecret();
    this.deliver(
      { channel: 'email', to: DEMO_EMAIL, code: sixDigits(), createdMs: this.now(), lockKey: 'email', methodId: null },
      secret,
    );
    return { success: true, msg: '2FA code sent to your email address.', secret };
  }

  private lockOf(key: number | string): Lock {
    if (typeof key === 'number') return this.method(key);
    let l = this.otherLocks.get(key);
    if (!l) this.otherLocks.set(key, (l = { fail_count: 0, locked_until: null }));
    return l;
  }

  private refuseIfLocked(l: Lock): void {
    if (l.locked_until !== null && l.locked_until > this.sec()) {
      throw new DemoError(
        429,
        'tfa_locked',
        'Too many failed attempts. This method is locked; try again later or use another method.',
        {
          fail_count: l.fail_count,
          locked_until: l.locked_until,
        },
      );
    }
  }

  private fail(l: Lock, limit: number): never {
    l.fail_count += 1;
    let lockedUntil: number | null = null;
    if (l.fail_count >= limit) {
      lockedUntil = Math.floor((this.now() + LOCK_MS) / 1000);
      l.locked_until = lockedUntil;
    }
    throw new DemoError(400, '2fa_verification_failed', 'Invalid 2FA code', {
      fail_count: l.fail_count,
      locked_until: lockedUntil,
    });
  }

  /**
   * PUT tfa/regen-backup-codes/. Verifies one way (reference table), then replaces the backup codes
   * with 10 new ones.
   */
  regenerate(body: Record<string, unknown>): Record<string, unknown> {
    this.verify(body);
    return this.issueCodes();
  }

  /**
   * POST tfa/ (`vastai tfa login`): the same verification, then a session key that works as an API
   * key for `sessionTtlS` seconds.
   */
  login(body: Record<string, unknown>): Record<string, unknown> {
    this.verify(body);
    const key = `sess-${this.newSecret()}`;
    this.sessions.set(key, this.now() + this.sessionTtlS * 1000);
    return { msg: '2FA login successful', session_key: key, backup_codes_remaining: this.unusedBackupCodes().length };
  }

  /**
   * Checks one way of verifying (a code with its method, or a backup code, which it uses up).
   * A legacy account (2FA on, no methods) verified by SMS or email gains an SMS method built from
   * the phone on file.
   */
  private verify(body: Record<string, unknown>): void {
    if (!this.tfaEnabled) throw bad('2FA is not enabled');
    const backupCode = optString(body, 'backup_code');
    const code = optString(body, 'code');
    const methodName = optString(body, 'tfa_method');
    const secret = optString(body, 'secret');
    const methodId = parseMethodId(body.tfa_method_id);
    if (methodName !== undefined && !['totp', 'sms', 'email'].includes(methodName)) {
      throw new DemoError(400, 'invalid_tfa_method', `Unknown tfa_method "${methodName.slice(0, 40)}"`);
    }
    this.expireLocks();

    if (backupCode !== undefined && backupCode !== '') {
      if (code !== undefined && code !== '') throw bad('Send either code or backup_code, not both');
      const wanted = backupCode.trim().toUpperCase();
      const hit = this.backup.find((b) => !b.used && b.code.toUpperCase() === wanted);
      if (!hit) throw new DemoError(401, 'invalid_backup_code', 'Invalid or already used backup code');
      hit.used = true;
      return;
    }
    if (code === undefined || code === '')
      throw new DemoError(400, 'missing_auth_value', 'A code or a backup code is required');

    // Which kind of method verifies.
    let kind: 'totp' | 'sms' | 'email';
    let byId: DemoMethod | undefined;
    if (methodId !== undefined) {
      byId = this.method(methodId);
      if (methodName !== undefined && methodName !== byId.method) {
        throw bad(`tfa_method "${methodName}" does not match method ${methodId} (${byId.method})`);
      }
      kind = byId.method;
    } else if (methodName !== undefined) {
      kind = methodName as 'totp' | 'sms' | 'email';
    } else if (secret !== undefined && this.challenges.has(secret)) {
      // Only a code and a secret: the challenge tells which channel it came by.
      kind = this.challenges.get(secret)!.channel;
    } else {
      // Only a code: the primary method verifies.
      const primary = this.methods.find((m) => m.is_primary) ?? this.methods[0];
      if (!primary)
        throw new DemoError(400, 'missing_params', 'tfa_method is required: this account has no primary 2FA method');
      kind = primary.method;
      byId = primary;
    }

    let used: DemoMethod | undefined;
    if (kind === 'totp') {
      const m = byId ?? this.totpMethod();
      if (!m) throw new DemoError(400, 'invalid_tfa_method', 'No authenticator app is set up on this account');
      this.refuseIfLocked(m);
      const step = totpStep(DEMO_TOTP_SECRET, code.trim(), this.now(), 1);
      if (step === null) this.fail(m, DEMO_LOCK_AFTER.totp);
      this.refuseReplay(m, step);
      used = m;
      m.fail_count = 0;
      m.locked_until = null;
    } else {
      if (secret === undefined || secret === '')
        throw new DemoError(400, 'missing_params', `secret is required with an ${kind} code`);
      const rec = this.challenges.get(secret);
      if (!rec || rec.channel !== kind || (byId !== undefined && kind === 'sms' && rec.methodId !== byId.id)) {
        throw new DemoError(400, 'challenge_not_found', 'No challenge found for that secret');
      }
      const lock = this.lockOf(rec.lockKey);
      this.refuseIfLocked(lock);
      if (this.now() - rec.createdMs > CHALLENGE_TTL_MS) {
        this.challenges.delete(secret);
        throw new DemoError(400, '2fa_expired', 'The 2FA code has expired. Request a new one.');
      }
      if (code.trim() !== rec.code) this.fail(lock, DEMO_LOCK_AFTER[kind]);
      this.challenges.delete(secret);
      lock.fail_count = 0;
      lock.locked_until = null;
      if (rec.methodId !== null) used = this.methods.find((x) => x.id === rec.methodId);
    }
    if (used) used.last_used = this.sec();
    if (this.methods.length === 0 && kind !== 'totp' && this.phoneOnFile) this.migrateLegacy();
  }

  /** A TOTP code that verified once is refused for the rest of its window (not counted as a failure). */
  private refuseReplay(m: DemoMethod, step: number): void {
    const now = Math.floor(this.now() / 1000 / TOTP_STEP_SECONDS);
    const used = this.usedSteps.get(m.id) ?? new Set<number>();
    for (const s of used) if (s < now - 1) used.delete(s); // out of the drift window: no longer accepted anyway
    if (used.has(step)) {
      throw new DemoError(400, '2fa_verification_failed', 'This code was already used. Wait for the next one.', {
        fail_count: m.fail_count,
        locked_until: m.locked_until,
      });
    }
    used.add(step);
    this.usedSteps.set(m.id, used);
  }

  /** Legacy account: the verified phone on file becomes a real SMS method. */
  private migrateLegacy(): void {
    const t = this.sec();
    this.methods.push({
      id: 100,
      user_id: DEMO_USER_ID,
      method: 'sms',
      label: '',
      phone_number: this.phoneOnFile,
      is_primary: true,
      fail_count: 0,
      locked_until: null,
      created_at: t,
      last_used: t,
    });
  }

  private issueCodes(): Record<string, unknown> {
    const codes = new Set<string>();
    while (codes.size < NEW_CODES_PER_REGEN) codes.add(newBackupCode());
    this.backup = [...codes].map((code) => ({ code, used: false }));
    return { msg: 'success', backup_codes: [...codes] };
  }
}
