/**
 * A regenerate request that provably never left this machine (no connection, no TLS session) says
 * that nothing changed: it is not an "outcome unknown". Loopback only: a plain-http stub reached
 * with https://, a server with a self-signed certificate, a closed port.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createClient } from '../../src/api/client.js';
import { isApiError, type ApiError } from '../../src/api/errors.js';
import { stubServer } from '../helpers/stub-server.js';
import { errorText } from '../../src/flow/messages.js';

/** A throw-away self-signed certificate for CN=localhost (EC P-256, made for this test only). */
const KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQguygTmADFL6pw4kZV
9j1ja4rhNu75uzaAtS1tcmwwII6hRANCAARoeZd2sHTmD6SyvSyl7NHwy2bfK28f
PvGvwsByc0F+tY5YEyyWaxzT0EuQcySocFkbYTaFHF5E8riWOdFezSMC
-----END PRIVATE KEY-----`;
const CERT = `-----BEGIN CERTIFICATE-----
MIIBfjCCASWgAwIBAgIUU7TrQWeIo5Vrz3GZ8LWZnKZTaP0wCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTEyODAwNTUxMloYDzIxMjYxMTA0
MDA1NTEyWjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAARoeZd2sHTmD6SyvSyl7NHwy2bfK28fPvGvwsByc0F+tY5YEyyWaxzT
0EuQcySocFkbYTaFHF5E8riWOdFezSMCo1MwUTAdBgNVHQ4EFgQUgLhTRgYmn4oF
+P7gP7D+UVreyvMwHwYDVR0jBBgwFoAUgLhTRgYmn4oF+P7gP7D+UVreyvMwDwYD
VR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNHADBEAiA18Oe0RKvF3CuLHhJmzi7Y
dABItlUelr5vD9HYsx7ccAIgCmTIaL993Wyy5KYlUe3Q/b3CqWlR2mEEbgo3GPCj
SaU=
-----END CERTIFICATE-----`;

async function regenFails(baseUrl: string): Promise<ApiError> {
  const api = createClient({ baseUrl, key: { key: 'k'.repeat(20), from: 'flag' }, retry: 1 });
  try {
    await api.regenerate({ kind: 'code', methodType: 'totp', code: '123456' });
  } catch (e) {
    assert.ok(isApiError(e), String(e));
    return e;
  }
  throw new Error('the regenerate call succeeded');
}

function assertNothingChanged(e: ApiError): void {
  assert.equal(e.outcomeUnknown, false, errorText(e).title);
  assert.match(errorText(e).title, /The request never left this computer: nothing was changed on your account\.$/);
  assert.doesNotMatch(errorText(e).title, /may already have replaced/);
}

test('https:// to a plain-http port (no TLS session): nothing changed, not unknown', async () => {
  const s = await stubServer([{ status: 200, json: { msg: 'success', backup_codes: ['AAAA-BBBB-CCCC'] } }]);
  try {
    assertNothingChanged(await regenFails(s.url.replace('http:', 'https:')));
    assert.equal(s.seen.length, 0, 'the stub never got a request');
    assert.equal(s.remaining(), 1, 'its answer was never asked for');
  } finally {
    await s.close();
  }
});

test('a self-signed certificate: nothing changed, not unknown, and the server saw no request', async () => {
  let requests = 0;
  const server = createServer({ key: KEY, cert: CERT }, (_q, r) => {
    requests++;
    r.end('{}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const e = await regenFails(`https://127.0.0.1:${(server.address() as AddressInfo).port}`);
    assertNothingChanged(e);
    assert.match(errorText(e).title, /SELF_SIGNED|self-signed/i);
    assert.equal(requests, 0);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
});

test('a refused connection: nothing changed, not unknown', async () => {
  const s = await stubServer([]);
  const url = s.url;
  await s.close();
  assertNothingChanged(await regenFails(url));
});
