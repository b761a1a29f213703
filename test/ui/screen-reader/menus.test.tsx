// Screen-reader mode (INK_SCREEN_READER=true): every list says which item is selected and which
// cannot be chosen, in words, one item a line, with no `›` and nothing windowed away.
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup } from 'ink-testing-library';
import { choicesFor, type Choice } from '../../../src/flow/steps.js';
import { WHEN_TO_REGENERATE } from '../../../src/flow/messages.js';
import { Menu } from '../../../src/ui/components/Menu.js';
import { ChooseScreen } from '../../../src/ui/screens/ChooseScreen.js';
import { ConfirmScreen } from '../../../src/ui/screens/ConfirmScreen.js';
import { LeaveUnsavedScreen } from '../../../src/ui/screens/LeaveUnsavedScreen.js';
import { PlaceTakenScreen } from '../../../src/ui/screens/PlaceTakenScreen.js';
import { T0 } from '../../helpers/clock.js';
import { sendAndCheck, sendAndWait } from '../../helpers/ink.js';
import { lines, mount, screenText } from '../../helpers/mount.js';
import { status } from '../fixtures.js';

afterEach(() => cleanup());

const sr = { screenReader: true };

describe('screen-reader mode: lists', () => {
  it('Menu: the selected item is said as selected, a locked one as disabled, details on the same line', async () => {
    const items = [
      { label: 'alpha' },
      { label: 'beta', disabled: 'locked until 10:00' },
      { label: 'gamma', detail: '2 failed attempts' },
    ];
    const r = mount(<Menu items={items} onPick={() => undefined} />, sr);
    assert.equal(
      r.text(),
      lines('(selected) 1. alpha', '(disabled) 2. beta, locked until 10:00', '3. gamma, 2 failed attempts'),
    );
    assert.equal(
      screenText(await sendAndWait(r.stdin, r.lastFrame, '\u001b[B')),
      lines('1. alpha', '(disabled) 2. beta, locked until 10:00', '(selected) 3. gamma, 2 failed attempts'),
    );
  });
  it('Menu: a long list is read whole (no window, no "more" lines), whatever room the screen has', () => {
    const items = Array.from({ length: 12 }, (_, i) => ({ label: `item ${i + 1}` }));
    const r = mount(<Menu items={items} onPick={() => undefined} maxLines={4} />, { ...sr, rows: 6 });
    const t = r.text().split('\n');
    assert.equal(t.length, 12);
    assert.equal(t[0], '(selected) 1. item 1');
    assert.equal(t[11], '12. item 12');
  });
  it('ChooseScreen, first method locked: read in order, the lock said, the selection skips it', async () => {
    const picks: Choice[] = [];
    const rows = choicesFor(status).map((choice, i) => ({
      choice,
      lockedUntil: i === 0 ? T0 / 1000 + 15 * 60 : null,
      failCount: i === 0 ? 5 : 0,
    }));
    const r = mount(
      <ChooseScreen status={status} rows={rows} error={null} notice={null} onPick={(c) => picks.push(c)} />,
      sr,
    );
    const head = [
      'Regenerate Vast.ai backup codes',
      'You have 3 unused backup codes. New codes replace all of them.',
      ...WHEN_TO_REGENERATE,
      "How do you want to verify it's you?",
    ];
    const keys = 'Keys: Up or Down arrow move, 1 to 9 pick, Enter choose, Esc or Ctrl+C quit.';
    assert.equal(
      r.text(),
      lines(
        ...head,
        '(disabled) 1. Authenticator app (primary), locked until 07:25, 5 failed attempts',
        '(selected) 2. SMS to ******4821 — Work phone',
        '3. Email a code to my account address',
        '4. Use a backup code (3 left)',
        keys,
      ),
    );
    assert.equal(
      screenText(await sendAndWait(r.stdin, r.lastFrame, '\u001b[B')),
      lines(
        ...head,
        '(disabled) 1. Authenticator app (primary), locked until 07:25, 5 failed attempts',
        '2. SMS to ******4821 — Work phone',
        '(selected) 3. Email a code to my account address',
        '4. Use a backup code (3 left)',
        keys,
      ),
    );
    await sendAndCheck(r.stdin, '\r', () => picks.length > 0);
    assert.deepEqual(picks, [{ kind: 'email' }]);
  });
  it('ConfirmScreen: what stops working, then the choices with Back selected, then the keys', () => {
    assert.equal(
      mount(<ConfirmScreen remaining={3} onConfirm={() => undefined} onBack={() => undefined} />, sr).text(),
      lines(
        'Replace your backup codes?',
        'All 3 existing backup codes stop working at once.',
        'The 10 new codes are shown only this once: save or copy them on the next screen.',
        '(selected) Back',
        'Regenerate backup codes',
        'Keys: Up or Down arrow move, Enter choose, y regenerate, n or Esc back, Ctrl+C quit.',
      ),
    );
  });
  it('LeaveUnsavedScreen: the risk, then the choices with "Go back" selected', async () => {
    const calls: string[] = [];
    const r = mount(
      <LeaveUnsavedScreen count={10} onBack={() => calls.push('back')} onLeave={() => calls.push('leave')} />,
      sr,
    );
    assert.equal(
      r.text(),
      lines(
        'Leave without saving?',
        'The 10 new backup codes are not saved or copied anywhere.',
        'Your old codes no longer work, and the server will never show these again. ' +
          'If you lose your authenticator or phone without them, you can be locked out of your account.',
        '(selected) Go back and save them',
        'Leave without saving (they stay on screen)',
        'Keys: Up or Down arrow move, Enter choose, Esc back to the codes, Ctrl+C quit.',
      ),
    );
    assert.match(
      await sendAndWait(r.stdin, r.lastFrame, '\u001b[B'),
      /^Go back and save them\n\(selected\) Leave without saving/m,
    );
    await sendAndCheck(r.stdin, '\r', () => calls.length > 0);
    assert.deepEqual(calls, ['leave']);
  });
  it('PlaceTakenScreen: the place, then the three choices with the first selected', () => {
    assert.equal(
      mount(
        <PlaceTakenScreen
          place="~/codes.txt"
          kind="file"
          onReplace={() => undefined}
          onSkip={() => undefined}
          onCancel={() => undefined}
        />,
        sr,
      ).text(),
      lines(
        'Replace what --save names?',
        '--save ~/codes.txt: that file already exists.',
        'Nothing has changed yet. Replace it with the new codes (as --replace would: atomically, never through a ' +
          'symlink), or go on without it and choose where to save on the codes screen.',
        '(selected) Go on without it (the file stays as it is)',
        'Replace ~/codes.txt with the new codes',
        'Quit (nothing changes)',
        'Keys: Up or Down arrow move, Enter choose, Esc or Ctrl+C quit.',
      ),
    );
  });
});
