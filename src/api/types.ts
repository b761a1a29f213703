/** The shapes this program works with, after a response passed its shape check. */

/** Kinds of method the server lists. Email is never listed, but can always verify. */
export type MethodKind = 'totp' | 'sms';
/** Every way of receiving or producing a 6-digit code. */
export type Channel = MethodKind | 'email';

export interface TfaMethod {
  id: number;
  kind: MethodKind;
  /** Already made inert for the terminal (see text/sanitize.ts); may be empty. */
  label: string;
  /** Masked by the server, e.g. `******1234`; null for TOTP. Inert. */
  phoneNumber: string | null;
  isPrimary: boolean;
  failCount: number;
  /** Epoch seconds, or null when not locked. */
  lockedUntil: number | null;
  lastUsed: number | null;
}

export interface TfaStatus {
  tfaEnabled: boolean;
  backupCodesRemaining: number;
  newMethodAuthorized: boolean;
  /** Primary first, then as the server listed them. */
  methods: TfaMethod[];
}

/** An SMS or email code was sent; the secret goes back with the code. */
export interface Challenge {
  secret: string;
  /** The server's message, inert. */
  message: string;
}

/**
 * How the user proves it is them. Becomes the body of PUT tfa/regen-backup-codes/
 * (see api/payload.ts for the exact fields).
 */
export type Verification =
  | {
      kind: 'code';
      /** `tfa_method`; left out when not known. */
      methodType?: Channel;
      /** `tfa_method_id`, sent as given (the official CLI sends the flag's string). */
      methodId?: string | number;
      code: string;
      /** Challenge secret, SMS and email only. */
      secret?: string;
    }
  | { kind: 'backup'; backupCode: string };

export interface RegenResult {
  /** The server's msg (normally "success"), inert. */
  msg: string;
  /** The new codes (normally 10), each as text, inert. */
  backupCodes: string[];
  /** The parsed response body, exactly as received (for --raw). */
  body: unknown;
  /** What was odd about the answer's codes (kept anyway), to be shown with them; empty when nothing. */
  warnings?: string[];
}

/** What the rest of the program needs from the API. Injected, so tests and UI can fake it. */
export interface TfaApi {
  status(): Promise<TfaStatus>;
  /** POST tfa/sms/ — by method id, or the account's phone when no id is given. */
  sendSms(target?: { methodId?: number }): Promise<Challenge>;
  /** POST tfa/sms/resend/ */
  resendSms(opts: { secret?: string; methodId?: number }): Promise<Challenge>;
  /** POST tfa/email/ */
  sendEmail(): Promise<Challenge>;
  /** PUT tfa/regen-backup-codes/ — never retried once the request may have reached the server. */
  regenerate(v: Verification): Promise<RegenResult>;
}
