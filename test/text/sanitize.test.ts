import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inert, terminalJson } from '../../src/text/sanitize.js';

const cases: [string, string, string][] = [
  ['cursor moves and screen clears', 'a\u001b[2J\u001b[10;1Hb\u001b[1A', 'ab'],
  ['OSC 52 clipboard write (BEL)', 'x\u001b]52;c;ZXZpbA==\u0007y', 'xy'],
  ['OSC 52 clipboard write (ST)', 'x\u001b]52;c;ZXZpbA==\u001b\\y', 'xy'],
  ['hyperlink', '\u001b]8;;https://evil.test\u001b\\click\u001b]8;;\u001b\\', 'click'],
  ['window title', '\u001b]0;pwned\u0007Phone', 'Phone'],
  ['8-bit CSI and OSC', 'a\u009b2Jb\u009d0;t\u009cc', 'abc'],
  ['C0 controls and DEL', 'a\u0000b\u0007c\u0008d\u007fe', 'abcde'],
  ['newlines become spaces', 'line1\nline2\r\nline3', 'line1 line2 line3'],
  ['bidi overrides', 'abc\u202Eevil\u2066x', 'abcevilx'],
  ['unterminated OSC swallows to the end', 'ok\u001b]52;c;AAAA', 'ok'],
  ['DCS', 'a\u001bPq#0;2;0;0;0\u001b\\b', 'ab'],
  ['plain text untouched', 'Work phone ☎ 电话', 'Work phone ☎ 电话'],
  [
    'zero-width and other invisible format characters',
    'a\u200bb\u200cc\u200dd\u2060e\ufefff\u00adg\u{E0041}h\u061ci',
    'abcdefghi',
  ],
];

for (const [name, input, expected] of cases) {
  test(`inert: ${name}`, () => {
    const out = inert(input);
    assert.equal(out, expected);
    assert.ok(!/[\u0000-\u001f\u007f-\u009f]/.test(out));
  });
}

test('inert: very long strings are cut with an ellipsis', () => {
  const out = inert('界'.repeat(1000), 50);
  assert.equal(Array.from(out).length, 50);
  assert.ok(out.endsWith('…'));
});

test('inert: null and numbers', () => {
  assert.equal(inert(null), '');
  assert.equal(inert(42), '42');
});

test('terminalJson escapes invisible format characters, astral ones as a surrogate pair', () => {
  const out = terminalJson({ msg: 'a\u200bb\u{E0041}c' });
  assert.equal(out, '{"msg":"a\\u200bb\\udb40\\udc41c"}');
  assert.deepEqual(JSON.parse(out), { msg: 'a\u200bb\u{E0041}c' });
});
