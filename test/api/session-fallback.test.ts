/**
 * The client's switch from an expired 2FA session key (vast_tfa_key) to vast_api_key, against the
 * demo API's real sessions: POST tfa/ logs in, the key expires (its time runs out, or every
 * session is ended), and the next call answers 404 "Session expired. Please log in again.".
 */
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from '../../src/api/client.js';
import { ApiError } from '../../src/api/errors.js';
import { DEMO_TOTP_SECRET, totp } from '../../src/demo/totp.js';
import { demoControl } from '../../src/demo/inbox.js';
import { harness, T0, type Harness } from '../demo/harness.js';
import { errorText } from '../../src/flow/messages.js';

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

async function login(): Promise<string> {
  const r = await h.call('POST', '/api/v0/tfa/', { tfa_method: 'totp', code: totp(DEMO_TOTP_SECRET, h.clock.t) });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.session_key as string;
}

function client(session: string, withFallback: boolean, notices: string[], trace: string[] = []) {
  return createClient({
    baseUrl: h.url,
    key: { key: session, from: 'tfa_key_file', path: '/cfg/vast_tfa_key' },
    fallbackKey: withFallback ? { key: 'vastai-demo-key', from: 'api_key_file', path: '/cfg/vast_api_key' } : null,
    notice: (m) => notices.push(m),
    explain: (l) => trace.push(l),
    retry: 1,
  });
}

test('a live session key is used as it is', async () => {
  const notices: string[] = [];
  const api = client(await login(), true, notices);
  assert.equal((await api.status()).tfaEnabled, true);
  assert.deepEqual(notices, []);
});

test('a session whose time ran out: the client switches to vast_api_key, says so, and the call succeeds', async () => {
  await demoControl(h.url).sessions({ session_ttl_s: 60 });
  const notices: string[] = [];
  const trace: string[] = [];
  const api = client(await login(), true, notices, trace);
  h.clock.t += 61_000;
  const st = await api.status();
  assert.equal(st.backupCodesRemaining, 3);
  assert.equal(notices.length, 1);
  assert.match(notices[0]!, /vast_tfa_key\) has expired; using vast_api_key instead.*vastai tfa login/);
  const calls = trace.filter((l) => /^[→←]/.test(l));
  assert.match(calls[1]!, /^← 404 .*Session expired/);
  assert.match(trace.join('\n'), /Bearer \[the key from the file \/cfg\/vast_api_key\]/);
  assert.match(calls.at(-1)!, /^← 200 /);
  // Later calls keep the plain key, with no second notice.
  await api.status();
  assert.equal(notices.length, 1);
});

test('every session ended (expire_all) and no vast_api_key: "log in again", exit as an API failure', async () => {
  const notices: string[] = [];
  const api = client(await login(), false, notices);
  await demoControl(h.url).sessions({ expire_all: true });
  await assert.rejects(api.status(), (e: unknown) => {
    assert.ok(e instanceof ApiError);
    assert.equal(e.code, 'session_expired');
    assert.match(errorText(e).hint, /vastai tfa login/);
    return true;
  });
  assert.deepEqual(notices, []);
});
