import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, render } from 'ink-testing-library';
import { CancelledScreen } from '../../../src/ui/screens/CancelledScreen.js';
import { DoneScreen } from '../../../src/ui/screens/DoneScreen.js';
import { FailedScreen } from '../../../src/ui/screens/FailedScreen.js';
import { LeaveUnsavedScreen } from '../../../src/ui/screens/LeaveUnsavedScreen.js';
import { LoadingScreen } from '../../../src/ui/screens/LoadingScreen.js';
import { NoTfaScreen } from '../../../src/ui/screens/NoTfaScreen.js';
import { RegeneratingScreen } from '../../../src/ui/screens/RegeneratingScreen.js';
import { SendingScreen } from '../../../src/ui/screens/SendingScreen.js';
import { sendAndCheck, sendAndWait } from '../../helpers/ink.js';
import { CODES, GENERATED, smsM } from '../fixtures.js';

afterEach(() => cleanup());

describe('LoadingScreen', () => {
  it('says what it waits for, with a hint line', () => {
    const f = render(<LoadingScreen />).lastFrame()!;
    assert.match(f, /Checking your account's two-factor setup/);
    assert.match(f, /Ctrl\+C cancel/);
  });
});

describe('NoTfaScreen', () => {
  it('explains there is nothing to regenerate and how 2FA is set up', () => {
    const f = render(<NoTfaScreen />).lastFrame()!;
    assert.match(f, /not enabled on this account/);
    assert.match(f, /vastai\s+tfa\s+auth-new/);
  });
});

describe('SendingScreen', () => {
  it('says where the code goes; Esc goes back', async () => {
    let back = false;
    const r = render(<SendingScreen choice={{ kind: 'method', method: smsM }} resend={false} onBack={() => { back = true; }} />);
    assert.match(r.lastFrame()!, /Sending a code to the phone \*{6}4821/);
    assert.match(r.lastFrame()!, /Esc back · Ctrl\+C cancel/);
    await sendAndCheck(r.stdin, '\u001b', () => back);
  });
  it('a resend and the legacy phone read right', () => {
    assert.match(render(<SendingScreen choice={{ kind: 'phone' }} resend onBack={() => undefined} />).lastFrame()!,
      /Sending a new code to the phone number on file/);
  });
});

describe('RegeneratingScreen', () => {
  it('waits, and explains why Ctrl+C is held', () => {
    assert.match(render(<RegeneratingScreen cancelAsked={false} />).lastFrame()!, /Replacing your backup codes/);
    assert.match(render(<RegeneratingScreen cancelAsked />).lastFrame()!, /cannot be called back/);
  });
});

describe('LeaveUnsavedScreen', () => {
  it('names the risk; the default goes back; the other choice leaves', async () => {
    const calls: string[] = [];
    const r = render(<LeaveUnsavedScreen count={10} onBack={() => calls.push('back')} onLeave={() => calls.push('leave')} />);
    const f = r.lastFrame()!;
    assert.match(f, /The 10 new backup codes are not saved or copied anywhere/);
    assert.match(f, /locked out of your account/);
    assert.match(f, /› Go back and save them/);
    await sendAndCheck(r.stdin, '\r', () => calls.length === 1);
    await sendAndWait(r.stdin, r.lastFrame, '\u001b[B', '› Leave without saving');
    await sendAndCheck(r.stdin, '\r', () => calls.length === 2);
    await sendAndCheck(r.stdin, '\u001b', () => calls.length === 3);
    assert.deepEqual(calls, ['back', 'leave', 'back']);
  });
});

describe('DoneScreen', () => {
  it('is one summary line without codes after a save', () => {
    const f = render(<DoneScreen summary="Done: 10 new backup codes saved to /x." shown={null} generatedAt={GENERATED} columns={80} warn={false} />).lastFrame()!;
    assert.equal(f.trim(), 'Done: 10 new backup codes saved to /x.');
  });
  it('keeps the codes when asked', () => {
    const f = render(<DoneScreen summary="s" shown={CODES} generatedAt={GENERATED} columns={80} warn />).lastFrame()!;
    for (const c of CODES) assert.ok(f.includes(c));
  });
});

describe('FailedScreen', () => {
  it('an unknown outcome is explained honestly with the count and the next step', () => {
    const f = render(<FailedScreen title="The server did not confirm the regeneration." hint="Run this command again."
      outcomeUnknown backupCodesRemaining={10} />).lastFrame()!;
    assert.match(f, /result of the regeneration is unknown/);
    assert.match(f, /now reports 10 unused backup codes/);
    assert.match(f, /may no longer work/);
    assert.match(f, /Next: Run this command again\./);
  });
  it('a plain failure shows title and hint', () => {
    const f = render(<FailedScreen title="The API key was refused." hint="Check the key." outcomeUnknown={false} backupCodesRemaining={null} />).lastFrame()!;
    assert.match(f, /Could not regenerate/);
    assert.match(f, /The API key was refused\.[\s\S]*Next: Check the key\./);
    assert.doesNotMatch(f, /unknown/);
  });
});

describe('CancelledScreen', () => {
  it('says nothing changed', () => {
    assert.match(render(<CancelledScreen />).lastFrame()!, /Nothing was changed/);
  });
});
