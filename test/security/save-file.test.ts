/**
 * Security suite: the saved codes file (--save). Mode 0600 even under umask 000, never an
 * overwrite unless --replace (an existing file refused before any request, exit 2), a symlink at
 * the path refused (to an existing file and dangling), and no temporary file left in the folder,
 * whether the save worked or not.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lstat, mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DemoServer } from '../../src/demo/server.js';
import { fetchInbox } from '../../src/demo/inbox.js';
import { demoSuite, runCli, codesIn } from '../helpers/pipe-run.js';
import { goodTotp } from '../helpers/demo-api.js';

let server: DemoServer;
let home: string;
let n = 0;

demoSuite('vrc-sec-save-', (s) => ({ server, home } = s));

const run = (args: string[], umask?: string) =>
  runCli(['--url', server.url, '--api-key', 'vastai-demo-key', '-t', 'totp', '-c', goodTotp(), '--yes', ...args], {
    home,
    umask,
  });

/** A fresh, empty folder for one case. */
async function folder(): Promise<string> {
  const d = join(home, `case-${++n}`);
  await mkdir(d, { recursive: true });
  return d;
}

test('a new file: mode 0600 even under umask 000, the exact new codes, nothing else in the folder', async () => {
  const d = await folder();
  const p = join(d, 'sub', 'codes.txt');
  const r = await run(['--save', p], '000');
  assert.equal(r.status, 0, r.stderr);
  assert.equal((await stat(p)).mode & 0o777, 0o600);
  assert.equal((await stat(join(d, 'sub'))).mode & 0o077, 0, 'a created parent folder is private too');
  const now = (await fetchInbox(server.url)).backupCodes;
  assert.deepEqual(codesIn(await readFile(p, 'utf8')), now);
  assert.deepEqual(codesIn(r.stdout), now);
  assert.deepEqual(await readdir(join(d, 'sub')), ['codes.txt'], 'no temp file left behind');
  assert.deepEqual(await readdir(d), ['sub']);
});

/** The account's codes before a run: unchanged when the run refused before any request. */
const live = async () => (await fetchInbox(server.url)).backupCodes;

test('an existing file is never overwritten: refused before any request (2), file and account unchanged', async () => {
  const d = await folder();
  const p = join(d, 'codes.txt');
  await writeFile(p, 'OLD CONTENT\n', { mode: 0o644 });
  const before = await live();
  const r = await run(['--save', p]);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /the file already exists; name a new file, or add --replace to replace it/);
  assert.match(r.stderr, /Nothing was sent: your account is unchanged\./);
  assert.equal(r.stdout, '');
  assert.deepEqual(await live(), before, 'the account did not change');
  assert.equal(await readFile(p, 'utf8'), 'OLD CONTENT\n');
  assert.equal((await stat(p)).mode & 0o777, 0o644, 'its mode is untouched too');
  assert.deepEqual(await readdir(d), ['codes.txt'], 'no temp file left behind');
});

test('--replace: the existing file replaced atomically (0600), holding the new codes; no temp file left', async () => {
  const d = await folder();
  const p = join(d, 'codes.txt');
  await writeFile(p, 'OLD CONTENT\n', { mode: 0o644 });
  const r = await run(['--save', p, '--replace']);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(codesIn(await readFile(p, 'utf8')), await live());
  assert.equal((await stat(p)).mode & 0o777, 0o600);
  assert.deepEqual(await readdir(d), ['codes.txt']);
});

test('a symlink to an existing file: refused before any request, even with --replace; target unchanged', async () => {
  const d = await folder();
  const target = join(d, 'victim.txt');
  await writeFile(target, 'precious\n');
  const link = join(d, 'codes.txt');
  await symlink(target, link);
  const before = await live();
  for (const extra of [[], ['--replace']]) {
    const r = await run(['--save', link, ...extra]);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /symbolic link; refusing to follow it/);
  }
  assert.deepEqual(await live(), before);
  assert.equal(await readFile(target, 'utf8'), 'precious\n');
  assert.ok((await lstat(link)).isSymbolicLink());
  assert.deepEqual((await readdir(d)).sort(), ['codes.txt', 'victim.txt']);
});

test('a dangling symlink is refused before any request: nothing is created where it points', async () => {
  const d = await folder();
  const target = join(d, 'planted-by-attacker.txt');
  const link = join(d, 'codes.txt');
  await symlink(target, link);
  const r = await run(['--save', link]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /symbolic link; refusing to follow it/);
  await assert.rejects(lstat(target), { code: 'ENOENT' });
  assert.deepEqual(await readdir(d), ['codes.txt']);
});

test('a symlink at the default file name in a folder is passed over: the next free name, never the link', async () => {
  const d = await folder();
  // The default name has a seconds timestamp: plant a link for this second and the next minute.
  const planted = join(d, 'elsewhere.txt');
  const stamp = (t: Date) => {
    const p = (x: number) => String(x).padStart(2, '0');
    const day = `${t.getFullYear()}-${p(t.getMonth() + 1)}-${p(t.getDate())}`;
    return `vastai_backup_codes_${day}_${p(t.getHours())}-${p(t.getMinutes())}-${p(t.getSeconds())}.txt`;
  };
  const names = new Set<string>();
  for (let s = 0; s < 60; s++) names.add(stamp(new Date(Date.now() + s * 1000)));
  for (const name of names) await symlink(planted, join(d, name));
  const r = await run(['--save', `${d}/`]);
  assert.equal(r.status, 0, r.stderr);
  await assert.rejects(lstat(planted), { code: 'ENOENT' }, 'never written through a link');
  const regular = [];
  for (const e of await readdir(d)) if (!(await lstat(join(d, e))).isSymbolicLink()) regular.push(e);
  assert.equal(regular.length, 1, 'one new file');
  assert.match(regular[0]!, /^vastai_backup_codes_.*-2\.txt$/);
  assert.deepEqual(codesIn(await readFile(join(d, regular[0]!), 'utf8')), await live());
});

test('--raw, a refused save: exit 2 before any request, the error as JSON on stderr, nothing on stdout', async () => {
  const d = await folder();
  const p = join(d, 'codes.json');
  await writeFile(p, '{}');
  const r = await run(['--save', p, '--raw']);
  assert.equal(r.status, 2);
  assert.equal(r.stdout, '');
  assert.equal((JSON.parse(r.stderr) as { code: string }).code, 'usage');
  assert.equal(await readFile(p, 'utf8'), '{}');
});
