/**
 * The smallest terminal each screen can be used in: its title, its question, its list or input,
 * an error it shows, and its key hints, with no blank lines and no explanations (those give way
 * first, fit.ts). Below it, the wizard shows one line that says the size needed and waits for a
 * resize (App.tsx); Ctrl+C still works as on that screen.
 */
import { codePrompt, attemptsNote, choiceLabel, firstSentence } from '../flow/labels.js';
import { whatStopsWorking } from '../flow/messages.js';
import { choicesFor, failCount, lockState, needsSending, storedIn, type WizardState } from '../flow/steps.js';
import { codesForTerminal } from '../codes/format.js';
import { wrappedLines } from './fit.js';
import { menuItemLines, type MenuItem } from './components/Menu.js';
import { PLACE_TAKEN_HINTS, PLACE_TAKEN_TITLE, placeTakenTexts } from './screens/PlaceTakenScreen.js';

/** Narrower than this, lists and hints break into too many rows to read. */
const MIN_COLUMNS = 30;

export interface SizeNeed {
  columns: number;
  /** Terminal rows (a frame stays one row below the terminal's height). */
  rows: number;
}

/**
 * Lines of a list the screen must show, counted as Menu draws it (a locked or failed method's
 * second line included): all of them, or, for a list that is windowed (the methods), a window of
 * the first and "↓ N more".
 */
function listLines(items: (MenuItem | string)[], columns: number, windowed = false): number {
  const heights = items.map((it) => menuItemLines(typeof it === 'string' ? { label: it } : it, columns));
  const all = heights.reduce((a, b) => a + b, 0);
  return windowed ? Math.min(all, Math.max(3, (heights[0] ?? 1) + 1)) : all;
}

/** Lines `state`'s screen needs at `columns` (the title and the key hints included); null for a final frame. */
function screenLines(state: WizardState, columns: number, now: number): number | null {
  const { step } = state;
  const lines = (...texts: (string | null | undefined)[]): number =>
    texts.reduce((n, t) => n + (t ? wrappedLines(t, columns) : 0), 0);
  switch (step.name) {
    case 'loading':
      return lines('Regenerate Vast.ai backup codes', "Checking your account's two-factor setup…", 'Ctrl+C quit');
    case 'sending':
      return lines('Sending a code', 'Sending a new code to your phone number on file…', 'Esc back · Ctrl+C quit');
    case 'choose': {
      const labels = state.status
        ? choicesFor(state.status).map((choice) => {
            return choiceLabel(
              { choice, lockedUntil: lockState(state, choice, now), failCount: failCount(state, choice) },
              state.status!,
            );
          })
        : [''];
      return (
        lines(
          'Regenerate Vast.ai backup codes',
          "How do you want to verify it's you?",
          step.error && firstSentence(step.error)[0],
          step.notice,
          '↑/↓ move · 1–9 pick · Enter choose · Esc/Ctrl+C quit',
        ) + listLines(labels, columns, true)
      );
    }
    case 'enter-code':
      // What to enter and what happened to the last code (their first sentences), the attempts left
      // (short), the input; the rest of each, the notice and the retry note give way.
      return (
        lines(
          'Enter a backup code',
          firstSentence(codePrompt(step.choice, step.challenge))[0],
          step.error && firstSentence(step.error)[0],
          attemptsNote(state, step.choice, true),
          `Enter replace the codes${needsSending(step.choice) ? ' · r resend in 30 s' : ''} · Esc back · Ctrl+C quit`,
        ) + 1
      );
    case 'confirm':
      return (
        lines(
          'Replace your backup codes?',
          whatStopsWorking(state.status?.backupCodesRemaining),
          '↑/↓ move · Enter choose · y regenerate · n/Esc back · Ctrl+C quit',
        ) + listLines(['Back', 'Regenerate backup codes'], columns)
      );
    case 'regenerating':
      return lines('Regenerating', 'Replacing your backup codes…', 'please wait');
    case 'codes': {
      // One code at a time ("codes 1–1 of 10, ↓ for more"), the short hints, and what the screen
      // says about a save (a line or two).
      const c = step.codes;
      const said = storedIn(c) !== null || c.places.length > 0 || c.copied || c.keep ? 2 : 0;
      return (
        lines(
          'Your new backup codes',
          'codes 10–10 of 10, ↑/↓ for more',
          's save · p pass · c copy · k keep · q done',
        ) +
        1 +
        said
      );
    }
    case 'leave-unsaved':
      return (
        lines(
          'Leave without saving?',
          `The ${step.codes.codes.length} new backup codes are not saved or copied anywhere.`,
          '↑/↓ move · Enter choose · Esc back to the codes · Ctrl+C quit',
        ) + listLines(['Go back and save them', 'Leave without saving (they stay on screen)'], columns)
      );
    case 'place-taken': {
      const t = placeTakenTexts(step.place, step.kind);
      return lines(PLACE_TAKEN_TITLE, t.question, PLACE_TAKEN_HINTS.join(' · ')) + listLines(t.items, columns);
    }
    case 'retry-wait':
      return lines(
        'The result of the regeneration is unknown',
        step.ended.title,
        'The server asked to wait: you can try again in 30 s. Nothing is sent until you choose to.',
        '↑/↓ move · Enter choose · q/Esc quit',
      );
    default:
      return null;
  }
}

/** Columns the screen needs: the codes screen shows each code whole, on one row. */
function screenColumns(state: WizardState): number {
  if (state.step.name !== 'codes') return MIN_COLUMNS;
  const c = state.step.codes;
  const rows = codesForTerminal(c.codes, new Date(c.generatedAt), MIN_COLUMNS, true).rows;
  return Math.max(MIN_COLUMNS, ...rows.map((r) => r.length));
}

/**
 * The size `state`'s screen needs: at the current width when that is wide enough (a wider
 * terminal wraps less), else at the narrowest it can be used in; with `extra` lines beside it (the
 * demo inbox line). Null for a final frame.
 */
export function sizeNeeded(state: WizardState, columns: number, now: number, extra = 0): SizeNeed | null {
  const width = Math.max(columns, screenColumns(state));
  const lines = screenLines(state, width, now);
  return lines === null ? null : { columns: width, rows: lines + extra + 1 };
}

/** What Ctrl+C does on a screen too small to say it. */
function ctrlC(state: WizardState): string {
  const { step } = state;
  if (step.name === 'regenerating') return 'the new codes are on their way';
  if (step.name === 'codes' && storedIn(step.codes) === null) return 'Ctrl+C twice leaves, the codes saved to a file';
  if (step.name === 'leave-unsaved') return 'Ctrl+C leaves, the codes saved to a file';
  return 'Ctrl+C leaves';
}

/**
 * The one line shown instead of a screen the terminal is too small for: "Make the terminal at least
 * 30×10 (now 20×6); Ctrl+C leaves." when it fits on one row, else the same without the current
 * size (and without "to show your new codes"), wrapped: "Make the terminal at least 30×10; Ctrl+C
 * leaves." (docs/cli.md).
 */
export function tooSmallLine(state: WizardState, need: SizeNeed, now: { columns: number; rows: number }): string {
  const size = `${need.columns}×${need.rows}`;
  const what = state.step.name === 'codes' ? ' to show your new codes' : '';
  const tail = ctrlC(state);
  const long = `Make the terminal at least ${size}${what} (now ${now.columns}×${now.rows}); ${tail}.`;
  return long.length <= now.columns ? long : `Make the terminal at least ${size}; ${tail}.`;
}
