/**
 * patches/ink+8.0.0+002+commit-each-key.patch: each key of a read is committed, with its effects,
 * before the next key is handled. Ink 8 hands every key of a read to the handlers of the render
 * before that read, so a key after Enter reaches the screen Enter left, and a text field's Enter
 * submits the value it had before the keys of its read; and a key that arrives after a screen is
 * drawn but before React's passive effects ran (useInput subscribes in one) reaches no handler.
 * Each test here fails on the unpatched package (with patch 001 applied, which makes the keys of
 * a read separate events).
 */
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useEffect, useState } from 'react';
import { cleanup, render } from 'ink-testing-library';
import { Text, useInput } from 'ink';
import TextInput from 'ink-text-input';
import { tick, waitUntil } from '../helpers/ink.js';

afterEach(() => cleanup());

describe('Ink: each key of a read is committed before the next', () => {
  it('a key after a screen-changing key of the same read reaches the new screen', async () => {
    const seen: string[] = [];
    function Second() {
      useInput((input) => {
        seen.push(input);
      });
      return <Text>second</Text>;
    }
    function First() {
      const [next, setNext] = useState(false);
      useInput(
        (input) => {
          if (input === 'x') setNext(true);
        },
        { isActive: !next },
      );
      return next ? <Second /> : <Text>first</Text>;
    }
    const r = render(<First />);
    await tick();
    r.stdin.write('xa'); // one read: 'a' must reach the screen 'x' led to
    await waitUntil(() => r.lastFrame()!.includes('second'), 'second screen');
    await tick();
    assert.deepEqual(seen, ['a']);
  });

  it('a text field: keys of one read each start from the key before, and Enter submits all of them', async () => {
    const submitted: string[] = [];
    function Field() {
      const [value, setValue] = useState('');
      return <TextInput value={value} onChange={setValue} onSubmit={(v) => submitted.push(v)} />;
    }
    const r = render(<Field />);
    await tick();
    r.stdin.write('123\u007f4\r');
    await waitUntil(() => submitted.length > 0, 'submit');
    assert.deepEqual(submitted, ['124']);
  });

  it('a key that arrives right after the frame of a new screen reaches that screen', async () => {
    const seen: string[] = [];
    function Second() {
      useInput((input) => {
        seen.push(input);
      });
      return <Text>ready</Text>;
    }
    function First() {
      const [next, setNext] = useState(false);
      useEffect(() => {
        const timer = setTimeout(() => setNext(true), 1); // as an answer from the server would
        return () => clearTimeout(timer);
      }, []);
      useInput(() => undefined); // as the app's Ctrl+C handler: raw mode and Ink's listener are on
      return next ? <Second /> : <Text>loading</Text>;
    }
    const r = render(<First />);
    // The key arrives as soon as the frame is out (a user, or a script, who sees it and types):
    // after the commit, before React runs its passive effects.
    const write = r.stdout.write.bind(r.stdout);
    r.stdout.write = (frame: string) => {
      write(frame);
      if (frame.includes('ready') && seen.length === 0) queueMicrotask(() => r.stdin.write('b'));
    };
    await waitUntil(() => r.lastFrame()!.includes('ready'), 'second screen');
    await tick();
    assert.deepEqual(seen, ['b']);
  });
});
