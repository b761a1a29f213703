/**
 * dist/cli.js turns on Node's compile cache in the user's own cache directory (src/compile-cache.ts),
 * never under the shared temp directory; NODE_DISABLE_COMPILE_CACHE=1 keeps it off.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileCacheDir, madeDir } from '../src/compile-cache.js';
import { CLI, ensureBuild, tempDir } from './helpers/pipe-run.js';

describe('compileCacheDir', () => {
  const home = '/home/ann';
  test('Linux: XDG_CACHE_HOME when absolute, else ~/.cache', () => {
    assert.equal(compileCacheDir({ platform: 'linux', env: {}, home }), '/home/ann/.cache/vastai-regen-codes');
    const xdg = { XDG_CACHE_HOME: '/var/cache/ann' };
    assert.equal(compileCacheDir({ platform: 'linux', env: xdg, home }), '/var/cache/ann/vastai-regen-codes');
    const relative = { XDG_CACHE_HOME: 'cache' };
    assert.equal(compileCacheDir({ platform: 'linux', env: relative, home }), '/home/ann/.cache/vastai-regen-codes');
  });
  test('macOS: ~/Library/Caches; Windows: %LOCALAPPDATA%', () => {
    assert.equal(compileCacheDir({ platform: 'darwin', env: {}, home }), '/home/ann/Library/Caches/vastai-regen-codes');
    const local = { LOCALAPPDATA: 'C:\\Users\\ann\\AppData\\Local' };
    assert.equal(
      compileCacheDir({ platform: 'win32', env: local, home: 'C:\\Users\\ann' }),
      'C:\\Users\\ann\\AppData\\Local\\vastai-regen-codes\\Cache',
    );
    assert.equal(compileCacheDir({ platform: 'win32', env: {}, home: 'C:\\Users\\ann' }), null);
  });
  test('no usable home: no cache', () => {
    assert.equal(compileCacheDir({ platform: 'linux', env: {}, home: '' }), null);
    assert.equal(compileCacheDir({ platform: 'linux', env: {}, home: 'relative' }), null);
  });
});

describe('madeDir', () => {
  test('makes the missing levels (0700), at most as many as it may: a missing home stays missing', () => {
    const root = tempDir('vrc-md-');
    try {
      const home = join(root, 'ann');
      assert.equal(madeDir(join(home, '.cache', 'vrc'), 2), false);
      assert.equal(existsSync(home), false);
      mkdirSync(home);
      assert.equal(madeDir(join(home, '.cache', 'vrc'), 2), true);
      assert.equal(statSync(join(home, '.cache')).mode & 0o777, 0o700);
      assert.equal(statSync(join(home, '.cache', 'vrc')).mode & 0o777, 0o700);
      assert.equal(madeDir(join(home, '.cache', 'vrc'), 2), true, 'there already');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
  test('a file in the way: false', () => {
    const home = tempDir('vrc-md-');
    try {
      writeFileSync(join(home, '.cache'), '');
      assert.equal(madeDir(join(home, '.cache', 'vrc'), 2), false);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
  test(
    'mkdir answering ENOENT under a folder that exists (/proc): false, at once',
    { skip: !existsSync('/proc/self') },
    () => {
      assert.equal(madeDir('/proc/.cache/vrc', 2), false);
    },
  );
});

describe('dist/cli.js', () => {
  before(() => ensureBuild());

  function version(home: string, extra: Record<string, string> = {}) {
    const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: home, ...extra };
    const r = spawnSync(process.execPath, [CLI, '--version'], { encoding: 'utf8', env });
    assert.equal(r.status, 0, r.stderr);
    return r;
  }

  test('keeps compiled code in ~/.cache/vastai-regen-codes (files 0600) and uses it the next run', () => {
    const home = tempDir('vrc-cc-');
    try {
      version(home);
      const base = join(home, '.cache', 'vastai-regen-codes');
      const [tagged] = readdirSync(base);
      assert.match(tagged, new RegExp(`^${process.version}-`));
      const files = readdirSync(join(base, tagged));
      assert.ok(files.length > 0, 'no cache files written');
      for (const f of files) assert.equal(statSync(join(base, tagged, f)).mode & 0o777, 0o600, f);
      // Node's own debug output says whether the cache it read was accepted.
      const again = version(home, { NODE_DEBUG_NATIVE: 'COMPILE_CACHE' });
      assert.match(again.stderr, /code cache for ESM file:\S*\/main\.js was accepted/);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  test(
    'HOME=/proc (mkdir answers ENOENT under a folder that exists): runs, no cache',
    { skip: !existsSync('/proc/self') },
    () => {
      // Node's own recursive mkdir never returns there; the run must not hang.
      const env = { PATH: process.env.PATH ?? '', HOME: '/proc' };
      const r = spawnSync(process.execPath, [CLI, '--version'], { encoding: 'utf8', env, timeout: 20_000 });
      assert.equal(r.signal, null, 'the run hung');
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /^vastai-regen-codes \d/);
    },
  );

  test('NODE_DISABLE_COMPILE_CACHE=1: nothing is written', () => {
    const home = tempDir('vrc-cc-');
    try {
      version(home, { NODE_DISABLE_COMPILE_CACHE: '1' });
      assert.equal(existsSync(join(home, '.cache')), false);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
