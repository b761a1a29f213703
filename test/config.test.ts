import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, resolveConfig, resolveUrl } from '../src/config.js';

const homes: string[] = [];
after(() => {
  for (const h of homes) rmSync(h, { recursive: true, force: true });
});

function home(files: Record<string, string> = {}, dir = '.config/vastai') {
  const h = mkdtempSync(join(tmpdir(), 'vrc-home-'));
  homes.push(h);
  mkdirSync(join(h, dir), { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(h, dir, name), text);
  return h;
}

test('--api-key wins over everything', () => {
  const h = home({ vast_api_key: 'file-key', vast_tfa_key: 'tfa-key' });
  const c = resolveConfig({ apiKey: 'flag-key', env: { VAST_API_KEY: 'env-key' }, home: h });
  assert.deepEqual(c.key, { key: 'flag-key', from: 'flag' });
});

test('an empty --api-key is used as given (the server refuses it), as in the official CLI', () => {
  const h = home({ vast_api_key: 'file-key' });
  assert.deepEqual(resolveConfig({ apiKey: '', env: { VAST_API_KEY: 'env-key' }, home: h }).key, {
    key: '',
    from: 'flag',
  });
});

test('$VAST_API_KEY comes next', () => {
  const h = home({ vast_api_key: 'file-key', vast_tfa_key: 'tfa-key' });
  assert.deepEqual(resolveConfig({ env: { VAST_API_KEY: 'env-key' }, home: h }).key, { key: 'env-key', from: 'env' });
});

test('then vast_tfa_key (trimmed), keeping vast_api_key as the fallback', () => {
  const h = home({ vast_api_key: 'file-key\n', vast_tfa_key: '  tfa-key\n' });
  const c = resolveConfig({ env: {}, home: h });
  assert.equal(c.key.key, 'tfa-key');
  assert.equal(c.key.from, 'tfa_key_file');
  assert.equal(c.fallbackKey?.key, 'file-key');
});

test('then vast_api_key', () => {
  const h = home({ vast_api_key: 'file-key\n' });
  const c = resolveConfig({ env: {}, home: h });
  assert.deepEqual([c.key.key, c.key.from, c.fallbackKey], ['file-key', 'api_key_file', null]);
});

test('$XDG_CONFIG_HOME/vastai replaces ~/.config/vastai', () => {
  const h = home({ vast_api_key: 'xdg-key' }, 'xdg/vastai');
  const c = resolveConfig({ env: { XDG_CONFIG_HOME: join(h, 'xdg') }, home: h });
  assert.equal(c.key.key, 'xdg-key');
});

test('a relative $XDG_CONFIG_HOME is ignored (XDG spec): ~/.config/vastai is used', () => {
  const h = home({ vast_api_key: 'home-key' });
  const cwd = process.cwd();
  const rel = mkdtempSync(join(tmpdir(), 'vrc-cwd-'));
  homes.push(rel);
  mkdirSync(join(rel, 'xdg/vastai'), { recursive: true });
  writeFileSync(join(rel, 'xdg/vastai/vast_api_key'), 'cwd-key');
  process.chdir(rel);
  try {
    assert.equal(resolveConfig({ env: { XDG_CONFIG_HOME: 'xdg' }, home: h }).key.key, 'home-key');
  } finally {
    process.chdir(cwd);
  }
});

test('the legacy ~/.vast_api_key is read when the config folder has no vast_api_key', () => {
  const h = home({ vast_tfa_key: 'tfa-key' });
  writeFileSync(join(h, '.vast_api_key'), ' legacy-key\n');
  const c = resolveConfig({ env: {}, home: h });
  assert.equal(c.key.key, 'tfa-key');
  assert.deepEqual(c.fallbackKey, { key: 'legacy-key', from: 'api_key_file', path: join(h, '.vast_api_key') });
  const h2 = home();
  writeFileSync(join(h2, '.vast_api_key'), 'legacy-key');
  assert.equal(resolveConfig({ env: {}, home: h2 }).key.key, 'legacy-key');
  assert.ok(existsSync(join(h2, '.vast_api_key')), 'read in place, not moved');
});

test('a vast_api_key in the config folder wins over the legacy file', () => {
  const h = home({ vast_api_key: 'new-key' });
  writeFileSync(join(h, '.vast_api_key'), 'legacy-key');
  assert.equal(resolveConfig({ env: {}, home: h }).key.key, 'new-key');
});

test('no key anywhere: a ConfigError (exit 2) that says where a key can come from', () => {
  const h = home();
  assert.throws(
    () => resolveConfig({ env: {}, home: h }),
    (e: unknown) => {
      assert.ok(e instanceof ConfigError);
      assert.equal(e.exitCode, 2);
      for (const where of ['--api-key', 'VAST_API_KEY', 'vast_tfa_key', 'vast_api_key', '--demo'])
        assert.ok(e.message.includes(where), where);
      return true;
    },
  );
  assert.ok(existsSync(join(h, '.config/vastai')), 'nothing was deleted');
});

test('URL: --url, then $VAST_URL, then console.vast.ai; /api/v0 and slashes trimmed', () => {
  assert.equal(resolveUrl(undefined, {}).baseUrl, 'https://console.vast.ai');
  assert.equal(resolveUrl(undefined, { VAST_URL: 'https://example.test/' }).baseUrl, 'https://example.test');
  assert.equal(resolveUrl('https://a.test/api/v0/', { VAST_URL: 'https://b.test' }).baseUrl, 'https://a.test');
});

test('plain http off loopback: refused, naming https and --allow-http; with it a warning; loopback neither', () => {
  assert.throws(
    () => resolveUrl('http://example.test', {}),
    (e: unknown) =>
      e instanceof ConfigError && e.exitCode === 2 && /https:\/\//.test(e.message) && /--allow-http/.test(e.message),
  );
  assert.throws(() => resolveUrl(undefined, { VAST_URL: 'http://10.0.0.5:8080' }), ConfigError);
  assert.throws(
    () => resolveConfig({ url: 'http://example.test', apiKey: 'k', env: {}, home: '/nonexistent' }),
    ConfigError,
  );
  assert.match(resolveUrl('http://example.test', {}, true).warnings[0], /unencrypted \(--allow-http\)/);
  assert.deepEqual(resolveUrl('http://[::1]:8787', {}).warnings, []);
  assert.deepEqual(resolveUrl('http://127.0.0.1:8787', {}).warnings, []);
  assert.deepEqual(resolveUrl('http://localhost:8787', {}).warnings, []);
});

test('a URL that is not one is a usage error that does not repeat it (it may hold a password)', () => {
  assert.throws(() => resolveUrl('not a url', {}), ConfigError);
  assert.throws(
    () => resolveUrl('http://user:hunter2@ bad host', {}),
    (e: Error) => !e.message.includes('hunter2'),
  );
  assert.throws(() => resolveUrl('ftp://x.test', {}), ConfigError);
});
