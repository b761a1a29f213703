import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRegenBody } from '../../src/api/payload.js';

// The recorded bodies of the official CLI for the documented examples (reference/vast-2fa-api.md).
test('-c 123456 -t totp', () => {
  assert.deepEqual(buildRegenBody({ kind: 'code', methodType: 'totp', code: '123456' }), {
    tfa_method: 'totp',
    code: '123456',
  });
});
test('-c 123456 -t sms --secret abc123def456', () => {
  const body = buildRegenBody({ kind: 'code', methodType: 'sms', code: '123456', secret: 'abc123def456' });
  assert.equal(JSON.stringify(body), JSON.stringify({ tfa_method: 'sms', code: '123456', secret: 'abc123def456' }));
});
test('--backup-code ABCD-EFGH-IJKL', () => {
  assert.deepEqual(buildRegenBody({ kind: 'backup', backupCode: 'ABCD-EFGH-IJKL' }), { backup_code: 'ABCD-EFGH-IJKL' });
});
test('-id 12 -c 123456 sends the id as given', () => {
  assert.equal(
    JSON.stringify(buildRegenBody({ kind: 'code', methodId: '12', code: '123456' })),
    JSON.stringify({ tfa_method_id: '12', code: '123456' }),
  );
});
test('-s SECRET -t totp -c CODE sends the secret too, as the official CLI does', () => {
  assert.deepEqual(buildRegenBody({ kind: 'code', methodType: 'totp', code: '123456', secret: 'x' }), {
    tfa_method: 'totp',
    code: '123456',
    secret: 'x',
  });
});
test('-bc CODE -t totp', () => {
  assert.deepEqual(buildRegenBody({ kind: 'backup', backupCode: 'CODE', methodType: 'totp' }), {
    tfa_method: 'totp',
    backup_code: 'CODE',
  });
});
test('tfa_method and tfa_method_id are never sent together', () => {
  assert.throws(
    () => buildRegenBody({ kind: 'code', methodType: 'sms', methodId: '102', code: '123456' }),
    /never sent together/,
  );
});
