import { createHmac } from 'node:crypto';

/** The demo account's authenticator secret (base32), as in docs/cli.md. */
export const DEMO_TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

/** TOTP step length in seconds (RFC 6238 default). */
export const TOTP_STEP_SECONDS = 30;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Decodes RFC 4648 base32 (case-insensitive; spaces, dashes and `=` padding ignored). */
export function base32Decode(input: string): Buffer {
  const clean = input.toUpperCase().replace(/[\s=-]/g, '');
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const idx = ALPHABET.indexOf(ch);
    if (idx < 0) throw new Error('invalid base32 character');
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** HOTP (RFC 4226) over raw key bytes, SHA-1, `digits` long. */
export function hotp(key: Buffer, counter: number, digits = 6): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(msg).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const bin = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits;
  return String(bin).padStart(digits, '0');
}

/** The 6-digit RFC 6238 code (SHA-1, 30 s) of a base32 secret at `atMs`. */
export function totp(secretBase32: string, atMs: number = Date.now()): string {
  return hotp(base32Decode(secretBase32), Math.floor(atMs / 1000 / TOTP_STEP_SECONDS));
}

/** The time step `code` belongs to: the step at `atMs` or one within `drift` steps either side; null when none. */
export function totpStep(secretBase32: string, code: string, atMs: number = Date.now(), drift = 1): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const key = base32Decode(secretBase32);
  const step = Math.floor(atMs / 1000 / TOTP_STEP_SECONDS);
  for (let d = -drift; d <= drift; d++) {
    if (step + d >= 0 && hotp(key, step + d) === code) return step + d;
  }
  return null;
}
