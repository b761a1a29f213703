import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { harness, T0, type Harness } from './harness.js';
import { fetchInbox, demoControl } from '../../src/demo/inbox.js';
import { startDemoServer } from '../../src/demo/server.js';
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
const STATUS = '/api/v0/tfa/status/';

test('fail: answers the status `times` times, then the route works again', async () => {
  await demoControl(h.url).faults({ fail: [{ route: 'status', status: 503, times: 2 }] });
  for (let i = 0; i < 2; i++) {
    const r = await h.call('GET', STATUS);
    assert.equal(r.status, 503);
    assert.equal(r.body.error, 'service_unavailable');
    assert.equal(typeof r.body.msg, 'string');
    assert.equal(r.headers.get('retry-after'), null);
  }
  assert.equal((await h.call('GET', STATUS)).status, 200);
});

test('fail: other routes untouched; retry_after header; custom body; other statuses', async () => {
  await demoControl(h.url).faults({
    fail: [
      { route: 'regen', status: 503, retry_after: 7 },
      { route: 'sms', status: 429, body: { error: 'twilio_rate_limited', msg: 'slow down' } },
      { route: 'email', status: 502 },
    ],
  });
  assert.equal((await h.call('GET', STATUS)).status, 200);
  const r = await h.call('PUT', REGEN, {});
  assert.deepEqual([r.status, r.body.error, r.headers.get('retry-after')], [503, 'service_unavailable', '7']);
  const s = await h.call('POST', '/api/v0/tfa/sms/', {});
  assert.deepEqual([s.status, s.body], [429, { error: 'twilio_rate_limited', msg: 'slow down' }]);
  const e = await h.call('POST', '/api/v0/tfa/email/', {});
  assert.equal(e.status, 502);
  assert.equal(typeof e.body.error, 'string');
  // Nothing was sent while failing.
  assert.equal((await fetchInbox(h.url)).messages.length, 0);
});

test('fail: raw non-JSON body', async () => {
  await demoControl(h.url).faults({ fail: [{ route: 'status', status: 502, raw: '<html>Bad Gateway</html>' }] });
  const res = await fetch(h.url + STATUS, { headers: { Authorization: 'Bearer vastai-demo-key' } });
  assert.equal(res.status, 502);
  assert.equal(await res.text(), '<html>Bad Gateway</html>');
  assert.doesNotMatch(res.headers.get('content-type') ?? '', /json/);
});

test('drop_after_apply: the change happens, the client sees a socket error', async () => {
  const before = (await fetchInbox(h.url)).backupCodes;
  await demoControl(h.url).faults({ drop_after_apply: ['regen'] });
  // A refused request is answered normally and does not use the drop up.
  const refused = await h.call('PUT', REGEN, { tfa_method: 'totp' });
  assert.equal(refused.body.error, 'missing_auth_value');
  await assert.rejects(
    fetch(h.url + REGEN, {
      method: 'PUT',
      headers: { Authorization: 'Bearer vastai-demo-key', 'Content-Type': 'application/json' },
      body: JSON.stringify({ backup_code: before[0] }),
    }),
    TypeError,
  );
  const after = await fetchInbox(h.url);
  assert.equal(after.backupCodes.length, 10, 'the regeneration was applied');
  assert.ok(after.backupCodes.every((c) => !before.includes(c)));
  const st = await h.call('GET', STATUS);
  assert.equal(st.body.backup_codes_remaining, 10);
  // Used once; the next regeneration is answered.
  const next = await h.call('PUT', REGEN, { tfa_method: 'totp', code: totp(DEMO_TOTP_SECRET, h.clock.t) });
  assert.equal(next.status, 200);
});

test('latency delays API answers, not the control endpoints', async () => {
  // A server of its own, so the held API call ends with it and leaves nothing pending behind.
  const s = await startDemoServer();
  try {
    await demoControl(s.url).faults({ latency_ms: 60_000 });
    let settled = false;
    const slow = fetch(s.url + STATUS, { headers: { Authorization: 'Bearer vastai-demo-key' } });
    void slow.then(
      () => {
        settled = true;
      },
      () => {
        settled = true;
      },
    );
    const inbox = await fetchInbox(s.url);
    assert.equal(inbox.backupCodes.length, 3, 'the inbox answered');
    assert.equal(settled, false, 'while the API call is still held');
    await s.close();
    await assert.rejects(slow, 'the API call got no answer before the server went away');
  } finally {
    await s.close();
  }
});

test('bad fault specs are refused', async () => {
  await assert.rejects(demoControl(h.url).faults({ fail: [{ route: 'nope' as 'sms' }] }), /400/);
  await assert.rejects(demoControl(h.url).faults({ latency_ms: -1 }), /400/);
  await assert.rejects(demoControl(h.url).faults({ drop_after_apply: ['x' as 'regen'] }), /400/);
  const res = await fetch(h.url + '/__demo/nothing');
  assert.equal(res.status, 404);
});

test('reset restores the account, clears messages and faults', async () => {
  await demoControl(h.url).account({ tfa_enabled: false });
  await h.call('POST', '/api/v0/tfa/email/', {});
  await demoControl(h.url).faults({ fail: [{ route: 'status', times: 5 }] });
  await demoControl(h.url).reset();
  const st = await h.call('GET', STATUS);
  assert.equal(st.status, 200);
  assert.equal(st.body.tfa_enabled, true);
  assert.equal(st.body.methods.length, 2);
  const inbox = await fetchInbox(h.url);
  assert.deepEqual(inbox.messages, []);
  assert.equal(inbox.backupCodes.length, 3);
});

test('inbox: totp_code follows the clock', async () => {
  assert.equal((await fetchInbox(h.url)).totpCode, totp(DEMO_TOTP_SECRET, T0));
  h.clock.t += 90_000;
  assert.equal((await fetchInbox(h.url)).totpCode, totp(DEMO_TOTP_SECRET, T0 + 90_000));
  const raw = await (await fetch(h.url + '/__demo/inbox')).json();
  assert.deepEqual(Object.keys(raw).sort(), ['backup_codes', 'messages', 'totp_code']);
});

test('close() ends open and pending connections promptly', async () => {
  const s = await startDemoServer();
  await demoControl(s.url).faults({ latency_ms: 60_000 });
  const pending = fetch(s.url + STATUS, { headers: { Authorization: 'Bearer vastai-demo-key' } });
  // Wait until the request is in the server (the inbox answers on another connection meanwhile).
  await fetchInbox(s.url);
  await s.close();
  await assert.rejects(pending);
  await assert.rejects(fetch(s.url + '/__demo/inbox'));
});
