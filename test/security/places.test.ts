/**
 * What the program says about places is printed exactly: a path holding the typed code, a part of
 * the key, or the backup code used is never redacted (the user would be told a wrong place for the
 * codes), while those secrets stay redacted everywhere else.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DemoServer } from '../../src/demo/server.js';
import { fetchInbox } from '../../src/demo/inbox.js';
import { demoSuite, runCli } from '../helpers/pipe-run.js';
import { goodTotp } from '../helpers/demo-api.js';

let server: DemoServer;
let home: string;
demoSuite('vrc-places-', (s) => ({ server, home } = s));

/** The path that follows "Saved to " on stderr. */
function savedTo(stderr: string): string {
  const m = /Saved to (\S+?)(?: \(|\.?\n|$)/.exec(stderr);
  assert.ok(m, stderr);
  return m[1]!;
}

test('--save into a folder named as the typed code: the path printed as is, the code redacted elsewhere', async () => {
  const code = goodTotp();
  const dir = join(home, `run-${code}`);
  const r = await runCli(
    ['--url', server.url, '--api-key', 'vastai-demo-key', '-c', code, '--yes', '--save', `${dir}/`, '--explain'],
    { home },
  );
  assert.equal(r.status, 0, r.stderr);
  const path = savedTo(r.stderr);
  assert.ok(path.startsWith(`${dir}/vastai_backup_codes_`), path);
  assert.ok(existsSync(path), `the file is where stderr says: ${path}`);
  assert.match(r.stderr, /"code":"\[redacted\]"/, '--explain still hides the code');
});

test('a key holding "Downloads": the default file is named exactly', async () => {
  const r = await runCli(['--url', server.url, '--api-key', 'vastai-demo-key', '-c', goodTotp(), '--yes'], {
    home,
    env: { VAST_API_KEY: 'zzDownloads0123456789' },
  });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`${join(home, 'Downloads')}/vastai_backup_codes_[\\d_-]+\\.txt`), r.stderr);
  assert.doesNotMatch(r.stderr, /\[redacted\]|\*\*\*\*/);
});

test('--save into a folder named after the backup code used: printed exactly', async () => {
  const bc = (await fetchInbox(server.url)).backupCodes[0]!;
  const dir = join(home, bc);
  const r = await runCli(
    ['--url', server.url, '--api-key', 'vastai-demo-key', '-bc', bc, '--yes', '--save', `${dir}/`],
    { home },
  );
  assert.equal(r.status, 0, r.stderr);
  const path = savedTo(r.stderr);
  assert.ok(path.startsWith(`${dir}/`), path);
  assert.ok(existsSync(path));
});
