import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup } from 'ink-testing-library';
import { CancelledScreen } from '../../../src/ui/screens/CancelledScreen.js';
import { DoneScreen } from '../../../src/ui/screens/DoneScreen.js';
import { FailedScreen } from '../../../src/ui/screens/FailedScreen.js';
import { LeaveUnsavedScreen } from '../../../src/ui/screens/LeaveUnsavedScreen.js';
import { LoadingScreen } from '../../../src/ui/screens/LoadingScreen.js';
import { NoTfaScreen } from '../../../src/ui/screens/NoTfaScreen.js';
import { RegeneratingScreen } from '../../../src/ui/screens/RegeneratingScreen.js';
import { SendingScreen } from '../../../src/ui/screens/SendingScreen.js';
import { sendAndCheck, sendAndWait, waitForFrame } from '../../helpers/ink.js';
import { TITLE, lines, mount, screenText } from '../../helpers/mount.js';
import { CODES, GENERATED, smsM } from '../fixtures.js';

afterEach(() => cleanup());

describe('LoadingScreen', () => {
  it('says what it waits for, with a hint line; the spinner turns with the clock', async () => {
    const r = mount(<LoadingScreen />);
    assert.equal(r.text(), lines(...TITLE, "⠋ Checking your account's two-factor setup…", '', 'Ctrl+C quit'));
    r.clock.advance(120);
    await waitForFrame(r.lastFrame, (f) => f.includes("⠙ Checking your account's"));
  });
  it('ASCII only: the spinner too', () => {
    assert.equal(
      mount(<LoadingScreen />, { ascii: true }).text(),
      lines(...TITLE, "- Checking your account's two-factor setup…", '', 'Ctrl+C quit'),
    );
  });
});

describe('NoTfaScreen', () => {
  it('explains there is nothing to regenerate and how 2FA is set up', () => {
    assert.equal(
      mount(<NoTfaScreen />).text(),
      lines(
        ...TITLE,
        'Two-factor authentication is not enabled on this account, so it has no backup codes to regenerate.',
        '',
        'Turn 2FA on first: in the console (https://cloud.vast.ai/account/), or with the official CLI: vastai',
        'tfa auth-new. Backup codes are created when 2FA is turned on; then run this again.',
      ),
    );
  });
});

describe('SendingScreen', () => {
  it('says where the code goes; Esc goes back', async () => {
    let back = false;
    const r = mount(
      <SendingScreen
        choice={{ kind: 'method', method: smsM }}
        resend={false}
        onBack={() => {
          back = true;
        }}
      />,
    );
    assert.equal(
      r.text(),
      lines('Sending a code', '', '⠋ Sending a code to the phone ******4821…', '', 'Esc back · Ctrl+C quit'),
    );
    await sendAndCheck(r.stdin, '\u001b', () => back);
  });
  it('a resend and the legacy phone read right', () => {
    assert.equal(
      mount(<SendingScreen choice={{ kind: 'phone' }} resend onBack={() => undefined} />).text(),
      lines('Sending a code', '', '⠋ Sending a new code to the phone number on file…', '', 'Esc back · Ctrl+C quit'),
    );
  });
});

describe('RegeneratingScreen', () => {
  it('waits', () => {
    assert.equal(
      mount(<RegeneratingScreen cancelAsked={false} />).text(),
      lines('Regenerating', '', '⠋ Replacing your backup codes…', '', 'please wait'),
    );
  });
  it('explains why Ctrl+C is held', () => {
    assert.equal(
      mount(<RegeneratingScreen cancelAsked />).text(),
      lines(
        'Regenerating',
        '',
        '⠋ Replacing your backup codes…',
        '',
        'The request is already on its way and cannot be called back. Stopping now could lose the new codes,',
        'so the wizard waits for the answer.',
        '',
        'please wait',
      ),
    );
  });
});

describe('LeaveUnsavedScreen', () => {
  it('names the risk; the default goes back; the other choice leaves', async () => {
    const calls: string[] = [];
    const r = mount(
      <LeaveUnsavedScreen count={10} onBack={() => calls.push('back')} onLeave={() => calls.push('leave')} />,
    );
    assert.equal(
      r.text(),
      lines(
        'Leave without saving?',
        '',
        'The 10 new backup codes are not saved or copied anywhere.',
        'Your old codes no longer work, and the server will never show these again. If you lose your',
        'authenticator or phone without them, you can be locked out of your account.',
        '',
        '› Go back and save them',
        '  Leave without saving (they stay on screen)',
        '',
        '↑/↓ move · Enter choose · Esc back to the codes · Ctrl+C quit',
      ),
    );
    await sendAndCheck(r.stdin, '\r', () => calls.length === 1);
    const f = await sendAndWait(r.stdin, r.lastFrame, '\u001b[B', '› Leave without saving');
    assert.equal(
      screenText(f),
      lines(
        'Leave without saving?',
        '',
        'The 10 new backup codes are not saved or copied anywhere.',
        'Your old codes no longer work, and the server will never show these again. If you lose your',
        'authenticator or phone without them, you can be locked out of your account.',
        '',
        '  Go back and save them',
        '› Leave without saving (they stay on screen)',
        '',
        '↑/↓ move · Enter choose · Esc back to the codes · Ctrl+C quit',
      ),
    );
    await sendAndCheck(r.stdin, '\r', () => calls.length === 2);
    await sendAndCheck(r.stdin, '\u001b', () => calls.length === 3);
    assert.deepEqual(calls, ['back', 'leave', 'back']);
  });
  it('after a copy: says a copy cannot be checked', () => {
    assert.equal(
      mount(<LeaveUnsavedScreen count={10} copied onBack={() => undefined} onLeave={() => undefined} />).text(),
      lines(
        'Leave without saving?',
        '',
        'The 10 new backup codes are not saved anywhere. They were sent to the clipboard, but a copy cannot',
        'be checked: nothing shows that it arrived.',
        'Your old codes no longer work, and the server will never show these again. If you lose your',
        'authenticator or phone without them, you can be locked out of your account.',
        '',
        '› Go back and save them',
        '  Leave without saving (they stay on screen)',
        '',
        '↑/↓ move · Enter choose · Esc back to the codes · Ctrl+C quit',
      ),
    );
  });
});

describe('DoneScreen', () => {
  it('is one summary line without codes after a save', () => {
    assert.equal(
      mount(
        <DoneScreen
          summary="Done: 10 new backup codes saved to /x."
          shown={null}
          generatedAt={GENERATED}
          columns={80}
          warn={false}
        />,
      ).text(),
      'Done: 10 new backup codes saved to /x.',
    );
  });
  it('keeps the codes when asked', () => {
    assert.equal(
      mount(
        <DoneScreen
          summary="Done: the codes stay on screen."
          shown={CODES}
          generatedAt={GENERATED}
          columns={80}
          warn
        />,
      ).text(),
      lines(
        'Your 10 new backup codes (generated 2025-05-06 07:08:09):',
        '',
        '   1. K000-BBBB-CCCC     6. K005-BBBB-CCCC',
        '   2. K001-BBBB-CCCC     7. K006-BBBB-CCCC',
        '   3. K002-BBBB-CCCC     8. K007-BBBB-CCCC',
        '   4. K003-BBBB-CCCC     9. K008-BBBB-CCCC',
        '   5. K004-BBBB-CCCC    10. K009-BBBB-CCCC',
        '',
        'All previous backup codes stopped working. Each new code works once; they are',
        'shown only now.',
        '',
        'Done: the codes stay on screen.',
      ),
    );
  });
});

describe('FailedScreen', () => {
  it('an unknown outcome is explained honestly with the count and the next step', () => {
    assert.equal(
      mount(
        <FailedScreen
          title="The server did not confirm the regeneration."
          hint="Run this command again."
          outcomeUnknown
          backupCodesRemaining={10}
        />,
      ).text(),
      lines(
        'The result of the regeneration is unknown.',
        'The server did not confirm the regeneration.',
        'The account now reports 10 unused backup codes: the codes were most likely replaced by a set you',
        'have not seen.',
        'Your old backup codes may no longer work, and the new ones were never received.',
        '',
        'Next: Run this command again.',
      ),
    );
  });
  it('a plain failure shows title and hint', () => {
    assert.equal(
      mount(
        <FailedScreen
          title="The API key was refused."
          hint="Check the key."
          outcomeUnknown={false}
          backupCodesRemaining={null}
        />,
      ).text(),
      lines('Could not regenerate the backup codes.', 'The API key was refused.', '', 'Next: Check the key.'),
    );
  });
  it('while checking the account: nothing was changed', () => {
    assert.equal(
      mount(
        <FailedScreen
          title="The API key was refused."
          hint="Check the key."
          outcomeUnknown={false}
          backupCodesRemaining={null}
          whileChecking
        />,
      ).text(),
      lines(
        "Could not check the account's two-factor setup. Nothing was changed.",
        'The API key was refused.',
        '',
        'Next: Check the key.',
      ),
    );
  });
});

describe('CancelledScreen', () => {
  it('says nothing changed', () => {
    assert.equal(mount(<CancelledScreen />).text(), 'Cancelled. Nothing was changed; your backup codes still work.');
  });
});
