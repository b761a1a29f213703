import { useRef, useState } from 'react';
import { Box, Text } from 'ink';
import { useKeys } from '../hooks/use-keys.js';
import { useTheme } from '../hooks/use-theme.js';

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
}

function nextEnabled(items: MenuItem[], from: number, step: 1 | -1): number {
  for (let k = 1; k <= items.length; k++) {
    const i = (from + step * k + items.length * k) % items.length;
    if (!items[i]!.disabled) return i;
  }
  return from;
}

/** A vertical list: ↑/↓ or j/k move (skipping items that cannot be chosen), Enter picks, 1–9 pick directly. */
export function Menu({ items, onPick, numbered = true }: MenuProps) {
  const { color, colorOn } = useTheme();
  const start = items[0] && !items[0].disabled ? 0 : nextEnabled(items, 0, 1);
  const [cursor, setCursorState] = useState(start);
  // The latest cursor, also for a key that arrives before the next render.
  const at = useRef(start);
  const setCursor = (i: number): void => {
    at.current = i;
    setCursorState(i);
  };
  useKeys((input, key) => {
    if (key.ctrl || (key.meta && !key.escape)) return;
    if (key.upArrow || input === 'k') setCursor(nextEnabled(items, at.current, -1));
    else if (key.downArrow || input === 'j') setCursor(nextEnabled(items, at.current, 1));
    else if (key.return) {
      if (!items[at.current]?.disabled) onPick(at.current);
    } else if (numbered && /^[1-9]$/.test(input)) {
      const i = Number(input) - 1;
      if (items[i] && !items[i]!.disabled) {
        setCursor(i);
        onPick(i);
      }
    }
  });
  return (
    <Box flexDirection="column">
      {items.map((it, i) => {
        const on = i === cursor;
        const prefix = `${on ? '›' : ' '} ${numbered ? `${i + 1}. ` : ''}`;
        const pad = ' '.repeat(prefix.length);
        return (
          <Box key={i} flexDirection="column">
            <Box>
              <Text color={on ? color('accent') : undefined} bold={on}>{prefix}</Text>
              <Box flexShrink={1}>
                <Text inverse={on && !colorOn} color={on ? color('accent') : undefined} bold={on} dimColor={!!it.disabled && colorOn}>
                  {it.label}
                </Text>
              </Box>
            </Box>
            {it.detail || it.disabled ? (
              <Box>
                <Text>{pad}</Text>
                <Box flexShrink={1}>
                  <Text color={it.disabled ? color('warn') : undefined} dimColor={!it.disabled && colorOn}>
                    {[it.disabled, it.detail].filter(Boolean).join(' · ')}
                  </Text>
                </Box>
              </Box>
            ) : null}
          </Box>
        );
      })}
    </Box>
  );
}
