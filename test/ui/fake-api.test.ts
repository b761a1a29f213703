// The strict fake API the App tests use: it must refuse what was not scripted and notice what never came.
import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { strictApi } from '../helpers/fake-api.js';
import { fakeClock } from '../helpers/clock.js';

/** A test context whose after-hooks are collected, so verify() can be seen failing. */
const ctx = () => {
  const hooks: (() => void)[] = [];
  return { t: { after: (f: () => void) => hooks.push(f) } as unknown as TestContext, hooks };
};

describe('strictApi', () => {
  it('answers the scripted calls in order, then verifies clean (also from the test end hook)', async () => {
    const { t, hooks } = ctx();
    const f = strictApi(t, [
      { call: 'sendSms', reply: () => ({ secret: 's', message: 'sent' }) },
      { call: 'resendSms', secret: 's', reply: () => ({ secret: 's2', message: 'resent' }) },
    ]);
    assert.deepEqual(await f.api.sendSms(), { secret: 's', message: 'sent' });
    assert.deepEqual(await f.api.resendSms('s'), { secret: 's2', message: 'resent' });
    f.verify();
    assert.equal(hooks.length, 1);
    hooks[0]!();
    assert.deepEqual(f.made, ['sendSms()', 'resendSms("s")']);
  });
  it('refuses a call not scripted, and verify() fails on it', async () => {
    const { t } = ctx();
    const f = strictApi(t, [{ call: 'sendSms', reply: () => ({ secret: 's', message: '' }) }]);
    await assert.rejects(f.api.sendEmail(), /unexpected call sendEmail\(\)/);
    await f.api.sendSms();
    assert.throws(() => f.verify(), /calls the test did not script/);
  });
  it('refuses a call with other arguments than scripted', async () => {
    const { t } = ctx();
    const f = strictApi(t, [
      {
        call: 'regenerate',
        verification: { kind: 'code', methodType: 'totp', code: '123456' },
        reply: () => ({ msg: 'success', backupCodes: [], body: {} }),
      },
    ]);
    await assert.rejects(
      f.api.regenerate({ kind: 'code', methodType: 'totp', code: '654321' }),
      /unexpected call regenerate/,
    );
    assert.throws(() => f.verify(), /calls the test did not script/);
  });
  it('verify() fails when a scripted call never happened', () => {
    const { t } = ctx();
    const f = strictApi(t, [{ call: 'sendEmail', reply: () => ({ secret: 's', message: '' }) }]);
    assert.throws(() => f.verify(), /scripted calls that never happened/);
  });
  it('a reply that throws rejects the call', async () => {
    const { t } = ctx();
    const f = strictApi(t, [
      {
        call: 'sendSms',
        reply: () => {
          throw new Error('rate limited');
        },
      },
    ]);
    await assert.rejects(f.api.sendSms(), /rate limited/);
    f.verify();
  });
});

describe('fakeClock', () => {
  it('fires timers only when advanced, each at its own time, intervals again and again', () => {
    const c = fakeClock(1000);
    const seen: string[] = [];
    const stop = c.every(100, () => seen.push(`every@${c.now()}`));
    c.after(150, () => seen.push(`after@${c.now()}`));
    assert.deepEqual(seen, []);
    c.advance(99);
    assert.deepEqual(seen, []);
    c.advance(201);
    assert.deepEqual(seen, ['every@1100', 'after@1150', 'every@1200', 'every@1300']);
    assert.equal(c.now(), 1300);
    stop();
    assert.equal(c.pending(), 0);
    c.advance(1000);
    assert.equal(seen.length, 4);
  });
});
