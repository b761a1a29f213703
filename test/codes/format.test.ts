import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  cleanDigits,
  validateCode,
  cleanBackupCode,
  validateBackupCode,
  formatCodesFile,
  formatCodesForTerminal,
  defaultCodesFileName,
  localTimestamp,
} from '../../src/codes/format.js';

const CODES = Array.from({ length: 10 }, (_, i) => `AB${i}C-DEFG-HIJ${i}`);
const AT = new Date(2024, 0, 2, 3, 4, 5); // local time

test('cleanDigits drops spaces, dashes and newlines only (Ink takes paste markers off a paste)', () => {
  assert.equal(cleanDigits(' 123 456\n'), '123456');
  assert.equal(cleanDigits('123-456'), '123456');
  assert.equal(cleanDigits('12a456'), '12a456');
});

test('validateCode accepts exactly 6 digits', () => {
  assert.deepEqual(validateCode('123 456'), { ok: true, value: '123456' });
  for (const bad of ['', '12345', '1234567', '12a456', '１２３４５６']) {
    const r = validateCode(bad);
    assert.equal(r.ok, false, bad);
    if (!r.ok) assert.ok(r.reason.length > 0);
  }
  const r = validateCode('12345');
  assert.ok(!r.ok && r.reason.includes('5'));
});

test('cleanBackupCode keeps a backup code as typed, without line breaks', () => {
  assert.equal(cleanBackupCode('abcd-efgh-ijkl'), 'abcd-efgh-ijkl');
  assert.equal(cleanBackupCode(' ab cd\r\n'), ' ab cd');
});

test('validateBackupCode: as typed, trimmed; refuses only what cannot be a code', () => {
  assert.deepEqual(validateBackupCode('ABCD-EFGH-IJKL'), { ok: true, value: 'ABCD-EFGH-IJKL' });
  assert.deepEqual(validateBackupCode(' abcd-efgh-ijkl\t'), { ok: true, value: 'abcd-efgh-ijkl' });
  for (const other of ['abcdefgh1234', 'ABCD-EFGH', 'ABCD-EFGH-IJK!', 'x', 'a b', 'ä'.repeat(64)]) {
    assert.deepEqual(validateBackupCode(other), { ok: true, value: other }, other);
  }
  for (const bad of ['', '   ', 'ABCD\u0000EFGH', 'AB\u001b[2JCD', 'AB\u009bCD', 'x'.repeat(65)]) {
    const r = validateBackupCode(bad);
    assert.equal(r.ok, false, JSON.stringify(bad));
    if (!r.ok) assert.ok(!r.reason.includes(bad.trim()) || bad.trim() === '', 'the reason never repeats the code');
  }
});

test('defaultCodesFileName and localTimestamp use local time', () => {
  assert.equal(defaultCodesFileName(AT), 'vastai_backup_codes_2024-01-02_03-04-05.txt');
  assert.equal(localTimestamp(AT), '2024-01-02 03:04:05');
});

test('formatCodesFile has banner, time, warning, numbered codes and advice', () => {
  const text = formatCodesFile(CODES, AT);
  const lines = text.split('\n');
  assert.ok(lines.includes('             VAST.AI 2FA BACKUP CODES'));
  assert.ok(lines.includes('Generated: 2024-01-02 03:04:05'));
  assert.match(text, /all previous backup codes are now invalid/i);
  assert.ok(lines.includes(' 1. AB0C-DEFG-HIJ0'));
  assert.ok(lines.includes('10. AB9C-DEFG-HIJ9'));
  assert.match(text, /only once/);
  assert.match(text, /Store these codes securely: printed, or in a password manager\./);
  assert.ok(text.endsWith('\n'));
  for (const c of CODES) assert.equal(text.split(c).length, 2, `${c} appears once`);
});

test('formatCodesForTerminal fits 60 and 40 columns and holds every code', () => {
  for (const width of [60, 40, 80, 30]) {
    const lines = formatCodesForTerminal(CODES, AT, width);
    for (const l of lines) assert.ok(l.length <= Math.max(width, 20), `${width}: "${l}"`);
    const all = lines.join('\n');
    for (const c of CODES) assert.ok(all.includes(c), `${width}: ${c}`);
  }
  const wide = formatCodesForTerminal(CODES, AT, 60);
  assert.ok(wide.some((l) => l.includes(' 1. AB0C-DEFG-HIJ0') && l.includes(' 6. AB5C-DEFG-HIJ5')));
  const narrow = formatCodesForTerminal(CODES, AT, 40);
  assert.ok(narrow.includes('   1. AB0C-DEFG-HIJ0'));
});

test('every line of the codes file fits 72 columns', () => {
  const text = formatCodesFile(
    Array.from({ length: 10 }, (_, i) => `AAAA-BBBB-${String(i).padStart(4, '0')}`),
    new Date(2026, 0, 2, 3, 4, 5),
  );
  for (const line of text.split('\n')) assert.ok(line.length <= 72, `too long: ${line}`);
});
