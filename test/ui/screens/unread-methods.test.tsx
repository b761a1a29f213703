/**
 * Method entries the program cannot read (a malformed id, an unknown kind) are not "no methods": the
 * choice screen says so and does not describe the older setup or offer its phone on file.
 */
import { afterEach, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup } from 'ink-testing-library';
import { parseStatus } from '../../../src/api/shapes.js';
import { choicesFor } from '../../../src/flow/steps.js';
import { ChooseScreen } from '../../../src/ui/screens/ChooseScreen.js';
import { mount } from '../../helpers/mount.js';

afterEach(() => cleanup());

it('an unreadable method: said, no legacy text, no phone on file', () => {
  const st = parseStatus({ tfa_enabled: true, backup_codes_remaining: 3, methods: [{ id: 'x', method: 'sms' }] }, 200);
  const rows = choicesFor(st).map((choice) => ({ choice, lockedUntil: null, failCount: 0 }));
  const text = mount(<ChooseScreen status={st} rows={rows} error={null} notice={null} onPick={() => undefined} />)
    .text()
    .replace(/\s+/g, ' ');
  assert.match(text, /The server listed a method this program could not read\./);
  assert.doesNotMatch(text, /older 2FA setup|phone number on file/);
  assert.deepEqual(
    rows.map((r) => r.choice.kind),
    ['email', 'backup'],
  );
});
