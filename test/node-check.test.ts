/**
 * On a Node older than 22 the command says in one line what it needs and one way to get it, and
 * exits 2 with no stack trace (src/bin.ts): before any of the program is parsed, so syntax or a
 * built-in an old Node lacks cannot fail first.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, realpathSync } from 'node:fs';
import { CLI, ensureBuild } from './helpers/pipe-run.js';

const NEEDS = new RegExp(
  String.raw`^vastai-regen-codes needs Node\.js 22 or newer \(this is v[\d.]+\); ` +
    String.raw`for example: npx -p node@24 vastai-regen-codes\n$`,
);

before(() => ensureBuild());

function run(node: string, pre: string[] = []) {
  return spawnSync(node, [...pre, CLI, '--version'], { encoding: 'utf8', env: { PATH: process.env.PATH } });
}

function assertRefused(r: ReturnType<typeof run>): void {
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, NEEDS);
  assert.equal(r.stdout, '');
}

test('Node 20 (as process.versions says) is refused in one line, exit 2', () => {
  const fake = "Object.defineProperty(process,'versions',{value:{...process.versions,node:'20.19.0'}})";
  assertRefused(run(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(fake)}`]));
});

test('the Node the tests run on runs the program', () => {
  const r = run(process.execPath);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^vastai-regen-codes \d/);
});

test('dist/cli.js imports nothing statically: an old Node reaches the check', () => {
  const cli = readFileSync(CLI, 'utf8');
  assert.doesNotMatch(cli, /^\s*import[\s{*]|\bfrom\s*["']/m);
  assert.match(cli, /import\("\.\/main\.js"\)/);
});

/** Every other `node` on PATH older than 22 (this machine's system Node is 20). */
const older = (spawnSync('sh', ['-c', 'which -a node'], { encoding: 'utf8' }).stdout ?? '')
  .split('\n')
  .filter(Boolean)
  .filter((p) => realpathSync(p) !== realpathSync(process.execPath))
  .filter((p) => Number(spawnSync(p, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.split('.')[0]) < 22);

test('a real older Node on this machine is refused the same way', { skip: older.length === 0 && 'none here' }, () => {
  for (const node of older) assertRefused(run(node));
});
