// Screen-reader mode (INK_SCREEN_READER=true): every screen reads top to bottom with its state and
// its keys in words: no spinner, border, `>` or `›` glyph, no two columns.
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup } from 'ink-testing-library';
import { CodesScreen } from '../../../src/ui/screens/CodesScreen.js';
import { CancelledScreen } from '../../../src/ui/screens/CancelledScreen.js';
import { DoneScreen } from '../../../src/ui/screens/DoneScreen.js';
import { EnterCodeScreen } from '../../../src/ui/screens/EnterCodeScreen.js';
import { FailedScreen } from '../../../src/ui/screens/FailedScreen.js';
import { LoadingScreen } from '../../../src/ui/screens/LoadingScreen.js';
import { NoTfaScreen } from '../../../src/ui/screens/NoTfaScreen.js';
import { RegeneratingScreen } from '../../../src/ui/screens/RegeneratingScreen.js';
import { SendingScreen } from '../../../src/ui/screens/SendingScreen.js';
import { DemoPanel } from '../../../src/ui/components/DemoPanel.js';
import { Notices } from '../../../src/ui/components/Notices.js';
import { sendAndCheck, sendAndWait, waitForFrame, waitForText } from '../../helpers/ink.js';
import { textLines } from '../../../src/ui/fit.js';
import { lines, mount, screenText } from '../../helpers/mount.js';
import { CODES, GENERATED, codesState, smsM } from '../fixtures.js';

afterEach(() => cleanup());

const sr = { screenReader: true };
const CODES_PROPS = {
  columns: 80,
  defaultPath: '~/x.txt',
  onSave: () => undefined,
  onCopy: () => undefined,
  onToggleKeep: () => undefined,
  onLeave: () => undefined,
};
/** The ten codes, one a line, in order. */
const ONE_PER_LINE = CODES.map((c, i) => `  ${String(i + 1).padStart(2)}. ${c}`);

describe('screen-reader mode: screens', () => {
  it('LoadingScreen: what it waits for, marked busy, with no spinner glyph and no timer', () => {
    const r = mount(<LoadingScreen />, sr);
    assert.equal(
      r.text(),
      lines(
        'Regenerate Vast.ai backup codes',
        "(busy) Checking your account's two-factor setup…",
        'Keys: Ctrl+C quit.',
      ),
    );
    assert.equal(r.clock.pending(), 0);
  });
  it('SendingScreen and RegeneratingScreen: busy, and what Ctrl+C does while the request is out', () => {
    assert.equal(
      mount(
        <SendingScreen choice={{ kind: 'method', method: smsM }} resend={false} onBack={() => undefined} />,
        sr,
      ).text(),
      lines('Sending a code', '(busy) Sending a code to the phone ******4821…', 'Keys: Esc back, Ctrl+C quit.'),
    );
    cleanup();
    assert.equal(
      mount(<RegeneratingScreen cancelAsked />, sr).text(),
      lines(
        'Regenerating',
        '(busy) Replacing your backup codes…',
        'The request is already on its way and cannot be called back. Stopping now could lose the new codes, so the ' +
          'wizard waits for the answer.',
        'Keys: please wait.',
      ),
    );
  });
  it('EnterCodeScreen: the prompt, a text box holding what was typed, the attempts left, the keys', async () => {
    const calls: string[] = [];
    const r = mount(
      <EnterCodeScreen
        choice={{ kind: 'method', method: smsM }}
        challenge={null}
        error={null}
        notice={null}
        attemptsNote="2 attempts left before SMS locks for 15 minutes."
        resendCooldownMs={30_000}
        onSubmit={(v) => calls.push(v)}
        onResend={() => undefined}
        onBack={() => undefined}
      />,
      sr,
    );
    await sendAndWait(r.stdin, r.lastFrame, '12', 'textbox: 12');
    assert.equal(
      r.text(),
      lines(
        'Enter the code',
        'A 6-digit code was sent to the phone ******4821. Enter it here (it is valid for 10 minutes).',
        'You can resend now (r).',
        'textbox: 12',
        '2 attempts left before SMS locks for 15 minutes.',
        'Keys: Enter submit, r resend, Esc back, Ctrl+C quit.',
      ),
    );
    await sendAndCheck(r.stdin, '\r', () => calls.length > 0);
    assert.deepEqual(calls, ['12']);
  });
  it('CodesScreen: the codes one per line, in order', () => {
    const r = mount(<CodesScreen codes={codesState()} {...CODES_PROPS} />, { ...sr, columns: 80, rows: 24 });
    assert.equal(
      r.text(),
      lines(
        'Your new backup codes',
        'Your 10 new backup codes (generated 2025-05-06 07:08:09):',
        ...ONE_PER_LINE,
        'All previous backup codes stopped working. Each new code works once; they are',
        'shown only now.',
        'Keys: s save, c copy, k keep after exit, q or Enter done, Ctrl+C quit.',
      ),
    );
  });
  it('CodesScreen in a short terminal: a window of codes, said in words, moved with the arrows', async () => {
    // Ink cannot take back rows a frame taller than the terminal scrolled away: codes would stay.
    const r = mount(<CodesScreen codes={codesState()} {...CODES_PROPS} />, { ...sr, columns: 80, rows: 10 });
    const first = lines(
      'Your new backup codes',
      ...ONE_PER_LINE.slice(0, 6),
      'codes 1 to 6 of 10, Down arrow for more',
      'Keys: s save, c copy, k keep, q done.',
    );
    assert.equal(r.text(), first);
    assert.ok(r.text().split('\n').length <= 9, 'a line less than the terminal');
    assert.equal(
      screenText(await sendAndWait(r.stdin, r.lastFrame, '\u001b[B')),
      lines(
        'Your new backup codes',
        ...ONE_PER_LINE.slice(1, 7),
        'codes 2 to 7 of 10, Up or Down arrow for more',
        'Keys: s save, c copy, k keep, q done.',
      ),
    );
  });
  it('CodesScreen at 40x12: each frame, as the terminal wraps it, fits the terminal, the window line too', async () => {
    const r = mount(<CodesScreen codes={codesState()} {...CODES_PROPS} columns={40} />, {
      ...sr,
      columns: 40,
      rows: 12,
    });
    const rows = (t: string): number => textLines(t, 40);
    assert.ok(rows(r.text()) <= 11, r.text());
    const moved = screenText(await sendAndWait(r.stdin, r.lastFrame, '\u001b[B'));
    assert.match(moved, /^codes 2 to \d+ of 10, Up or Down arrow for more$/m);
    assert.ok(rows(moved) <= 11, moved);
  });
  it('CodesScreen at 40x12: no frame runs past the terminal while the path is asked and the save said', async () => {
    // Ink writes every screen-reader frame, uncut: one drawn before the lines under the codes were
    // measured would scroll rows (codes) into the scrollback, where nothing can take them back.
    const props = { ...CODES_PROPS, columns: 40 };
    const r = mount(<CodesScreen codes={codesState()} {...props} />, { ...sr, columns: 40, rows: 12 });
    const from = r.frames.length;
    await sendAndWait(r.stdin, r.lastFrame, 's', (f) => f.includes('textbox: ~/x.txt') && f.includes('1. K000'));
    r.rerender(
      <CodesScreen codes={codesState({ savedPath: '/home/u/Downloads/vastai_backup_codes_x.txt' })} {...props} />,
    );
    await waitForFrame(r.lastFrame, (f) => f.includes('Saved to') && f.includes('1. K000'));
    const tall = r.frames.slice(from).filter((f) => textLines(screenText(f), 40) > 11);
    assert.deepEqual(tall, []);
  });
  it('CodesScreen: s asks where, in a text box; a save is said under the codes', async () => {
    const saves: string[] = [];
    const props = {
      columns: 80,
      defaultPath: '~/x.txt',
      onSave: (p: string) => saves.push(p),
      onCopy: () => undefined,
      onToggleKeep: () => undefined,
      onLeave: () => undefined,
    };
    const r = mount(<CodesScreen codes={codesState()} {...props} />, sr);
    const f = screenText(await sendAndWait(r.stdin, r.lastFrame, 's', 'textbox: ~/x.txt'));
    assert.match(
      f,
      /\n {2}10\. K009-BBBB-CCCC\n[^]*?\nSave to \(a new file, readable only by you\):\ntextbox: ~\/x\.txt\n/,
    );
    assert.match(f, /Keys: Enter save, Ctrl\+U clear, Esc back\.$/);
    await sendAndCheck(r.stdin, '\r', () => saves.length > 0);
    r.rerender(<CodesScreen codes={codesState({ savedPath: '/home/u/x.txt' })} {...props} />);
    const saved = screenText(await waitForText(r.lastFrame, 'Saved to'));
    assert.match(
      saved,
      new RegExp(
        /Saved to \/home\/u\/x\.txt \(readable only by you\)\.\n/.source +
          /When you leave, the codes are cleared from the screen \(k keeps them\)\.\nKeys: /.source,
      ),
    );
  });
  it('DoneScreen: codes kept on screen are one per line', () => {
    assert.equal(
      mount(
        <DoneScreen
          summary="Done: the codes stay on screen."
          shown={CODES}
          generatedAt={GENERATED}
          columns={80}
          warn
        />,
        sr,
      ).text(),
      lines(
        'Your 10 new backup codes (generated 2025-05-06 07:08:09):',
        '',
        ...ONE_PER_LINE,
        '',
        'All previous backup codes stopped working. Each new code works once; they are shown only now.',
        '',
        'Done: the codes stay on screen.',
      ),
    );
  });
  it('NoTfaScreen, FailedScreen and CancelledScreen read top to bottom', () => {
    assert.equal(
      mount(<NoTfaScreen />, sr).text(),
      lines(
        'Regenerate Vast.ai backup codes',
        'Two-factor authentication is not enabled on this account, so it has no backup codes to regenerate.',
        '',
        'Turn 2FA on first: in the console (https://cloud.vast.ai/account/), or with the official CLI: vastai tfa ' +
          'auth-new. Backup codes are created when 2FA is turned on; then run this again.',
      ),
    );
    cleanup();
    assert.equal(
      mount(
        <FailedScreen
          title="The API key was refused."
          hint="Check the key."
          outcomeUnknown={false}
          backupCodesRemaining={null}
        />,
        sr,
      ).text(),
      lines('Could not regenerate the backup codes.', 'The API key was refused.', 'Next: Check the key.'),
    );
    cleanup();
    assert.equal(
      mount(<CancelledScreen />, sr).text(),
      'Cancelled. Nothing was changed; your backup codes still work.',
    );
  });
  it('DemoPanel: the codes to enter, with no border; Notices: each a warning in words', async () => {
    const r = mount(
      <DemoPanel
        fetchInbox={async () => ({
          totpCode: '123456',
          backupCodes: ['AAAA-BBBB-CCCC'],
          messages: [{ channel: 'sms' as const, to: 'x', code: '111111', secret: 's', sentAt: 1 }],
        })}
      />,
      sr,
    );
    assert.equal(r.text(), lines('Demo inbox', 'Reading the demo inbox…'));
    assert.equal(
      screenText(await waitForText(r.lastFrame, 'Authenticator code')),
      lines('Demo inbox', 'Authenticator code: 123456', 'Last SMS code: 111111', 'A backup code: AAAA-BBBB-CCCC'),
    );
    cleanup();
    assert.equal(
      mount(<Notices notices={['unencrypted URL', 'key fallback']} />, sr).text(),
      lines('Warning: unencrypted URL', 'Warning: key fallback'),
    );
  });
});
