import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, render } from 'ink-testing-library';
import type { Choice, SentChallenge } from '../../../src/flow/steps.js';
import { EnterCodeScreen, type EnterCodeScreenProps } from '../../../src/ui/screens/EnterCodeScreen.js';
import { sendAndCheck, sendAndWait } from '../../helpers/ink.js';
import { smsM, totpM } from '../fixtures.js';

afterEach(() => cleanup());

const TOTP: Choice = { kind: 'method', method: totpM };
const SMS: Choice = { kind: 'method', method: smsM };
/** A challenge sent `agoMs` before now (call it just before rendering, so earlier tests' time does not count). */
const sent = (agoMs = 0): SentChallenge => ({ secret: 's', message: '2FA Sent', sentAt: Date.now() - agoMs });

function screen(p: Partial<EnterCodeScreenProps> = {}) {
  const calls: string[] = [];
  const r = render(<EnterCodeScreen choice={TOTP} challenge={null} error={null} notice={null}
    resendCooldownMs={30_000} onSubmit={(v) => calls.push(`submit:${v}`)} onResend={() => calls.push('resend')}
    onBack={() => calls.push('back')} {...p} />);
  return { ...r, calls };
}

describe('EnterCodeScreen', () => {
  it('asks for the authenticator code, with key hints and no resend', () => {
    const f = screen().lastFrame()!;
    assert.match(f, /Enter the 6-digit code your authenticator app shows now/);
    assert.match(f, /Enter submit · Esc back · Ctrl\+C cancel/);
    assert.doesNotMatch(f, /resend/);
  });
  it('cleans a pasted code and submits it', async () => {
    const s = screen();
    await sendAndWait(s.stdin, s.lastFrame, '123 456\n', '> 123456');
    await sendAndCheck(s.stdin, '\r', () => s.calls.length > 0);
    assert.deepEqual(s.calls, ['submit:123456']);
  });
  it('says where an SMS went (not the raw server text) and the resend countdown; r is refused while counting', async () => {
    const s = screen({ choice: SMS, challenge: sent() });
    const f = s.lastFrame()!;
    assert.match(f, /A 6-digit code was sent to the phone \*{6}4821/);
    assert.doesNotMatch(f, /Server:|2FA Sent/);
    assert.match(f, /r resend in (30|29) s/);
    s.stdin.write('r');
    await sendAndWait(s.stdin, s.lastFrame, '1', '> 1');
    assert.deepEqual(s.calls, []);
    assert.doesNotMatch(s.lastFrame()!, /> r/);
  });
  it('r resends once the cool-down has passed', async () => {
    const s = screen({ choice: SMS, challenge: sent(31_000) });
    assert.match(s.lastFrame()!, /r resend · Esc back/);
    await sendAndCheck(s.stdin, 'r', () => s.calls.includes('resend'));
  });
  it('email and the --secret case read right', () => {
    assert.match(screen({ choice: { kind: 'email' }, challenge: sent() }).lastFrame()!, /sent to your account's email address/);
    assert.match(screen({ choice: SMS, challenge: { ...sent(), sentAt: null } }).lastFrame()!, /sent earlier \(its --secret was given\)/);
  });
  it('shows the refusal reason, with the attempts left it carries, once', () => {
    const f = screen({ error: 'That code was not accepted. 2 attempts left before SMS locks for 15 minutes.' }).lastFrame()!;
    assert.equal(f.replace(/\s+/g, ' ').match(/That code was not accepted\. 2 attempts left before SMS locks/g)?.length, 1);
  });
  it('backup codes: kept as typed (the real format is not public)', async () => {
    const s = screen({ choice: { kind: 'backup' } });
    assert.match(s.lastFrame()!, /Enter one of your unused backup codes/);
    await sendAndWait(s.stdin, s.lastFrame, 'abcd1234wxyz', '> abcd1234wxyz');
    await sendAndCheck(s.stdin, '\r', () => s.calls.length > 0);
    assert.deepEqual(s.calls, ['submit:abcd1234wxyz']);
  });
  it('Esc goes back', async () => {
    const s = screen();
    await sendAndCheck(s.stdin, '\u001b', () => s.calls.includes('back'));
  });
  it('starts with the value it is given and shows a notice', () => {
    const f = screen({ initialValue: '654321', notice: 'A new code was sent; earlier codes may no longer work.' }).lastFrame()!;
    assert.match(f, /> 654321/);
    assert.match(f, /A new code was sent/);
  });
});

describe('EnterCodeScreen errors', () => {
  it('an error clears on the next edit; the attempts left then stay on screen', async () => {
    const s = screen({ error: 'A code has 6 digits; this one has 5.', attemptsNote: '4 attempts left before the authenticator app locks for 15 minutes.' });
    assert.match(s.lastFrame()!, /this one has 5/);
    const f = await sendAndWait(s.stdin, s.lastFrame, '1', (fr) => !fr.includes('this one has 5'));
    assert.match(f, /4 attempts left/);
  });
});
