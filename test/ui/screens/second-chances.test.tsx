import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup } from 'ink-testing-library';
import { PlaceTakenScreen } from '../../../src/ui/screens/PlaceTakenScreen.js';
import { RetryWaitScreen } from '../../../src/ui/screens/RetryWaitScreen.js';
import { sendAndCheck, sendAndWait, waitForText } from '../../helpers/ink.js';
import { T0 } from '../../helpers/clock.js';
import { lines, mount } from '../../helpers/mount.js';

afterEach(() => cleanup());

const TITLE = 'The server did not confirm the regeneration (HTTP 503). It may already have replaced your backup codes.';

describe('RetryWaitScreen', () => {
  it('counts the wait down, offers nothing before it is over, then "Try again" or "Quit"', async () => {
    const calls: string[] = [];
    const r = mount(
      <RetryWaitScreen
        title={TITLE}
        backupCodesRemaining={10}
        retryAt={T0 + 3000}
        onRetry={() => calls.push('retry')}
        onQuit={() => calls.push('quit')}
      />,
    );
    assert.equal(
      r.text(),
      lines(
        'The result of the regeneration is unknown',
        '',
        'The server did not confirm the regeneration (HTTP 503). It may already have replaced your backup',
        'codes.',
        'The account now reports 10 unused backup codes: the codes were most likely replaced by a set you',
        'have not seen.',
        'Your old backup codes may no longer work, and the new ones were never received.',
        '',
        'The server asked to wait: you can try again in 3 s. Nothing is sent until you choose to.',
        '',
        'q/Esc quit · Ctrl+C quit',
      ),
    );
    // Enter before the wait is over starts nothing.
    r.stdin.write('\r');
    r.clock.advance(1000);
    await waitForText(r.lastFrame, 'try again in 2 s');
    assert.deepEqual(calls, []);
    r.clock.advance(2000);
    const f = await waitForText(r.lastFrame, '› Try again');
    assert.match(f, / {2}Quit/);
    assert.match(f, /Enter choose · q\/Esc quit/);
    await sendAndCheck(r.stdin, '\r', () => calls.length === 1);
    assert.deepEqual(calls, ['retry']);
    await sendAndCheck(r.stdin, 'q', () => calls.length === 2);
    assert.deepEqual(calls, ['retry', 'quit']);
  });
  it('Esc quits while waiting too', async () => {
    let quit = false;
    const r = mount(
      <RetryWaitScreen
        title={TITLE}
        backupCodesRemaining={null}
        retryAt={T0 + 60_000}
        onRetry={() => assert.fail('no retry before the wait is over')}
        onQuit={() => {
          quit = true;
        }}
      />,
    );
    assert.doesNotMatch(r.text(), /account now reports/);
    await sendAndCheck(r.stdin, '\u001b', () => quit);
  });
});

describe('PlaceTakenScreen', () => {
  it('names the place; the first choice goes on without it, the second replaces it, Esc quits', async () => {
    const calls: string[] = [];
    const r = mount(
      <PlaceTakenScreen
        place="~/codes.txt"
        kind="file"
        onReplace={() => calls.push('replace')}
        onSkip={() => calls.push('skip')}
        onCancel={() => calls.push('cancel')}
      />,
    );
    assert.equal(
      r.text(),
      lines(
        'Replace what --save names?',
        '',
        '--save ~/codes.txt: that file already exists.',
        'Nothing has changed yet. Replace it with the new codes (as --replace would: atomically, never',
        'through a symlink), or go on without it and choose where to save on the codes screen.',
        '',
        '› Go on without it (the file stays as it is)',
        '  Replace ~/codes.txt with the new codes',
        '  Quit (nothing changes)',
        '',
        '↑/↓ move · Enter choose · Esc/Ctrl+C quit',
      ),
    );
    await sendAndCheck(r.stdin, '\r', () => calls.length === 1);
    await sendAndWait(r.stdin, r.lastFrame, '\u001b[B', '› Replace');
    await sendAndCheck(r.stdin, '\r', () => calls.length === 2);
    await sendAndCheck(r.stdin, '\u001b', () => calls.length === 3);
    assert.deepEqual(calls, ['skip', 'replace', 'cancel']);
  });
  it('a pass entry is named as one', () => {
    const r = mount(
      <PlaceTakenScreen place="pass:vast" kind="pass" onReplace={() => {}} onSkip={() => {}} onCancel={() => {}} />,
    );
    assert.match(r.text(), /--save pass:vast: that pass entry already exists\./);
    assert.match(r.text(), /the pass entry stays as it is/);
  });
});
