/**
 * A malformed status field is unknown, never a fact: `"backup_codes_remaining": "3\u001b[31m"`
 * is not "no unused backup codes", and the screens say the count is unknown.
 */
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup } from 'ink-testing-library';
import { parseStatus } from '../../../src/api/shapes.js';
import { whatStopsWorking } from '../../../src/flow/messages.js';
import { ChooseScreen } from '../../../src/ui/screens/ChooseScreen.js';
import { ConfirmScreen } from '../../../src/ui/screens/ConfirmScreen.js';
import { choicesFor } from '../../../src/flow/steps.js';
import { mount } from '../../helpers/mount.js';
import { status } from '../fixtures.js';

afterEach(() => cleanup());

const base = { tfa_enabled: true, methods: [] };

describe('a malformed backup_codes_remaining', () => {
  it('is unknown (null) when it is not a whole count; a count, or its digits, is read', () => {
    for (const bad of ['3\u001b[31m', '', 'three', -1, 2.5, null, true, [3], { n: 3 }, undefined])
      assert.equal(parseStatus({ ...base, backup_codes_remaining: bad }, 200).backupCodesRemaining, null, String(bad));
    assert.equal(parseStatus({ ...base, backup_codes_remaining: 3 }, 200).backupCodesRemaining, 3);
    assert.equal(parseStatus({ ...base, backup_codes_remaining: '7' }, 200).backupCodesRemaining, 7);
    assert.equal(parseStatus({ ...base, backup_codes_remaining: 0 }, 200).backupCodesRemaining, 0);
  });

  it('the confirmation says the count is unknown, never "no unused backup codes"', () => {
    const text = mount(<ConfirmScreen remaining={null} onConfirm={() => undefined} onBack={() => undefined} />).text();
    assert.match(text.replace(/\s+/g, ' '), /did not say how many unused backup codes/);
    assert.doesNotMatch(text, /no unused backup codes/);
    assert.match(whatStopsWorking(0), /no unused backup codes/);
  });

  it('the choice screen says it is unknown, and the backup-code choice stays open', () => {
    const st = { ...status, backupCodesRemaining: null };
    const rows = choicesFor(st).map((choice) => ({ choice, lockedUntil: null, failCount: 0 }));
    const text = mount(<ChooseScreen status={st} rows={rows} error={null} notice={null} onPick={() => undefined} />)
      .text()
      .replace(/\s+/g, ' ');
    assert.match(text, /did not say how many unused backup codes/);
    assert.match(text, /Use a backup code \(how many are left is unknown\)/);
    assert.doesNotMatch(text, /none left/);
  });
});

describe('a malformed fail_count', () => {
  it('is unknown (null), not 0; absent is none', () => {
    const m = (fail_count: unknown) => ({ id: 1, method: 'totp', label: 'App', is_primary: true, fail_count });
    const read = (v: unknown) => parseStatus({ ...base, backup_codes_remaining: 3, methods: [m(v)] }, 200).methods[0]!;
    assert.equal(read('2\u001b[31m').failCount, null);
    assert.equal(read(-1).failCount, null);
    assert.equal(read(2).failCount, 2);
    assert.equal(read(undefined).failCount, 0);
  });

  it('the choice screen says the failed attempts are unknown', () => {
    const rows = choicesFor(status).map((choice) => ({ choice, lockedUntil: null, failCount: null }));
    const text = mount(
      <ChooseScreen status={status} rows={rows} error={null} notice={null} onPick={() => undefined} />,
    ).text();
    assert.match(text, /failed attempts unknown/);
  });
});
