/**
 * pass, gpg and --save-command run without the API key or any variable whose value is a secret
 * of the run; what they need (PATH, HOME, GNUPGHOME, PASSWORD_STORE_*, locale, terminal, another
 * manager's session) is kept.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { helperEnv } from '../../src/codes/child.js';
import { runSaveCommand } from '../../src/codes/save-command.js';
import { Secrets } from '../../src/text/redact.js';

const KEY = 'k3y-for-child-env-test-0123456789abcdef';
const KEPT = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: '/home/ann',
  GNUPGHOME: '/home/ann/.gnupg',
  PASSWORD_STORE_DIR: '/home/ann/.password-store',
  PASSWORD_STORE_GPG_OPTS: '--pinentry-mode=error',
  LANG: 'en_GB.UTF-8',
  LC_ALL: 'en_GB.UTF-8',
  TERM: 'xterm-256color',
  BW_SESSION: 'bitwarden-session-value',
  VAST_URL: 'https://console.vast.ai',
};

test('helperEnv drops VAST_API_KEY and each variable holding a secret (key, part of it, code), keeps the rest', () => {
  const s = new Secrets();
  s.add(KEY, 'key');
  s.add('654321', 'code');
  const env = helperEnv(
    {
      ...KEPT,
      VAST_API_KEY: 'whatever-it-holds',
      MY_TOKEN: KEY,
      SOME_URL: `https://x.test/?k=${KEY.slice(4, 20)}`,
      LAST_CODE: '654321',
    },
    s,
  );
  assert.deepEqual(env, KEPT);
});

test('a --save-command child sees none of them (a real child, its environment dumped)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vrc-childenv-'));
  try {
    const s = new Secrets();
    s.add(KEY, 'key');
    const out = join(dir, 'env.txt');
    // As cli.ts hands it to both drivers: the environment less what holds the run's secrets.
    await runSaveCommand(`env > "${out}"; cat > /dev/null`, 'codes\n', {
      env: helperEnv({ ...KEPT, VAST_API_KEY: KEY, MY_TOKEN: KEY }, s),
      cwd: dir,
    });
    const seen = readFileSync(out, 'utf8');
    assert.doesNotMatch(seen, /VAST_API_KEY|MY_TOKEN/);
    assert.ok(!seen.includes(KEY.slice(0, 8)));
    for (const [name, value] of Object.entries(KEPT)) assert.ok(seen.includes(`${name}=${value}`), name);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
