/**
 * patches/ink+6.8.0.patch: every key of one read is its own event, in order, and a bracketed
 * paste is one event of text. Each test here fails on the unpatched package.
 */
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, render } from 'ink-testing-library';
import { useState } from 'react';
import { Text, useInput, type Key } from 'ink';
import { waitUntil } from '../helpers/ink.js';

afterEach(() => cleanup());

/** What a useInput handler saw: the text, or the key's name. */
function name(input: string, key: Key): string {
  if (key.return) return 'Enter';
  // Ink reports the Backspace key (DEL, 0x7f) as `delete`.
  if (key.backspace || key.delete) return 'Backspace';
  if (key.downArrow) return 'Down';
  if (key.upArrow) return 'Up';
  if (key.escape) return 'Esc';
  if (key.ctrl) return `Ctrl+${input}`;
  return input;
}

function Recorder({ seen }: { seen: string[] }) {
  useInput((input, key) => {
    seen.push(name(input, key));
  });
  return <Text>ready</Text>;
}

async function keysOf(...writes: string[]): Promise<string[]> {
  const seen: string[] = [];
  const r = render(<Recorder seen={seen} />);
  await new Promise((done) => setImmediate(done));
  for (const w of writes) r.stdin.write(w);
  await new Promise((done) => setImmediate(done));
  return seen;
}

describe('Ink input patch', () => {
  it('digits and Enter in one read are six keys and an Enter', async () => {
    assert.deepEqual(await keysOf('000000\r'), ['0', '0', '0', '0', '0', '0', 'Enter']);
  });
  it('four Backspaces in one read are four Backspaces', async () => {
    assert.deepEqual(await keysOf('\u007f\u007f\u007f\u007f'), ['Backspace', 'Backspace', 'Backspace', 'Backspace']);
  });
  it('control keys between letters keep their order', async () => {
    assert.deepEqual(await keysOf('ab\u0015c\u0017\u001b[B\r'), ['a', 'b', 'Ctrl+u', 'c', 'Ctrl+w', 'Down', 'Enter']);
  });
  it('a bracketed paste is one event of text: its newline is not Enter; an Enter after it is', async () => {
    assert.deepEqual(await keysOf('\u001b[200~12 3\r456\u001b[201~\r'), ['12 3\r456', 'Enter']);
  });
  it('a paste split over reads stays text', async () => {
    assert.deepEqual(await keysOf('\u001b[200~12\r', '34\u001b[2', '01~\u007f'), ['12\r', '34', 'Backspace']);
  });
  it('Esc alone still arrives (after the read)', async () => {
    const seen: string[] = [];
    const r = render(<Recorder seen={seen} />);
    await new Promise((done) => setImmediate(done));
    r.stdin.write('\u001b');
    await waitUntil(() => seen.length > 0, 'Esc');
    assert.deepEqual(seen, ['Esc']);
  });
});

describe('a handler that mounts with a key', () => {
  function Screens({ seen }: { seen: string[] }) {
    const [second, setSecond] = useState(false);
    return second ? <Recorder seen={seen} /> : <First onKey={() => setSecond(true)} />;
  }
  function First({ onKey }: { onKey: () => void }) {
    useInput(() => onKey());
    return <Text>first</Text>;
  }

  it('gets a key that arrives right after the frame that shows it', async () => {
    const seen: string[] = [];
    const r = render(<Screens seen={seen} />);
    await new Promise((done) => setImmediate(done));
    // The key arrives as soon as the frame is out (a user who sees the screen and types).
    const write = r.stdout.write.bind(r.stdout);
    let sent = false;
    r.stdout.write = (frame: string) => {
      write(frame);
      if (!sent && frame.includes('ready')) {
        sent = true;
        setImmediate(() => r.stdin.write('b'));
      }
    };
    r.stdin.write('a');
    await waitUntil(() => sent);
    await new Promise((done) => setImmediate(done));
    await new Promise((done) => setImmediate(done));
    assert.deepEqual(seen, ['b']);
  });
});
