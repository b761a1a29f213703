/**
 * The built CLI as people run it behind a proxy: HTTPS_PROXY with credentials, https through a
 * CONNECT tunnel to an API whose certificate comes from a test certificate authority
 * (NODE_EXTRA_CA_CERTS), NO_PROXY, a 407, an unreachable proxy, and a change whose answer is lost
 * inside the tunnel. All on loopback.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { ensureBuild, runCli, tempDir, codesIn } from '../helpers/pipe-run.js';
import { startDemoServer, type DemoServer } from '../../src/demo/server.js';
import {
  closedPort,
  startProxy,
  startTlsFront,
  writeTestCa,
  type LabProxy,
  type TlsFront,
} from '../helpers/proxy-lab.js';
import { forgetUsedTotp, goodTotp } from '../helpers/demo-api.js';
import { demoControl, fetchInbox } from '../../src/demo/inbox.js';

const USER = 'proxyuser';
const PASSWORD = 'Pr0xy-Passw0rd-42';

describe('behind a proxy (dist/cli.js)', () => {
  let demo: DemoServer;
  let front: TlsFront;
  let proxy: LabProxy;
  let home: string;
  let ca: string;

  before(async () => {
    ensureBuild();
    demo = await startDemoServer();
    front = await startTlsFront(demo.url);
    proxy = await startProxy({ user: USER, password: PASSWORD });
    home = tempDir('vrc-proxy-');
    ca = writeTestCa(home);
  });
  after(async () => {
    await proxy.close();
    await front.close();
    await demo.close();
    await rm(home, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await demoControl(demo.url).reset();
    forgetUsedTotp();
    proxy.seen.length = 0;
  });

  const withAuth = (url: string, password = PASSWORD) => url.replace('http://', `http://${USER}:${password}@`);
  const run = (env: Record<string, string>, extra: string[] = []) =>
    runCli(
      ['--url', front.url, '--api-key', demo.apiKey, '-c', goodTotp(), '--yes', '--raw', '--stdout-only', ...extra],
      {
        home,
        env: { NODE_EXTRA_CA_CERTS: ca, ...env },
      },
    );

  test('https through the proxy (CONNECT, credentials): new codes; --explain names the proxy, masked', async () => {
    const r = await run({ HTTPS_PROXY: withAuth(proxy.url) }, ['--explain']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(codesIn(r.stdout).length, 10);
    const target = `CONNECT localhost:${new URL(front.url).port}`;
    assert.ok(proxy.seen.length >= 1);
    assert.deepEqual(new Set(proxy.seen), new Set([target]), 'every request went through the proxy');
    assert.match(
      r.stderr,
      new RegExp(`through the proxy http://\\*\\*\\*:\\*\\*\\*@127\\.0\\.0\\.1:${proxy.port}, from HTTPS_PROXY`),
    );
    assert.doesNotMatch(r.stdout + r.stderr, new RegExp(PASSWORD));
  });

  test('lower-case https_proxy works the same; ALL_PROXY too', async () => {
    for (const name of ['https_proxy', 'ALL_PROXY']) {
      proxy.seen.length = 0;
      const r = await run({ [name]: withAuth(proxy.url) });
      assert.equal(r.status, 0, `${name}: ${r.stderr}`);
      assert.ok(proxy.seen.length >= 1, name);
    }
  });

  test('NO_PROXY naming the host: straight to the API, the proxy sees nothing', async () => {
    const r = await run({ HTTPS_PROXY: withAuth(proxy.url), NO_PROXY: 'example.test,localhost' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(proxy.seen, []);
  });

  test('wrong proxy credentials: "Proxy authentication failed", nothing changed, exit 1', async () => {
    const r = await run({ HTTPS_PROXY: withAuth(proxy.url, 'wrong-password') });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /Proxy authentication failed/);
    assert.doesNotMatch(r.stderr, /wrong-password/);
    assert.equal((await fetchInbox(demo.url)).backupCodes.length, 3, 'the old codes still work');
  });

  test('an unreachable proxy: never a direct connection; the request never left', async () => {
    const before = front.requests();
    const r = await run({ HTTPS_PROXY: withAuth(`http://127.0.0.1:${await closedPort()}`) });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /Could not reach the proxy http:\/\/\*\*\*:\*\*\*@127\.0\.0\.1:\d+/);
    assert.match(r.stderr, /never left this computer/);
    assert.equal(front.requests(), before, 'nothing went to the API directly');
  });

  test('the answer to the change is lost inside the tunnel: outcome unknown, never "nothing changed"', async () => {
    await demoControl(demo.url).faults({ drop_after_apply: ['regen'] });
    const r = await run({ HTTPS_PROXY: withAuth(proxy.url) });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /may already have replaced/);
    assert.doesNotMatch(r.stderr, /nothing was changed/);
  });

  test('an untrusted API certificate (no test authority given): refused inside the tunnel, nothing left', async () => {
    const before = front.requests();
    const r = await run({ HTTPS_PROXY: withAuth(proxy.url), NODE_EXTRA_CA_CERTS: '/nonexistent-ca.pem' });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /never left this computer: nothing was changed/);
    assert.equal(front.requests(), before);
    assert.equal((await fetchInbox(demo.url)).backupCodes.length, 3);
  });

  test('a socks proxy is a usage error (exit 2) before any request', async () => {
    const r = await run({ HTTPS_PROXY: `socks5://${USER}:${PASSWORD}@127.0.0.1:1080` });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /socks5 proxies are not supported/);
    assert.doesNotMatch(r.stderr, new RegExp(PASSWORD));
  });
});
