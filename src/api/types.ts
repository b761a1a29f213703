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
  /** Wrong codes so far; null when the server's field was malformed (unknown, never 0). */
  failCount: number | null;
  /** Epoch seconds, null when not locked, 'unknown' when the server's field was malformed (never "not locked"). */
  lockedUntil: number | null | 'unknown';
  /** Epoch seconds; null: never used; 'unknown': malformed. Not shown anywhere yet. */
  lastUsed: number | null | 'unknown';
}

export interface TfaStatus {
  tfaEnabled: boolean;
  /** Unused backup codes; null when the answer did not say (missing, or not a count): unknown, never 0. */
  backupCodesRemaining: number | null;
  newMethodAuthorized: boolean;
  /** Primary first, then as the server listed them. */
  methods: TfaMethod[];
  /** Listed entries that are not a method this program can offer (a malformed id, an unknown kind): the account
   * has methods, just none it can read — never the older setup without methods. Absent: none. */
  unread?: number;
}

/** An SMS or email code was sent; the secret goes back with the code. */
export interface Challenge {
  secret: string;
  /** The server's message, inert. */
  message: string;
}

/**
 * How the user proves it is them: the flags of `vastai tfa regen-codes`, as given. Becomes the body
 * of PUT tfa/regen-backup-codes/ (api/payload.ts). Like the official parser, `methodType` and
 * `methodId` are never both set; `secret` may accompany any of them (the official CLI sends it).
 */
export type Verification =
  | ({
      kind: 'code';
      /** `code`: 6 digits. */
      code: string;
      /** Where the code came from, for messages (attempts left); never sent. */
      channel?: Channel;
    } & VerificationTarget)
  | ({ kind: 'backup'; backupCode: string } & VerificationTarget);

/** The fields that may go with a code or a backup code, each exactly as the official CLI sends it. */
export interface VerificationTarget {
  /** `tfa_method` (-t). */
  methodType?: Channel;
  /** `tfa_method_id` (-id), a string as given on the command line. */
  methodId?: string;
  /** `secret` (-s): the challenge secret of an SMS or email code. */
  secret?: string;
}

export interface RegenResult {
  /** The server's msg (normally "success"), inert. */
  msg: string;
  /** The new codes (normally 10), each as text, inert. */
  backupCodes: string[];
  /** The documented fields of the answer (`msg`, `backup_codes`) as received, and nothing else (for --raw). */
  body: unknown;
  /** What was odd about the answer's codes (kept anyway), to be shown with them; empty when nothing. */
  warnings?: string[];
}

/** What the rest of the program needs from the API. Injected, so tests and UI can fake it. */
export interface TfaApi {
  status(): Promise<TfaStatus>;
  /** POST tfa/sms/ with `{}`: a code to the account's phone on file (no public client sends more). */
  sendSms(): Promise<Challenge>;
  /** POST tfa/sms/resend/ with `{secret}`: the same challenge, a new code. */
  resendSms(secret: string): Promise<Challenge>;
  /** POST tfa/email/ */
  sendEmail(): Promise<Challenge>;
  /** PUT tfa/regen-backup-codes/ — never retried once the request may have reached the server. */
  regenerate(v: Verification): Promise<RegenResult>;
}
