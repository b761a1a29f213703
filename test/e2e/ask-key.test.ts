/**
 * No API key from any source, in a real terminal: the wizard asks for it (masked; typed or
 * pasted), checks it with the status call (a wrong key is refused and asked again), and offers to
 * save it where the official CLI reads it, 0600, never replacing a file without asking. A script
 * with no key still exits 2 naming the fix.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DemoServer } from '../../src/demo/server.js';
import { demoControl } from '../../src/demo/inbox.js';
import { demoSuite } from '../helpers/pipe-run.js';
import { CLI, press, spawnCli, type Term } from '../helpers/term.js';

const KEY = 'vastai-demo-key';

describe('the wizard asks for a missing API key', { timeout: 120_000 }, () => {
  let server: DemoServer;
  const running: Term[] = [];
  demoSuite('vrc-askkey-', (s) => {
    server = s.server;
  });
  after(() => {
    for (const t of running) t.kill();
  });
  const run = (env: Record<string, string> = {}): Term => {
    const t = spawnCli({ args: ['--url', server.url], env });
    running.push(t);
    return t;
  };

  it('typed key by key: masked, a wrong key is refused and asked again, the right one saved 0600 on y', async () => {
    const t = run();
    await t.waitFor('API key (hidden', 15_000);
    assert.match(t.text(), /https:\/\/cloud\.vast\.ai\/manage-keys\//);
    for (const ch of 'wrong-key') await press(t, ch, /\*$/m);
    await press(t, '\r', /refused \(HTTP 401\)[\s\S]*API key \(hidden/);
    for (const ch of KEY) await press(t, ch, /\*$/m);
    await press(t, '\r', /Key accepted\.[\s\S]*\[y\/N\]/);
    await press(t, 'y\r', "How do you want to verify it's you?");
    assert.ok(!t.text().includes(KEY), 'the key is never echoed');
    assert.ok(!t.text().includes('wrong-key'), 'nor the wrong one');
    const file = join(t.home, '.config', 'vastai', 'vast_api_key');
    assert.equal(readFileSync(file, 'utf8'), KEY);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    await press(t, '\u0003', 'Cancelled');
    assert.equal(await t.exited, 130);
  });

  it('pasted in one read (bracketed, with newline): accepted; an empty key file replaced only if asked', async () => {
    const t = run();
    const file = join(t.home, '.config', 'vastai', 'vast_api_key');
    mkdirSync(join(t.home, '.config', 'vastai'), { recursive: true });
    writeFileSync(file, '');
    await t.waitFor('API key (hidden', 15_000);
    await press(t, `\u001b[200~${KEY}\n\u001b[201~\r`, /Key accepted\.[\s\S]*\[y\/N\]/);
    await press(t, 'y\r', /exists already\. Replace it\?/);
    await press(t, 'n\r', /left as it was[\s\S]*How do you want to verify/);
    assert.equal(readFileSync(file, 'utf8'), '', 'not replaced without a yes');
    await press(t, '\u0003', 'Cancelled');
    assert.equal(await t.exited, 130);
  });

  it('Ctrl+C at the key prompt: nothing changed, 130', async () => {
    const t = run();
    await t.waitFor('API key (hidden', 15_000);
    await press(t, 'abc\u0003', 'Nothing was changed; your backup codes still work.');
    assert.equal(await t.exited, 130);
  });

  it('SIGTERM at the key prompt, or Esc: the line ended, the same words as the wizard; 143 and 130', async () => {
    const t = run();
    await t.waitFor('API key (hidden', 15_000);
    await press(t, 'abc', '***');
    t.signal('SIGTERM');
    await t.waitFor(/\*\*\*\r?\nCancelled\. Nothing was changed; your backup codes still work\./, 15_000);
    assert.equal(await t.exited, 143);
    const e = run();
    await e.waitFor('API key (hidden', 15_000);
    await press(e, '\u001b', 'Nothing was changed');
    assert.equal(await e.exited, 130);
  });

  it('SIGTERM while the key is checked (a slow server): no wait for the answer, cancelled, 143', async () => {
    await demoControl(server.url).faults({ latency_ms: 60_000 });
    const t = run();
    await t.waitFor('API key (hidden', 15_000);
    await press(t, `${KEY}\r`, 'Checking the key');
    t.signal('SIGTERM');
    await t.waitFor('Nothing was changed; your backup codes still work.', 15_000);
    assert.equal(await t.exited, 143);
  });

  it('a script with no key still exits 2 naming the fix', () => {
    const r = spawnSync(process.execPath, [CLI, '--url', server.url, '-t', 'totp', '-c', '123456', '--yes'], {
      env: { PATH: process.env.PATH, HOME: '/nonexistent-vrc-home' },
      input: '',
      encoding: 'utf8',
    });
    assert.equal(r.status, 2);
    assert.match(
      r.stderr,
      /No Vast\.ai API key found[\s\S]*--api-key KEY[\s\S]*https:\/\/cloud\.vast\.ai\/manage-keys\//,
    );
    assert.match(r.stderr, /^Or run it with stdin on a terminal: the wizard asks for the key/m);
  });
});
