/** A key Node refuses to send (typed in the wizard, or a fallback key) ends the run as a usage error. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../src/api/errors.js';
import { initialState, reduce } from '../../src/flow/reducer.js';
import { exitCodeOf } from '../../src/flow/steps.js';

test('a malformed key: failed, nothing changed, exit 2; other failures keep exit 1', () => {
  const bad = new ApiError({ code: 'malformed_key', status: null, neverSent: true });
  const s = reduce(initialState({ yes: false }), { type: 'status-failed', error: bad });
  assert.equal(s.step.name, 'failed');
  if (s.step.name === 'failed') {
    assert.match(s.step.title, /API key is malformed/);
    assert.match(s.step.title, /nothing was changed/);
  }
  assert.equal(exitCodeOf(s.step), 2);
  const other = reduce(initialState({ yes: false }), {
    type: 'status-failed',
    error: new ApiError({ code: 'network', status: null }),
  });
  assert.equal(exitCodeOf(other.step), 1);
});
