import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { redacting, REDACTED, Secrets } from '../../src/text/redact.js';
import { secretValues } from '../../src/args.js';

const KEY = 'a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6';

test('the key whole, and any 8-character part of it, in any case', () => {
  const s = new Secrets();
  s.add(KEY, 'key');
  assert.equal(s.redact(`key ${KEY}.`), `key ${REDACTED}.`);
  assert.equal(s.redact(`key ${KEY.toUpperCase()}`), `key ${REDACTED}`);
  assert.equal(s.redact(`starts ${KEY.slice(0, 8)}… ends …${KEY.slice(-9)}`), 'starts ********… ends …*********');
  assert.equal(s.redact('nothing here'), 'nothing here');
});

test('short keys (4 to 7 characters) are redacted whole; shorter ones cannot be told from text', () => {
  const s = new Secrets();
  s.add('k3y5', 'key');
  s.add('ab', 'key');
  assert.equal(s.redact('Bearer k3y5 ab'), 'Bearer **** ab');
});

test('codes: whole, and a backup code also without its dashes', () => {
  const s = new Secrets();
  s.add('135792', 'code');
  s.add('abcd-efgh-ijkl', 'code');
  assert.equal(s.redact('bad code 135792'), 'bad code ******');
  assert.equal(s.redact('code ABCDEFGHIJKL / ABCD-EFGH-IJKL'), `code ${REDACTED} / ${REDACTED}`);
});

test('a redacted line never grows (the wizard lays out its frames before they are written)', () => {
  const s = new Secrets();
  s.add('123456', 'code');
  s.add(KEY, 'key');
  for (const line of ['123456', `x${KEY}y`, '1234567', 'aa123456bb'])
    assert.ok(s.redact(line).length <= line.length, line);
});

test('the new codes are never redacted, even when one holds a secret', () => {
  const s = new Secrets();
  s.add('123456', 'code');
  s.keep(['X123456Y']);
  assert.equal(s.redact('1. X123456Y\nentered 123456'), '1. X123456Y\nentered ******');
});

test('redacting(): strings and buffers written through it are redacted; the stream itself is unchanged', () => {
  const s = new Secrets();
  s.add(KEY, 'key');
  const out = new PassThrough();
  let seen = '';
  out.on('data', (c) => (seen += c));
  const guarded = redacting(out, s);
  guarded.write(`a ${KEY}\n`);
  guarded.write(Buffer.from(`b ${KEY} é\n`));
  assert.equal(seen, `a ${REDACTED}\nb ${REDACTED} é\n`);
  out.write(`${KEY}\n`);
  assert.equal(seen.endsWith(`${KEY}\n`), true);
});

test('secretValues: every spelling of --api-key, -s, -c, -bc and a bare code; nothing else', () => {
  assert.deepEqual(
    secretValues([
      '--api-key',
      'K1',
      '--api-key=K2',
      '--api',
      'K3',
      '-s',
      'S1',
      '--secret=S2',
      '-sS3',
      '-c',
      '111111',
      '-c222222',
      '-bc',
      'B1',
      '-bcB2',
      '--backup-code=B3',
      '333333',
      '--url',
      'http://x:1',
      '-t',
      'totp',
      '--save',
      '/tmp/a1',
      '-xKEY',
    ]),
    [
      ['key', 'K1'],
      ['key', 'K2'],
      ['key', 'K3'],
      ['key', 'S1'],
      ['key', 'S2'],
      ['key', 'S3'],
      ['code', '111111'],
      ['code', '222222'],
      ['code', 'B1'],
      ['code', 'B2'],
      ['code', 'B3'],
      ['code', '333333'],
    ],
  );
});

test('secretValues reads on past an unknown or ambiguous option, which the parse refuses at once', () => {
  // The word after a mistyped -c is a bare code; every option after it is still read.
  assert.deepEqual(
    secretValues(['--cdoe', '123456', '--sa', 'x', '--bogus=1', '-s', 'S1', '--api-key', 'K1', '-bcB1']),
    [
      ['code', '123456'],
      ['key', 'S1'],
      ['key', 'K1'],
      ['code', 'B1'],
    ],
  );
});

/** Every `every` characters, `sep` inserted. */
function split(s: string, sep: string, every = 7): string {
  return Array.from(s.matchAll(new RegExp(`.{1,${every}}`, 'g')), (m) => m[0]).join(sep);
}

/** The same text in fullwidth forms (U+FF01–U+FF5E). */
function fullwidth(s: string): string {
  return s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
}

test('disguised secrets: split by zero-width spaces or soft hyphens, or in fullwidth letters, are still masked', () => {
  const key = 'sk-live-0123456789abcdefQRSTUV';
  const s = new Secrets();
  s.add(key, 'key');
  s.add('482913', 'code');
  for (const disguised of [
    split(key, '\u200b'),
    split(key, '\u00ad'),
    split(key, '\u2060\u200d'),
    fullwidth(key),
    fullwidth(split(key, '\u200b', 3)),
  ]) {
    const out = s.redact(`server says: ${disguised} (end)`);
    assert.ok(out.startsWith('server says: ') && out.endsWith(' (end)'), out);
    assert.equal(s.holds(disguised), true);
    assert.doesNotMatch(out.normalize('NFKC').replace(/\p{Cf}/gu, ''), /0123456|abcdef|QRSTUV/i, out);
    assert.ok(out.length <= `server says: ${disguised} (end)`.length, 'never grows');
  }
  assert.equal(s.redact(`code ${fullwidth('482913')}!`), 'code ******!');
  assert.equal(s.redact(`code 48\u200b29\u00ad13!`), 'code ********!');
});

test('a secret registered in a disguise is found plain, and text without secrets is untouched', () => {
  const s = new Secrets();
  s.add(split('plain-key-ABCDEFGH', '\u200b'), 'key');
  assert.equal(s.redact('x plain-key-ABCDEFGH y'), 'x [redacted] y');
  const text = 'Ｆｕｌｌｗｉｄｔｈ text, é, ﬁ ligature, 日本語';
  assert.equal(s.redact(text), text);
});
