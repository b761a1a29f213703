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
