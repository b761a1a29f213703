/**
 * The wizard's two questions where the headless run ends (issue 18): a taken --save place is asked
 * about before anything changes, and after an unknown outcome with the server's wait a new,
 * confirmed attempt is offered once the wait is over.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../src/api/errors.js';
import { placesAsked } from '../../src/codes/places.js';
import { askFirst, initialState, reduce } from '../../src/flow/reducer.js';
import { exitCodeOf, type Step, type WizardEvent, type WizardState } from '../../src/flow/steps.js';
import type { Preset } from '../../src/flow/preset.js';
import { status, totpM } from '../helpers/fixtures.js';

const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);
const run = (s: WizardState, ...events: WizardEvent[]): WizardState => events.reduce(reduce, s);
function expectStep<N extends Step['name']>(s: WizardState, name: N): Extract<Step, { name: N }> {
  assert.equal(s.step.name, name, `expected step ${name}, got ${JSON.stringify(s.step)}`);
  return s.step as Extract<Step, { name: N }>;
}
const loaded = (preset: Partial<Preset> = {}, interactive = true): WizardState =>
  run(initialState({ yes: false, ...preset }, undefined, interactive), { type: 'status-loaded', status, at: T0 });
const TOTP = { kind: 'method' as const, method: totpM };

/** The wizard at the regenerate request, then an unknown outcome with `retryAfter` seconds to wait. */
function unknownWithWait(retryAfter: number | null, preset: Partial<Preset> = {}, interactive = true): WizardState {
  let s = loaded(preset, interactive);
  if (s.step.name === 'choose') s = run(s, { type: 'method-picked', choice: TOTP, at: T0 });
  if (s.step.name === 'enter-code') s = run(s, { type: 'code-submitted', value: '123456' });
  if (s.step.name === 'confirm') s = run(s, { type: 'confirmed' });
  expectStep(s, 'regenerating');
  const error = new ApiError({
    code: 'outcome_unknown',
    status: 503,
    outcomeUnknown: true,
    retryAfterSeconds: retryAfter,
    detail: 'HTTP 503',
  });
  error.backupCodesRemaining = 10;
  return run(s, { type: 'regen-failed', error, at: T0 });
}

describe('after an unknown outcome with Retry-After, a new confirmed attempt once the wait is over', () => {
  it('waits with the failure kept; says the codes may have been replaced', () => {
    const st = expectStep(unknownWithWait(45), 'retry-wait');
    assert.equal(st.retryAt, T0 + 45_000);
    assert.equal(st.ended.outcomeUnknown, true);
    assert.match(st.ended.title, /may already have replaced/);
    assert.equal(exitCodeOf(st), null, 'not a final step');
  });
  it('"try again" before the wait is over does nothing; after it, the list with a notice', () => {
    const s = unknownWithWait(45);
    assert.equal(run(s, { type: 'retry-requested', at: T0 + 44_999 }), s);
    const again = run(s, { type: 'retry-requested', at: T0 + 45_000 });
    const st = expectStep(again, 'choose');
    assert.match(st.notice ?? '', /may already have replaced/);
    assert.equal(again.status?.backupCodesRemaining, 10, 'the count the account reported after the request');
  });
  it('the new attempt asks for a fresh code and the confirmation again, even under --yes -c', () => {
    const s = unknownWithWait(5, { yes: true, code: '123456', methodType: 'totp' });
    let again = run(s, { type: 'retry-requested', at: T0 + 5_000 });
    again = run(again, { type: 'method-picked', choice: TOTP, at: T0 + 6_000 });
    assert.equal(expectStep(again, 'enter-code').value, '', 'the spent code is not sent again');
    again = run(again, { type: 'code-submitted', value: '654321' });
    expectStep(again, 'confirm');
  });
  for (const ev of [{ type: 'leave' }, { type: 'back' }, { type: 'cancel' }, { type: 'abort' }] as WizardEvent[]) {
    it(`${ev.type} while waiting ends on the failure (exit 1), never "cancelled"`, () => {
      const st = expectStep(run(unknownWithWait(45), ev), 'failed');
      assert.equal(st.outcomeUnknown, true);
      assert.equal(exitCodeOf(st), 1);
    });
  }
  it('Ctrl+C or a signal while the request was out: the failure ends the run, no offer to wait for', () => {
    let s = loaded();
    s = run(s, { type: 'method-picked', choice: TOTP, at: T0 }, { type: 'code-submitted', value: '123456' });
    s = run(s, { type: 'confirmed' }, { type: 'abort' });
    const error = new ApiError({ code: 'outcome_unknown', status: 503, outcomeUnknown: true, retryAfterSeconds: 5 });
    const st = expectStep(run(s, { type: 'regen-failed', error, at: T0 }), 'failed');
    assert.equal(st.outcomeUnknown, true);
  });
  it('without the server asking to wait, the failure ends the run as before', () => {
    expectStep(unknownWithWait(null), 'failed');
  });
  it('the headless run only tells the wait', () => {
    const st = expectStep(unknownWithWait(45, { yes: true, code: '123456', methodType: 'totp' }, false), 'failed');
    assert.match(st.hint, /wait 45 s/);
  });
});

describe('a taken --save place is asked about before anything changes', () => {
  const taken = { place: '/tmp/codes.txt', kind: 'file' as const };
  const asking = (preset: Partial<Preset> = { savePath: '/tmp/codes.txt' }) =>
    askFirst(initialState({ yes: false, ...preset }), taken);

  it('the wizard starts with the question; without a taken place, with the status', () => {
    expectStep(asking(), 'place-taken');
    expectStep(askFirst(initialState({ yes: false }), null), 'loading');
  });
  it('the status answer waits for the question', () => {
    const s = asking();
    assert.equal(run(s, { type: 'status-loaded', status, at: T0 }), s);
  });
  it('replace: on to the status, the place now replaced as --replace would', () => {
    const s = run(asking(), { type: 'place-answered', replace: true });
    expectStep(s, 'loading');
    const [place] = placesAsked(s.preset, '/home/u');
    assert.equal(place?.kind === 'file' && place.replace, true);
  });
  it('go on without it: nothing asked for, the codes screen offers where to save', () => {
    const s = run(asking(), { type: 'place-answered', replace: false });
    expectStep(s, 'loading');
    assert.deepEqual(placesAsked(s.preset, '/home/u'), []);
  });
  it('Esc or Ctrl+C: cancelled, nothing changed (exit 130)', () => {
    for (const type of ['back', 'cancel'] as const) {
      const st = expectStep(run(asking(), { type }), 'cancelled');
      assert.equal(exitCodeOf(st), 130);
    }
  });
});
