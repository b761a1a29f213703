/** The sizes screens need (ui/size.ts) and the row counts they are built on (ui/fit.ts). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { render } from 'ink-testing-library';
import { Box, Text } from 'ink';
import { FitContext, wrappedLines } from '../../src/ui/fit.js';
import { Keep, Screen, Shrink } from '../../src/ui/components/Screen.js';
import { tooSmallLine } from '../../src/ui/size.js';
import { waitForFrame } from '../helpers/ink.js';
import type { WizardState } from '../../src/flow/steps.js';

describe('wrappedLines', () => {
  it('counts the rows Ink wraps a text into', () => {
    for (const [text, width] of [
      ['alpha beta gamma delta', 10],
      ['How do you want to verify it’s you?', 30],
      ['↑/↓ move · 1–9 pick · Enter choose · Esc/Ctrl+C quit', 30],
      [`${'x'.repeat(25)} tail`, 10],
      ['one\ntwo three four five', 8],
    ] as const) {
      const frame = render(
        <Box width={width}>
          <Text>{text}</Text>
        </Box>,
      ).lastFrame()!;
      assert.equal(
        wrappedLines(text, width),
        frame.split('\n').length,
        `${JSON.stringify(text)} at ${width}:\n${frame}`,
      );
    }
  });
});

describe('tooSmallLine', () => {
  const choose = { step: { name: 'choose', error: null, notice: null } } as unknown as WizardState;
  it('the longest wording that fits on one row', () => {
    assert.equal(
      tooSmallLine(choose, { columns: 60, rows: 7 }, { columns: 60, rows: 6 }),
      'Make the terminal at least 60×7 (now 60×6); Ctrl+C leaves.',
    );
    assert.equal(
      tooSmallLine(choose, { columns: 30, rows: 10 }, { columns: 20, rows: 6 }),
      'Needs 30×10; Ctrl+C leaves.',
    );
  });
  it('on the codes screen, says what Ctrl+C does with the codes', () => {
    const codes = {
      step: { name: 'codes', codes: { codes: ['A'], generatedAt: 0, places: [], copied: false, keep: false } },
    } as unknown as WizardState;
    assert.match(
      tooSmallLine(codes, { columns: 30, rows: 8 }, { columns: 120, rows: 6 }),
      /at least 30×8 to show your new codes \(now 120×6\); Ctrl\+C twice leaves, the codes saved to a file\./,
    );
  });
});

describe('Shrink', () => {
  const screen = (height: number) => (
    <FitContext.Provider value={{ lines: height, columns: 20, compact: true }}>
      <Box flexDirection="column" height={height} width={20}>
        <Screen title="Title" hints={['q quit']}>
          <Shrink>
            <Text>one two three four five six seven</Text>
          </Shrink>
          <Keep>
            <Text>Question?</Text>
          </Keep>
        </Screen>
      </Box>
    </FitContext.Provider>
  );
  it('an explanation is shown whole, or not at all: never cut mid-sentence', async () => {
    const roomy = render(screen(5));
    assert.match(roomy.lastFrame()!, /one two three four\nfive six seven\nQuestion\?/);
    const short = render(screen(4));
    await waitForFrame(short.lastFrame, (f) => !f.includes('one'));
    assert.equal(short.lastFrame()!.trimEnd(), 'Title\nQuestion?\nq quit');
  });
});
