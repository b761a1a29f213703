/**
 * A strict fake TfaApi: it answers only the calls the test scripted, in order, with the arguments
 * scripted. Any other call is recorded and refused (its promise rejects), and fails the test; so
 * does a scripted call that never came. Both are checked when the test ends (and by verify()).
 */
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import type { Challenge, RegenResult, TfaApi, TfaStatus, Verification } from '../../src/api/types.js';

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
