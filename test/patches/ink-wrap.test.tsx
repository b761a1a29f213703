/**
 * patches/ink+8.0.0+003+wrap-without-leading-space.patch: Ink wraps text with wrap-ansi's
 * `trim: false`, so the space a row was broken at starts the next row. Each test here fails on the
 * unpatched package.
 */
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, render } from 'ink-testing-library';
import { Box, Text } from 'ink';

afterEach(() => cleanup());

describe('Ink: wrapped rows', () => {
  it('a wrapped row does not start with the space it broke at; indentation stays', () => {
    // A word that ends exactly at the width: the space after it is where the row breaks.
    const r = render(
      <Box width={10} flexDirection="column">
        <Text>alpha beta gamma delta</Text>
        <Text>{'  indented words'}</Text>
      </Box>,
    );
    const rows = r.lastFrame()!.split('\n');
    assert.deepEqual(
      rows.map((l) => l.trimEnd()),
      ['alpha beta', 'gamma', 'delta', '  indented', 'words'],
    );
  });
  it('a coloured wrapped row loses the space too', () => {
    const r = render(
      <Box width={10}>
        <Text color="red">alpha beta gamma</Text>
      </Box>,
    );
    const rows = r.lastFrame()!.replace(/\u001b\[[\d;]*m/g, '').split('\n');
    assert.deepEqual(
      rows.map((l) => l.trimEnd()),
      ['alpha beta', 'gamma'],
    );
  });
});
