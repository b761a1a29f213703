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
    it(`${typeof bad === 'number' ? String(bad) : JSON.stringify(bad)} (${typeof bad}) is unknown, not "not locked"`, () => {
      assert.equal(read({ locked_until: bad }).lockedUntil, 'unknown');
    });
  }
});
