import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, readFile, writeFile, stat, symlink, mkdir, readdir, lstat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { saveCodesFile, SaveError, expandHome } from '../../src/codes/save.js';

let dir: string;
const AT = new Date(2024, 0, 2, 3, 4, 5);
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vrc-save-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('writes a new file with mode 0600 and the exact content', async () => {
  const p = join(dir, 'new.txt');
  const out = await saveCodesFile(p, 'hello codes\n');
  assert.equal(out, p);
  assert.equal(await readFile(p, 'utf8'), 'hello codes\n');
  assert.equal((await stat(p)).mode & 0o777, 0o600);
});

test('0600 even under a permissive umask', async () => {
  const old = process.umask(0);
  try {
    const p = join(dir, 'umask.txt');
    await saveCodesFile(p, 'x');
    assert.equal((await stat(p)).mode & 0o777, 0o600);
  } finally {
    process.umask(old);
  }
});

test('refuses an existing file and leaves it unchanged', async () => {
  const p = join(dir, 'exists.txt');
  await writeFile(p, 'precious');
  await assert.rejects(
    saveCodesFile(p, 'new'),
    (e: unknown) => e instanceof SaveError && /already exists/.test(e.message),
  );
  assert.equal(await readFile(p, 'utf8'), 'precious');
});

test('refuses a symlink to an existing file and a dangling symlink', async () => {
  const target = join(dir, 'target.txt');
  await writeFile(target, 'keep');
  const link = join(dir, 'link.txt');
  await symlink(target, link);
  await assert.rejects(
    saveCodesFile(link, 'new'),
    (e: unknown) => e instanceof SaveError && /symbolic link/.test(e.message),
  );
  assert.equal(await readFile(target, 'utf8'), 'keep');

  const dangling = join(dir, 'dangling.txt');
  const nowhere = join(dir, 'nowhere.txt');
  await symlink(nowhere, dangling);
  await assert.rejects(saveCodesFile(dangling, 'new'), SaveError);
  await assert.rejects(stat(nowhere), { code: 'ENOENT' });
});

test("a symlink to a folder of the user's own (a symlinked ~/Downloads) is used as that folder", async () => {
  const real = join(dir, 'real-downloads');
  await mkdir(real);
  const link = join(dir, 'Downloads');
  await symlink(real, link);
  const out = await saveCodesFile(link, 'via link', { now: AT });
  assert.equal(out, join(link, 'vastai_backup_codes_2024-01-02_03-04-05.txt'));
  assert.equal(await readFile(join(real, 'vastai_backup_codes_2024-01-02_03-04-05.txt'), 'utf8'), 'via link');
  assert.equal((await lstat(out)).isSymbolicLink(), false);
});

test('a folder gets the default file name inside it', async () => {
  const folder = join(dir, 'folder');
  await mkdir(folder);
  const out = await saveCodesFile(folder, 'in folder', { now: AT });
  assert.equal(out, join(folder, 'vastai_backup_codes_2024-01-02_03-04-05.txt'));
  assert.equal(await readFile(out, 'utf8'), 'in folder');
  // the same second again: a -2 file beside it, the first untouched
  const second = await saveCodesFile(folder, 'again', { now: AT });
  assert.equal(second, join(folder, 'vastai_backup_codes_2024-01-02_03-04-05-2.txt'));
  assert.equal(await readFile(out, 'utf8'), 'in folder');
  assert.equal(await readFile(second, 'utf8'), 'again');
});

test('a path ending in / is a folder, created when missing', async () => {
  const out = await saveCodesFile(join(dir, 'made') + '/', 'x', { now: AT });
  assert.equal(out, join(dir, 'made', 'vastai_backup_codes_2024-01-02_03-04-05.txt'));
});

test('missing parent folders are created (0700)', async () => {
  const p = join(dir, 'a', 'b', 'c.txt');
  await saveCodesFile(p, 'deep');
  assert.equal(await readFile(p, 'utf8'), 'deep');
  assert.equal((await stat(join(dir, 'a', 'b'))).mode & 0o777, 0o700);
});

test('~ expands to the given home', async () => {
  assert.equal(expandHome('~/x/y', '/h'), '/h/x/y');
  assert.equal(expandHome('~', '/h'), '/h');
  assert.equal(expandHome('a~/b', '/h'), 'a~/b');
  const out = await saveCodesFile('~/Downloads/t.txt', 'home', { home: dir });
  assert.equal(out, join(dir, 'Downloads', 't.txt'));
  assert.equal(await readFile(out, 'utf8'), 'home');
});

test('failure to create leaves no file behind and throws SaveError', async () => {
  const blocker = join(dir, 'blocker');
  await writeFile(blocker, '');
  await assert.rejects(saveCodesFile(join(blocker, 'x.txt'), 'x'), SaveError);
  const names = await readdir(dir);
  assert.ok(!names.some((n) => n.startsWith('.')), names.join(','));
  assert.ok((await lstat(blocker)).isFile());
});

// Node's recursive mkdir loops forever here (mkdir answers ENOENT under an existing parent): with
// it, this test would never end (the timeout makes that a failure), and neither did a run whose
// default file went under such a home.
test(
  'a folder that cannot be created under /proc fails at once with SaveError, never hangs',
  { skip: process.platform !== 'linux', timeout: 10_000 },
  async () => {
    await assert.rejects(
      saveCodesFile('/proc/self/Downloads/x.txt', 'x'),
      (e: unknown) => e instanceof SaveError && /folder could not be created/.test(e.message),
    );
  },
);
