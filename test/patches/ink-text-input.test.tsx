/**
 * patches/ink-text-input+6.0.0+00N+*.patch: the card's text input, with its defects fixed where
 * they live, one describe per patch. Each test here fails without its patch.
 */
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useState } from 'react';
import { cleanup, render } from 'ink-testing-library';
import { Text, usePaste } from 'ink';
import TextInput from 'ink-text-input';
import { sendAndWait, tick } from '../helpers/ink.js';

afterEach(() => cleanup());

/** A controlled field as an app uses it; `clean` stands for a parent that cleans the value. */
function Field({ initial = '', clean = (v: string) => v }: { initial?: string; clean?: (v: string) => string }) {
  const [value, setValue] = useState(initial);
  return (
    <Text>
      [<TextInput value={value} onChange={(v) => setValue(clean(v))} onSubmit={() => undefined} />]
    </Text>
  );
}

function field(initial = '', clean?: (v: string) => string) {
  return render(<Field initial={initial} clean={clean} />);
}

describe('001 cursor-inside-value', () => {
  it('← at the start leaves the cursor at 0: the next characters go in order', async () => {
    const f = field();
    f.stdin.write('\u001b[D');
    await tick();
    await sendAndWait(f.stdin, f.lastFrame, 'a', '[a');
    await sendAndWait(f.stdin, f.lastFrame, 'b', '[ab');
  });
  it('Backspace after a paste the parent cleaned away deletes a character', async () => {
    const digits = (v: string): string => v.replace(/\D/g, '');
    const f = field('12', digits);
    f.stdin.write('\u001b[200~ \r\u001b[201~');
    await tick();
    await sendAndWait(f.stdin, f.lastFrame, '\u007f', (fr) => fr.includes('[1') && !fr.includes('12'));
  });
});

describe('002 shell-editing-keys', () => {
  it('Ctrl+U deletes what is before the cursor instead of inserting u', async () => {
    const f = field('abc');
    await sendAndWait(f.stdin, f.lastFrame, '\u0015', (fr) => !fr.includes('abc') && !fr.includes('u'));
    await sendAndWait(f.stdin, f.lastFrame, '7', '[7');
  });
  it('Ctrl+W deletes the word before the cursor', async () => {
    const f = field('one two');
    await sendAndWait(f.stdin, f.lastFrame, '\u0017', (fr) => fr.includes('[one ') && !fr.includes('two'));
  });
  it('Home and Ctrl+A go to the start, End and Ctrl+E to the end', async () => {
    const f = field('ab');
    await sendAndWait(f.stdin, f.lastFrame, '\u001b[H', (fr) => !fr.includes('ab ')); // the cursor leaves the end
    await sendAndWait(f.stdin, f.lastFrame, 'x', '[xab');
    await sendAndWait(f.stdin, f.lastFrame, '\u0005', (fr) => fr.includes('xab '));
    await sendAndWait(f.stdin, f.lastFrame, 'y', '[xaby');
    await sendAndWait(f.stdin, f.lastFrame, '\u0001', (fr) => !fr.includes('xaby '));
    await sendAndWait(f.stdin, f.lastFrame, 'z', '[zxaby');
  });
});

describe('003 no-control-text', () => {
  it('other Ctrl and Alt keys are not inserted', async () => {
    const f = field('ab');
    f.stdin.write('\u0002'); // Ctrl+B
    await tick();
    f.stdin.write('\u001bf'); // Alt+F
    await tick();
    await sendAndWait(f.stdin, f.lastFrame, 'c', '[abc');
  });
});

describe('004 paste', () => {
  it('a paste goes in at the cursor as text, newline and all, beside an app that listens for pastes too', async () => {
    const pastes: string[] = [];
    function WithApp() {
      usePaste((text) => pastes.push(text)); // an app-wide listener: Ink then sends useInput no paste
      return <Field initial="ab" clean={(v) => v.replace('\r', '|')} />;
    }
    const r = render(<WithApp />);
    await sendAndWait(r.stdin, r.lastFrame, '\u001b[D', (fr) => !fr.includes('ab '));
    await sendAndWait(r.stdin, r.lastFrame, '\u001b[200~1\r2\u001b[201~', '[a1|2b');
    assert.deepEqual(pastes, ['1\r2']);
  });
});
