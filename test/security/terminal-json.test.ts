/** Security suite: terminalJson keeps the JSON value and leaves no character a terminal acts on. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { terminalJson } from '../../src/text/sanitize.js';

test('terminalJson: same value, every control/format character escaped', () => {
  const v = { msg: 'a\u001b]52;c;eA==\u0007b\u009b2J\u0085\u007f\u202e\u2028\u200b\ufeff界', list: ['x\u009dy'], n: 1 };
  const s = terminalJson(v);
  assert.deepEqual(JSON.parse(s), v);
  assert.doesNotMatch(s, /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\ufeff]/);
  assert.match(s, /\\u009b2J/);
  assert.match(s, /界/, 'ordinary characters stay as they are');
  assert.equal(terminalJson(undefined), 'null');
});
