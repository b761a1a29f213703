import { useRef, useState } from 'react';
import { Text } from 'ink';
import TextInput from 'ink-text-input';
import { PASTE_MARKERS } from '../../codes/format.js';

// Control characters (newlines from a paste included) never enter the value.
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;

export interface TextFieldProps {
  /** What the field starts with. @default '' */
  initialValue?: string;
  /** Called with the new, cleaned value on every edit. @default none */
  onChange?: (value: string) => void;
  /** Enter, with the current (cleaned) value. */
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
 * The one-line text field of every input: ink-text-input (patched in patches/, see
 * docs there: the cursor stays inside the value, Ctrl+U/Ctrl+W delete like a shell, every key of
 * a read starts from the one before it), with the value cleaned on each edit (no control
 * characters, no paste markers, then `clean`).
 */
export function TextField({ initialValue = '', onChange, onSubmit, clean = (v) => v, onCommandKey }: TextFieldProps) {
  const [value, setValue] = useState(initialValue);
  // The value as of the last edit, also for an edit that arrives before the next render.
  const latest = useRef(initialValue);
  const change = (raw: string): void => {
    const before = latest.current;
    // One character typed alone that is a command: taken, not inserted.
    if (onCommandKey && raw.length === before.length + 1) {
      let at = 0;
      while (at < before.length && raw[at] === before[at]) at++;
      if (raw.slice(at + 1) === before.slice(at) && onCommandKey(raw[at]!)) return;
    }
    const next = clean(raw.replace(PASTE_MARKERS, '').replace(CONTROLS, ''));
    latest.current = next;
    setValue(next);
    if (next !== before) onChange?.(next);
  };
  return (
    <Text>
      {'> '}
      <TextInput value={value} onChange={change} onSubmit={() => onSubmit(latest.current)} />
    </Text>
  );
}
