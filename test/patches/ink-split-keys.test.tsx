/**
 * patches/ink+8.0.0+001+split-keys.patch: every key of one read is its own event, in order. Ink 8
 * splits out only Backspace and Ctrl+C, so Enter, Tab and Ctrl keys typed in the same read as text
 * reach useInput as text. Each test here fails on the unpatched package.
 */
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, render } from 'ink-testing-library';
import { Text, useInput, type Key } from 'ink';
import { tick } from '../helpers/ink.js';

afterEach(() => cleanup());

/** What a useInput handler saw: the text, or the key's name. */
function name(input: string, key: Key): string {
  if (key.return) return 'Enter';
  if (key.tab) return 'Tab';
  if (key.downArrow) return 'Down';
  if (key.ctrl) return `Ctrl+${input}`;
  return input;
}

function Recorder({ seen }: { seen: string[] }) {
  useInput((input, key) => {
    seen.push(name(input, key));
  });
  return <Text>ready</Text>;
}

async function keysOf(read: string): Promise<string[]> {
  const seen: string[] = [];
  const r = render(<Recorder seen={seen} />);
  await tick();
  r.stdin.write(read);
  await tick();
  return seen;
}

describe('Ink: every key of a read is its own event', () => {
  it('digits and Enter in one read are six keys and an Enter', async () => {
    assert.deepEqual(await keysOf('000000\r'), ['0', '0', '0', '0', '0', '0', 'Enter']);
  });
  it('control keys between letters keep their order', async () => {
    assert.deepEqual(await keysOf('ab\u0015c\u0017\t\u001b[B\r'), [
      'a',
      'b',
      'Ctrl+u',
      'c',
      'Ctrl+w',
      'Tab',
      'Down',
      'Enter',
    ]);
  });
});
