import { useRef, useState } from 'react';
import { Text } from 'ink';
import { useKeys } from '../hooks/use-keys.js';
import { PASTE_MARKERS } from '../../codes/format.js';

// Control characters (newlines from a paste included) never enter the value.
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;

export interface LineInputProps {
  /** What the input starts with. @default '' */
  initialValue?: string;
  /** Called with the new, cleaned value on every edit. @default none */
  onChange?: (value: string) => void;
  /** Enter, with the current value. */
  onSubmit: (value: string) => void;
  /** Cleans the whole value after each edit (e.g. cleanDigits). @default identity */
  clean?: (value: string) => string;
  /**
   * Keys that are commands rather than text when typed alone (e.g. `r` to resend): return true
   * to take the key (it is not inserted). @default none
   */
  onCommandKey?: (key: string) => boolean;
}

/**
 * A one-line text input: pastes arrive cleaned (no newlines, no paste markers), ←/→ move the
 * cursor (Home/End or Ctrl+A/Ctrl+E jump), Backspace deletes before it, Ctrl+U clears, Enter
 * submits. The cursor never leaves the value (ink-text-input's could reach -1). It owns its
 * value, kept in a ref as well so keys typed faster than the screen redraws are never lost.
 */
export function LineInput({ initialValue = '', onChange, onSubmit, clean = (v) => v, onCommandKey }: LineInputProps) {
  const [shown, setShown] = useState({ value: initialValue, cursor: Array.from(initialValue).length });
  const latest = useRef(shown);
  /** Sets the text (cleaned) and the cursor; a cleaning that changed the text puts the cursor at the end. */
  const set = (chars: string[], cursor: number): void => {
    const raw = chars.join('');
    const value = clean(raw);
    const length = Array.from(value).length;
    const next = { value, cursor: value === raw ? Math.max(0, Math.min(cursor, length)) : length };
    const changed = value !== latest.current.value;
    latest.current = next;
    setShown(next);
    if (changed) onChange?.(value);
  };
  useKeys((input, key) => {
    const { value, cursor } = latest.current;
    const chars = Array.from(value);
    if (key.return) {
      onSubmit(value);
      return;
    }
    if (key.backspace || key.delete) {
      if (cursor > 0) set([...chars.slice(0, cursor - 1), ...chars.slice(cursor)], cursor - 1);
      return;
    }
    if (key.leftArrow || key.rightArrow) {
      set(chars, cursor + (key.leftArrow ? -1 : 1));
      return;
    }
    if (key.home || (key.ctrl && input === 'a')) return set(chars, 0);
    if (key.end || (key.ctrl && input === 'e')) return set(chars, chars.length);
    if (key.ctrl && input === 'u') return set([], 0);
    if (key.ctrl || key.meta || key.escape || key.tab || key.upArrow || key.downArrow) return;
    const text = input.replace(PASTE_MARKERS, '').replace(CONTROLS, '');
    if (text === '') return;
    if (text.length === 1 && onCommandKey && onCommandKey(text)) return;
    const added = Array.from(text);
    set([...chars.slice(0, cursor), ...added, ...chars.slice(cursor)], cursor + added.length);
  });
  const chars = Array.from(shown.value);
  const before = chars.slice(0, shown.cursor).join('');
  const at = chars[shown.cursor] ?? ' ';
  const after = chars.slice(shown.cursor + 1).join('');
  return (
    <Text>
      <Text>{'> '}</Text>
      <Text>{before}</Text>
      <Text inverse>{at}</Text>
      {after ? <Text>{after}</Text> : null}
    </Text>
  );
}
