import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiError } from '../../src/api/errors.js';
import type { Challenge, RegenResult, TfaApi, TfaStatus, Verification } from '../../src/api/types.js';
import type { Delivery, NewCodes } from '../../src/codes/deliver.js';
import { commandTarget, fileTarget, passTarget, type Place } from '../../src/codes/places.js';
import {
  enterStep,
  loadStatus,
  probePass,
  redrawAt,
  regenerate,
  sendCode,
  storePlace,
  wizardExit,
  type EffectDeps,
} from '../../src/flow/effects.js';
import { initialState } from '../../src/flow/reducer.js';
import type { Step, WizardEvent } from '../../src/flow/steps.js';
import { CODES, codesState, GENERATED, smsM, status, totpM } from '../ui/fixtures.js';
import { fakeApi as lenientApi } from '../helpers/fake-api.js';

const fakeApi = (over: Partial<TfaApi> = {}) => lenientApi(over, { codes: CODES });
import { errorText } from '../../src/flow/messages.js';

const NOW = 1_700_000_000_000;
/** Lets every promise callback already queued run (microtasks drain before setImmediate). */
const settled = (): Promise<void> => new Promise((r) => setImmediate(r));

/** A promise settled by the test. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** The events dispatched, and a wait for the n-th. */
function recorder() {
  const events: WizardEvent[] = [];
  const waiters: (() => void)[] = [];
  const dispatch = (e: WizardEvent): void => {
    events.push(e);
    for (const w of waiters.splice(0)) w();
  };
  const count = async (n: number): Promise<WizardEvent[]> => {
    while (events.length < n) await new Promise<void>((r) => waiters.push(r));
    return events;
  };
  return { events, dispatch, count };
}

const noDelivery = async (): Promise<Delivery> => ({
  stored: [],
  results: [],
  exit: 0,
  safe: true,
  lines: [],
});

function deps(over: Partial<EffectDeps> = {}): EffectDeps {
  return {
    api: fakeApi().api,
    statusPromise: Promise.resolve(status),
    home: '/nonexistent',
    env: { PATH: '' },
    deliver: noDelivery,
    now: () => NOW,
    ...over,
  };
}

const sending = (over: Partial<Extract<Step, { name: 'sending' }>> = {}): Extract<Step, { name: 'sending' }> => ({
  name: 'sending',
  choice: { kind: 'method', method: smsM },
  resend: false,
  previous: null,
  reason: null,
  ...over,
});
const verification: Verification = { kind: 'code', methodType: 'totp', code: '123456' };
const regenerating: Extract<Step, { name: 'regenerating' }> = {
  name: 'regenerating',
  choice: { kind: 'method', method: totpM },
  challenge: null,
  verification,
  cancelAsked: false,
};

describe('loadStatus', () => {
  it('reports the status, stamped with the clock', async () => {
    const r = recorder();
    loadStatus(deps(), r.dispatch);
    assert.deepEqual(await r.count(1), [{ type: 'status-loaded', status, at: NOW }]);
  });
  it('a failure that is no ApiError becomes one whose text is inert', async () => {
    const r = recorder();
    loadStatus(deps({ statusPromise: Promise.reject(new Error('boom\u001b[2J')) }), r.dispatch);
    const [e] = await r.count(1);
    assert.equal(e!.type, 'status-failed');
    const error = (e as Extract<WizardEvent, { type: 'status-failed' }>).error;
    assert.ok(error instanceof ApiError);
    assert.equal(error.code, 'internal');
    assert.doesNotMatch(errorText(error).title, /\u001b/);
    assert.match(errorText(error).title, /^Unexpected failure: boom/);
  });
  it('an answer after the step changed (Ctrl+C while loading) is dropped', async () => {
    const r = recorder();
    const answer = deferred<TfaStatus>();
    const cancel = loadStatus(deps({ statusPromise: answer.promise }), r.dispatch);
    cancel();
    answer.resolve(status);
    await settled();
    assert.deepEqual(r.events, []);
  });
});

describe('sendCode', () => {
  it('SMS: sends; a resend names the previous secret; email sends an email', async () => {
    const f = fakeApi();
    const r = recorder();
    sendCode(sending(), deps({ api: f.api }), r.dispatch);
    sendCode(
      sending({ resend: true, previous: { secret: 'old', message: '', sentAt: 1 } }),
      deps({ api: f.api }),
      r.dispatch,
    );
    sendCode(sending({ choice: { kind: 'email' } }), deps({ api: f.api }), r.dispatch);
    await r.count(3);
    assert.deepEqual(f.calls, ['sendSms', 'resendSms:old', 'sendEmail']);
    assert.deepEqual(r.events[0], {
      type: 'challenge-sent',
      challenge: { secret: 'sec', message: 'sent' },
      at: NOW,
      choice: { kind: 'method', method: smsM },
    });
  });
  it('a code that is sent after Esc is still kept (reported with its choice)', async () => {
    const answer = deferred<Challenge>();
    const r = recorder();
    const cancel = sendCode(sending(), deps({ api: fakeApi({ sendSms: () => answer.promise }).api }), r.dispatch);
    cancel();
    answer.resolve({ secret: 'late', message: 'sent' });
    await settled();
    assert.deepEqual(r.events, [
      {
        type: 'challenge-sent',
        challenge: { secret: 'late', message: 'sent' },
        at: NOW,
        choice: { kind: 'method', method: smsM },
      },
    ]);
  });
  it('a failure is reported while the step lasts, dropped after it changed', async () => {
    const err = new ApiError({ code: 'sms_rate_limited', status: 429 });
    const r = recorder();
    sendCode(
      sending(),
      deps({
        api: fakeApi({
          sendSms: async () => {
            throw err;
          },
        }).api,
      }),
      r.dispatch,
    );
    assert.deepEqual(await r.count(1), [{ type: 'send-failed', error: err, at: NOW }]);
    const late = deferred<Challenge>();
    const cancel = sendCode(sending(), deps({ api: fakeApi({ sendSms: () => late.promise }).api }), r.dispatch);
    cancel();
    late.reject(err);
    await settled();
    assert.equal(r.events.length, 1);
  });
});

describe('regenerate', () => {
  it('the codes go to deliver() before they are reported, and its place comes along', async () => {
    const handed: NewCodes[] = [];
    const delivered = deferred<Delivery>();
    const r = recorder();
    regenerate(
      regenerating,
      deps({
        deliver: (n) => {
          handed.push(n);
          return delivered.promise;
        },
      }),
      r.dispatch,
    );
    while (handed.length === 0) await settled();
    assert.deepEqual(handed, [
      { codes: CODES, generatedAt: new Date(NOW), body: { msg: 'success', backup_codes: CODES }, warnings: undefined },
    ]);
    await settled();
    assert.deepEqual(r.events, [], 'nothing is shown before deliver() answered');
    delivered.resolve({
      stored: ['/h/Downloads/f.txt'],
      results: [],
      exit: 130,
      safe: true,
      lines: [],
    });
    const [e] = await r.count(1);
    const ok = e as Extract<WizardEvent, { type: 'regen-succeeded' }>;
    assert.deepEqual(
      [ok.type, ok.result, ok.at, ok.places],
      [
        'regen-succeeded',
        { msg: 'success', backupCodes: CODES, body: { msg: 'success', backup_codes: CODES } },
        NOW,
        [],
      ],
    );
    assert.deepEqual(
      ok.stored?.map((p) => [p.place.kind, p.state, 'at' in p ? p.at : null]),
      [['default', 'stored', '/h/Downloads/f.txt']],
    );
  });
  it('never dropped: an answer after the step changed is reported; a failed delivery still shows codes', async () => {
    const answer = deferred<RegenResult>();
    const r = recorder();
    const cancel = regenerate(
      regenerating,
      deps({
        api: fakeApi({ regenerate: () => answer.promise }).api,
        deliver: async () => {
          throw new Error('disk full');
        },
      }),
      r.dispatch,
    );
    cancel();
    answer.resolve({ msg: 'success', backupCodes: CODES, body: {} });
    await settled();
    const [e] = r.events;
    assert.equal(e?.type, 'regen-succeeded');
    assert.deepEqual((e as Extract<WizardEvent, { type: 'regen-succeeded' }>).stored, []);
  });
  it('an error that is no ApiError is an unknown outcome', async () => {
    const r = recorder();
    regenerate(
      regenerating,
      deps({
        api: fakeApi({
          regenerate: async () => {
            throw new TypeError('socket hang up');
          },
        }).api,
      }),
      r.dispatch,
    );
    const [e] = await r.count(1);
    const error = (e as Extract<WizardEvent, { type: 'regen-failed' }>).error;
    assert.equal(error.outcomeUnknown, true);
  });
});

describe('enterStep', () => {
  it('starts only what the step asks for', async () => {
    const f = fakeApi();
    const r = recorder();
    enterStep({ name: 'choose', error: null, notice: null }, deps({ api: f.api }), r.dispatch)();
    enterStep({ name: 'cancelled' }, deps({ api: f.api }), r.dispatch)();
    await settled();
    assert.deepEqual([f.calls, r.events], [[], []]);
    enterStep(regenerating, deps({ api: f.api }), r.dispatch);
    enterStep(sending(), deps({ api: f.api }), r.dispatch);
    enterStep({ name: 'loading' }, deps({ api: f.api }), r.dispatch);
    const types = (await r.count(3)).map((e) => e.type).sort();
    assert.deepEqual(types, ['challenge-sent', 'regen-succeeded', 'status-loaded']);
  });
});

describe('saving, pass and --save-command', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vrc-effects-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs storePlace on a codes step whose only place is `place`; resolves with the settled event. */
  async function storeOnly(place: Place, d: EffectDeps) {
    const r = recorder();
    storePlace(codesState({ places: [{ place, state: 'pending' }] }), 0, d, r.dispatch);
    const [e] = await r.count(1);
    return e as Extract<WizardEvent, { type: 'store-settled' }>;
  }

  it('a file place: the codes written (stamped with when they were generated), never overwriting', async () => {
    const path = join(dir, 'codes.txt');
    assert.deepEqual(await storeOnly(fileTarget(path, dir), deps({ home: dir })), {
      type: 'store-settled',
      index: 0,
      at: path,
    });
    const text = readFileSync(path, 'utf8');
    for (const c of CODES) assert.ok(text.includes(c));
    const second = await storeOnly(fileTarget(path, dir), deps({ home: dir }));
    assert.ok('error' in second);
    assert.match(second.error, /already exists/);
  });
  it('a command place: exit 0 counts as stored, anything else fails (the codes arrive on its stdin)', async () => {
    const out = join(dir, 'cmd-out.txt');
    const ok = await storeOnly(commandTarget(`cat > '${out}'`, { env: process.env }), deps({ env: process.env }));
    assert.deepEqual(ok, { type: 'store-settled', index: 0, at: '--save-command' });
    assert.ok(readFileSync(out, 'utf8').includes(CODES[0]!));
    const failed = await storeOnly(commandTarget('exit 3', { env: process.env }), deps({ env: process.env }));
    assert.ok('error' in failed);
  });
  it('a pass place without pass on PATH fails, offering no other name', async () => {
    const e = await storeOnly(
      passTarget('vast.ai/codes', dir, { env: { PATH: dir } }),
      deps({ env: { PATH: dir }, home: dir }),
    );
    assert.ok('error' in e);
    assert.equal(e.suggestion, null);
  });
  it('probePass: offered with pass on PATH and a store, not without; a cancelled probe tells nothing', async () => {
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'pass'), '#!/bin/sh\n', { mode: 0o755 });
    const store = join(dir, 'store');
    mkdirSync(store);
    writeFileSync(join(store, '.gpg-id'), 'KEY\n');
    const probe = (env: NodeJS.ProcessEnv) => new Promise<boolean>((resolve) => probePass({ env, home: dir }, resolve));
    assert.equal(await probe({ PATH: bin, PASSWORD_STORE_DIR: store }), true);
    assert.equal(await probe({ PATH: bin, PASSWORD_STORE_DIR: join(dir, 'no-store') }), false);
    assert.equal(await probe({ PATH: '' }), false);
    const told: boolean[] = [];
    probePass({ env: { PATH: '' }, home: dir }, (yes) => told.push(yes))();
    await settled();
    assert.deepEqual(told, []);
  });
});

describe('wizardExit and redrawAt', () => {
  it('a final step ends the wizard; codes torn down unsaved come along with when they were generated', () => {
    assert.equal(wizardExit({ name: 'codes', codes: codesState() }), null);
    assert.deepEqual(wizardExit({ name: 'cancelled' }), { code: 130, dump: null });
    assert.deepEqual(
      wizardExit({ name: 'done', summary: '', warn: true, shown: null, generatedAt: GENERATED, dump: CODES }),
      { code: 0, dump: CODES, generatedAt: GENERATED },
    );
    assert.deepEqual(
      wizardExit({ name: 'done', summary: '', warn: false, shown: null, generatedAt: GENERATED, dump: null }),
      { code: 0, dump: null },
    );
  });
  it('the list is drawn again when its soonest lock ends, and never for an ended lock or another step', () => {
    const until = NOW / 1000 + 60;
    const locked = {
      ...status,
      methods: [
        { ...totpM, lockedUntil: until + 30 },
        { ...smsM, lockedUntil: until },
      ],
    };
    const s = {
      ...initialState({ yes: false }),
      status: locked,
      step: { name: 'choose' as const, error: null, notice: null },
    };
    assert.equal(redrawAt(s, NOW), until * 1000);
    assert.equal(redrawAt(s, (until + 31) * 1000), Infinity);
    assert.equal(redrawAt({ ...s, step: { name: 'loading' } }, NOW), Infinity);
  });
});
