import { WHEN_TO_REGENERATE } from '../../src/flow/messages.js';
/**
 * Mounts a screen (or component) as App does: under WizardProviders (theme, fit, clock and the
 * paste guard), in a column box as wide as the terminal. Colour is off and the clock is a
 * fake one unless given, so frames are whole and deterministic.
 */
import type { ReactElement } from 'react';
import { Box } from 'ink';
import { render } from 'ink-testing-library';
import { WizardProviders } from '../../src/ui/providers.js';
import { fakeClock, type FakeClock } from './clock.js';
import { stripAnsi } from './term.js';

/** ink-testing-library's terminal width. */
export const TEST_COLUMNS = 100;

export interface MountOptions {
  /** @default TEST_COLUMNS */
  columns?: number;
  /** Terminal height; as App, a frame gets one line less. @default Infinity (no limit) */
  rows?: number;
  /** @default false */
  color?: boolean;
  /** @default false */
  ascii?: boolean;
  /** @default a new fakeClock() */
  clock?: FakeClock;
  /**
   * Ink's screen-reader mode, turned on as a user does (`INK_SCREEN_READER=true`, which Ink reads
   * once, when render() creates the instance). @default false
   */
  screenReader?: boolean;
}

/** A frame as text: no ANSI, no trailing spaces on a line, no trailing blank lines. */
export function screenText(frame: string | undefined): string {
  return stripAnsi(frame ?? '')
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n')
    .replace(/\n+$/, '');
}

/** The wizard's title and the blank line under it, which every screen starts with. */
export const TITLE = ['Regenerate Vast.ai backup codes', ''];
/**
 * The title, then the line on the demo account's 3 unused codes, the word on when to regenerate and
 * a blank line: the top of every screen after the status.
 */
export const HEADER = [
  ...TITLE,
  'You have 3 unused backup codes. New codes replace all of them.',
  ...WHEN_TO_REGENERATE,
  '',
];

/** An expected frame, one argument a line ('' for a blank line). */
export function lines(...l: string[]): string {
  return l.join('\n');
}

export function mount(el: ReactElement, o: MountOptions = {}) {
  const columns = o.columns ?? TEST_COLUMNS;
  const rows = o.rows ?? Infinity;
  const clock = o.clock ?? fakeClock();
  const fit = { lines: Number.isFinite(rows) ? rows - 1 : Infinity, columns, compact: rows < 20 };
  const tree = (child: ReactElement) => (
    <WizardProviders theme={{ color: o.color ?? false, ascii: o.ascii ?? false }} fit={fit} clock={clock}>
      <Box flexDirection="column" width={columns}>
        {child}
      </Box>
    </WizardProviders>
  );
  const r = o.screenReader ? withScreenReader(() => render(tree(el))) : render(tree(el));
  return {
    ...r,
    clock,
    /** The last frame as text (see screenText). */
    text: () => screenText(r.lastFrame()),
    /** Renders a new element in the same providers. */
    rerender: (next: ReactElement) => r.rerender(tree(next)),
  };
}

/** Runs `f` (a render) with INK_SCREEN_READER=true, then puts the variable back as it was. */
function withScreenReader<T>(f: () => T): T {
  const before = process.env.INK_SCREEN_READER;
  process.env.INK_SCREEN_READER = 'true';
  try {
    return f();
  } finally {
    if (before === undefined) delete process.env.INK_SCREEN_READER;
    else process.env.INK_SCREEN_READER = before;
  }
}
