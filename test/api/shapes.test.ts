/**
 * parseRegen: codes in hand are never thrown away. Every entry that can be shown as text is kept
 * (inert), what was odd is named in a warning; only an answer with no codes at all is null
 * (outcome unknown).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRegen } from '../../src/api/shapes.js';

const TEN = Array.from({ length: 10 }, (_, i) => `AAAA-BBBB-CC0${i}`);

test('ten ordinary codes: kept as sent, no warning', () => {
  const r = parseRegen({ msg: 'success', backup_codes: TEN })!;
  assert.deepEqual(r.backupCodes, TEN);
  assert.deepEqual(r.warnings, []);
});

const odd: [string, unknown[], string[], RegExp][] = [
  ['numbers', [...TEN.slice(0, 9), 123456789012], [...TEN.slice(0, 9), '123456789012'], /entry 10 is a number/],
  [
    'one null',
    [...TEN.slice(0, 9), null],
    TEN.slice(0, 9),
    /entry 10 is null \(left out\)[\s\S]*holds 9 codes, not 10/,
  ],
  ['one ""', ['', ...TEN.slice(1)], TEN.slice(1), /entry 1 is empty \(left out\)/],
  [
    'a 65-character entry',
    [...TEN.slice(0, 9), 'X'.repeat(65)],
    [...TEN.slice(0, 9), 'X'.repeat(65)],
    /entry 10 is 65 characters long/,
  ],
  [
    'an escape sequence',
    [...TEN.slice(0, 9), 'DDDD-\u001b[31mEEEE'],
    [...TEN.slice(0, 9), 'DDDD-EEEE'],
    /entry 10 is text with control characters \(removed\)/,
  ],
  [
    'an object',
    [...TEN.slice(0, 9), { code: 'ZZZZ' }],
    [...TEN.slice(0, 9), '{"code":"ZZZZ"}'],
    /entry 10 is an object/,
  ],
];
for (const [name, sent, kept, warning] of odd) {
  test(`backup_codes with ${name}: every readable entry kept, the oddity named`, () => {
    const r = parseRegen({ msg: 'success', backup_codes: sent })!;
    assert.ok(r, 'not an unknown outcome');
    assert.deepEqual(r.backupCodes, kept);
    assert.match(r.warnings!.join(' '), warning);
    assert.match(r.warnings!.join(' '), /^The server's answer was unusual/);
    // --raw prints the same codes as the file and the readable output, never the odd entries.
    assert.deepEqual(r.body, { msg: 'success', backup_codes: kept });
  });
}

test('an ordinary answer: --raw prints its list as sent', () => {
  assert.deepEqual(parseRegen({ msg: 'success', backup_codes: TEN, echo: 'x' })!.body, {
    msg: 'success',
    backup_codes: TEN,
  });
});

test('the codes as one string instead of a list: kept, with a warning', () => {
  const r = parseRegen({ backup_codes: 'AAAA-BBBB-CCCC' })!;
  assert.deepEqual(r.backupCodes, ['AAAA-BBBB-CCCC']);
  assert.match(r.warnings!.join(' '), /one text, not a list/);
});

for (const [name, body] of [
  ['no backup_codes', { msg: 'success' }],
  ['an empty list', { backup_codes: [] }],
  ['only nulls and empty strings', { backup_codes: [null, '', '\u0007'] }],
  ['not an object', ['AAAA-BBBB-CCCC']],
] as [string, unknown][]) {
  test(`no codes at all (${name}): null, the outcome is unknown`, () => {
    assert.equal(parseRegen(body), null);
  });
}
