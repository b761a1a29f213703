import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attemptsLeft, errorFromResponse } from '../../src/api/errors.js';
import { errorText } from '../../src/flow/messages.js';

// Every error code of the reference table maps to plain words and a next step.
const TABLE: [string, number][] = [
  ['2fa_verification_failed', 400],
  ['tfa_locked', 429],
  ['invalid_backup_code', 401],
  ['2fa_expired', 400],
  ['challenge_not_found', 400],
  ['no_challenge_found', 400],
  ['tfa_challenge_exists', 400],
  ['missing_auth_value', 400],
  ['missing_params', 400],
  ['bad_request', 400],
  ['invalid_tfa_method', 400],
  ['not_found', 404],
  ['sms_rate_limited', 429],
  ['twilio_rate_limited', 429],
  ['twilio_error', 400],
  ['sms_blocked_number', 400],
  ['sms_fraud_detected', 403],
  ['email_not_verified', 400],
  ['team_user_forbidden', 403],
  ['auth_error', 403],
  ['service_unavailable', 503],
  ['tfa_method_not_configured', 400],
];

for (const [code, status] of TABLE) {
  test(`${code} maps to a typed error with a next step`, () => {
    const e = errorFromResponse(status, { error: code, msg: 'server words' }, { channel: 'totp' });
    assert.equal(e.code, code);
    assert.equal(e.status, status);
    assert.ok(
      !errorText(e).title.startsWith('The server answered HTTP'),
      `generic title for ${code}: ${errorText(e).title}`,
    );
    assert.ok(errorText(e).hint.length > 10);
    assert.equal(e.serverMsg, 'server words');
  });
}

test('tfa_locked names the method and when the lock ends', () => {
  const until = Math.floor(new Date(2026, 0, 1, 17, 42).getTime() / 1000);
  const e = errorFromResponse(
    429,
    { error: 'tfa_locked', fail_count: 3, locked_until: until },
    { channel: 'sms', methodLabel: 'Work phone' },
  );
  assert.match(errorText(e).title, /Work phone is locked .* until 17:42/);
  assert.match(errorText(e).hint, /another method or a backup code/);
  assert.equal(e.lockedUntil, until);
  assert.equal(e.failCount, 3);
});

test('a wrong code that caused the lock says so', () => {
  const until = Math.floor(new Date(2026, 0, 1, 9, 5).getTime() / 1000);
  const e = errorFromResponse(
    400,
    { error: '2fa_verification_failed', fail_count: 5, locked_until: until },
    { channel: 'totp' },
  );
  assert.match(errorText(e).title, /\. The authenticator app is now locked until 09:05\./);
});

test('attempts left: 3 for SMS, 5 for TOTP, unknown for email', () => {
  assert.equal(attemptsLeft('sms', 1), 2);
  assert.equal(attemptsLeft('totp', 1), 4);
  assert.equal(attemptsLeft('totp', 9), 0);
  assert.equal(attemptsLeft('email', 1), null);
});

test('server text in errors is inert', () => {
  const e = errorFromResponse(418, { msg: 'tea\u001b]0;title\u0007pot' });
  assert.equal(e.serverMsg, 'teapot');
  assert.ok(!errorText(e).title.includes('\u001b'));
});

test('401 asking for Two Factor Authentication suggests vastai tfa login', () => {
  const e = errorFromResponse(401, { msg: 'This action requires Two Factor Authentication' });
  assert.equal(e.code, 'tfa_session_required');
  assert.match(errorText(e).hint, /vastai tfa login/);
});

test('a wait given in the body (retry_after) is kept for the UI', () => {
  const e = errorFromResponse(429, { error: 'sms_rate_limited', msg: 'Please wait 12 seconds', retry_after: 12 });
  assert.equal(e.retryAfterSeconds, 12);
});
