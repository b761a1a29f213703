/**
 * The wizard's two questions in a real terminal (issue 18): after a 503 with Retry-After on the
 * regenerate, a new attempt is offered once the wait is over, never started by itself, and goes
 * through the confirmation again; a --save file that exists is asked about before anything
 * changes, and "Replace" puts the new codes there.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { demoControl, fetchInbox } from '../../src/demo/inbox.js';
import type { DemoServer } from '../../src/demo/server.js';
import { codesIn, press, spawnCli, type Term } from '../helpers/term.js';
import { demoSuite } from '../helpers/pipe-run.js';
import { DEMO_TOTP_SECRET, totp } from '../../src/demo/totp.js';

let server: DemoServer;
let home: string;
const running: Term[] = [];
after(() => {
  for (const t of running) t.kill();
});

function wizard(...args: string[]): Term {
  const t = spawnCli({ args: ['--url', server.url, '--api-key', 'vastai-demo-key', ...args], home });
  running.push(t);
  return t;
}

/** From the list: TOTP, the current code, Enter; resolves on the confirmation screen. */
async function totpToConfirm(t: Term): Promise<void> {
  await t.waitFor('How do you want', 15_000);
  await press(t, '1', 'authenticator app shows now');
  await typeFreshCode(t);
  await press(t, '\r', 'Replace your backup codes?');
}

/**
 * An authenticator code not used yet (the demo refuses one that verified once in its window).
 * `next`: the next window's (one step of drift is accepted): a code sent once is a secret the run
 * masks wherever it would be drawn again, so a new attempt types a different one.
 */
async function typeFreshCode(t: Term, next = false): Promise<void> {
  const code = next ? totp(DEMO_TOTP_SECRET, Date.now() + 30_000) : (await fetchInbox(server.url)).totpCode;
  await press(t, code, `> ${code}`);
}

describe('the wizard asks where the headless run ends', { timeout: 120_000 }, () => {
  demoSuite('vrc-second-', (d) => {
    ({ server, home } = d);
  });
  it('503 with Retry-After on the regenerate: the wait, then "Try again" through a new confirmation', async () => {
    await demoControl(server.url).faults({ fail: [{ route: 'regen', status: 503, retry_after: 2 }] });
    const old = (await fetchInbox(server.url)).backupCodes;
    const t = wizard();
    await totpToConfirm(t);
    const wait = (await press(t, 'y', /try again in \d s/, 15_000)).replace(/\s+/g, ' ');
    assert.match(wait, /may already have replaced your backup codes/);
    await t.waitFor('› Try again', 15_000);
    assert.deepEqual((await fetchInbox(server.url)).backupCodes, old, 'nothing was sent by itself');
    await press(t, '\r', /How do you want[\s\S]*A new attempt/);
    await press(t, '1', 'authenticator app shows now');
    await typeFreshCode(t, true);
    await press(t, '\r', 'Replace your backup codes?');
    const screen = await press(t, 'y', 'q/Enter done', 15_000);
    const now = (await fetchInbox(server.url)).backupCodes;
    assert.deepEqual(codesIn(screen), now);
    assert.ok(now.every((c) => !old.includes(c)));
    await press(t, 'q', 'Leave without saving?');
    t.write('\u001b[B');
    await t.waitFor('› Leave without saving');
    t.write('\r');
    assert.equal(await t.exited, 0);
  });

  it('SIGTERM while the wait is counted down: the failure, exit 1 (not 143: the codes may have changed)', async () => {
    await demoControl(server.url).faults({ fail: [{ route: 'regen', status: 429, retry_after: 60 }] });
    const t = wizard();
    await totpToConfirm(t);
    await press(t, 'y', /try again in \d+ s/, 15_000);
    t.mark();
    t.signal('SIGTERM');
    assert.equal(await t.exited, 1);
    assert.match(t.sinceMark().replace(/\s+/g, ' '), /may already have replaced your backup codes/);
  });

  it('--save naming an existing file: asked first; "Replace" puts the new codes there (0600)', async () => {
    const file = join(home, 'codes.txt');
    writeFileSync(file, 'old, dead codes\n', { mode: 0o644 });
    const t = wizard('--save', file);
    await t.waitFor('that file already exists', 15_000);
    t.write('\u001b[B');
    await t.waitFor('› Replace');
    await press(t, '\r', 'How do you want', 15_000);
    await totpToConfirm(t);
    await press(t, 'y', /Saved to[\s\S]*q\/Enter done/, 15_000);
    const now = (await fetchInbox(server.url)).backupCodes;
    const text = readFileSync(file, 'utf8');
    for (const c of now) assert.ok(text.includes(c), `the file holds ${c}`);
    assert.doesNotMatch(text, /old, dead codes/);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    await press(t, 'q', /Done/);
    assert.equal(await t.exited, 0);
  });

  it('--save naming an existing file, Esc: cancelled, nothing sent, the file untouched (130)', async () => {
    const old = (await fetchInbox(server.url)).backupCodes;
    const file = join(home, 'keep.txt');
    writeFileSync(file, 'mine\n');
    const t = wizard('--save', file);
    await t.waitFor('that file already exists', 15_000);
    t.write('\u001b');
    assert.equal(await t.exited, 130);
    assert.equal(readFileSync(file, 'utf8'), 'mine\n');
    assert.deepEqual((await fetchInbox(server.url)).backupCodes, old);
  });
});
