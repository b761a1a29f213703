import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { noticeStore } from '../../src/flow/notices.js';

describe('noticeStore', () => {
  it('starts with the given notices and keeps the same snapshot until a push', () => {
    const s = noticeStore(['a']);
    const first = s.getSnapshot();
    assert.deepEqual(first, ['a']);
    assert.equal(s.getSnapshot(), first);
    s.push('b');
    assert.deepEqual(s.getSnapshot(), ['a', 'b']);
    assert.notEqual(s.getSnapshot(), first);
    assert.deepEqual(first, ['a'], 'an earlier snapshot is not changed');
  });
  it('tells subscribers after each push, until they unsubscribe', () => {
    const s = noticeStore();
    const seen: (readonly string[])[] = [];
    const stop = s.subscribe(() => seen.push(s.getSnapshot()));
    s.push('x');
    s.push();
    stop();
    s.push('y');
    assert.deepEqual(seen, [['x']]);
    assert.deepEqual(s.getSnapshot(), ['x', 'y']);
  });
});
