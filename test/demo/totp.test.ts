import { test } from 'node:test';
import assert from 'node:assert/strict';
import { base32Decode, hotp, totp, totpStep, DEMO_TOTP_SECRET } from '../../src/demo/totp.js';

// "12345678901234567890" in base32 (RFC 6238 appendix B, SHA-1 key).
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

test('base32 decodes the RFC key', () => {
  assert.equal(base32Decode(RFC_SECRET).toString('ascii'), '12345678901234567890');
  assert.equal(base32Decode('mzxw6ytb').toString('ascii'), 'fooba');
  assert.throws(() => base32Decode('A1'));
});

test('RFC 6238 SHA-1 vectors (8 digits, and the 6-digit variant)', () => {
  const key = Buffer.from('12345678901234567890', 'ascii');
  const vectors: [number, string][] = [
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ];
  for (const [t, expected8] of vectors) {
    assert.equal(hotp(key, Math.floor(t / 30), 8), expected8, `8 digits at T=${t}`);
    // 6 digits = the same truncated number mod 10^6, i.e. the last 6 of the 8.
    assert.equal(totp(RFC_SECRET, t * 1000), expected8.slice(2), `6 digits at T=${t}`);
  }
  assert.equal(totp(RFC_SECRET, 59_000), '287082');
});

test('totpStep accepts one step of drift, not two, and names the step', () => {
  const now = 1_700_000_000_000;
  const step = Math.floor(now / 30_000);
  for (const d of [-1, 0, 1])
    assert.equal(totpStep(DEMO_TOTP_SECRET, totp(DEMO_TOTP_SECRET, now + d * 30_000), now), step + d);
  for (const d of [-2, 2])
    assert.equal(totpStep(DEMO_TOTP_SECRET, totp(DEMO_TOTP_SECRET, now + d * 30_000), now), null);
  assert.equal(totpStep(DEMO_TOTP_SECRET, '12345', now), null);
  assert.equal(totpStep(DEMO_TOTP_SECRET, 'abcdef', now), null);
});
