import { useRef, useState, type JSX } from 'react';
import { Box, Text, useInput, useIsScreenReaderEnabled, useWindowSize } from 'ink';
import { useTheme } from '../hooks/use-theme.js';
import { wrappedLines } from '../fit.js';

export interface MenuItem {
  /** Main text. */
  label: string;
  /** Second line, dimmed (e.g. "2 failed attempts"). */
  detail?: string;
  /** Why the item cannot be chosen now (e.g. "locked until 17:42"); null/undefined when it can. */
  disabled?: string | null;
}

export interface MenuProps {
  items: MenuItem[];
  /** Enter, or a digit 1–9, on an item that can be chosen. */
  onPick: (index: number) => void;
  /** Number the items and let digits 1–9 pick directly. @default true */
  numbered?: boolean;
  /** The item highlighted first (when it can be chosen). @default the first that can be chosen */
  initial?: number;
  /**
   * Lines the list may take: beyond them only a window around the highlight is drawn, with a
   * line above and below saying how many items are out of sight. @default no limit
   */
  maxLines?: number;
}

/**
 * The next item that can be chosen in that direction; the highlight stays at either end (no
 * wrapping past a locked item).
 */
function nextEnabled(items: MenuItem[], from: number, step: 1 | -1): number {
  for (let i = from + step; i >= 0 && i < items.length; i += step) if (!items[i]!.disabled) return i;
  return from;
}

/** The second line of an item: why it cannot be chosen, then its detail. */
const secondLine = (it: MenuItem): string => [it.disabled, it.detail].filter(Boolean).join(' · ');

/** Lines an item takes at this width (its label and detail wrap between words after the prefix). */
function linesOf(it: MenuItem, prefix: number, columns: number): number {
  const room = Math.max(1, columns - prefix);
  const second = secondLine(it);
  return wrappedLines(it.label, room) + (second ? wrappedLines(second, room) : 0);
}

/** Lines `it` takes as the first numbered item of a list `columns` wide. */
export function menuItemLines(it: MenuItem, columns: number): number {
  return linesOf(it, 5, columns);
}

/**
 * The items [top, end) to draw so the highlight is visible within `room` lines, moving the
 * previous window as little as possible.
 */
function windowAround(heights: number[], cursor: number, top: number, room: number): { top: number; end: number } {
  const n = heights.length;
  top = Math.min(Math.max(0, top), cursor);
  let used = 0;
  let end = top;
  while (end < n && used + heights[end]! <= room) used += heights[end++]!;
  if (cursor >= end) {
    top = cursor;
    end = cursor + 1;
    used = heights[cursor]!;
    while (top > 0 && used + heights[top - 1]! <= room) used += heights[--top]!;
  }
  while (end < n && used + heights[end]! <= room) used += heights[end++]!;
  return { top, end: Math.max(end, cursor + 1) };
}

/**
 * A vertical list: ↑/↓ or j/k move (skipping items that cannot be chosen), Enter picks, 1–9 pick directly.
 * In screen-reader mode every item is one line, in full (nothing is windowed: Ink writes no layout
 * there), its state in words rather than a `›`: `(selected) 1. Authenticator app`, `(disabled) 2. SMS
 * to …, locked until 17:42`.
 */
export function Menu({ items, onPick, numbered = true, initial, maxLines: maxLinesOnScreen }: MenuProps) {
  const { color, colorOn } = useTheme();
  const { columns } = useWindowSize();
  const screenReader = useIsScreenReaderEnabled();
  const maxLines = screenReader ? undefined : maxLinesOnScreen;
  const first = items[0] && !items[0].disabled ? 0 : nextEnabled(items, 0, 1);
  const start = initial !== undefined && items[initial] && !items[initial].disabled ? initial : first;
  const prefixOf = (i: number): number => 2 + (numbered ? `${i + 1}. `.length : 0);
  /** The window for a highlight, from the previous window's top. */
  const windowFor = (cursor: number, top: number): { top: number; end: number } => {
    if (maxLines === undefined) return { top: 0, end: items.length };
    const heights = items.map((it, i) => linesOf(it, prefixOf(i), columns));
    const total = heights.reduce((a, b) => a + b, 0);
    if (total <= maxLines) return { top: 0, end: items.length };
    // A line goes to "↓ N more", and one to "↑ N more" once the window has left the top.
    const w = windowAround(heights, cursor, top, Math.max(1, maxLines - 1));
    return w.top === 0 ? w : windowAround(heights, cursor, w.top, Math.max(1, maxLines - 2));
  };
  const [view, setView] = useState(() => ({ cursor: start, top: windowFor(start, 0).top }));
  // The latest highlight, also for a key that arrives before the next render.
  const at = useRef(view);
  const setCursor = (cursor: number): void => {
    at.current = { cursor, top: windowFor(cursor, at.current.top).top };
    setView(at.current);
  };
  useInput((input, key) => {
    if (key.ctrl || (key.meta && !key.escape)) return;
    const now = at.current.cursor;
    if (key.upArrow || input === 'k') setCursor(nextEnabled(items, now, -1));
    else if (key.downArrow || input === 'j') setCursor(nextEnabled(items, now, 1));
    else if (key.return) {
      if (!items[now]?.disabled) onPick(now);
    } else if (numbered && /^[1-9]$/.test(input)) {
      const i = Number(input) - 1;
      if (items[i] && !items[i]!.disabled) {
        setCursor(i);
        onPick(i);
      }
    }
  });
  const { cursor } = view;
  if (screenReader) {
    return (
      <Box flexDirection="column">
        {items.map((it, i) => (
          <Box key={i} aria-state={{ selected: i === cursor, disabled: !!it.disabled }}>
            <Text>
              {numbered ? `${i + 1}. ` : ''}
              {[it.label, it.disabled, it.detail].filter(Boolean).join(', ')}
            </Text>
          </Box>
        ))}
      </Box>
    );
  }
  const shown = windowFor(cursor, view.top);
  const more = (n: number, arrow: string): JSX.Element => (
    <Text dimColor={colorOn}>{`  ${arrow} ${n.toLocaleString('en-US')} more`}</Text>
  );
  return (
    <Box flexDirection="column">
      {shown.top > 0 ? more(shown.top, '↑') : null}
      {items.slice(shown.top, shown.end).map((it, k) => {
        const i = shown.top + k;
        const on = i === cursor;
        const prefix = `${on ? '›' : ' '} ${numbered ? `${i + 1}. ` : ''}`;
        const pad = ' '.repeat(prefix.length);
        return (
          <Box key={i} flexDirection="column" flexShrink={0}>
            <Box>
              {/* The prefix never shrinks (Ink 8 shrinks a text with its row, cutting the space in `2. `). */}
              <Box flexShrink={0}>
                <Text color={on ? color('accent') : undefined} bold={on}>
                  {prefix}
                </Text>
              </Box>
              <Box flexShrink={1}>
                <Text
                  inverse={on && !colorOn}
                  color={on ? color('accent') : undefined}
                  bold={on}
                  dimColor={!!it.disabled && colorOn}
                >
                  {it.label}
                </Text>
              </Box>
            </Box>
            {it.detail || it.disabled ? (
              <Box>
                <Box flexShrink={0}>
                  <Text>{pad}</Text>
                </Box>
                <Box flexShrink={1}>
                  <Text dimColor={colorOn}>{secondLine(it)}</Text>
                </Box>
              </Box>
            ) : null}
          </Box>
        );
      })}
      {shown.end < items.length ? more(items.length - shown.end, '↓') : null}
    </Box>
  );
}
