/**
 * The package as users get it: `npm pack`, then `npm install` of the tarball into an empty
 * project (offline: nothing is fetched). Installing adds this one package, and the installed
 * command runs a whole regeneration with nothing but its own files.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { startDemoServer, type DemoServer } from '../src/demo/server.js';
import { goodTotp } from './helpers/demo-api.js';
import { childEnv, ensureBuild, ROOT, tempDir } from './helpers/pipe-run.js';

const npm = (args: string[], cwd: string): string =>
  execFileSync('npm', [...args, '--ignore-scripts', '--no-audit', '--no-fund', '--no-update-notifier'], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });

let work: string;
let packed: string[];
let server: DemoServer;

before(async () => {
  ensureBuild();
  work = tempDir('vrc-pack-');
  const [info] = JSON.parse(npm(['pack', '--json', '--pack-destination', work], ROOT)) as {
    filename: string;
    files: { path: string }[];
  }[];
  packed = info!.files.map((f) => f.path);
  writeFileSync(join(work, 'package.json'), '{"name":"user-project","version":"1.0.0","private":true}\n');
  npm(['install', '--offline', join(work, info!.filename)], work);
  server = await startDemoServer();
});

after(async () => {
  await server?.close();
  rmSync(work, { recursive: true, force: true });
});

/** The project's package.json, read once for the tests that check what it declares. */
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  license?: string;
  dependencies?: unknown;
};

test('the tarball holds every file of dist/ the program loads', () => {
  const dist = readdirSync(join(ROOT, 'dist'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => `dist/${f}`);
  for (const f of dist) assert.ok(packed.includes(f), `${f} is not packed`);
});

test('the tarball carries the licence package.json names', () => {
  assert.equal(pkg.license, 'MIT');
  assert.ok(packed.includes('LICENSE'), 'LICENSE is not packed');
  assert.match(readFileSync(join(ROOT, 'LICENSE'), 'utf8'), /^MIT License\n/);
});

test('installing it adds one package', () => {
  assert.deepEqual(
    readdirSync(join(work, 'node_modules')).filter((f) => !f.startsWith('.')),
    ['vastai-regen-codes'],
  );
  assert.equal(pkg.dependencies, undefined, 'everything bundled is a devDependency');
});

test('the installed command regenerates codes with nothing from node_modules but itself', async () => {
  // Asynchronously: the demo API answers from this process.
  const bin = join(work, 'node_modules', '.bin', 'vastai-regen-codes');
  const r = await promisify(execFile)(
    bin,
    [
      '--url',
      server.url,
      '--api-key',
      'vastai-demo-key',
      '--yes',
      '--raw',
      '--stdout-only',
      '-t',
      'totp',
      '-c',
      goodTotp(),
    ],
    // Its shebang (`env node`) finds the Node these tests run on first, whatever else is on PATH.
    { cwd: work, env: childEnv(work, { PATH: `${dirname(process.execPath)}:${process.env.PATH}` }), encoding: 'utf8' },
  );
  const out = JSON.parse(r.stdout) as { msg: string; backup_codes: string[] };
  assert.equal(out.msg, 'success');
  assert.equal(out.backup_codes.length, 10);
});
