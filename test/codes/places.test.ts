/**
 * Places are checked before anything changes (check), and the default file always has somewhere
 * to go (store of the default place): each refusal names what to change; each fallback is taken
 * in order, under a free name created exclusively.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { check, codesFile, commandTarget, defaultFile, fileTarget, passTarget, store } from '../../src/codes/places.js';
import { userHome } from '../../src/codes/save.js';

const CODES = Array.from({ length: 10 }, (_, i) => `PLCE-TEST-${String(i).padStart(4, '0')}`);
const AT = new Date(2024, 0, 2, 3, 4, 5);
const NAME = 'vastai_backup_codes_2024-01-02_03-04-05.txt';
const root = process.getuid?.() === 0;
let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vrc-places-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('check: an empty --save, a path with control characters, an existing file: refused, naming the fix', async () => {
  assert.match((await check(fileTarget('', dir)))!, /empty path: name a file/);
  assert.match((await check(fileTarget('  ', dir)))!, /empty path/);
  assert.match((await check(fileTarget(join(dir, 'a\u001b[2Jb.txt'), dir)))!, /control characters/);
  const taken = join(dir, 'taken.txt');
  await writeFile(taken, 'old');
  assert.match((await check(fileTarget(taken, dir)))!, /already exists; name a new file, or add --replace/);
  assert.equal(await check(fileTarget(taken, dir, true)), null, '--replace lets it be replaced');
  assert.equal(await check(fileTarget(join(dir, 'new', 'deep', 'x.txt'), dir)), null, 'missing folders are made');
});

test('check: a symlink at the name is refused, even with --replace', async () => {
  const link = join(dir, 'link.txt');
  await symlink(join(dir, 'elsewhere.txt'), link);
  assert.match((await check(fileTarget(link, dir)))!, /symbolic link/);
  assert.match((await check(fileTarget(link, dir, true)))!, /symbolic link/);
});

test('check: a folder without write permission, and a path under a file: refused', { skip: root }, async () => {
  const ro = join(dir, 'ro');
  await mkdir(ro);
  await chmod(ro, 0o500);
  try {
    assert.match((await check(fileTarget(join(ro, 'x.txt'), dir)))!, /cannot be written.*permission denied/);
    assert.match((await check(fileTarget(`${ro}/`, dir)))!, /cannot be written/);
    assert.match((await check(fileTarget(join(ro, 'sub', 'x.txt'), dir)))!, /cannot be written/);
  } finally {
    await chmod(ro, 0o700);
  }
  const file = join(dir, 'plain');
  await writeFile(file, 'x');
  assert.match((await check(fileTarget(join(file, 'x.txt'), dir)))!, /is not a folder/);
});

test('check: pass:NAME escaping the store, with control chars, without pass or store, an existing entry', async () => {
  const env = { PATH: join(dir, 'no-bin') };
  assert.match((await check(passTarget('../outside', dir, { env })))!, /\.\. part; name another entry/);
  assert.match((await check(passTarget('a\u0007b', dir, { env })))!, /control character/);
  assert.match((await check(passTarget('vast/codes', dir, { env })))!, /`pass` is not installed/);
  const bin = join(dir, 'bin');
  await mkdir(bin, { recursive: true });
  await writeFile(join(bin, 'pass'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  const store = join(dir, 'store');
  const withPass = { PATH: bin, PASSWORD_STORE_DIR: store };
  assert.match((await check(passTarget('vast/codes', dir, { env: withPass })))!, /no password store .*pass init/);
  await mkdir(join(store, 'vast'), { recursive: true });
  await writeFile(join(store, '.gpg-id'), 'KEY\n');
  assert.equal(await check(passTarget('vast/codes', dir, { env: withPass })), null);
  await writeFile(join(store, 'vast', 'codes.gpg'), 'x');
  assert.match(
    (await check(passTarget('vast/codes', dir, { env: withPass })))!,
    /already exists; name a new entry, or add --replace/,
  );
  assert.equal(await check(passTarget('vast/codes', dir, { env: withPass, replace: true })), null);
});

test('check: an empty --save-command is refused', async () => {
  assert.match((await check(commandTarget('   ')))!, /empty command/);
  assert.equal(await check(commandTarget('cat >/dev/null')), null);
});

test('--replace: an existing file is replaced atomically, 0600, no temporary file left', async () => {
  const p = join(dir, 'rep', 'codes.txt');
  await mkdir(join(dir, 'rep'));
  await writeFile(p, 'old', { mode: 0o644 });
  const at = await store(fileTarget(p, dir, true), codesFile(CODES, AT));
  assert.equal(at, p);
  const text = await readFile(p, 'utf8');
  assert.ok(CODES.every((c) => text.includes(c)));
  assert.deepEqual(await readdir(join(dir, 'rep')), ['codes.txt']);
});

test('the default file: a taken name gets the next free one, a symlink at the name is passed over', async () => {
  const home = join(dir, 'h1');
  await mkdir(join(home, 'Downloads'), { recursive: true });
  await writeFile(join(home, 'Downloads', NAME), 'someone else');
  await symlink('/etc/passwd', join(home, 'Downloads', NAME.replace('.txt', '-2.txt')));
  const at = await store(defaultFile(home, dir), codesFile(CODES, AT));
  assert.equal(at, join(home, 'Downloads', NAME.replace('.txt', '-3.txt')));
  assert.equal(await readFile(join(home, 'Downloads', NAME), 'utf8'), 'someone else');
});

for (const [what, make] of [
  ['a file', async (d: string) => writeFile(d, 'x')],
  ['a dangling symlink', async (d: string) => symlink(join(d, '..', 'gone'), d)],
  ['unwritable', async (d: string) => mkdir(d, { mode: 0o500 })],
] as const) {
  test(
    `the default file: ~/Downloads is ${what}: the home folder takes it`,
    { skip: root && what === 'unwritable' },
    async () => {
      const home = join(dir, `h-${what.replace(/ /g, '-')}`);
      await mkdir(home, { recursive: true });
      await make(join(home, 'Downloads'));
      const at = await store(defaultFile(home, dir), codesFile(CODES, AT));
      assert.equal(at, join(home, NAME));
      assert.ok(CODES.every((c) => at && c));
      assert.ok((await readFile(at, 'utf8')).includes(CODES[9]!));
    },
  );
}

test('the default file: neither ~/Downloads nor home can take it: the current folder', { skip: root }, async () => {
  const home = join(dir, 'h-ro');
  await mkdir(home, { mode: 0o500 });
  const cwd = join(dir, 'cwd');
  await mkdir(cwd);
  try {
    const at = await store(defaultFile(home, cwd), codesFile(CODES, AT));
    assert.equal(at, join(cwd, NAME));
  } finally {
    await chmod(home, 0o700);
  }
});

test('an empty or relative HOME counts as unset: the home from the password database', () => {
  const db = userHome({});
  assert.ok(db.startsWith('/'), db);
  assert.equal(userHome({ HOME: '' }), db);
  assert.equal(userHome({ HOME: 'relative/home' }), db);
  assert.equal(userHome({ HOME: '/abs/home' }), '/abs/home');
});
