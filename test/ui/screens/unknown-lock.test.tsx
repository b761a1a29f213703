/**
 * A malformed `locked_until` is unknown: the choice screen says "lock state unknown", shows no time
 * the lock ends, and the method can still be chosen (the server decides).
 */
import { afterEach, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup } from 'ink-testing-library';
import { parseStatus } from '../../../src/api/shapes.js';
import { choiceKey, choicesFor, failCount, lockState, type Choice } from '../../../src/flow/steps.js';
import { ChooseScreen } from '../../../src/ui/screens/ChooseScreen.js';
import { T0 } from '../../helpers/clock.js';
import { sendAndCheck } from '../../helpers/ink.js';
import { mount } from '../../helpers/mount.js';

afterEach(() => cleanup());

it('the choice screen says the lock state is unknown, shows no end, and the method can be picked', async () => {
  const st = parseStatus(
    {
      tfa_enabled: true,
      backup_codes_remaining: 3,
      methods: [{ id: 7, method: 'totp', label: 'App', is_primary: true, fail_count: 2, locked_until: '1e12' }],
    },
    200,
  );
  const state = { locks: {}, failCounts: {} };
  const rows = choicesFor(st).map((choice) => ({
    choice,
    lockedUntil: lockState(state, choice, T0),
    failCount: failCount(state, choice),
  }));
  const picks: Choice[] = [];
  const s = mount(<ChooseScreen status={st} rows={rows} error={null} notice={null} onPick={(c) => picks.push(c)} />);
  const text = s.text();
  assert.match(text, /› 1\. Authenticator app — App \(primary\)\n\s+2 failed attempts, lock state unknown\n/);
  assert.doesNotMatch(text, /locked until|unlock/i);
  await sendAndCheck(s.stdin, '\r', () => picks.length > 0);
  assert.equal(picks[0]!.kind === 'method' && picks[0]!.method.id, 7);
});

it('a lock learned from the server since is shown with its end, not as unknown', () => {
  const st = parseStatus({ tfa_enabled: true, methods: [{ id: 7, method: 'totp', locked_until: {} }] }, 200);
  const choice = choicesFor(st)[0]!;
  const until = T0 / 1000 + 60;
  assert.equal(lockState({ locks: { [choiceKey(choice)]: until } }, choice, T0), until);
  assert.equal(lockState({ locks: {} }, choice, T0), 'unknown');
});
