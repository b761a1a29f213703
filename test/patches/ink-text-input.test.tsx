/**
 * patches/ink-text-input+6.0.0.patch: the card's text input, with its defects fixed where they
 * live. Each test here fails on the unpatched package.
 */
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useState } from 'react';
import { cleanup, render } from 'ink-testing-library';
import { Text } from 'ink';
import TextInput from 'ink-text-input';
import { sendAndWait, tick, waitUntil } from '../helpers/ink.js';

afterEach(() => cleanup());

/** A controlled field as an app uses it; `clean` stands for a parent that cleans the value. */
function Field({ initial = '', clean = (v: string) => v, submitted }: { initial?: string; clean?: (v: string) => string; submitted: string[] }) {
  const [value, setValue] = useState(initial);
  return <Text>[<TextInput value={value} onChange={(v) => setValue(clean(v))} onSubmit={(v) => submitted.push(v)} />]</Text>;
}

function field(initial = '', clean?: (v: string) => string) {
  const submitted: string[] = [];
  const r = render(<Field initial={initial} clean={clean} submitted={submitted} />);
  return { ...r, submitted };
}

describe('ink-text-input patch', () => {
  it('← at the start leaves the cursor at 0: the next characters go in order', async () => {
    const f = field();
    f.stdin.write('\u001b[D');
    await tick();
    await sendAndWait(f.stdin, f.lastFrame, 'a', '[a');
    await sendAndWait(f.stdin, f.lastFrame, 'b', '[ab');
  });
  it('Ctrl+U deletes what is before the cursor instead of inserting u', async () => {
    const f = field('abc');
    await sendAndWait(f.stdin, f.lastFrame, '\u0015', (fr) => !fr.includes('abc'));
    assert.doesNotMatch(f.lastFrame()!, /u/);
    await sendAndWait(f.stdin, f.lastFrame, '7', '[7');
  });
  it('Ctrl+W deletes the word before the cursor', async () => {
    const f = field('one two');
    await sendAndWait(f.stdin, f.lastFrame, '\u0017', (fr) => fr.includes('[one ') && !fr.includes('two'));
  });
  it('other Ctrl and Alt keys are not inserted', async () => {
    const f = field('ab');
    f.stdin.write('\u0002'); // Ctrl+B
    await tick();
    f.stdin.write('\u001bf'); // Alt+F
    await tick();
    await sendAndWait(f.stdin, f.lastFrame, 'c', '[abc');
  });
  it('Backspace after a paste the parent cleaned away deletes a character', async () => {
    const digits = (v: string): string => v.replace(/\D/g, '');
    const f = field('12', digits);
    f.stdin.write('\u001b[200~ \r\u001b[201~');
    await tick();
    await sendAndWait(f.stdin, f.lastFrame, '\u007f', (fr) => fr.includes('[1') && !fr.includes('12'));
  });
  it('keys of one read each start from the key before: Enter submits all of them', async () => {
    const f = field();
    await tick();
    f.stdin.write('123\u007f4\r');
    await waitUntil(() => f.submitted.length > 0, 'submit');
    assert.deepEqual(f.submitted, ['124']);
  });
});
