/** The sizes screens need (ui/size.ts) and the row counts they are built on (ui/fit.ts). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { render } from 'ink-testing-library';
import { Box, Text } from 'ink';
import { FitContext, wrappedLines } from '../../src/ui/fit.js';
import { Keep, Screen, Shrink } from '../../src/ui/components/Screen.js';
import { sizeNeeded, tooSmallLine } from '../../src/ui/size.js';
import { EnterCodeScreen } from '../../src/ui/screens/EnterCodeScreen.js';
import { ApiError } from '../../src/api/errors.js';
import { attemptsNote } from '../../src/flow/labels.js';
import { initialState, reduce } from '../../src/flow/reducer.js';
import { waitForFrame } from '../helpers/ink.js';
import { smsM, status, totpM } from '../helpers/fixtures.js';
import { codesState } from './fixtures.js';
import type { Choice, WizardEvent, WizardState } from '../../src/flow/steps.js';

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
  it('the long form when it fits on one row, else the same without the current size (docs/cli.md)', () => {
    assert.equal(
      tooSmallLine(choose, { columns: 60, rows: 7 }, { columns: 60, rows: 6 }),
      'Make the terminal at least 60×7 (now 60×6); Ctrl+C leaves.',
    );
    assert.equal(
      tooSmallLine(choose, { columns: 30, rows: 10 }, { columns: 58, rows: 6 }),
      'Make the terminal at least 30×10; Ctrl+C leaves.',
    );
    assert.equal(
      tooSmallLine(choose, { columns: 30, rows: 10 }, { columns: 20, rows: 6 }),
      'Make the terminal at least 30×10; Ctrl+C leaves.',
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
    assert.equal(
      tooSmallLine(codes, { columns: 30, rows: 8 }, { columns: 26, rows: 7 }),
      'Make the terminal at least 30×8; Ctrl+C twice leaves, the codes saved to a file.',
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

const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);
const run = (s: WizardState, ...events: WizardEvent[]): WizardState => events.reduce(reduce, s);
const listed = run(initialState({ yes: false }), { type: 'status-loaded', status, at: T0 });
/** The code step after `value` was refused by the server with `error` (confirmed first). */
function refused(choice: Choice, value: string, error: ApiError): WizardState {
  const sms = choice.kind === 'method' && choice.method.kind === 'sms';
  return run(
    listed,
    { type: 'method-picked', choice, at: T0 },
    ...(sms ? [{ type: 'challenge-sent', challenge: { secret: 's', message: '' }, at: T0 } as WizardEvent] : []),
    { type: 'code-submitted', value, at: T0 },
    { type: 'confirmed', at: T0 },
    { type: 'regen-failed', error, at: T0 },
  );
}
const wrong = (channel: 'totp' | 'sms', failCount: number, lockedUntil: number | null = null) =>
  new ApiError({ code: '2fa_verification_failed', status: 400, failCount, lockedUntil, context: { channel } });
const TOTP: Choice = { kind: 'method', method: totpM };
const SMS: Choice = { kind: 'method', method: smsM };
const afterWrong = refused(TOTP, '123456', wrong('totp', 1));
const states: [string, WizardState][] = [
  ['a wrong authenticator code', afterWrong],
  ['a wrong SMS code', refused(SMS, '123456', wrong('sms', 1))],
  [
    'a wrong backup code',
    refused({ kind: 'backup' }, 'AAAA-BBBB-CCCC', new ApiError({ code: 'invalid_backup_code', status: 400 })),
  ],
  ['a malformed code after a wrong one', run(afterWrong, { type: 'code-submitted', value: '12345', at: T0 })],
  ['the list after a wrong code locked the method', refused(TOTP, '123456', wrong('totp', 5, T0 / 1000 + 900))],
  [
    'the confirmation',
    run(listed, { type: 'method-picked', choice: TOTP, at: T0 }, { type: 'code-submitted', value: '123456', at: T0 }),
  ],
  [
    'the codes with a save error',
    {
      ...listed,
      step: { name: 'codes', codes: codesState({ saveError: 'Could not save the codes to ~/d.txt: no such folder' }) },
    },
  ],
];

/** Rows each state may need at 30 columns, at 30 with --demo's line, at 40 with it (README). */
const PROMISED = [10, 11, 12];

describe('sizeNeeded: the sizes README promises', () => {
  for (const [what, state] of states)
    it(`${what}: 30×10, 30×11 with --demo's line, 40×12 with it`, () => {
      // The list after a lock shows the locked row whole, its second line (the lock's end) too: 3 rows more at 30.
      const promised = what.includes('locked') ? [13, 14, 12] : PROMISED;
      const rows = (
        [
          [30, 0],
          [30, 1],
          [40, 1],
        ] as const
      ).map(([c, extra]) => sizeNeeded(state, c, T0, extra)?.rows);
      assert.ok(
        rows.every((r, i) => r !== undefined && r <= promised[i]!),
        `rows needed: ${rows.join(', ')}`,
      );
    });
});

describe('the code screen after a wrong code, at 30×10', () => {
  it('keeps what happened, the attempts left (short), the input and the hints; the explanations give way', async () => {
    const frame = render(
      <FitContext.Provider value={{ lines: 9, columns: 30, compact: true }}>
        <Box flexDirection="column" height={9} width={30}>
          <EnterCodeScreen
            choice={TOTP}
            challenge={null}
            error="That code was not accepted."
            notice={null}
            confirmed
            attemptsNote={attemptsNote(afterWrong, TOTP)}
            attemptsShort={attemptsNote(afterWrong, TOTP, true)}
            resendCooldownMs={30_000}
            onSubmit={() => {}}
            onResend={() => {}}
            onBack={() => {}}
          />
        </Box>
      </FitContext.Provider>,
    );
    const f = await waitForFrame(frame.lastFrame, (t) => t.includes('4 attempts left.'));
    assert.match(f, /^Enter the code\n[^]*\n>[^]*That code was not accepted\.\n4 attempts left\.\n[^]*Ctrl\+C quit/);
    assert.doesNotMatch(f, /already agreed|before the authenticator/);
  });
});
