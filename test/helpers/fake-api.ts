/**
 * A strict fake TfaApi: it answers only the calls the test scripted, in order, with the arguments
 * scripted. Any other call is recorded and refused (its promise rejects), and fails the test; so
 * does a scripted call that never came. Both are checked when the test ends (and by verify()).
 */
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import type { Challenge, RegenResult, TfaApi, TfaStatus, Verification } from '../../src/api/types.js';
import { status } from './fixtures.js';

/** The answer: a value, a promise (e.g. one the test settles later), or a throw. */
type Reply<T> = () => T | Promise<T>;

export type ExpectedCall =
  | { call: 'status'; reply: Reply<TfaStatus> }
  | { call: 'sendSms'; reply: Reply<Challenge> }
  | { call: 'resendSms'; secret: string; reply: Reply<Challenge> }
  | { call: 'sendEmail'; reply: Reply<Challenge> }
  | { call: 'regenerate'; verification: Verification; reply: Reply<RegenResult> };

type Name = ExpectedCall['call'];

function argsOf(e: ExpectedCall): unknown[] {
  return e.call === 'resendSms' ? [e.secret] : e.call === 'regenerate' ? [e.verification] : [];
}

export interface StrictApi {
  api: TfaApi;
  /** Every call made, as `name(args)`, scripted or not. */
  made: string[];
  /** Fails when a call was not scripted (or had other arguments), or a scripted call did not happen. */
  verify(): void;
}

/** `t`: the test; verify() runs when it ends. */
export function strictApi(t: TestContext, script: ExpectedCall[]): StrictApi {
  const queue = [...script];
  const made: string[] = [];
  const unexpected: string[] = [];
  const take = <T>(name: Name, args: unknown[]): Promise<T> => {
    const what = `${name}(${args.map((a) => JSON.stringify(a)).join(', ')})`;
    made.push(what);
    const next = queue[0];
    const refuse = (why: string): Promise<T> => {
      unexpected.push(`${what}: ${why}`);
      return Promise.reject(new Error(`strict fake API: unexpected call ${what}`));
    };
    if (next === undefined) return refuse('no call was scripted after the last one');
    if (next.call !== name) return refuse(`the script expected ${next.call} next`);
    try {
      assert.deepEqual(args, argsOf(next));
    } catch {
      return refuse(
        `the script expected ${next.call}(${argsOf(next)
          .map((a) => JSON.stringify(a))
          .join(', ')})`,
      );
    }
    queue.shift();
    try {
      return Promise.resolve((next.reply as Reply<T>)());
    } catch (e) {
      return Promise.reject(e);
    }
  };
  const api: TfaApi = {
    status: () => take('status', []),
    sendSms: () => take('sendSms', []),
    resendSms: (secret) => take('resendSms', [secret]),
    sendEmail: () => take('sendEmail', []),
    regenerate: (v) => take('regenerate', [v]),
  };
  const verify = (): void => {
    assert.deepEqual(unexpected, [], 'calls the test did not script');
    assert.deepEqual(
      queue.map(
        (e) =>
          `${e.call}(${argsOf(e)
            .map((a) => JSON.stringify(a))
            .join(', ')})`,
      ),
      [],
      'scripted calls that never happened',
    );
  };
  t.after(verify);
  return { api, made, verify };
}

/** What the lenient fake answers when a test does not say otherwise. */
export interface FakeApiOptions {
  /** @default the account of test/helpers/fixtures.ts */
  status?: TfaStatus;
  statusError?: Error;
  regenError?: Error;
  /** The new codes. @default ten made-up ones */
  codes?: string[];
}

export interface FakeApi {
  api: TfaApi;
  /** Every call made, in order, by name (a resend with its secret: `resendSms:SECRET`). */
  calls: string[];
  /** Each verification regenerate() was given. */
  regenArgs: Verification[];
}

/**
 * A lenient fake TfaApi: every call is answered (the account's status, a challenge per send, the
 * new codes) unless `over` answers it, and every call is recorded, answered by `over` or not.
 */
export function fakeApi(over: Partial<TfaApi> = {}, o: FakeApiOptions = {}): FakeApi {
  const calls: string[] = [];
  const regenArgs: Verification[] = [];
  const codes = o.codes ?? Array.from({ length: 10 }, (_, i) => `FAKE-CODE-${i}`);
  const answers: TfaApi = {
    status: async () => {
      if (o.statusError) throw o.statusError;
      return o.status ?? status;
    },
    sendSms: async () => ({ secret: 'sec', message: 'sent' }),
    resendSms: async () => ({ secret: 'sec2', message: 'resent' }),
    sendEmail: async () => ({ secret: 'esec', message: 'mailed' }),
    regenerate: async () => {
      if (o.regenError) throw o.regenError;
      return { msg: 'success', backupCodes: codes, body: { msg: 'success', backup_codes: codes } };
    },
    ...over,
  };
  const api: TfaApi = {
    status: () => (calls.push('status'), answers.status()),
    sendSms: () => (calls.push('sendSms'), answers.sendSms()),
    resendSms: (secret) => (calls.push(`resendSms:${secret}`), answers.resendSms(secret)),
    sendEmail: () => (calls.push('sendEmail'), answers.sendEmail()),
    regenerate: (v) => (calls.push('regenerate'), regenArgs.push(v), answers.regenerate(v)),
  };
  return { api, calls, regenArgs };
}
