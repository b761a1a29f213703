import { defaultFile, fileTarget, passTarget, placesAsked } from '../../src/codes/places.js';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../src/api/errors.js';
import { errorText } from '../../src/flow/messages.js';
import type { TfaStatus } from '../../src/api/types.js';
import { smsM, status, totpM } from '../helpers/fixtures.js';
import type { Preset } from '../../src/flow/preset.js';
import { initialState, presetChoice, reduce, verificationFor } from '../../src/flow/reducer.js';
import {
  choicesFor,
  exitCodeOf,
  lockedUntil,
  unsavedCodes,
  type Choice,
  type Step,
  type WizardEvent,
  type WizardState,
} from '../../src/flow/steps.js';

const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);
const legacy: TfaStatus = { tfaEnabled: true, backupCodesRemaining: 0, newMethodAuthorized: false, methods: [] };
const TOTP: Choice = { kind: 'method', method: totpM };
const SMS: Choice = { kind: 'method', method: smsM };
const EMAIL: Choice = { kind: 'email' };
const BACKUP: Choice = { kind: 'backup' };
const CODES = Array.from({ length: 10 }, (_, i) => `AAAA-BBBB-${String(i).padStart(4, '0')}`);

function run(s: WizardState, ...events: WizardEvent[]): WizardState {
  return events.reduce(reduce, s);
}
function start(preset: Partial<Preset> = {}, st: TfaStatus = status): WizardState {
  return run(initialState({ yes: false, ...preset }), { type: 'status-loaded', status: st, at: T0 });
}
function expectStep<N extends Step['name']>(s: WizardState, name: N): Extract<Step, { name: N }> {
  assert.equal(s.step.name, name, `expected step ${name}, got ${JSON.stringify(s.step)}`);
  return s.step as Extract<Step, { name: N }>;
}
function apiErr(code: string, extra: Partial<ConstructorParameters<typeof ApiError>[0]> = {}): ApiError {
  return new ApiError({ code, status: 400, ...extra });
}
const picked = (choice: Choice, at = T0): WizardEvent => ({ type: 'method-picked', choice, at });
const sent = (secret = 'sec1', at = T0): WizardEvent => ({
  type: 'challenge-sent',
  challenge: { secret, message: '2FA Sent' },
  at,
});
const regenOk: WizardEvent = {
  type: 'regen-succeeded',
  result: { msg: 'success', backupCodes: CODES, body: {} },
  at: T0,
};

/** Through TOTP to the regenerating step. */
function toRegenerating(choice: Choice = TOTP, code = '123456'): WizardState {
  let s = run(start(), picked(choice));
  if (s.step.name === 'sending') s = run(s, sent());
  return run(s, { type: 'code-submitted', value: code }, { type: 'confirmed' });
}

describe('loading', () => {
  it('status with 2FA goes to choose', () => {
    const s = start();
    const st = expectStep(s, 'choose');
    assert.equal(st.error, null);
    assert.deepEqual(s.status, status);
  });
  it('2FA off goes to no-tfa, which exits 1', () => {
    const s = start({}, { ...status, tfaEnabled: false, methods: [] });
    expectStep(s, 'no-tfa');
    assert.equal(exitCodeOf(s.step), 1);
  });
  it('a failed status request fails with its title and hint', () => {
    const s = run(initialState({ yes: false }), { type: 'status-failed', error: apiErr('auth_error') });
    const st = expectStep(s, 'failed');
    assert.equal(st.title, errorText(apiErr('auth_error')).title);
    assert.equal(st.hint, errorText(apiErr('auth_error')).hint);
    assert.equal(st.outcomeUnknown, false);
    assert.equal(exitCodeOf(s.step), 1);
  });
  it('legacy accounts are offered the phone on file and email', () => {
    const kinds = choicesFor(legacy).map((c) => c.kind);
    assert.deepEqual(kinds, ['phone', 'email', 'backup']);
    assert.deepEqual(
      choicesFor(status).map((c) => c.kind),
      ['method', 'method', 'email', 'backup'],
    );
  });
  it('seq changes with every step change', () => {
    const a = initialState({ yes: false });
    const b = reduce(a, { type: 'status-loaded', status, at: T0 });
    assert.notEqual(a.seq, b.seq);
  });
});

describe('presets', () => {
  it('--method-id picks that method and skips choose', () => {
    const s = start({ methodId: '102' });
    const st = expectStep(s, 'sending');
    assert.deepEqual(st.choice, SMS);
  });
  it('--method-id that matches nothing is an error on the choose screen', () => {
    const st = expectStep(start({ methodId: '999' }), 'choose');
    assert.match(st.error ?? '', /No 2FA method .* id 999/);
  });
  it('--method-id with a contradicting --method-type is an error', () => {
    const st = expectStep(start({ methodId: '101', methodType: 'sms' }), 'choose');
    assert.match(st.error ?? '', /totp, not sms/);
  });
  it('--method-type totp picks the only TOTP method', () => {
    expectStep(start({ methodType: 'totp' }), 'enter-code');
  });
  it('--method-type email picks email', () => {
    assert.deepEqual(expectStep(start({ methodType: 'email' }), 'sending').choice, EMAIL);
  });
  it('--method-type sms on a legacy account picks the phone on file', () => {
    assert.deepEqual(expectStep(start({ methodType: 'sms' }, legacy), 'sending').choice, { kind: 'phone' });
  });
  it('--method-type totp on an account without one is an error', () => {
    const st = expectStep(start({ methodType: 'totp' }, legacy), 'choose');
    assert.match(st.error ?? '', /no authenticator app/);
  });
  it('--method-type matching several methods asks, with a notice', () => {
    const two = { ...status, methods: [smsM, { ...smsM, id: 103 }] };
    const st = expectStep(start({ methodType: 'sms' }, two), 'choose');
    assert.equal(st.error, null);
    assert.match(st.notice ?? '', /2 sms methods/);
  });
  it('presetChoice returns null without choice flags', () => {
    assert.equal(presetChoice(status, { yes: false, code: '123456' }), null);
  });
  it('--code with a TOTP method is submitted and lands on confirm', () => {
    const st = expectStep(start({ methodType: 'totp', code: '123 456' }), 'confirm');
    assert.deepEqual(st.verification, { kind: 'code', methodType: 'totp', code: '123456' });
  });
  it('--code that is malformed is refused locally on the code step', () => {
    const s = start({ methodType: 'totp', code: '12345' });
    const st = expectStep(s, 'enter-code');
    assert.match(st.error ?? '', /6 digits/);
    assert.equal(s.preset.code, undefined);
  });
  it('--backup-code skips choose and submits', () => {
    const st = expectStep(start({ backupCode: ' aaaabbbbcccc ' }), 'confirm');
    assert.deepEqual(st.verification, { kind: 'backup', backupCode: 'aaaabbbbcccc' }, 'as typed, trimmed');
  });
  it('--secret skips sending and is sent back with the code', () => {
    const st = expectStep(start({ methodType: 'sms', secret: 'abc', code: '654321' }), 'confirm');
    assert.deepEqual(st.verification, { kind: 'code', methodType: 'sms', code: '654321', secret: 'abc' });
    assert.equal(st.challenge?.sentAt, null);
  });
  it('--code is dropped once a fresh SMS was sent (it belongs to an older challenge)', () => {
    const s = run(start({ methodType: 'sms', code: '654321' }), sent());
    const st = expectStep(s, 'enter-code');
    assert.equal(st.error, null);
    assert.equal(s.preset.code, undefined);
  });
  it('--yes skips the confirmation', () => {
    expectStep(start({ methodType: 'totp', code: '123456', yes: true }), 'regenerating');
  });
  it('a preset choice is used only once: back to choose stays there', () => {
    const s = run(start({ methodType: 'totp' }), { type: 'back' });
    expectStep(s, 'choose');
    assert.equal(s.preset.methodType, undefined);
  });
  it('a preset method that is locked stays on choose with the lock named', () => {
    const until = T0 / 1000 + 600;
    const st = expectStep(
      start({ methodId: '101' }, { ...status, methods: [{ ...totpM, lockedUntil: until }, smsM] }),
      'choose',
    );
    assert.match(st.error ?? '', /locked until \d\d:\d\d/);
  });
});

describe('choose and send', () => {
  it('TOTP goes straight to the code', () => {
    const st = expectStep(run(start(), picked(TOTP)), 'enter-code');
    assert.equal(st.challenge, null);
  });
  it('backup goes straight to the code', () => {
    expectStep(run(start(), picked(BACKUP)), 'enter-code');
  });
  it('SMS and email go through sending', () => {
    assert.equal(expectStep(run(start(), picked(SMS)), 'sending').resend, false);
    assert.deepEqual(expectStep(run(start(), picked(EMAIL)), 'sending').choice, EMAIL);
  });
  it('a locked method cannot be picked', () => {
    const locked = { ...status, methods: [{ ...totpM, lockedUntil: T0 / 1000 + 60 }, smsM] };
    const s = run(start({}, locked), picked({ kind: 'method', method: locked.methods[0]! }));
    assert.match(expectStep(s, 'choose').error ?? '', /locked until/);
  });
  it('a lock in the past does not count', () => {
    const old = { ...totpM, lockedUntil: T0 / 1000 - 1 };
    expectStep(
      run(start({}, { ...status, methods: [old, smsM] }), picked({ kind: 'method', method: old })),
      'enter-code',
    );
  });
  it('challenge-sent moves to the code with the secret', () => {
    const st = expectStep(run(start(), picked(SMS), sent('s1', T0 + 5)), 'enter-code');
    assert.deepEqual(st.challenge, { secret: 's1', message: '2FA Sent', sentAt: T0 + 5 });
  });
  it('send-failed returns to choose with title and hint', () => {
    const st = expectStep(
      run(start(), picked(SMS), { type: 'send-failed', error: apiErr('sms_rate_limited') }),
      'choose',
    );
    assert.equal(
      st.error,
      `${errorText(apiErr('sms_rate_limited')).title} ${errorText(apiErr('sms_rate_limited')).hint}`,
    );
  });
  it('Esc while sending goes back to choose; a late answer is then ignored', () => {
    const s = run(start(), picked(SMS), { type: 'back' });
    expectStep(s, 'choose');
    assert.equal(reduce(s, sent()), s);
  });
  it('events for other steps are ignored', () => {
    const s = start();
    for (const e of [
      sent(),
      regenOk,
      { type: 'confirmed' } as WizardEvent,
      { type: 'code-submitted', value: '123456' } as WizardEvent,
    ]) {
      assert.equal(reduce(s, e), s);
    }
  });
});

describe('resend', () => {
  const atCode = (): WizardState => run(start(), picked(SMS), sent('s1', T0));
  it('is refused during the cool-down', () => {
    const s = atCode();
    assert.equal(reduce(s, { type: 'resend-requested', at: T0 + 29_999 }), s);
  });
  it('after the cool-down goes to sending with the previous challenge', () => {
    const st = expectStep(run(atCode(), { type: 'resend-requested', at: T0 + 30_000 }), 'sending');
    assert.equal(st.resend, true);
    assert.equal(st.previous?.secret, 's1');
  });
  it('honours a shorter cool-down given to initialState', () => {
    const s = run(
      initialState({ yes: false }, 1000),
      { type: 'status-loaded', status, at: T0 },
      picked(SMS),
      sent('s1', T0),
    );
    expectStep(run(s, { type: 'resend-requested', at: T0 + 1000 }), 'sending');
  });
  it('a resent code says so', () => {
    const s = run(atCode(), { type: 'resend-requested', at: T0 + 31_000 }, sent('s2', T0 + 31_000));
    const st = expectStep(s, 'enter-code');
    assert.equal(st.challenge?.secret, 's2');
    assert.match(st.notice ?? '', /new code was sent/);
  });
  it('a failed resend keeps the earlier challenge and shows why', () => {
    const s = run(
      atCode(),
      { type: 'resend-requested', at: T0 + 31_000 },
      { type: 'send-failed', error: apiErr('twilio_error') },
    );
    const st = expectStep(s, 'enter-code');
    assert.equal(st.challenge?.secret, 's1');
    assert.ok((st.error ?? '').includes(errorText(apiErr('twilio_error')).title), st.error ?? '');
  });
  it('a refused resend with retry_after restarts the countdown to match', () => {
    const err = apiErr('sms_rate_limited', { status: 429, retryAfterSeconds: 12 });
    const s = run(
      atCode(),
      { type: 'resend-requested', at: T0 + 31_000 },
      { type: 'send-failed', error: err, at: T0 + 31_000 },
    );
    const st = expectStep(s, 'enter-code');
    assert.equal(st.challenge?.sentAt, T0 + 31_000 - 30_000 + 12_000);
    assert.equal(reduce(s, { type: 'resend-requested', at: T0 + 31_000 + 11_999 }), s);
    expectStep(reduce(s, { type: 'resend-requested', at: T0 + 31_000 + 12_000 }), 'sending');
  });
  it('is not offered for TOTP', () => {
    const s = run(start(), picked(TOTP));
    assert.equal(reduce(s, { type: 'resend-requested', at: T0 + 60_000 }), s);
  });
  it('with a --secret challenge (time unknown) is allowed at once', () => {
    const s = start({ methodType: 'sms', secret: 'abc' });
    expectStep(run(s, { type: 'resend-requested', at: T0 }), 'sending');
  });
});

describe('enter code and confirm', () => {
  it('refuses a malformed code locally with a reason, keeping what was typed', () => {
    const st = expectStep(run(start(), picked(TOTP), { type: 'code-submitted', value: '12a456' }), 'enter-code');
    assert.match(st.error ?? '', /digits only/);
    assert.equal(st.value, '12a456');
  });
  it('refuses a malformed backup code locally', () => {
    const st = expectStep(run(start(), picked(BACKUP), { type: 'code-submitted', value: '  ' }), 'enter-code');
    assert.match(st.error ?? '', /Enter a backup code/);
  });
  it('a valid code goes to confirm with the right verification', () => {
    const st = expectStep(
      run(start(), picked(SMS), sent('s1'), { type: 'code-submitted', value: '65-43-21' }),
      'confirm',
    );
    assert.deepEqual(st.verification, { kind: 'code', methodType: 'sms', code: '654321', secret: 's1' });
  });
  it('email sends methodType email with the secret and no id', () => {
    const st = expectStep(
      run(start(), picked(EMAIL), sent('e1'), { type: 'code-submitted', value: '111111' }),
      'confirm',
    );
    assert.deepEqual(st.verification, { kind: 'code', methodType: 'email', code: '111111', secret: 'e1' });
  });
  it('one of several authenticator apps is named by its id, as a string, with no tfa_method', () => {
    const two = { ...status, methods: [totpM, { ...totpM, id: 103, isPrimary: false }, smsM] };
    assert.deepEqual(verificationFor({ kind: 'method', method: totpM }, '123456', null, two), {
      kind: 'code',
      methodId: '101',
      channel: 'totp',
      code: '123456',
    });
  });
  it('the legacy phone sends methodType sms without an id', () => {
    assert.deepEqual(verificationFor({ kind: 'phone' }, '222222', { secret: 'p', message: '', sentAt: 1 }), {
      kind: 'code',
      methodType: 'sms',
      code: '222222',
      secret: 'p',
    });
  });
  it('Esc on the code goes back to choose', () => {
    expectStep(run(start(), picked(TOTP), { type: 'back' }), 'choose');
  });
  it('back (n/Esc/Cancel) on confirm returns to the code with it kept', () => {
    const st = expectStep(
      run(start(), picked(TOTP), { type: 'code-submitted', value: '123456' }, { type: 'back' }),
      'enter-code',
    );
    assert.equal(st.value, '123456');
  });
  it('confirmed goes to regenerating', () => {
    const st = expectStep(toRegenerating(), 'regenerating');
    assert.deepEqual(st.verification, { kind: 'code', methodType: 'totp', code: '123456' });
  });
});

describe('regenerate outcomes', () => {
  const failed = (s: WizardState, error: ApiError, at = T0): WizardState =>
    reduce(s, { type: 'regen-failed', error, at });

  it('success shows the codes, unsaved', () => {
    const s = run(toRegenerating(), regenOk);
    const st = expectStep(s, 'codes');
    assert.deepEqual(st.codes.codes, CODES);
    assert.equal(st.codes.generatedAt, T0);
    assert.deepEqual(unsavedCodes(s.step), CODES);
  });
  it('a file written before the codes are shown (after a signal) starts the codes step saved', () => {
    const stored = [{ place: defaultFile('/home/u'), state: 'stored' as const, at: '/tmp/x.txt' }];
    const saved = run(toRegenerating(), { ...regenOk, stored } as WizardEvent);
    assert.deepEqual(expectStep(saved, 'codes').codes.places, stored);
    assert.equal(unsavedCodes(saved.step), null);
  });
  it('an odd answer: its warnings are kept with the codes', () => {
    const s = run(toRegenerating(), {
      ...regenOk,
      result: { msg: 'success', backupCodes: CODES, body: {}, warnings: ['odd'] },
    } as WizardEvent);
    assert.deepEqual(expectStep(s, 'codes').codes.warnings, ['odd']);
  });
  it('a wrong TOTP code returns to the code with the reason (it says the attempts left), code cleared', () => {
    const s = failed(toRegenerating(), apiErr('2fa_verification_failed', { failCount: 2 }));
    const st = expectStep(s, 'enter-code');
    assert.equal(st.error, errorText(apiErr('2fa_verification_failed')).title);
    assert.equal(st.value, '');
    assert.equal(s.failCounts['method:101'], 2);
  });
  it('a refused code: the next is sent without a second confirmation; another way or the list asks again', () => {
    const retry = failed(toRegenerating(), apiErr('2fa_verification_failed', { failCount: 1 }));
    expectStep(retry, 'enter-code');
    const again = reduce(retry, { type: 'code-submitted', value: '654321', at: T0 });
    assert.deepEqual(expectStep(again, 'regenerating').verification, {
      kind: 'code',
      methodType: 'totp',
      code: '654321',
    });
    // A malformed code is still refused locally, before anything is sent.
    expectStep(reduce(retry, { type: 'code-submitted', value: '12', at: T0 }), 'enter-code');
    // Back to the list, then the same way again: the confirmation is asked again.
    const listed = reduce(retry, { type: 'back' });
    expectStep(listed, 'choose');
    expectStep(run(listed, picked(TOTP), { type: 'code-submitted', value: '654321', at: T0 }), 'confirm');
    // A refused backup code, too.
    const backup = failed(toRegenerating(BACKUP, 'AAAA-BBBB-CCCC'), apiErr('invalid_backup_code'));
    expectStep(reduce(backup, { type: 'code-submitted', value: 'DDDD-EEEE-FFFF', at: T0 }), 'regenerating');
  });
  it('a wrong SMS code counts against 3 attempts and keeps the challenge', () => {
    const s = failed(toRegenerating(SMS), apiErr('2fa_verification_failed', { failCount: 1 }));
    const st = expectStep(s, 'enter-code');
    assert.equal(s.failCounts['method:102'], 1);
    assert.equal(st.challenge?.secret, 'sec1');
  });
  it('a wrong code that locks the method returns to choose with it locked', () => {
    const until = T0 / 1000 + 900;
    const s = failed(toRegenerating(), apiErr('2fa_verification_failed', { failCount: 5, lockedUntil: until }));
    assert.match(expectStep(s, 'choose').error ?? '', /locked until \d\d:\d\d/);
    assert.equal(lockedUntil(s, TOTP, T0), until);
    // and it cannot be picked now
    assert.match(expectStep(reduce(s, picked(TOTP)), 'choose').error ?? '', /locked/);
  });
  it('tfa_locked returns to choose with the method locked', () => {
    const until = T0 / 1000 + 300;
    const s = failed(toRegenerating(SMS), apiErr('tfa_locked', { status: 429, lockedUntil: until }));
    expectStep(s, 'choose');
    assert.equal(lockedUntil(s, SMS, T0), until);
  });
  it('tfa_locked without an end assumes 15 minutes', () => {
    const s = failed(toRegenerating(), apiErr('tfa_locked', { status: 429 }));
    assert.equal(lockedUntil(s, TOTP, T0), T0 / 1000 + 900);
  });
  it('tfa_locked with a malformed end: back to choose saying so, no end time made up, the server decides', () => {
    const s = failed(toRegenerating(SMS), apiErr('tfa_locked', { status: 429, lockedUntil: 'unknown' }));
    assert.match(expectStep(s, 'choose').error ?? '', /locked .*\(until when is unknown\)\. Choose another way/);
    assert.equal(lockedUntil(s, SMS, T0), null);
  });
  it('a wrong code with a malformed lock: back to the code, no lock assumed', () => {
    const s = failed(toRegenerating(), apiErr('2fa_verification_failed', { failCount: 1, lockedUntil: 'unknown' }));
    assert.match(expectStep(s, 'enter-code').error ?? '', /is now locked is unknown/);
    assert.equal(lockedUntil(s, TOTP, T0), null);
  });
  for (const code of ['2fa_expired', 'challenge_not_found', 'no_challenge_found']) {
    it(`${code} goes back to sending a new code, and the code step then says why`, () => {
      const s = failed(toRegenerating(SMS), apiErr(code));
      const st = expectStep(s, 'sending');
      assert.deepEqual(st.choice, SMS);
      const next = expectStep(reduce(s, sent('s9')), 'enter-code');
      assert.ok(
        (next.notice ?? '').includes(`${errorText(apiErr(code)).title} A new code is on its way`),
        next.notice ?? '',
      );
      assert.equal(next.challenge?.secret, 's9');
    });
  }
  it('invalid_backup_code returns to the code with the reason', () => {
    const s = failed(toRegenerating(BACKUP, 'AAAA-BBBB-CCCC'), apiErr('invalid_backup_code', { status: 401 }));
    const st = expectStep(s, 'enter-code');
    assert.equal(st.error, errorText(apiErr('invalid_backup_code')).title);
    assert.equal(st.value, '');
  });
  it('an unknown outcome fails honestly, with the remaining count, exit 1', () => {
    const err = new ApiError({ code: 'outcome_unknown', status: null, outcomeUnknown: true });
    err.backupCodesRemaining = 10;
    const s = failed(toRegenerating(), err);
    const st = expectStep(s, 'failed');
    assert.equal(st.outcomeUnknown, true);
    assert.equal(st.backupCodesRemaining, 10);
    assert.equal(exitCodeOf(s.step), 1);
  });
  it('any other refusal fails with title and hint (nothing changed)', () => {
    const st = expectStep(failed(toRegenerating(), apiErr('service_unavailable', { status: 503 })), 'failed');
    assert.equal(st.outcomeUnknown, false);
    assert.equal(st.hint, errorText(apiErr('service_unavailable')).hint);
  });
});

describe('codes, leaving and cancelling', () => {
  const atCodes = (): WizardState => run(toRegenerating(), regenOk);

  const file = (path: string): WizardEvent => ({ type: 'store-requested', place: fileTarget(path, '/home/u') });
  const stored = (index: number, at: string): WizardEvent => ({ type: 'store-settled', index, at });
  const refused = (index: number, error: string, suggestion: string | null = null): WizardEvent => ({
    type: 'store-settled',
    index,
    error,
    suggestion,
  });

  it('store-requested → store-settled records where, and leaving is then done', () => {
    let s = run(atCodes(), file('~/x.txt'));
    assert.deepEqual(
      expectStep(s, 'codes').codes.places.map((p) => p.state),
      ['pending'],
    );
    s = run(s, stored(0, '/home/u/x.txt'));
    assert.equal(unsavedCodes(s.step), null);
    s = reduce(s, { type: 'leave' });
    const st = expectStep(s, 'done');
    assert.match(st.summary, /saved to \/home\/u\/x\.txt/);
    assert.equal(st.shown, null, 'codes are not left on the final frame after a save');
    assert.equal(st.dump, null);
    assert.equal(exitCodeOf(s.step), 0);
  });
  it('keep-toggled leaves the saved codes on the final frame', () => {
    const s = run(atCodes(), file('x'), stored(0, '/x'), { type: 'keep-toggled' }, { type: 'leave' });
    assert.deepEqual(expectStep(s, 'done').shown, CODES);
  });
  it('a failed store shows why and allows another try; a settle for another index changes nothing', () => {
    let s = run(atCodes(), file('/x'), refused(0, 'exists'));
    const c = expectStep(s, 'codes').codes;
    assert.deepEqual(c.places[0], {
      place: fileTarget('/x', '/home/u'),
      state: 'failed',
      error: 'exists',
      suggestion: null,
    });
    assert.deepEqual(reduce(s, stored(0, '/x')), s, 'a place settles once');
    s = reduce(s, file('/y'));
    assert.deepEqual(
      expectStep(s, 'codes').codes.places.map((p) => p.state),
      ['failed', 'pending'],
    );
    assert.deepEqual(reduce(s, file('/z')), s, 'one store at a time');
  });
  it('leaving (q, Esc, Ctrl+C) waits while a save is being written, so its answer lands', () => {
    const s = run(atCodes(), file('/x'));
    for (const e of [{ type: 'leave' }, { type: 'back' }, { type: 'cancel' }] as const) assert.equal(reduce(s, e), s);
    // Once saved, Ctrl+C leaves at once, and the summary says where the codes are.
    const done = expectStep(run(s, stored(0, '/x'), { type: 'cancel' }), 'done');
    assert.match(done.summary, /saved to \/x/);
    assert.equal(done.warn, false);
  });
  it('places asked on the command line (--save pass:NAME, --save-command) start at once; leaving waits', () => {
    const places = placesAsked({ savePath: 'pass:v/codes', saveCommand: 'op x' }, '/home/u', { env: {} });
    const s = run(start({ methodType: 'totp', code: '123456', yes: true }), { ...regenOk, places } as WizardEvent);
    const c = expectStep(s, 'codes').codes;
    assert.deepEqual(
      c.places.map((p) => [p.place.kind, p.state]),
      [
        ['pass', 'pending'],
        ['command', 'pending'],
      ],
    );
    for (const e of [{ type: 'leave' }, { type: 'cancel' }] as const) assert.equal(reduce(s, e), s);
    const one = run(s, stored(0, 'pass:v/codes'));
    assert.equal(reduce(one, { type: 'leave' }), one, 'the command still runs');
    const done = expectStep(run(one, stored(1, '--save-command'), { type: 'leave' }), 'done');
    assert.match(done.summary, /stored in pass as v\/codes \(read back and checked\) and handed to --save-command/);
    assert.equal(done.warn, false);
  });
  it('a pass entry read back counts as safe; a failed store does not, and a taken name carries a suggestion', () => {
    const pass = (entry: string): WizardEvent => ({ type: 'store-requested', place: passTarget(entry, '/home/u') });
    let s = run(atCodes(), pass('a'), refused(0, 'taken', 'a-2'));
    const c = expectStep(s, 'codes').codes;
    assert.deepEqual(c.places[0]?.state === 'failed' ? c.places[0].suggestion : undefined, 'a-2');
    assert.deepEqual(unsavedCodes(s.step), CODES);
    s = run(s, pass('a-2'), stored(1, 'pass:a-2'));
    assert.equal(unsavedCodes(s.step), null);
    const done = expectStep(reduce(s, { type: 'leave' }), 'done');
    assert.match(done.summary, /Done: 10 new backup codes stored in pass as a-2/);
    assert.equal(done.shown, null);
  });
  it('a failed --save-command leaves the codes unsaved, with its message', () => {
    const places = placesAsked({ saveCommand: 'false' }, '/home/u', { env: {} });
    const s = run(start({ methodType: 'totp', code: '123456', yes: true }), { ...regenOk, places } as WizardEvent, {
      type: 'store-settled',
      index: 0,
      error: 'Could not store the codes with --save-command: status 1',
    });
    const p = expectStep(s, 'codes').codes.places[0];
    assert.match(p?.state === 'failed' ? p.error : '', /--save-command/);
    expectStep(reduce(s, { type: 'leave' }), 'leave-unsaved');
  });
  it('a copy is not a save: leaving after it still asks; leaving then keeps the codes on screen and says why', () => {
    const s = run(atCodes(), { type: 'copied' }, { type: 'leave' });
    assert.equal(expectStep(s, 'leave-unsaved').codes.copied, true);
    assert.deepEqual(unsavedCodes(s.step), CODES);
    const st = expectStep(reduce(s, { type: 'leave' }), 'done');
    assert.match(st.summary, /NOT saved \(the copy to the clipboard cannot be checked\)/);
    assert.deepEqual(st.shown, CODES);
    assert.equal(st.warn, true);
  });
  it('a copy, then Ctrl+C twice: torn down with the codes handed over', () => {
    const st = expectStep(run(atCodes(), { type: 'copied' }, { type: 'cancel' }, { type: 'cancel' }), 'done');
    assert.deepEqual(st.dump, CODES);
  });
  it('a signal (abort) while the answer is awaited is held, and the wait is said', () => {
    const s = run(toRegenerating(), { type: 'abort' });
    assert.equal(expectStep(s, 'regenerating').cancelAsked, true);
  });
  it('leaving unsaved asks once more; back returns to the codes', () => {
    const s = run(atCodes(), { type: 'leave' });
    expectStep(s, 'leave-unsaved');
    assert.deepEqual(expectStep(reduce(s, { type: 'back' }), 'codes').codes.codes, CODES);
  });
  it('confirming to leave unsaved ends with the codes on the final frame', () => {
    const st = expectStep(run(atCodes(), { type: 'leave' }, { type: 'leave' }), 'done');
    assert.deepEqual(st.shown, CODES);
    assert.match(st.summary, /NOT saved/);
    assert.equal(st.warn, true);
    assert.equal(st.dump, null);
  });
  it('Esc on the codes screen is the same as leaving', () => {
    expectStep(run(atCodes(), { type: 'back' }), 'leave-unsaved');
  });
  it('Ctrl+C on the codes screen asks, never exits silently', () => {
    expectStep(run(atCodes(), { type: 'cancel' }), 'leave-unsaved');
  });
  it('a second Ctrl+C tears down and asks for the codes to be printed on stderr', () => {
    const s = run(atCodes(), { type: 'cancel' }, { type: 'cancel' });
    const st = expectStep(s, 'done');
    assert.deepEqual(st.dump, CODES);
    assert.equal(exitCodeOf(s.step), 0);
  });
  it('Ctrl+C on saved codes finishes', () => {
    expectStep(run(atCodes(), file('/x'), stored(0, '/x'), { type: 'cancel' }), 'done');
  });
  it('Ctrl+C on copied (not saved) codes asks', () => {
    expectStep(run(atCodes(), { type: 'copied' }, { type: 'cancel' }), 'leave-unsaved');
  });
  for (const name of ['choose', 'sending', 'enter-code', 'confirm'] as const) {
    it(`Ctrl+C on ${name} cancels with 130`, () => {
      let s = start();
      if (name !== 'choose') s = run(s, picked(SMS));
      if (name === 'enter-code' || name === 'confirm') s = run(s, sent());
      if (name === 'confirm') s = run(s, { type: 'code-submitted', value: '123456' });
      expectStep(s, name);
      const c = reduce(s, { type: 'cancel' });
      expectStep(c, 'cancelled');
      assert.equal(exitCodeOf(c.step), 130);
    });
  }
  it('Ctrl+C while loading cancels', () => {
    expectStep(reduce(initialState({ yes: false }), { type: 'cancel' }), 'cancelled');
  });
  it('Ctrl+C while regenerating is held (the request is in flight) and does not restart it', () => {
    const s = toRegenerating();
    const c = reduce(s, { type: 'cancel' });
    assert.equal(expectStep(c, 'regenerating').cancelAsked, true);
    assert.equal(c.seq, s.seq);
    expectStep(reduce(c, regenOk), 'codes');
  });
  it('abort (terminal gone) on unsaved codes dumps them', () => {
    assert.deepEqual(expectStep(run(atCodes(), { type: 'abort' }), 'done').dump, CODES);
  });
  it('abort before regenerating cancels', () => {
    expectStep(reduce(start(), { type: 'abort' }), 'cancelled');
  });
});

describe('flow traps', () => {
  const STEP = 30_000;
  const W = Math.floor(T0 / STEP) * STEP; // the start of a TOTP window
  it('an authenticator code that expired while the confirmation was read is not sent: a fresh one is asked for', () => {
    let s = run(start(), picked(TOTP), { type: 'code-submitted', value: '123456', at: W + 5_000 });
    expectStep(s, 'confirm');
    // Still inside its window or the one step of drift: sent.
    expectStep(run(s, { type: 'confirmed', at: W + 50_000 }), 'regenerating');
    // Both over: back to the code, with no attempt spent and the reason said.
    s = run(s, { type: 'confirmed', at: W + 65_000 });
    const st = expectStep(s, 'enter-code');
    assert.equal(st.value, '');
    assert.match(st.notice!, /expired while you read[\s\S]*no attempt was spent/);
  });
  it('a backup code is not timed out', () => {
    const s = run(
      start(),
      picked(BACKUP),
      { type: 'code-submitted', value: 'abcd-efgh-ijkl', at: T0 },
      { type: 'confirmed', at: T0 + 3_600_000 },
    );
    expectStep(s, 'regenerating');
  });
  it('an SMS code still valid is reused on return, with its real send time (for the resend countdown)', () => {
    let s = run(start(), picked(SMS), sent('sec1', T0), { type: 'back' });
    expectStep(s, 'choose');
    s = run(s, picked(SMS, T0 + 10_000));
    const st = expectStep(s, 'enter-code');
    assert.equal(st.challenge?.secret, 'sec1');
    assert.equal(st.challenge?.sentAt, T0);
    assert.match(st.notice!, /still valid/);
  });
  it('an email answer that arrives after Esc is kept, and reused when email is picked again', () => {
    let s = run(start(), picked(EMAIL), { type: 'back' });
    s = run(s, { type: 'challenge-sent', challenge: { secret: 'late', message: '' }, at: T0 + 1_000, choice: EMAIL });
    expectStep(s, 'choose');
    s = run(s, picked(EMAIL, T0 + 20_000));
    assert.equal(expectStep(s, 'enter-code').challenge?.secret, 'late');
  });
  it('an old code is not reused: a new one is sent', () => {
    const s = run(start(), picked(SMS), sent('sec1', T0), { type: 'back' }, picked(SMS, T0 + 10 * 60_000));
    expectStep(s, 'sending');
  });
  it('the list comes back with the way picked last highlighted', () => {
    const s = run(start(), picked(BACKUP), { type: 'back' });
    assert.equal(s.lastPicked, 'backup');
  });
  it('a failed status check says nothing was attempted', () => {
    const s = run(initialState({ yes: false }), { type: 'status-failed', error: apiErr('unauthorized') });
    assert.equal(expectStep(s, 'failed').whileChecking, true);
  });
});

describe('without a terminal (the headless run): the same flow, answered from the flags', () => {
  const headless = (preset: Partial<Preset>) => initialState({ yes: false, ...preset }, undefined, false);
  const loaded = (preset: Partial<Preset>, st: TfaStatus = status) =>
    run(headless(preset), { type: 'status-loaded', status: st, at: T0 });
  const regenFailed = (s: WizardState, error: ApiError): WizardState => run(s, { type: 'regen-failed', error, at: T0 });

  it("--yes, status skipped: regenerating with exactly the flags' fields, the way unresolved", () => {
    const s = run(headless({ yes: true, code: '123456' }), { type: 'status-skipped' });
    const st = expectStep(s, 'regenerating');
    assert.deepEqual(st.verification, { kind: 'code', code: '123456' });
    assert.deepEqual(st.choice, { kind: 'given', channel: null });
  });
  it('the wizard never skips the status', () => {
    const s = run(initialState({ yes: true, code: '123456' }), { type: 'status-skipped' });
    expectStep(s, 'loading');
  });
  it("with the status, the flags pick the account's method and ask for the confirmation", () => {
    const st = expectStep(loaded({ code: '123456', methodId: '101' }), 'confirm');
    assert.deepEqual(st.choice, TOTP);
    assert.deepEqual(st.verification, { kind: 'code', code: '123456', methodId: '101' });
  });
  it("an id the account does not list goes out as given; the server's not_found lists the methods", () => {
    const s = loaded({ yes: true, code: '123456', methodId: '12' });
    assert.deepEqual(expectStep(s, 'regenerating').verification, { kind: 'code', code: '123456', methodId: '12' });
    const f = expectStep(regenFailed(s, apiErr('not_found', { status: 404 })), 'failed');
    assert.equal(f.hint, 'Its methods: 101 (totp, Authenticator app), 102 (sms, Work phone).');
    assert.equal(f.code, 'not_found');
    assert.equal(f.status, 404);
  });
  it('where the wizard would ask, the flow ends naming the flag: exit 2', () => {
    const noCode = expectStep(loaded({}), 'failed');
    assert.match(noCode.title, /Nothing to verify with/);
    assert.match(noCode.hint, /-t totp -c CODE/);
    assert.equal(exitCodeOf(loaded({}).step), 2);
    const smsById = loaded({ code: '123456', methodId: '102' });
    assert.match(expectStep(smsById, 'failed').title, /-s\/--secret/);
    assert.equal(exitCodeOf(smsById.step), 2);
    const malformed = loaded({ code: '12345' });
    assert.match(expectStep(malformed, 'failed').title, /The code given with -c\/--code cannot be right/);
    assert.equal(exitCodeOf(malformed.step), 2);
  });
  it('a refused code ends the run: no second try, no code sent, no way to choose', () => {
    const s = loaded({ yes: true, code: '123456', methodType: 'sms', secret: 'S' });
    for (const e of [
      apiErr('2fa_verification_failed', { failCount: 1 }),
      apiErr('2fa_expired'),
      apiErr('tfa_locked', { lockedUntil: 2e9 }),
    ]) {
      const f = expectStep(regenFailed(s, e), 'failed');
      assert.equal(f.code, e.code);
      assert.equal(f.title, errorText(e).title);
      assert.equal(exitCodeOf(regenFailed(s, e).step), 1);
    }
  });
  it('an unknown outcome keeps the count the follow-up status reported', () => {
    const e = apiErr('outcome_unknown', { outcomeUnknown: true, status: 502 });
    e.backupCodesRemaining = 10;
    const f = expectStep(regenFailed(loaded({ yes: true, code: '123456', methodType: 'totp' }), e), 'failed');
    assert.equal(f.outcomeUnknown, true);
    assert.equal(f.backupCodesRemaining, 10);
  });
});

describe("the wizard sends the flags' fields when the flags picked the way (docs/cli.md: the official body)", () => {
  it('-id 101 -c CODE: tfa_method_id, as the official CLI sends it', () => {
    const st = expectStep(start({ code: '123456', methodId: '101' }), 'confirm');
    assert.deepEqual(st.verification, { kind: 'code', code: '123456', methodId: '101' });
  });
  it('-bc CODE -t totp: the backup code with the method type', () => {
    const st = expectStep(start({ backupCode: 'ABCD-EFGH-IJKL', methodType: 'totp' }), 'confirm');
    assert.deepEqual(st.verification, { kind: 'backup', backupCode: 'ABCD-EFGH-IJKL', methodType: 'totp' });
  });
  it("a code typed after the flags' one was refused is the picked way's, not the flags'", () => {
    let s = run(start({ code: '123456', methodId: '101', yes: true }), {
      type: 'regen-failed',
      error: apiErr('2fa_verification_failed', { failCount: 1 }),
      at: T0,
    });
    s = run(s, { type: 'code-submitted', value: '654321' });
    assert.deepEqual(expectStep(s, 'regenerating').verification, { kind: 'code', code: '654321', methodType: 'totp' });
  });
  it("a code given without a way, the way picked from the list: the list's fields", () => {
    const s = run(start({ code: '123456' }), picked(TOTP));
    assert.deepEqual(expectStep(s, 'confirm').verification, { kind: 'code', code: '123456', methodType: 'totp' });
  });
});
