import { useRef, useState } from 'react';
import { Text } from 'ink';
import { useKeys } from '../hooks/use-keys.js';
import { useTheme } from '../hooks/use-theme.js';

/** Bracketed-paste markers as Ink delivers them (with or without the ESC). */
const PASTE_MARKER = /\u001b?\[20[01]~/g;
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
  /** Shown dimmed when the value is empty. @default '' */
  placeholder?: string;
  /** Listens to keys only while true. @default true */
  isActive?: boolean;
}

/**
 * A one-line text input that only appends and deletes at the end: pastes arrive cleaned
 * (no newlines, no paste markers), Backspace deletes, Ctrl+U clears, Enter submits.
 * The cursor cannot wander (ink-text-input's could move it to -1). It owns its value, kept in a
 * ref as well so keys typed faster than the screen redraws are never lost.
 */
export function LineInput({ initialValue = '', onChange, onSubmit, clean = (v) => v, onCommandKey, placeholder = '', isActive = true }: LineInputProps) {
  const { colorOn } = useTheme();
  const [value, setShown] = useState(initialValue);
  const latest = useRef(initialValue);
  const set = (v: string): void => {
    latest.current = v;
    setShown(v);
    onChange?.(v);
  };
  useKeys((input, key) => {
    if (key.return) {
      onSubmit(latest.current);
      return;
    }
    if (key.backspace || key.delete) {
      set(clean(Array.from(latest.current).slice(0, -1).join('')));
      return;
    }
    if (key.ctrl && input === 'u') {
      set('');
      return;
    }
    if (key.ctrl || key.meta || key.escape || key.tab || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow) return;
    const text = input.replace(PASTE_MARKER, '').replace(CONTROLS, '');
    if (text === '') return;
    if (text.length === 1 && onCommandKey && onCommandKey(text)) return;
    set(clean(latest.current + text));
  }, { isActive });
  return (
    <Text>
      <Text>{'> '}</Text>
      {value === '' && placeholder ? <Text dimColor={colorOn}>{placeholder}</Text> : <Text>{value}</Text>}
      {isActive ? <Text inverse> </Text> : null}
    </Text>
  );
}
