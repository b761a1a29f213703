import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup } from 'ink-testing-library';
import { ConfirmScreen } from '../../../src/ui/screens/ConfirmScreen.js';
import { sendAndCheck, sendAndWait } from '../../helpers/ink.js';
import { lines, mount, screenText } from '../../helpers/mount.js';

afterEach(() => cleanup());

function screen(remaining = 3) {
  const calls: string[] = [];
  const r = mount(
    <ConfirmScreen remaining={remaining} onConfirm={() => calls.push('confirm')} onBack={() => calls.push('back')} />,
  );
  return { ...r, calls };
}

describe('ConfirmScreen', () => {
  it('names how many codes stop working and that the new ones are shown once; Back is the default', () => {
    assert.equal(
      screen().text(),
      lines(
        'Replace your backup codes?',
        '',
        'All 3 existing backup codes stop working at once.',
        'The 10 new codes are shown only this once: save or copy them on the next screen.',
        '',
        '› Back',
        '  Regenerate backup codes',
        '',
        '↑/↓ move · Enter choose · y regenerate · n/Esc back · Ctrl+C quit',
      ),
    );
  });
  it('says so when there are no codes yet', () => {
    assert.equal(
      screen(0).text(),
      lines(
        'Replace your backup codes?',
        '',
        'This account has no unused backup codes; 10 new ones will be created.',
        'The 10 new codes are shown only this once: save or copy them on the next screen.',
        '',
        '› Back',
        '  Regenerate backup codes',
        '',
        '↑/↓ move · Enter choose · y regenerate · n/Esc back · Ctrl+C quit',
      ),
    );
  });
  it('Enter on the default goes back', async () => {
    const s = screen();
    await sendAndCheck(s.stdin, '\r', () => s.calls.length > 0);
    assert.deepEqual(s.calls, ['back']);
  });
  it('↓ then Enter regenerates', async () => {
    const s = screen();
    const f = await sendAndWait(s.stdin, s.lastFrame, '\u001b[B', '› Regenerate');
    assert.match(screenText(f), /^ {2}Back\n› Regenerate backup codes$/m);
    await sendAndCheck(s.stdin, '\r', () => s.calls.length > 0);
    assert.deepEqual(s.calls, ['confirm']);
  });
  for (const [key, call] of [
    ['y', 'confirm'],
    ['Y', 'confirm'],
    ['n', 'back'],
    ['\u001b', 'back'],
  ] as const) {
    it(`${JSON.stringify(key)} → ${call}`, async () => {
      const s = screen();
      await sendAndCheck(s.stdin, key, () => s.calls.length > 0);
      assert.deepEqual(s.calls, [call]);
    });
  }
  it('Ctrl+Y / Ctrl+N do nothing here', async () => {
    const s = screen();
    s.stdin.write('\u0019');
    s.stdin.write('\u000e');
    await sendAndCheck(s.stdin, 'n', () => s.calls.length > 0);
    assert.deepEqual(s.calls, ['back']);
  });
});
