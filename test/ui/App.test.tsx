import { afterEach, describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanup, render } from 'ink-testing-library';
import { ApiError } from '../../src/api/errors.js';
import type { RegenResult, TfaStatus } from '../../src/api/types.js';
import { noticeStore, type NoticeStore } from '../../src/flow/notices.js';
import type { Preset } from '../../src/flow/preset.js';
import { App, osc52, type WizardExit } from '../../src/ui/App.js';
import { fakeClock, T0 } from '../helpers/clock.js';
import { strictApi, type ExpectedCall } from '../helpers/fake-api.js';
import { sendAndWait, waitForText, waitUntil } from '../helpers/ink.js';
import { HEADER, lines, screenText } from '../helpers/mount.js';
import { CODES, status } from './fixtures.js';

afterEach(() => cleanup());

const REGEN_OK = (): RegenResult => ({ msg: 'success', backupCodes: CODES, body: {} });
/** The regenerate of the authenticator code 123456, answered with CODES. */
const REGEN_TOTP: ExpectedCall = {
  call: 'regenerate',
  verification: { kind: 'code', methodType: 'totp', code: '123456' },
  reply: REGEN_OK,
};
/** A TOTP preset that goes straight to the regenerate. */
const TOTP_YES: Partial<Preset> = { methodType: 'totp', code: '123456', yes: true };

/** Mounts App on a strict fake API scripted with `calls` and a fake clock. */
function app(
  t: TestContext,
  calls: ExpectedCall[],
  o: {
    preset?: Partial<Preset>;
    st?: TfaStatus | Promise<TfaStatus>;
    home?: string;
    notices?: NoticeStore;
    demo?: boolean;
  } = {},
) {
  const fake = strictApi(t, calls);
  const clock = fakeClock();
  const exits: WizardExit[] = [];
  let polls = 0;
  const r = render(
    <App
      api={fake.api}
      statusPromise={Promise.resolve(o.st ?? status)}
      preset={{ yes: false, ...o.preset }}
      demo={
        o.demo
          ? {
              fetchInbox: async () => {
                polls++;
                return { totpCode: '424242', messages: [], backupCodes: [] };
              },
            }
          : null
      }
      home={o.home ?? '/nonexistent'}
      notices={o.notices}
      onExit={(e) => exits.push(e)}
      clock={clock}
    />,
  );
  return { ...r, exits, polls: () => polls, clock, fake, text: () => screenText(r.lastFrame()) };
}

describe('App', () => {
  it('TOTP through to the codes: sends the method kind (the only authenticator)', async (t) => {
    const a = app(t, [REGEN_TOTP]);
    await waitForText(a.lastFrame, 'How do you want');
    await sendAndWait(a.stdin, a.lastFrame, '1', 'authenticator app shows now');
    await sendAndWait(a.stdin, a.lastFrame, '123456', '> 123456');
    await sendAndWait(a.stdin, a.lastFrame, '\r', 'All 3 existing backup codes stop working');
    await sendAndWait(a.stdin, a.lastFrame, 'y', 'K009-BBBB-CCCC');
    a.fake.verify();
  });
  it('tfa_challenge_exists on send: back to the list with the reason, no resend without a secret', async (t) => {
    const a = app(
      t,
      [
        {
          call: 'sendSms',
          reply: () => {
            throw new ApiError({ code: 'tfa_challenge_exists', status: 400 });
          },
        },
      ],
      { preset: { methodId: '102' } },
    );
    await waitForText(a.lastFrame, 'A code was sent to this phone a moment ago.');
    assert.deepEqual(a.fake.made, ['sendSms()']);
  });
  it('legacy account: SMS to the phone on file is sent without an id', async (t) => {
    const a = app(t, [{ call: 'sendSms', reply: () => ({ secret: 'sec', message: '2FA Sent' }) }], {
      st: { ...status, methods: [] },
    });
    await waitForText(a.lastFrame, 'older 2FA setup');
    await sendAndWait(a.stdin, a.lastFrame, '1', 'was sent to the phone number on file');
    a.fake.verify();
  });
  it('an SMS code, then r once the cool-down has passed on the clock: resent with the secret', async (t) => {
    const a = app(t, [
      { call: 'sendSms', reply: () => ({ secret: 'sec', message: '2FA Sent' }) },
      { call: 'resendSms', secret: 'sec', reply: () => ({ secret: 'sec2', message: 'resent' }) },
    ]);
    await waitForText(a.lastFrame, 'How do you want');
    await sendAndWait(a.stdin, a.lastFrame, '2', 'r resend in 30 s');
    a.clock.advance(30_000);
    await waitForText(a.lastFrame, /r resend · Esc back/);
    await sendAndWait(a.stdin, a.lastFrame, 'r', 'A new code was sent');
    a.fake.verify();
  });
  it('email: sends methodType email with the secret', async (t) => {
    const a = app(
      t,
      [
        { call: 'sendEmail', reply: () => ({ secret: 'esec', message: 'mailed' }) },
        {
          call: 'regenerate',
          verification: { kind: 'code', methodType: 'email', code: '222222', secret: 'esec' },
          reply: REGEN_OK,
        },
      ],
      { preset: { methodType: 'email', code: '111111', yes: true } },
    );
    await waitForText(a.lastFrame, "sent to your account's email address");
    await sendAndWait(a.stdin, a.lastFrame, '222222', '> 222222');
    await sendAndWait(a.stdin, a.lastFrame, '\r', 'K009-BBBB-CCCC');
    a.fake.verify();
  });
  it('a send failure returns to the list with the reason', async (t) => {
    const a = app(t, [
      {
        call: 'sendSms',
        reply: () => {
          throw new ApiError({ code: 'sms_rate_limited', status: 429 });
        },
      },
    ]);
    await waitForText(a.lastFrame, 'How do you want');
    await sendAndWait(a.stdin, a.lastFrame, '2', 'Too many text messages were sent');
  });
  it('Ctrl+C on the list exits 130 without a request', async (t) => {
    const a = app(t, []);
    await waitForText(a.lastFrame, 'How do you want');
    await sendAndWait(a.stdin, a.lastFrame, '\u0003', 'Nothing was changed');
    assert.deepEqual(a.exits, [{ code: 130, dump: null }]);
  });
  it('2FA off: explains and exits 1', async (t) => {
    const a = app(t, [], { st: { ...status, tfaEnabled: false, methods: [] } });
    await waitForText(a.lastFrame, 'not enabled');
    await waitUntil(() => a.exits.length === 1);
    assert.equal(a.exits[0]!.code, 1);
  });
  it('a failed status request fails with its title, exit 1; start-up notices are shown', async (t) => {
    const err = new ApiError({ code: 'unauthorized', status: 401 });
    const a = app(t, [], { st: Promise.reject(err), notices: noticeStore(['Talking to http:// without encryption.']) });
    await waitForText(a.lastFrame, 'The API key was refused (HTTP 401).');
    assert.equal(
      a.text(),
      lines(
        '! Talking to http:// without encryption.',
        '',
        "Could not check the account's two-factor setup. Nothing was changed.",
        'The API key was refused (HTTP 401).',
        '',
        'Next: Check the key (--api-key, VAST_API_KEY or ~/.config/vastai/vast_api_key); keys are at',
        'https://cloud.vast.ai/manage-keys/ .',
      ),
    );
    await waitUntil(() => a.exits.length === 1);
    assert.equal(a.exits[0]!.code, 1);
  });
  it('a notice pushed after the first frame (the session-key fallback) is drawn on the next one', async (t) => {
    const notices = noticeStore();
    const a = app(t, [], { notices });
    await waitForText(a.lastFrame, 'How do you want');
    assert.doesNotMatch(a.lastFrame()!, /vastai tfa login/);
    notices.push('Your session key has expired; using vast_api_key instead. Run vastai tfa login.');
    await waitForText(a.lastFrame, 'Run vastai tfa login.');
    assert.match(
      a.text(),
      new RegExp(
        /^! Your session key has expired; using vast_api_key instead\. Run vastai tfa login\.\n\n/.source +
          /Regenerate Vast\.ai backup codes\n/.source,
      ),
    );
  });
  it('an unknown outcome: honest failure screen, exit 1', async (t) => {
    const err = new ApiError({ code: 'outcome_unknown', status: null, outcomeUnknown: true });
    err.backupCodesRemaining = 10;
    const a = app(
      t,
      [
        {
          ...REGEN_TOTP,
          reply: () => {
            throw err;
          },
        },
      ],
      { preset: TOTP_YES },
    );
    await waitForText(a.lastFrame, 'result of the regeneration is unknown');
    assert.match(a.lastFrame()!, /now reports 10 unused backup codes/);
    await waitUntil(() => a.exits.length === 1);
    assert.equal(a.exits[0]!.code, 1);
  });
  it('a thrown non-API error while regenerating is treated as an unknown outcome', async (t) => {
    const a = app(
      t,
      [
        {
          ...REGEN_TOTP,
          reply: () => {
            throw new TypeError('socket hang up');
          },
        },
      ],
      { preset: TOTP_YES },
    );
    await waitForText(a.lastFrame, 'result of the regeneration is unknown');
  });
  it('Ctrl+C while regenerating is held, and the codes still arrive', async (t) => {
    let answer!: (r: RegenResult) => void;
    const a = app(
      t,
      [
        {
          ...REGEN_TOTP,
          reply: () =>
            new Promise<RegenResult>((r) => {
              answer = r;
            }),
        },
      ],
      { preset: TOTP_YES },
    );
    await waitForText(a.lastFrame, 'Replacing your backup codes');
    await sendAndWait(a.stdin, a.lastFrame, '\u0003', 'cannot be called back');
    answer(REGEN_OK());
    await waitForText(a.lastFrame, 'K009-BBBB-CCCC');
    assert.deepEqual(a.exits, []);
  });
  it('s then Enter saves to the default path in ~/Downloads (0600); q ends without the codes on screen', async (t) => {
    const home = mkdtempSync(join(tmpdir(), 'vrc-app-'));
    t.after(() => rmSync(home, { recursive: true, force: true }));
    const a = app(t, [REGEN_TOTP], { home, preset: TOTP_YES });
    await waitForText(a.lastFrame, 'K009-BBBB-CCCC');
    // Generated at the clock's time: the file is named for it.
    await sendAndWait(a.stdin, a.lastFrame, 's', '> ~/Downloads/vastai_backup_codes_');
    await sendAndWait(a.stdin, a.lastFrame, '\r', 'Saved to');
    assert.deepEqual(readdirSync(join(home, 'Downloads')), ['vastai_backup_codes_2025-05-06_07-10-00.txt']);
    const file = join(home, 'Downloads', 'vastai_backup_codes_2025-05-06_07-10-00.txt');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    for (const c of CODES) assert.ok(readFileSync(file, 'utf8').includes(c));
    const end = await sendAndWait(a.stdin, a.lastFrame, 'q', 'Done: 10 new backup codes saved to');
    assert.doesNotMatch(end, /K00\d-BBBB-CCCC/);
    assert.deepEqual(a.exits, [{ code: 0, dump: null }]);
  });
  it('--save saves at once; a second save to the same file is refused, never overwriting', async (t) => {
    const home = mkdtempSync(join(tmpdir(), 'vrc-app-'));
    t.after(() => rmSync(home, { recursive: true, force: true }));
    const path = join(home, 'codes.txt');
    const a = app(t, [REGEN_TOTP], { home, preset: { ...TOTP_YES, savePath: path } });
    await waitForText(a.lastFrame, `Saved to ${path}`);
    await sendAndWait(a.stdin, a.lastFrame, 's', 'Save to');
    await sendAndWait(a.stdin, a.lastFrame, '\u0015', (f) => !f.includes('vastai_backup_codes_'));
    await sendAndWait(a.stdin, a.lastFrame, path, `> ${path}`);
    await sendAndWait(a.stdin, a.lastFrame, '\r', 'already exists');
  });
  it('c sends the codes through OSC 52 and says so', async (t) => {
    const a = app(t, [REGEN_TOTP], { preset: TOTP_YES });
    await waitForText(a.lastFrame, 'K009-BBBB-CCCC');
    await sendAndWait(a.stdin, a.lastFrame, 'c', 'Sent to the terminal clipboard');
    assert.ok(a.frames.some((f) => f.includes(osc52(CODES.join('\n') + '\n'))));
    assert.match(osc52('x'), /^\u001b\]52;c;eA==\u0007$/);
  });
  it('Ctrl+C on unsaved codes asks; a second one ends and hands the codes over for stderr', async (t) => {
    const a = app(t, [REGEN_TOTP], { preset: TOTP_YES });
    await waitForText(a.lastFrame, 'K009-BBBB-CCCC');
    await sendAndWait(a.stdin, a.lastFrame, '\u0003', 'Leave without saving?');
    await sendAndWait(a.stdin, a.lastFrame, '\u0003', 'go to a file now');
    assert.deepEqual(
      a.exits.map((e) => [e.code, e.dump, e.generatedAt]),
      [[0, CODES, T0]],
    );
  });
  it('a lock that ends while the list is on screen is cleared then, without a key press', async (t) => {
    // Locked for 5 minutes from the clock's start (07:10 local time).
    const locked = {
      ...status,
      methods: [{ ...status.methods[0]!, lockedUntil: T0 / 1000 + 300 }, status.methods[1]!],
    };
    const a = app(t, [], { st: locked });
    await waitForText(a.lastFrame, 'locked until');
    assert.equal(
      a.text(),
      lines(
        ...HEADER,
        "How do you want to verify it's you?",
        '  1. Authenticator app (primary)',
        '     locked until 07:15',
        '› 2. SMS to ******4821 — Work phone',
        '  3. Email a code to my account address',
        '  4. Use a backup code (3 left)',
        '',
        '↑/↓ move · 1–9 pick · Enter choose · Esc/Ctrl+C quit',
      ),
    );
    a.clock.advance(299_000);
    await new Promise((r) => setImmediate(r));
    assert.match(a.text(), /locked until 07:15/, 'not before the lock ends');
    a.clock.advance(1_050);
    await waitUntil(() => !a.lastFrame()!.includes('locked until'), 'the lock to clear on screen');
    assert.equal(
      a.text(),
      lines(
        ...HEADER,
        "How do you want to verify it's you?",
        '  1. Authenticator app (primary)',
        '› 2. SMS to ******4821 — Work phone',
        '  3. Email a code to my account address',
        '  4. Use a backup code (3 left)',
        '',
        '↑/↓ move · 1–9 pick · Enter choose · Esc/Ctrl+C quit',
      ),
    );
    await sendAndWait(a.stdin, a.lastFrame, '1', 'authenticator app shows now');
  });
  it('--demo: the inbox panel is shown and polled each second of the clock while choosing', async (t) => {
    const a = app(t, [], { demo: true });
    await waitForText(a.lastFrame, 'Authenticator code: 424242');
    assert.equal(a.polls(), 1);
    a.clock.advance(1000);
    await waitUntil(() => a.polls() === 2, 'a second poll of the inbox');
  });
});
