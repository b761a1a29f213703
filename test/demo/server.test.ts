import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { harness, T0, type Harness } from './harness.js';
import { fetchInbox, demoControl } from '../../src/demo/inbox.js';
import { totp, DEMO_TOTP_SECRET } from '../../src/demo/totp.js';

let h: Harness;
before(async () => {
  h = await harness();
});
after(async () => {
  await h.close();
});
beforeEach(async () => {
  await demoControl(h.url).reset();
  h.clock.t = T0;
});

const REGEN = '/api/v0/tfa/regen-backup-codes/';
const code = (dt = 0) => totp(DEMO_TOTP_SECRET, h.clock.t + dt);
const CODE_RE = /^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/;

async function smsFor(body: unknown = { tfa_method_id: 102 }) {
  const r = await h.call('POST', '/api/v0/tfa/sms/', body);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const inbox = await fetchInbox(h.url);
  const m = [...inbox.messages].reverse().find((x) => x.secret === r.body.secret)!;
  return { secret: r.body.secret as string, code: m.code };
}
/** A 6-digit code guaranteed different from `right`. */
const wrong = (right: string) => String((Number(right) + 1) % 1_000_000).padStart(6, '0');

test('status: the default account in the reference shape', async () => {
  const r = await h.call('GET', '/api/v0/tfa/status/');
  assert.equal(r.status, 200);
  assert.equal(r.body.success, true);
  assert.equal(r.body.tfa_enabled, true);
  assert.equal(r.body.backup_codes_remaining, 3);
  assert.equal(r.body.new_method_authorized, false);
  const [a, b] = r.body.methods;
  assert.deepEqual(Object.keys(a).sort(), [
    'created_at',
    'fail_count',
    'id',
    'is_primary',
    'label',
    'last_used',
    'locked_until',
    'method',
    'phone_number',
    'user_id',
  ]);
  assert.deepEqual(
    [a.id, a.method, a.label, a.phone_number, a.is_primary, a.fail_count, a.locked_until],
    [101, 'totp', 'Authenticator app', null, true, 0, null],
  );
  assert.deepEqual(
    [b.id, b.method, b.label, b.phone_number, b.is_primary, b.last_used],
    [102, 'sms', 'Work phone', '******4821', false, null],
  );
  assert.equal(typeof a.created_at, 'number');
});

test('strict like Vast: no path without its trailing slash, no key from ?api_key=', async () => {
  const bare = await h.call('GET', '/api/v0/tfa/status');
  assert.equal(bare.status, 404);
  assert.equal(bare.body.error, 'not_found');
  assert.equal(
    (await h.call('PUT', '/api/v0/tfa/regen-backup-codes', { tfa_method: 'totp', code: code() })).status,
    404,
  );
  const q = await fetch(`${h.url}/api/v0/tfa/status/?api_key=vastai-demo-key`);
  assert.equal(q.status, 401);
});

test('auth: wrong or missing key → 401 auth_error', async () => {
  for (const headers of [{ Authorization: 'Bearer nope' }, {}] as Record<string, string>[]) {
    const r = await fetch(`${h.url}/api/v0/tfa/status/`, { headers });
    assert.equal(r.status, 401);
    assert.deepEqual(await r.json(), { error: 'auth_error', msg: 'Invalid user key' });
  }
  const q = await fetch(`${h.url}/api/v0/tfa/status/?api_key=other`);
  assert.equal(q.status, 401);
});

test('unknown route → 404 not_found JSON; wrong verb is refused', async () => {
  const r = await h.call('GET', '/api/v0/nothing/');
  assert.equal(r.status, 404);
  assert.equal(r.body.error, 'not_found');
  const v = await h.call('GET', REGEN);
  assert.equal(v.status, 405);
  assert.equal(typeof v.body.msg, 'string');
});

test('sms send, email send, and regen with each; codes replaced by 10 new ones', async () => {
  const s = await h.call('POST', '/api/v0/tfa/sms/', { tfa_method_id: 102 });
  assert.deepEqual(Object.keys(s.body).sort(), ['msg', 'secret']);
  assert.equal(s.body.msg, '2FA Sent');
  const e = await h.call('POST', '/api/v0/tfa/email/', {});
  assert.equal(e.body.success, true);
  assert.equal(e.body.msg, '2FA code sent to your email address.');
  const inbox = await fetchInbox(h.url);
  assert.deepEqual(
    inbox.messages.map((m) => [m.channel, m.to]),
    [
      ['sms', '******4821'],
      ['email', 'demo@example.com'],
    ],
  );
  assert.equal(inbox.messages[0]!.sentAt, T0 / 1000);
  assert.match(inbox.messages[0]!.code, /^\d{6}$/);

  const sms = inbox.messages[0]!;
  const r1 = await h.call('PUT', REGEN, { tfa_method: 'sms', code: sms.code, secret: sms.secret });
  assert.equal(r1.status, 200, JSON.stringify(r1.body));
  assert.equal(r1.body.msg, 'success');
  assert.equal(r1.body.backup_codes.length, 10);
  for (const c of r1.body.backup_codes) assert.match(c, CODE_RE);
  // The SMS challenge is one-time.
  const again = await h.call('PUT', REGEN, { tfa_method: 'sms', code: sms.code, secret: sms.secret });
  assert.equal(again.body.error, 'challenge_not_found');

  const em = inbox.messages[1]!;
  const r2 = await h.call('PUT', REGEN, { tfa_method: 'email', code: em.code, secret: em.secret });
  assert.equal(r2.status, 200);
  assert.equal((await h.call('GET', '/api/v0/tfa/status/')).body.methods[1].last_used, T0 / 1000);
});

test('regen with TOTP: method name, id as string or number, or only a code (primary)', async () => {
  for (const body of [
    { tfa_method: 'totp' },
    { tfa_method_id: '101' },
    { tfa_method_id: 101 },
    {},
    { tfa_method: 'totp', tfa_method_id: 101 },
  ]) {
    h.clock.t += 30_000; // a fresh code each time: a used one is refused for the rest of its window
    const r = await h.call('PUT', REGEN, { ...body, code: code() });
    assert.equal(r.status, 200, `${JSON.stringify(body)} → ${JSON.stringify(r.body)}`);
  }
});

test('TOTP: a code that verified once is refused for the rest of its window (RFC 6238 §5.2), not counted', async () => {
  const c = code();
  assert.equal((await h.call('PUT', REGEN, { tfa_method: 'totp', code: c })).status, 200);
  for (const dt of [0, 5_000, 39_000]) {
    // T0 is 20 s into its step: the code is accepted until +40 s (one step of drift)
    h.clock.t = T0 + dt;
    const again = await h.call('PUT', REGEN, { tfa_method: 'totp', code: c });
    assert.equal(again.status, 400, `at +${dt} ms`);
    assert.equal(again.body.error, '2fa_verification_failed');
    assert.match(again.body.msg, /already used/);
    assert.equal(again.body.fail_count, 0);
  }
  assert.equal((await fetchInbox(h.url)).totpCode, code(), 'the inbox shows a code that still works');
  assert.equal((await h.call('PUT', REGEN, { tfa_method: 'totp', code: code() })).status, 200, 'the next code works');
  assert.equal(
    (await h.call('POST', '/api/v0/tfa/', { tfa_method: 'totp', code: c })).status,
    400,
    'login refuses it too',
  );
});

test('TOTP: ±1 step of drift accepted, ±2 refused', async () => {
  for (const d of [-30_000, 30_000]) {
    assert.equal((await h.call('PUT', REGEN, { tfa_method: 'totp', code: code(d) })).status, 200);
  }
  for (const d of [-60_000, 60_000]) {
    const r = await h.call('PUT', REGEN, { tfa_method: 'totp', code: code(d) });
    assert.equal(r.status, 400);
    assert.equal(r.body.error, '2fa_verification_failed');
  }
});

test('error bodies: missing_auth_value, missing_params, invalid_tfa_method, not_found, bad_request', async () => {
  const cases: [unknown, number, string][] = [
    [{}, 400, 'missing_auth_value'],
    [{ tfa_method: 'totp' }, 400, 'missing_auth_value'],
    [{ tfa_method: 'sms', code: '123456' }, 400, 'missing_params'],
    [{ tfa_method: 'email', code: '123456' }, 400, 'missing_params'],
    [{ tfa_method: 'carrier-pigeon', code: '123456' }, 400, 'invalid_tfa_method'],
    [{ tfa_method_id: 999, code: '123456' }, 404, 'not_found'],
    [{ tfa_method_id: 'abc', code: '123456' }, 400, 'bad_request'],
    [{ code: 123456 }, 400, 'bad_request'],
    [{ tfa_method: 'sms', code: '123456', secret: 'nope' }, 400, 'challenge_not_found'],
    [{ tfa_method: 'totp', tfa_method_id: 102, code: '123456' }, 400, 'bad_request'],
    ['{not json', 400, 'bad_request'],
    ['[1,2]', 400, 'bad_request'],
  ];
  for (const [body, status, error] of cases) {
    const r = await h.call('PUT', REGEN, body);
    assert.equal(r.status, status, JSON.stringify(body));
    assert.equal(r.body.error, error, JSON.stringify(body));
    assert.equal(typeof r.body.msg, 'string');
    assert.ok(r.body.msg.length > 0);
  }
  const big = await h.call('PUT', REGEN, JSON.stringify({ pad: 'x'.repeat(70_000) }));
  assert.equal(big.status, 413);
  assert.equal(big.body.error, 'bad_request');
  // Nothing of that cost the account anything.
  assert.equal((await h.call('GET', '/api/v0/tfa/status/')).body.methods[0].fail_count, 0);
});

test('SMS challenge expires after 10 minutes', async () => {
  const a = await smsFor();
  h.clock.t += 10 * 60_000;
  const ok = await h.call('PUT', REGEN, { tfa_method: 'sms', code: a.code, secret: a.secret });
  assert.equal(ok.status, 200, 'still valid at exactly 10 minutes');
  const b = await smsFor();
  h.clock.t += 10 * 60_000 + 1000;
  const r = await h.call('PUT', REGEN, { tfa_method: 'sms', code: b.code, secret: b.secret });
  assert.equal(r.status, 400);
  assert.equal(r.body.error, '2fa_expired');
});

test('tfa_challenge_exists within 30 s; resend cool-down with retry_after; resend after it', async () => {
  const first = await smsFor();
  h.clock.t += 10_000;
  const dup = await h.call('POST', '/api/v0/tfa/sms/', { tfa_method_id: 102 });
  assert.equal(dup.status, 400);
  assert.equal(dup.body.error, 'tfa_challenge_exists');
  // {} goes to the phone on file, which is the same phone.
  assert.equal((await h.call('POST', '/api/v0/tfa/sms/', {})).body.error, 'tfa_challenge_exists');

  const early = await h.call('POST', '/api/v0/tfa/sms/resend/', { secret: first.secret });
  assert.equal(early.status, 429);
  assert.equal(early.body.error, 'sms_rate_limited');
  assert.equal(early.body.retry_after, 20);
  assert.match(early.body.msg, /20 seconds/);

  h.clock.t += 20_000;
  const re = await h.call('POST', '/api/v0/tfa/sms/resend/', { secret: first.secret });
  assert.equal(re.status, 200);
  assert.equal(re.body.secret, first.secret);
  const inbox = await fetchInbox(h.url);
  assert.equal(inbox.messages.length, 2);
  const newCode = inbox.messages[1]!.code;
  if (newCode !== first.code) {
    const old = await h.call('PUT', REGEN, { tfa_method: 'sms', code: first.code, secret: first.secret });
    assert.equal(old.body.error, '2fa_verification_failed', 'the resent code replaces the old one');
  }
  const ok = await h.call('PUT', REGEN, { tfa_method: 'sms', code: newCode, secret: first.secret });
  assert.equal(ok.status, 200);

  // Resend with no secret: a new secret. Unknown secret: challenge_not_found.
  h.clock.t += 30_000;
  const fresh = await h.call('POST', '/api/v0/tfa/sms/resend/', { tfa_method_id: 102 });
  assert.equal(fresh.status, 200);
  assert.notEqual(fresh.body.secret, first.secret);
  assert.equal((await h.call('POST', '/api/v0/tfa/sms/resend/', { secret: 'zzz' })).body.error, 'challenge_not_found');
  // SMS to a TOTP method, or to someone else's method.
  assert.equal((await h.call('POST', '/api/v0/tfa/sms/', { tfa_method_id: 101 })).body.error, 'invalid_tfa_method');
  assert.equal((await h.call('POST', '/api/v0/tfa/sms/', { tfa_method_id: 7 })).status, 404);
});

test('SMS lock after 3 wrong codes; other methods still work; unlock after 15 min', async () => {
  const c = await smsFor();
  const bad = { tfa_method: 'sms', code: wrong(c.code), secret: c.secret };
  const r1 = await h.call('PUT', REGEN, bad);
  assert.deepEqual(
    [r1.status, r1.body.error, r1.body.fail_count, r1.body.locked_until],
    [400, '2fa_verification_failed', 1, null],
  );
  const r2 = await h.call('PUT', REGEN, bad);
  assert.equal(r2.body.fail_count, 2);
  const r3 = await h.call('PUT', REGEN, bad);
  const until = T0 / 1000 + 15 * 60;
  assert.deepEqual([r3.status, r3.body.fail_count, r3.body.locked_until], [400, 3, until]);
  // Even the right code is refused now.
  const r4 = await h.call('PUT', REGEN, { ...bad, code: c.code });
  assert.deepEqual([r4.status, r4.body.error, r4.body.fail_count, r4.body.locked_until], [429, 'tfa_locked', 3, until]);
  const st = await h.call('GET', '/api/v0/tfa/status/');
  assert.deepEqual([st.body.methods[1].fail_count, st.body.methods[1].locked_until], [3, until]);
  // TOTP and backup codes are unaffected.
  assert.equal((await h.call('PUT', REGEN, { tfa_method: 'totp', code: code() })).status, 200);
  const [bc] = (await fetchInbox(h.url)).backupCodes;
  assert.equal((await h.call('PUT', REGEN, { backup_code: bc })).status, 200);
  // 15 minutes later the lock is gone and the count reset.
  h.clock.t += 15 * 60_000;
  const st2 = await h.call('GET', '/api/v0/tfa/status/');
  assert.deepEqual([st2.body.methods[1].fail_count, st2.body.methods[1].locked_until], [0, null]);
  const fresh = await smsFor();
  assert.equal((await h.call('PUT', REGEN, { tfa_method: 'sms', code: fresh.code, secret: fresh.secret })).status, 200);
});

test('TOTP lock after 5 wrong codes; a success before that resets fail_count', async () => {
  const bad = () => ({ tfa_method: 'totp', code: wrong(code()) });
  for (let i = 1; i <= 4; i++) assert.equal((await h.call('PUT', REGEN, bad())).body.fail_count, i);
  assert.equal((await h.call('PUT', REGEN, { tfa_method: 'totp', code: code() })).status, 200);
  assert.equal((await h.call('GET', '/api/v0/tfa/status/')).body.methods[0].fail_count, 0);
  for (let i = 1; i <= 4; i++) await h.call('PUT', REGEN, bad());
  const r5 = await h.call('PUT', REGEN, bad());
  assert.deepEqual([r5.status, r5.body.fail_count, r5.body.locked_until], [400, 5, T0 / 1000 + 900]);
  const r6 = await h.call('PUT', REGEN, { tfa_method: 'totp', code: code() });
  assert.deepEqual([r6.status, r6.body.error, r6.body.locked_until], [429, 'tfa_locked', T0 / 1000 + 900]);
  const s = await smsFor();
  assert.equal(
    (await h.call('PUT', REGEN, { tfa_method: 'sms', code: s.code, secret: s.secret })).status,
    200,
    'SMS still works',
  );
  h.clock.t += 15 * 60_000;
  assert.equal((await h.call('PUT', REGEN, { tfa_method: 'totp', code: code() })).status, 200);
});

test('email locks after 5 wrong codes (demo choice)', async () => {
  const e = await h.call('POST', '/api/v0/tfa/email/', {});
  const m = (await fetchInbox(h.url)).messages[0]!;
  const bad = { tfa_method: 'email', code: wrong(m.code), secret: e.body.secret };
  for (let i = 1; i <= 4; i++) assert.equal((await h.call('PUT', REGEN, bad)).body.locked_until, null);
  assert.equal((await h.call('PUT', REGEN, bad)).body.locked_until, T0 / 1000 + 900);
  assert.equal((await h.call('PUT', REGEN, { ...bad, code: m.code })).body.error, 'tfa_locked');
});

test('backup codes: one-time, and a regeneration kills the whole old set', async () => {
  const before = (await fetchInbox(h.url)).backupCodes;
  assert.equal(before.length, 3);
  for (const c of before) assert.match(c, CODE_RE);
  const r = await h.call('PUT', REGEN, { backup_code: before[0] });
  assert.equal(r.status, 200);
  const fresh: string[] = r.body.backup_codes;
  assert.deepEqual((await fetchInbox(h.url)).backupCodes, fresh);
  for (const old of before) {
    const x = await h.call('PUT', REGEN, { backup_code: old });
    assert.deepEqual([x.status, x.body.error], [401, 'invalid_backup_code'], old);
  }
  assert.equal((await h.call('GET', '/api/v0/tfa/status/')).body.backup_codes_remaining, 10);
  // A code from the new set, used to authorize, is consumed — then replaced by another set of 10.
  const r2 = await h.call('PUT', REGEN, { backup_code: fresh[3]!.toLowerCase() });
  assert.equal(r2.status, 200);
  assert.equal((await h.call('PUT', REGEN, { backup_code: fresh[3] })).body.error, 'invalid_backup_code');
  assert.equal((await h.call('PUT', REGEN, { backup_code: fresh[0], code: code() })).body.error, 'bad_request');
});

test('legacy account: SMS to the phone on file migrates it to an SMS method', async () => {
  await demoControl(h.url).account({ tfa_enabled: true, methods: [], backup_codes: [] });
  const st = await h.call('GET', '/api/v0/tfa/status/');
  assert.deepEqual([st.body.tfa_enabled, st.body.methods, st.body.backup_codes_remaining], [true, [], 0]);
  assert.equal((await h.call('PUT', REGEN, { code: '123456' })).body.error, 'missing_params');
  const s = await smsFor({});
  const r = await h.call('PUT', REGEN, { tfa_method: 'sms', code: s.code, secret: s.secret });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.backup_codes.length, 10);
  const after = await h.call('GET', '/api/v0/tfa/status/');
  assert.equal(after.body.methods.length, 1);
  assert.deepEqual(
    [after.body.methods[0].method, after.body.methods[0].phone_number, after.body.methods[0].is_primary],
    ['sms', '******4821', true],
  );
  assert.equal(after.body.backup_codes_remaining, 10);
});

test('legacy account: email verification migrates too', async () => {
  await demoControl(h.url).account({ tfa_enabled: true, methods: [], phone_on_file: '******0007' });
  const e = await h.call('POST', '/api/v0/tfa/email/', {});
  const m = (await fetchInbox(h.url)).messages[0]!;
  assert.equal((await h.call('PUT', REGEN, { code: m.code, secret: e.body.secret })).status, 200);
  assert.equal((await h.call('GET', '/api/v0/tfa/status/')).body.methods[0].phone_number, '******0007');
});

test('account without 2FA: regeneration is refused', async () => {
  await demoControl(h.url).account({ tfa_enabled: false });
  const st = await h.call('GET', '/api/v0/tfa/status/');
  assert.equal(st.body.tfa_enabled, false);
  const r = await h.call('PUT', REGEN, { tfa_method: 'totp', code: code() });
  assert.deepEqual([r.status, r.body.error, r.body.msg], [400, 'bad_request', '2FA is not enabled']);
  // A bad account spec is refused.
  await assert.rejects(demoControl(h.url).account({ tfa_enabled: 'yes' as unknown as boolean }), /400/);
});

test('custom account: methods filled with defaults, given codes usable', async () => {
  await demoControl(h.url).account({
    tfa_enabled: true,
    methods: [
      { id: 5, method: 'sms', label: 'Home', phone_number: '******1111', is_primary: true },
      { id: 6, method: 'totp' },
    ],
    backup_codes: ['AAAA-BBBB-CCCC'],
  });
  const st = await h.call('GET', '/api/v0/tfa/status/');
  assert.deepEqual(
    st.body.methods.map((m: any) => [m.id, m.method, m.phone_number, m.fail_count, m.locked_until]),
    [
      [5, 'sms', '******1111', 0, null],
      [6, 'totp', null, 0, null],
    ],
  );
  assert.equal((await h.call('PUT', REGEN, { tfa_method_id: '6', code: code() })).status, 200);
  await demoControl(h.url).account({ tfa_enabled: true, methods: [], backup_codes: ['AAAA-BBBB-CCCC'] });
  assert.equal((await h.call('PUT', REGEN, { backup_code: 'AAAA-BBBB-CCCC' })).status, 200);
});

test('Python SDK paths: tfa/test/ sends an SMS, tfa/resend/ resends; a backup code with tfa_method works', async () => {
  const s = await h.call('POST', '/api/v0/tfa/test/', {});
  assert.equal(s.status, 200, JSON.stringify(s.body));
  assert.equal((await fetchInbox(h.url)).messages.at(-1)!.channel, 'sms');
  h.clock.t += 31_000;
  const r = await h.call('POST', '/api/v0/tfa/resend/', { secret: s.body.secret });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal((await fetchInbox(h.url)).messages.filter((m) => m.channel === 'sms').length, 2);
  // The SDK always names a method, also next to a backup code.
  const backup = (await fetchInbox(h.url)).backupCodes[0]!;
  const regen = await h.call('PUT', REGEN, { tfa_method: 'totp', backup_code: backup });
  assert.equal(regen.status, 200, JSON.stringify(regen.body));
});

test('POST tfa/ (vastai tfa login): a session key that works as an API key, with backup_codes_remaining', async () => {
  const r = await h.call('POST', '/api/v0/tfa/', { tfa_method: 'totp', code: code() });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(typeof r.body.msg, 'string');
  assert.equal(r.body.backup_codes_remaining, 3);
  const key = r.body.session_key as string;
  assert.match(key, /^sess-/);
  const st = await h.call('GET', '/api/v0/tfa/status/', undefined, { Authorization: `Bearer ${key}` });
  assert.equal(st.status, 200);
  const [bc] = (await fetchInbox(h.url)).backupCodes;
  const b = await h.call('POST', '/api/v0/tfa/', { backup_code: bc }, { Authorization: `Bearer ${key}` });
  assert.equal(b.status, 200);
  assert.equal(b.body.backup_codes_remaining, 2, 'a backup code used to log in is used up');
  const wrongCode = await h.call('POST', '/api/v0/tfa/', { tfa_method: 'totp', code: wrong(code(30_000)) });
  assert.equal(wrongCode.body.error, '2fa_verification_failed');
});

test('session keys expire: after session_ttl_s, and with expire_all; then 404 "Session expired"', async () => {
  const login = async () =>
    (await h.call('POST', '/api/v0/tfa/', { backup_code: (await fetchInbox(h.url)).backupCodes[0] })).body
      .session_key as string;
  const status = (key: string) => h.call('GET', '/api/v0/tfa/status/', undefined, { Authorization: `Bearer ${key}` });
  await demoControl(h.url).sessions({ session_ttl_s: 60 });
  const k1 = await login();
  h.clock.t += 59_000;
  assert.equal((await status(k1)).status, 200);
  h.clock.t += 2_000;
  const gone = await status(k1);
  assert.equal(gone.status, 404);
  assert.deepEqual(gone.body, { msg: 'Session expired. Please log in again.' });
  const k2 = await login();
  assert.equal((await status(k2)).status, 200);
  await demoControl(h.url).sessions({ expire_all: true });
  assert.equal((await status(k2)).status, 404);
  assert.equal((await status('sess-made-up')).status, 401, 'a key that never was a session is just wrong');
  await demoControl(h.url).reset();
  assert.equal((await status(k2)).status, 404);
});
