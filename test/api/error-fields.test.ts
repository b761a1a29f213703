/**
 * The 2FA error bodies' fail_count and locked_until: a field of the wrong type is unknown, never a
 * fact: no attempts-left count from a malformed fail_count, no "not locked" and no end time from a
 * malformed locked_until.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { errorFromResponse } from '../../src/api/errors.js';
import { errorText } from '../../src/flow/messages.js';

const wrong = (body: Record<string, unknown>) =>
  errorFromResponse(400, { error: '2fa_verification_failed', ...body }, { channel: 'totp' });
const locked = (body: Record<string, unknown>) =>
  errorFromResponse(429, { error: 'tfa_locked', ...body }, { channel: 'totp' });

describe('fail_count in an error body', () => {
  it('a whole count ≥ 0 (or its digits) is read; anything else is unknown (null)', () => {
    assert.equal(wrong({ fail_count: 2 }).failCount, 2);
    assert.equal(wrong({ fail_count: '2' }).failCount, 2);
    for (const bad of [-1, 2.5, '2\u001b[31m', true, [2], {}, Infinity])
      assert.equal(wrong({ fail_count: bad }).failCount, null, String(bad));
  });
  it('a malformed count claims no attempts left', () => {
    assert.match(errorText(wrong({ fail_count: 2, locked_until: null })).title, /3 attempts left/);
    assert.doesNotMatch(errorText(wrong({ fail_count: -1, locked_until: null })).title, /attempts? left/);
  });
});

describe('locked_until in an error body', () => {
  it('epoch seconds are read, null is not said, anything else is unknown', () => {
    assert.equal(wrong({ locked_until: 1700000000 }).lockedUntil, 1700000000);
    assert.equal(wrong({ locked_until: null }).lockedUntil, null);
    for (const bad of ['1700000000', 'soon', -5, NaN, false, { t: 1 }, [1]])
      assert.equal(wrong({ locked_until: bad }).lockedUntil, 'unknown', String(bad));
  });
  it('a wrong code with a malformed lock: the lock is said to be unknown, no time, no attempts left', () => {
    const t = errorText(wrong({ fail_count: 2, locked_until: 'soon' })).title;
    assert.match(t, /Whether the authenticator app is now locked is unknown/);
    assert.doesNotMatch(t, /locked until|attempts? left/);
  });
  it('tfa_locked with a malformed lock: locked, until when unknown, no time', () => {
    const t = errorText(locked({ fail_count: 5, locked_until: -1 })).title;
    assert.match(t, /locked after too many wrong codes \(until when is unknown\)\./);
    assert.doesNotMatch(t, /until \d/);
  });
});
