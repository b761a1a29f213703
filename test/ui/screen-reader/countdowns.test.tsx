// Screen-reader mode (INK_SCREEN_READER=true): a countdown is said when it starts and when the wait
// is over, and nothing is drawn in between (Ink writes the whole screen again for every change).
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup } from 'ink-testing-library';
import type { SentChallenge } from '../../../src/flow/steps.js';
import { EnterCodeScreen } from '../../../src/ui/screens/EnterCodeScreen.js';
import { RetryWaitScreen } from '../../../src/ui/screens/RetryWaitScreen.js';
import { fakeClock, T0, type FakeClock } from '../../helpers/clock.js';
import { sendAndCheck, sendAndWait, tick, waitForText, waitUntil } from '../../helpers/ink.js';
import { lines, mount, screenText } from '../../helpers/mount.js';
import { smsM } from '../fixtures.js';

afterEach(() => cleanup());

const sent: SentChallenge = { secret: 's', message: '2FA Sent', sentAt: T0 };

/** Moves the clock on a second at a time for `seconds`, letting every timer's render land. */
async function secondBySecond(clock: FakeClock, seconds: number): Promise<void> {
  for (let i = 0; i < seconds; i++) {
    clock.advance(1000);
    await tick();
  }
}

describe('screen-reader mode: countdowns', () => {
  it('an SMS resend wait is said once, then that a resend is possible, nothing drawn between', async () => {
    const calls: string[] = [];
    const r = mount(
      <EnterCodeScreen
        choice={{ kind: 'method', method: smsM }}
        challenge={sent}
        error={null}
        notice={null}
        resendCooldownMs={30_000}
        onSubmit={(v) => calls.push(`submit:${v}`)}
        onResend={() => calls.push('resend')}
        onBack={() => calls.push('back')}
      />,
      { screenReader: true },
    );
    const start = lines(
      'Enter the code',
      'A 6-digit code was sent to the phone ******4821. Enter it here (it is valid for 10 minutes).',
      'You can resend in 30 seconds.',
      'textbox:',
      'Keys: Enter submit, Esc back, Ctrl+C quit.',
    );
    assert.equal(r.text(), start);
    // One timer, for the end of the wait: no tick every second.
    assert.equal(r.clock.pending(), 1);
    const frames = r.frames.length;
    await secondBySecond(r.clock, 29);
    assert.equal(r.frames.length, frames, 'no frame is written while the wait runs');
    assert.equal(r.text(), start);
    // r before the end: the wait is said again, as it is now, once.
    assert.match(await sendAndWait(r.stdin, r.lastFrame, 'r'), /^A new code can be sent in 1 second\.$/m);
    assert.equal(calls.length, 0, 'r is refused while the wait runs');
    r.clock.advance(1000);
    assert.equal(
      screenText(await waitForText(r.lastFrame, 'You can resend now')),
      lines(
        'Enter the code',
        'A 6-digit code was sent to the phone ******4821. Enter it here (it is valid for 10 minutes).',
        'You can resend now (r).',
        'textbox:',
        'Keys: Enter submit, r resend, Esc back, Ctrl+C quit.',
      ),
    );
    assert.equal(r.clock.pending(), 0);
    await sendAndCheck(r.stdin, 'r', () => calls.includes('resend'));
  });
  it('an email code the same; a code sent long ago can be resent at once, with no timer', () => {
    const r = mount(
      <EnterCodeScreen
        choice={{ kind: 'email' }}
        challenge={{ ...sent, sentAt: T0 - 60_000 }}
        error={null}
        notice={null}
        resendCooldownMs={30_000}
        onSubmit={() => undefined}
        onResend={() => undefined}
        onBack={() => undefined}
      />,
      { screenReader: true },
    );
    assert.match(r.text(), /^You can resend now \(r\)\.$/m);
    assert.equal(r.clock.pending(), 0);
  });
  it('a backup code has no resend, and says none', () => {
    const r = mount(
      <EnterCodeScreen
        choice={{ kind: 'backup' }}
        challenge={null}
        error={null}
        notice={null}
        resendCooldownMs={30_000}
        onSubmit={() => undefined}
        onResend={() => undefined}
        onBack={() => undefined}
      />,
      { screenReader: true },
    );
    assert.doesNotMatch(r.text(), /resend/);
  });
  it('a timer that fires a little early is set again, so the end of the wait is still said', async () => {
    const exact = fakeClock();
    // Timers fire 1 ms before they are due, as a wall clock read against a timer may.
    const early: FakeClock = { ...exact, after: (ms, fn) => exact.after(Math.max(0, ms - 1), fn) };
    const r = mount(
      <RetryWaitScreen
        title="The server did not confirm the regeneration."
        backupCodesRemaining={null}
        retryAt={T0 + 3000}
        onRetry={() => undefined}
        onQuit={() => undefined}
      />,
      { screenReader: true, clock: early },
    );
    assert.match(r.text(), /try again in 3 seconds/);
    exact.advance(2999);
    // Redrawn a millisecond early: still "1 second", and the timer set again for the rest.
    await waitUntil(() => exact.pending() === 1, 'the timer set again');
    assert.match(r.text(), /try again in 1 second\./);
    exact.advance(1);
    await waitForText(r.lastFrame, '(selected) Try again');
  });
  it("the server's wait before a new attempt is said once, then the choices, with nothing drawn between", async () => {
    const calls: string[] = [];
    const r = mount(
      <RetryWaitScreen
        title="The server did not confirm the regeneration (HTTP 503). It may already have replaced your backup codes."
        backupCodesRemaining={10}
        retryAt={T0 + 5000}
        onRetry={() => calls.push('retry')}
        onQuit={() => calls.push('quit')}
      />,
      { screenReader: true },
    );
    const head = [
      'The result of the regeneration is unknown',
      'The server did not confirm the regeneration (HTTP 503). It may already have replaced your backup codes.',
      'The account now reports 10 unused backup codes: the codes were most likely replaced by a set you have not seen.',
      'Your old backup codes may no longer work, and the new ones were never received.',
    ];
    const start = lines(
      ...head,
      'The server asked to wait: you can try again in 5 seconds. Nothing is sent until you choose to.',
      'Keys: q or Esc quit, Ctrl+C quit.',
    );
    assert.equal(r.text(), start);
    assert.equal(r.clock.pending(), 1);
    const frames = r.frames.length;
    await secondBySecond(r.clock, 4);
    assert.equal(r.frames.length, frames, 'no frame is written while the wait runs');
    r.clock.advance(1000);
    assert.equal(
      screenText(await waitForText(r.lastFrame, 'Try again')),
      lines(
        ...head,
        '(selected) Try again (a fresh code, and you confirm again)',
        'Quit',
        'Keys: Up or Down arrow move, Enter choose, q or Esc quit.',
      ),
    );
    await sendAndCheck(r.stdin, '\r', () => calls.length > 0);
    assert.deepEqual(calls, ['retry']);
  });
});
