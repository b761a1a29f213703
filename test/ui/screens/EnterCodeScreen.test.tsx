import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup } from 'ink-testing-library';
import type { Choice, SentChallenge } from '../../../src/flow/steps.js';
import { EnterCodeScreen, type EnterCodeScreenProps } from '../../../src/ui/screens/EnterCodeScreen.js';
import { T0 } from '../../helpers/clock.js';
import { sendAndCheck, sendAndWait, waitForFrame } from '../../helpers/ink.js';
import { lines, mount, screenText } from '../../helpers/mount.js';
import { smsM, totpM } from '../fixtures.js';

afterEach(() => cleanup());

const TOTP: Choice = { kind: 'method', method: totpM };
const SMS: Choice = { kind: 'method', method: smsM };
/** A challenge sent `agoMs` before the fake clock's start. */
const sent = (agoMs = 0): SentChallenge => ({ secret: 's', message: '2FA Sent', sentAt: T0 - agoMs });

function screen(p: Partial<EnterCodeScreenProps> = {}) {
  const calls: string[] = [];
  const r = mount(
    <EnterCodeScreen
      choice={TOTP}
      challenge={null}
      error={null}
      notice={null}
      resendCooldownMs={30_000}
      onSubmit={(v) => calls.push(`submit:${v}`)}
      onResend={() => calls.push('resend')}
      onBack={() => calls.push('back')}
      {...p}
    />,
  );
  return { ...r, calls };
}

/** The frame text once `pred` holds. */
const textWhen = async (s: ReturnType<typeof screen>, pred: (f: string) => boolean) =>
  screenText(await waitForFrame(s.lastFrame, pred));

describe('EnterCodeScreen', () => {
  it('asks for the authenticator code, with key hints and no resend', () => {
    assert.equal(
      screen().text(),
      lines(
        'Enter the code',
        '',
        'Enter the 6-digit code your authenticator app shows now.',
        '',
        '>',
        '',
        'Enter submit · Esc back · Ctrl+C quit',
      ),
    );
  });
  it('cleans a pasted code and submits it', async () => {
    const s = screen();
    await sendAndWait(s.stdin, s.lastFrame, '123 456\n', '> 123456');
    await sendAndCheck(s.stdin, '\r', () => s.calls.length > 0);
    assert.deepEqual(s.calls, ['submit:123456']);
  });
  it('says where an SMS went (not the raw server text), counts down to the resend; r refused meanwhile', async () => {
    const s = screen({ choice: SMS, challenge: sent() });
    assert.equal(
      s.text(),
      lines(
        'Enter the code',
        '',
        'A 6-digit code was sent to the phone ******4821. Enter it here (it is valid for 10 minutes).',
        '',
        '>',
        '',
        'Enter submit · r resend in 30 s · Esc back · Ctrl+C quit',
      ),
    );
    s.stdin.write('r');
    await sendAndWait(s.stdin, s.lastFrame, '1', '> 1');
    assert.deepEqual(s.calls, []);
    s.clock.advance(1000);
    assert.match(await textWhen(s, (f) => f.includes('resend in 29 s')), /^> 1$/m);
    s.clock.advance(28_999);
    await textWhen(s, (f) => f.includes('resend in 1 s'));
    s.clock.advance(1);
    assert.equal(
      await textWhen(s, (f) => !f.includes('resend in')),
      lines(
        'Enter the code',
        '',
        'A 6-digit code was sent to the phone ******4821. Enter it here (it is valid for 10 minutes).',
        '',
        '> 1',
        '',
        'Enter submit · r resend · Esc back · Ctrl+C quit',
      ),
    );
    await sendAndCheck(s.stdin, 'r', () => s.calls.includes('resend'));
    assert.deepEqual(s.calls, ['resend']);
  });
  it('a retry after a refused code says Enter replaces the codes, with the attempts left', () => {
    assert.equal(
      screen({
        confirmed: true,
        error: 'That code was not accepted. 4 attempts left before the authenticator app locks for 15 minutes.',
      }).text(),
      lines(
        'Enter the code',
        '',
        'Enter the 6-digit code your authenticator app shows now.',
        'You already agreed: Enter replaces your backup codes with this code.',
        '',
        '>',
        '',
        'That code was not accepted. 4 attempts left before the authenticator app locks for 15 minutes.',
        '',
        'Enter replace the codes · Esc back · Ctrl+C quit',
      ),
    );
  });
  it('r before a resend is allowed says when it will be, and the message goes once it is', async () => {
    const s = screen({ choice: SMS, challenge: sent() });
    await sendAndWait(s.stdin, s.lastFrame, 'r', 'A new code can be sent in 30 s.');
    assert.deepEqual(s.calls, []);
    s.clock.advance(30_000);
    await textWhen(s, (f) => !f.includes('A new code can be sent') && !f.includes('resend in'));
  });
  it('r resends at once when the cool-down has passed before the screen opened', async () => {
    const s = screen({ choice: SMS, challenge: sent(31_000) });
    assert.equal(
      s.text(),
      lines(
        'Enter the code',
        '',
        'A 6-digit code was sent to the phone ******4821. Enter it here (it is valid for 10 minutes).',
        '',
        '>',
        '',
        'Enter submit · r resend · Esc back · Ctrl+C quit',
      ),
    );
    await sendAndCheck(s.stdin, 'r', () => s.calls.includes('resend'));
    assert.equal(s.clock.pending(), 0, 'no timer runs once there is nothing to count');
  });
  it('email and the --secret case read right', () => {
    assert.equal(
      screen({ choice: { kind: 'email' }, challenge: sent() }).text(),
      lines(
        'Enter the code',
        '',
        "A 6-digit code was sent to your account's email address. Enter it here (it is valid for 10 minutes).",
        '',
        '>',
        '',
        'Enter submit · r resend in 30 s · Esc back · Ctrl+C quit',
      ),
    );
    cleanup();
    assert.equal(
      screen({ choice: SMS, challenge: { ...sent(), sentAt: null } }).text(),
      lines(
        'Enter the code',
        '',
        'Enter the 6-digit code that was sent earlier (its --secret was given).',
        '',
        '>',
        '',
        'Enter submit · r resend · Esc back · Ctrl+C quit',
      ),
    );
  });
  it('shows the refusal reason, then the attempts left', () => {
    assert.equal(
      screen({
        error: 'That code was not accepted.',
        attemptsNote: '2 attempts left before SMS locks for 15 minutes.',
      }).text(),
      lines(
        'Enter the code',
        '',
        'Enter the 6-digit code your authenticator app shows now.',
        '',
        '>',
        '',
        'That code was not accepted.',
        '2 attempts left before SMS locks for 15 minutes.',
        '',
        'Enter submit · Esc back · Ctrl+C quit',
      ),
    );
  });
  it('backup codes: kept as typed (the real format is not public)', async () => {
    const s = screen({ choice: { kind: 'backup' } });
    assert.equal(
      s.text(),
      lines(
        'Enter a backup code',
        '',
        'Enter one of your unused backup codes, as written (e.g. XXXX-XXXX-XXXX). It will be used up.',
        '',
        '>',
        '',
        'Enter submit · Esc back · Ctrl+C quit',
      ),
    );
    await sendAndWait(s.stdin, s.lastFrame, 'abcd1234wxyz', '> abcd1234wxyz');
    await sendAndCheck(s.stdin, '\r', () => s.calls.length > 0);
    assert.deepEqual(s.calls, ['submit:abcd1234wxyz']);
  });
  it('Esc goes back', async () => {
    const s = screen();
    await sendAndCheck(s.stdin, '\u001b', () => s.calls.includes('back'));
  });
  it('starts with the value it is given and shows a notice', () => {
    assert.equal(
      screen({ initialValue: '654321', notice: 'A new code was sent; earlier codes may no longer work.' }).text(),
      lines(
        'Enter the code',
        '',
        'A new code was sent; earlier codes may no longer work.',
        'Enter the 6-digit code your authenticator app shows now.',
        '',
        '> 654321',
        '',
        'Enter submit · Esc back · Ctrl+C quit',
      ),
    );
  });
});

describe('EnterCodeScreen errors', () => {
  it('an error clears on the next edit; the attempts left stay on screen with it and after it', async () => {
    const s = screen({
      error: 'A code has 6 digits; this one has 5.',
      attemptsNote: '4 attempts left before the authenticator app locks for 15 minutes.',
    });
    assert.equal(
      s.text(),
      lines(
        'Enter the code',
        '',
        'Enter the 6-digit code your authenticator app shows now.',
        '',
        '>',
        '',
        'A code has 6 digits; this one has 5.',
        '4 attempts left before the authenticator app locks for 15 minutes.',
        '',
        'Enter submit · Esc back · Ctrl+C quit',
      ),
    );
    const f = await sendAndWait(s.stdin, s.lastFrame, '1', (fr) => !fr.includes('this one has 5'));
    assert.equal(
      screenText(f),
      lines(
        'Enter the code',
        '',
        'Enter the 6-digit code your authenticator app shows now.',
        '',
        '> 1',
        '',
        '4 attempts left before the authenticator app locks for 15 minutes.',
        '',
        'Enter submit · Esc back · Ctrl+C quit',
      ),
    );
  });
});
