/**
 * The client through a real forward proxy on loopback (a CONNECT tunnel to the plain-http demo API;
 * https inside the tunnel is tested with the built CLI in test/e2e/proxy.test.ts): credentials sent, a 407 is
 * "proxy authentication failed", an unreachable proxy means nothing left, --explain names the
 * proxy without its credentials, and an answer lost after the proxy forwarded the change is
 * still an unknown outcome.
 */
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from '../../src/api/client.js';
import { isApiError, type ApiError } from '../../src/api/errors.js';
import { proxyFor } from '../../src/api/proxy.js';
import { errorText } from '../../src/flow/messages.js';
import { startDemoServer, type DemoServer } from '../../src/demo/server.js';
import { closedPort, startProxy, type LabProxy } from '../helpers/proxy-lab.js';
import { apiCall, forgetUsedTotp, goodTotp } from '../helpers/demo-api.js';
import { demoControl, fetchInbox } from '../../src/demo/inbox.js';

const USER = 'ann';
const PASSWORD = 'pr0xy-s3cret-word';
let demo: DemoServer;
let proxy: LabProxy;

before(async () => {
  demo = await startDemoServer();
  proxy = await startProxy({ user: USER, password: PASSWORD });
});
after(async () => {
  await proxy.close();
  await demo.close();
});
beforeEach(async () => {
  await demoControl(demo.url).reset();
  forgetUsedTotp();
  proxy.seen.length = 0;
});

function client(proxyUrl: string, explain?: string[]) {
  const p = proxyFor(demo.url, { HTTP_PROXY: proxyUrl });
  assert.ok(p, 'HTTP_PROXY applies to the demo URL');
  return createClient({
    baseUrl: demo.url,
    key: { key: demo.apiKey, from: 'flag' },
    retry: 2,
    backoffMs: 1,
    proxy: p,
    explain: explain ? (l) => explain.push(l) : undefined,
  });
}

async function failure(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    assert.ok(isApiError(e), String(e));
    return e;
  }
  throw new Error('the call succeeded');
}

function withAuth(url: string, password = PASSWORD): string {
  return url.replace('http://', `http://${USER}:${password}@`);
}

test('the codes are regenerated through the proxy, which saw every request; --explain names it, masked', async () => {
  const trace: string[] = [];
  const api = client(withAuth(proxy.url), trace);
  const status = await api.status();
  assert.equal(status.tfaEnabled, true);
  const r = await api.regenerate({ kind: 'code', methodType: 'totp', code: goodTotp() });
  assert.equal(r.backupCodes.length, 10);
  // One tunnel for the status, a new one for the change (never a pooled connection).
  const target = `CONNECT ${new URL(demo.url).host}`;
  assert.deepEqual(proxy.seen, [target, target]);
  const text = trace.join('\n');
  assert.match(
    text,
    new RegExp(`through the proxy http://\\*\\*\\*:\\*\\*\\*@127\\.0\\.0\\.1:${proxy.port}, from HTTP_PROXY`),
  );
  assert.doesNotMatch(text, new RegExp(PASSWORD));
  assert.doesNotMatch(text, new RegExp(`${USER}:`));
});

test('wrong proxy credentials: "proxy authentication failed", asked once, nothing changed', async () => {
  const before = (await apiCall(demo.url, 'GET', 'tfa/status/')).body.backup_codes_remaining;
  const e = await failure(
    client(withAuth(proxy.url, 'wrong')).regenerate({ kind: 'code', methodType: 'totp', code: goodTotp() }),
  );
  assert.equal(e.code, 'proxy_auth_failed');
  assert.equal(e.outcomeUnknown, false);
  assert.match(errorText(e).title, /^Proxy authentication failed/);
  assert.match(errorText(e).title, /The request never left this computer: nothing was changed/);
  assert.doesNotMatch(errorText(e).title, /wrong/);
  assert.equal(proxy.refused, 1, 'a refused login is not retried');
  assert.equal((await apiCall(demo.url, 'GET', 'tfa/status/')).body.backup_codes_remaining, before);
});

test('an unreachable proxy: the request never left (no direct try instead), the proxy named, masked', async () => {
  const port = await closedPort();
  const e = await failure(
    client(withAuth(`http://127.0.0.1:${port}`)).regenerate({ kind: 'code', methodType: 'totp', code: goodTotp() }),
  );
  assert.equal(e.code, 'proxy_unreachable');
  assert.equal(e.outcomeUnknown, false);
  const title = errorText(e).title;
  assert.match(title, new RegExp(`Could not reach the proxy http://\\*\\*\\*:\\*\\*\\*@127\\.0\\.0\\.1:${port}`));
  assert.match(title, /never left this computer/);
  assert.doesNotMatch(title, new RegExp(PASSWORD));
  assert.equal((await fetchInbox(demo.url)).backupCodes.length, 3, 'the account was not changed');
});

test('the proxy forwarded the change, the answer was lost: outcome unknown, never "nothing changed"', async () => {
  await demoControl(demo.url).faults({ drop_after_apply: ['regen'] });
  const e = await failure(
    client(withAuth(proxy.url)).regenerate({ kind: 'code', methodType: 'totp', code: goodTotp() }),
  );
  assert.equal(e.outcomeUnknown, true, errorText(e).title);
  assert.doesNotMatch(errorText(e).title, /nothing was changed/);
});
