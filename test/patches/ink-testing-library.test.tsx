/**
 * patches/ink-testing-library+4.0.0+001+ink-8-unmount-writes.patch: at unmount Ink 8 writes a
 * newline and then an empty write (a barrier whose callback resolves Ink's waitUntilExit).
 * Unpatched, lastFrame() of an app that exited is '' and that callback never runs.
 */
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useEffect } from 'react';
import { cleanup, render } from 'ink-testing-library';
import { Text, useApp } from 'ink';
import { waitUntil } from '../helpers/ink.js';

afterEach(() => cleanup());

let unmounted = false;

function ExitsAfterDrawing() {
  const { exit } = useApp();
  useEffect(() => {
    exit();
    return () => {
      unmounted = true;
    };
  }, [exit]);
  return <Text>the last frame</Text>;
}

describe('ink-testing-library with Ink 8', () => {
  it('the last frame of an app that exited is its last frame', async () => {
    const r = render(<ExitsAfterDrawing />);
    await waitUntil(() => unmounted, 'unmount'); // then a tick: Ink's last writes are done
    assert.equal(r.lastFrame(), 'the last frame');
    assert.ok(
      r.frames.every((f) => f !== '' && f !== '\n'),
      'no empty frames',
    );
  });
});
