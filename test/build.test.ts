/**
 * The shape of dist/ that scripts/build.mjs promises: plain files, the wizard in its own file
 * loaded with import() only, each module once (so `instanceof ApiError` holds across files).
 * test/package.test.ts checks that `npm pack` takes every file.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuild, ROOT } from './helpers/pipe-run.js';

const dist = join(ROOT, 'dist');
const read = (f: string) => readFileSync(join(dist, f), 'utf8');
let files: string[] = [];

before(() => {
  ensureBuild();
  files = readdirSync(dist).filter((f) => f.endsWith('.js'));
});

test('dist/cli.js is an executable ESM file with a shebang', () => {
  assert.match(read('cli.js'), /^#!\/usr\/bin\/env node\n/);
  assert.ok((statSync(join(dist, 'cli.js')).mode & 0o111) !== 0);
});

test('the wizard is dist/wizard.js, which main.js (the program cli.js loads) only ever import()s', () => {
  assert.ok(files.includes('wizard.js'));
  assert.match(read('main.js'), /import\("\.\/wizard\.js"\)/);
  for (const f of files) assert.doesNotMatch(read(f), /\bfrom\s*"\.\/wizard\.js"|import\s*"\.\/wizard\.js"/, f);
});

test('each module is in one file only: the API errors and the terminal-gone flag (flow/signals.ts) exist once', () => {
  for (const text of ['did not confirm the regeneration', 'Still waiting (']) {
    const holders = files.filter((f) => read(f).includes(text));
    assert.equal(holders.length, 1, `"${text}" is in ${holders.join(', ')}`);
  }
});

test('no code is loaded from data: URLs or handed over through globals', () => {
  for (const f of files) {
    assert.doesNotMatch(read(f), /data:text\/javascript|__vrcRequire|brotliDecompress/, f);
  }
});

test("got's HTTP/2 support, never used, is left out: no file loads node:http2", () => {
  for (const f of files) assert.doesNotMatch(read(f), /["']node:http2["']/, f);
});
