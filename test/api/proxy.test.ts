/**
 * Which proxy a request goes through, as Python requests decides it (the official CLI's library):
 * the variables, their precedence, NO_PROXY matching, credentials never shown.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bypassesProxy, maskProxy, proxyFor, proxySecrets, ProxyConfigError } from '../../src/api/proxy.js';

const P = 'http://proxy.test:3128';

test('https uses HTTPS_PROXY, else ALL_PROXY; http uses HTTP_PROXY, else ALL_PROXY', () => {
  const env = { HTTPS_PROXY: 'http://s.test:1', HTTP_PROXY: 'http://h.test:2', ALL_PROXY: 'http://a.test:3' };
  assert.equal(proxyFor('https://console.vast.ai', env)?.url.host, 's.test:1');
  assert.equal(proxyFor('http://example.test', env)?.url.host, 'h.test:2');
  assert.equal(proxyFor('https://console.vast.ai', { ALL_PROXY: P })?.from, 'ALL_PROXY');
  assert.equal(proxyFor('https://console.vast.ai', { HTTP_PROXY: P }), null, 'HTTP_PROXY is not for https');
  assert.equal(proxyFor('https://console.vast.ai', {}), null);
});

test('a lower-case variable wins over the upper-case one; an empty lower-case one turns it off', () => {
  assert.equal(proxyFor('https://x.test', { https_proxy: 'http://low.test:1', HTTPS_PROXY: P })?.from, 'https_proxy');
  assert.equal(proxyFor('https://x.test', { https_proxy: '', HTTPS_PROXY: P }), null);
  assert.equal(proxyFor('https://x.test', { all_proxy: 'http://low.test:1' })?.url.host, 'low.test:1');
});

test('a value without a scheme is http://; socks and nonsense are usage errors that never show the password', () => {
  assert.equal(proxyFor('https://x.test', { HTTPS_PROXY: 'proxy.test:3128' })?.url.href, 'http://proxy.test:3128/');
  assert.throws(
    () => proxyFor('https://x.test', { HTTPS_PROXY: 'socks5://u:hunter22@p.test:1080' }),
    (e: unknown) => {
      assert.ok(e instanceof ProxyConfigError);
      assert.match(e.message, /socks5 proxies are not supported/);
      assert.doesNotMatch(e.message, /hunter22/);
      return true;
    },
  );
  assert.throws(
    () => proxyFor('https://x.test', { HTTPS_PROXY: 'http://u:hunter22@[bad' }),
    (e: unknown) => {
      assert.ok(e instanceof ProxyConfigError);
      assert.doesNotMatch(e.message, /hunter22/);
      return true;
    },
  );
});

test('in a CGI script HTTP_PROXY (which a client can set) is ignored, http_proxy is not', () => {
  assert.equal(proxyFor('http://x.test', { REQUEST_METHOD: 'GET', HTTP_PROXY: P }), null);
  assert.equal(proxyFor('http://x.test', { REQUEST_METHOD: 'GET', http_proxy: P })?.from, 'http_proxy');
});

/** [NO_PROXY, URL, goes direct] as requests' should_bypass_proxies answers. */
const NO_PROXY_CASES: [string, string, boolean][] = [
  ['console.vast.ai', 'https://console.vast.ai', true],
  ['vast.ai', 'https://console.vast.ai', true], // domain suffix
  ['.vast.ai', 'https://console.vast.ai', true],
  ['.vast.ai', 'https://vast.ai', true], // urllib ignores the leading dot
  ['VAST.AI', 'https://console.vast.ai', true], // case ignored
  ['ast.ai', 'https://console.vast.ai', true], // requests matches a plain suffix, as it does
  ['other.test', 'https://console.vast.ai', false],
  ['console.vast.ai:8443', 'https://console.vast.ai:8443', true], // with its port
  ['console.vast.ai:8443', 'https://console.vast.ai', false],
  ['*', 'https://console.vast.ai', true],
  ['*.vast.ai', 'https://console.vast.ai', false], // not a glob in requests
  ['a.test, console.vast.ai ,b.test', 'https://console.vast.ai', true], // a list, spaces ignored
  ['10.1.2.3', 'http://10.1.2.3:8080', true], // IP
  ['10.1.2.4', 'http://10.1.2.3:8080', false],
  ['10.0.0.0/8', 'http://10.1.2.3', true], // CIDR
  ['192.168.0.0/16', 'http://10.1.2.3', false],
  ['127.0.0.1', 'http://127.0.0.1:8787', true],
  ['localhost', 'http://localhost:8787', true],
  ['::1', 'http://[::1]:8787', true],
  ['', 'https://console.vast.ai', false],
];

for (const [noProxy, url, direct] of NO_PROXY_CASES) {
  test(`NO_PROXY=${JSON.stringify(noProxy)}: ${url} ${direct ? 'goes direct' : 'goes through the proxy'}`, () => {
    assert.equal(bypassesProxy(new URL(url), { NO_PROXY: noProxy }), direct);
    assert.equal(bypassesProxy(new URL(url), { no_proxy: noProxy }), direct);
    const env = { HTTPS_PROXY: P, HTTP_PROXY: P, NO_PROXY: noProxy };
    assert.equal(proxyFor(url, env) === null, direct);
  });
}

test('credentials are masked where shown and listed as secrets, decoded too', () => {
  const p = proxyFor('https://x.test', { HTTPS_PROXY: 'http://ann:p%40ss-w0rd@proxy.test:3128' })!;
  assert.equal(p.shown, 'http://***:***@proxy.test:3128');
  assert.equal(maskProxy(new URL(P)), P);
  assert.deepEqual(new Set(proxySecrets(p)), new Set(['ann', 'p%40ss-w0rd', 'p@ss-w0rd']));
  assert.deepEqual(proxySecrets(null), []);
});
