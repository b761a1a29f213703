import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redact, traceRequest, traceResponse, TRACE_BODY_MAX } from '../../src/api/explain.js';
import { REDACTED } from '../../src/text/redact.js';

test('codes, backup codes and secrets are redacted at any depth', () => {
  const out = redact({
    tfa_method: 'sms',
    code: '123456',
    secret: 's3cr3t',
    nested: [{ backup_code: 'AAAA-BBBB-CCCC' }],
    backup_codes: ['A', 'B'],
  });
  assert.deepEqual(out, {
    tfa_method: 'sms',
    code: REDACTED,
    secret: REDACTED,
    nested: [{ backup_code: REDACTED }],
    backup_codes: [REDACTED, REDACTED],
  });
});

test('a request trace holds method, URL, headers and body without secrets', () => {
  const key = 'k'.repeat(30) + 'TAIL';
  const text = traceRequest({
    method: 'PUT',
    url: 'https://x/api/v0/tfa/regen-backup-codes/',
    attempt: 1,
    keyFrom: '--api-key',
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body: { tfa_method: 'totp', code: '654321' },
  }).join('\n');
  assert.match(text, /^→ PUT https:\/\/x\/api\/v0\/tfa\/regen-backup-codes\//);
  assert.match(text, /Authorization: Bearer \[the key from --api-key\]/);
  assert.ok(!text.includes('TAIL'), 'no part of the key, not even its end');
  assert.match(text, /"tfa_method":"totp"/);
  assert.ok(!text.includes(key));
  assert.ok(!text.includes('654321'));
});

test('a response trace hides the new codes and challenge secrets', () => {
  const text = traceResponse(200, 12, { msg: 'success', backup_codes: ['ZZZZ-YYYY-XXXX'], secret: 'abc' }).join('\n');
  assert.ok(!text.includes('ZZZZ-YYYY-XXXX'));
  assert.ok(!text.includes('"abc"'));
  assert.match(text, /← 200 \(12 ms\)/);
});

test('a long body is cut, saying how much was left out', () => {
  const long = 'x'.repeat(100_000);
  const text = traceResponse(500, 1, long).join('\n');
  assert.ok(text.length < TRACE_BODY_MAX + 100, `${text.length} characters`);
  assert.match(text, /… \(99400 more characters\)/);
  const json = traceResponse(200, 1, { msg: long }).join('\n');
  assert.ok(json.length < TRACE_BODY_MAX + 100);
});
