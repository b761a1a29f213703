/**
 * parseStatus: a status field of the wrong type is unknown, never a fact. A malformed `locked_until`
 * is neither "not locked" nor a time the lock ends.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseStatus } from '../../src/api/shapes.js';

const method = (extra: Record<string, unknown>) => ({
  id: 1,
  method: 'totp',
  label: 'App',
  is_primary: true,
  ...extra,
});
const read = (extra: Record<string, unknown>) =>
  parseStatus({ tfa_enabled: true, backup_codes_remaining: 3, methods: [method(extra)] }, 200).methods[0]!;

describe('locked_until', () => {
  it('epoch seconds are read; null or absent is not locked', () => {
    assert.equal(read({ locked_until: 1700000000 }).lockedUntil, 1700000000);
    assert.equal(read({ locked_until: 1700000000.5 }).lockedUntil, 1700000000.5);
    assert.equal(read({ locked_until: 0 }).lockedUntil, 0);
    assert.equal(read({ locked_until: null }).lockedUntil, null);
    assert.equal(read({}).lockedUntil, null);
  });
  for (const bad of ['1700000000', '', 'soon\u001b[31m', -1, Infinity, NaN, true, false, [1700000000], { t: 1 }]) {
    const shown = typeof bad === 'number' ? String(bad) : JSON.stringify(bad);
    it(`${shown} (${typeof bad}) is unknown, not "not locked"`, () => {
      assert.equal(read({ locked_until: bad }).lockedUntil, 'unknown');
    });
  }
});

describe('the other fields of a method', () => {
  const status = (methods: unknown[]) => parseStatus({ tfa_enabled: true, backup_codes_remaining: 3, methods }, 200);

  it('a malformed id or an unknown kind: not a choice, counted unread (not "without methods")', () => {
    for (const bad of [{ id: '4.5' }, { id: -1 }, { id: { n: 1 } }, { id: 1.5 }, { method: 'TOTP' }, { method: 5 }]) {
      const st = status([method(bad)]);
      assert.deepEqual(st.methods, [], JSON.stringify(bad));
      assert.equal(st.unread, 1, JSON.stringify(bad));
    }
    assert.equal(status([method({ id: '42' })]).methods[0]!.id, 42);
    assert.equal(status([method({})]).unread, undefined);
    assert.equal(status([]).unread, undefined);
  });
  it('a label or phone number that is not text is not shown; is_primary that is not true is not primary', () => {
    const m = status([method({ method: 'sms', label: { a: 1 }, phone_number: 1234, is_primary: 'yes' })]).methods[0]!;
    assert.equal(m.label, '');
    assert.equal(m.phoneNumber, null);
    assert.equal(m.isPrimary, false);
  });
  it('last_used: epoch seconds, null (never used), or unknown', () => {
    assert.equal(read({ last_used: 1700000000 }).lastUsed, 1700000000);
    assert.equal(read({ last_used: null }).lastUsed, null);
    assert.equal(read({ last_used: 'yesterday' }).lastUsed, 'unknown');
  });
  it('tfa_enabled that is not a boolean is no answer, never "2FA off"', () => {
    for (const bad of ['false', 0, null, undefined])
      assert.throws(
        () => parseStatus({ tfa_enabled: bad, methods: [] }, 200),
        (e: { code?: string; detail?: string }) => e.code === 'bad_response' && /tfa_enabled/.test(e.detail ?? ''),
        String(bad),
      );
  });
});
