import { useState } from 'react';
import { Box, Text, useIsScreenReaderEnabled } from 'ink';
import TextInput from 'ink-text-input';

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
 * docs/patches.md: the cursor stays inside the value, Ctrl+U/Ctrl+W delete like a shell, a paste
 * goes in at the cursor as text), with the value cleaned on each edit (no control characters, then
 * `clean`). A screen reader reads it as a text box (`textbox: 123`), without the `>` glyph.
 */
export function TextField({ initialValue = '', onChange, onSubmit, clean = (v) => v, onCommandKey }: TextFieldProps) {
  const [value, setValue] = useState(initialValue);
  // Each key is committed before the next (patched Ink), so `value` is the value after the last key.
  const change = (raw: string): void => {
    const before = value;
    // One character typed alone that is a command: taken, not inserted (ink-text-input would
    // insert it, so it is told apart by what it changed).
    if (onCommandKey && raw.length === before.length + 1) {
      let at = 0;
      while (at < before.length && raw[at] === before[at]) at++;
      if (raw.slice(at + 1) === before.slice(at) && onCommandKey(raw[at]!)) return;
    }
    const next = clean(raw.replace(CONTROLS, ''));
    setValue(next);
    if (next !== before) onChange?.(next);
  };
  const input = <TextInput value={value} onChange={change} onSubmit={onSubmit} />;
  return useIsScreenReaderEnabled() ? (
    <Box aria-role="textbox">
      <Text>{input}</Text>
    </Box>
  ) : (
    <Text>
      {'> '}
      {input}
    </Text>
  );
}
