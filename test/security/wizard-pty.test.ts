/**
 * Security suite, interactive: the built wizard in a real pseudo-terminal. Server text with
 * escape sequences, controls and huge strings (method labels, phone numbers, the send answer's
 * message, error texts) must reach the RAW pty output as inert text: none of the injected
 * sequences, while the screen still works. And no API key, challenge secret or used backup code
 * is drawn.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { demoControl, fetchInbox } from '../../src/demo/inbox.js';
import type { DemoServer } from '../../src/demo/server.js';
import { spawnCli, stripAnsi, type Term } from '../helpers/term.js';
import { demoSuite } from '../helpers/pipe-run.js';
import { goodTotp } from '../helpers/demo-api.js';
import { ALL, WIDE, evilAccount, leaks } from '../helpers/evil-text.js';

let server: DemoServer;
let home: string;
const running: Term[] = [];

function wizard(o: { key?: 'flag' | 'env'; rows?: number } = {}): Term {
  const viaEnv = o.key === 'env';
  const t = spawnCli({
    args: ['--url', server.url, ...(viaEnv ? [] : ['--api-key', 'vastai-demo-key'])],
    env: viaEnv ? { VAST_API_KEY: 'vastai-demo-key' } : {},
    home,
    rows: o.rows ?? 50,
  });
  running.push(t);
  return t;
}

async function press(t: Term, keys: string, expect: string | RegExp, timeoutMs?: number): Promise<string> {
  t.mark();
  t.write(keys);
  return t.waitFor(expect, timeoutMs);
}

/**
 * Most wide characters a whole run may draw. inert() cuts a label to 60 code points and other
 * server text to 200; the runs here draw at most 128 of them (the 418 failure screen), so 512
 * leaves room for a few redraws yet stays far below the 5000 an uncut string would put there.
 * (Counted, not searched as a substring: Ink wraps long lines, so a run of 200 never appears whole.)
 */
const MAX_WIDE = 512;

function assertInert(t: Term, what: string): void {
  const raw = t.raw();
  assert.deepEqual(leaks(raw), [], `${what}: injected sequences in the raw pty output`);
  const wide = stripAnsi(raw).match(/界/g)?.length ?? 0;
  assert.ok(wide <= MAX_WIDE, `${what}: ${wide} wide characters drawn, the 5000-character text was not cut`);
}

describe('wizard security in a real terminal', { timeout: 120_000 }, () => {
  demoSuite('vrc-sec-pty-', (s) => ({ server, home } = s));
  after(async () => {
    for (const t of running) t.kill();
  });

  it('hostile method labels and phone numbers: the list still shows; the output has no injected sequence', async () => {
    await demoControl(server.url).account(evilAccount());
    const t = wizard();
    const list = await t.waitFor(/How do you want to verify it's you\?[\s\S]*Use a backup code \(2 left\)/, 15_000);
    assert.match(list, /Authenticator app — App [界\s]+… \(primary\)/, 'the huge label is cut');
    const frame = list.slice(list.lastIndexOf('How do you want'));
    assert.ok((frame.match(/界/g)?.length ?? 0) <= 60, 'to at most 60 characters');
    assert.match(list, /SMS to \*\*\*Qc1Qc1 — Qc1Qc1/, 'the visible text of a label survives');
    assert.match(list, /Email a code to my account address/);
    assert.ok(!t.raw().includes('\u009b'), 'no 8-bit CSI');
    assertInert(t, 'method list');
    await press(t, '\u0003', 'Cancelled');
    assert.equal(await t.exited, 130);
  });

  it('a hostile message in the send answer and a hostile phone: the code step is inert', async () => {
    await demoControl(server.url).account(evilAccount());
    await demoControl(server.url).faults({
      fail: [{ route: 'sms', status: 200, times: 1, body: { msg: ALL, secret: 'cafe0123456789abcdef' } }],
    });
    const t = wizard();
    await t.waitFor('How do you want', 15_000);
    await press(t, '4', /was sent to[\s\S]*Enter submit/); // the 3rd SMS method (OSC 52 label)
    assertInert(t, 'code step');
    assert.ok(!t.raw().includes('cafe0123456789abcdef'), 'the challenge secret is not drawn');
    await press(t, '\u0003', 'Cancelled');
    assert.equal(await t.exited, 130);
  });

  it('a hostile error text on status: the failure screen is inert', async () => {
    await demoControl(server.url).faults({
      fail: [{ route: 'status', status: 418, times: 1, body: { error: 'weird', msg: `${ALL} ${WIDE}` } }],
    });
    const t = wizard();
    await t.waitFor(/Could not check the account's two-factor setup\.[\s\S]*Next:/, 15_000);
    assertInert(t, 'failure screen');
    assert.equal(await t.exited, 1);
  });

  it('a hostile error text on the regenerate: inert where it is shown', async () => {
    await demoControl(server.url).faults({
      fail: [{ route: 'regen', status: 400, times: 1, body: { error: ALL, msg: ALL } }],
    });
    const t = wizard();
    await t.waitFor('How do you want', 15_000);
    await press(t, '1', 'authenticator app shows now');
    const code = goodTotp();
    await press(t, code, `> ${code}`);
    await press(t, '\r', 'Replace your backup codes?');
    await press(t, 'y', /Could not regenerate the backup codes\.[\s\S]*Qc1Qc1[\s\S]*Next:/, 15_000);
    assertInert(t, 'regenerate error');
    assert.equal(await t.exited, 1);
  });

  it("SMS, key from $VAST_API_KEY: no key, no challenge secret on screen; the codes are the server's", async () => {
    const t = wizard({ key: 'env' });
    await t.waitFor('How do you want', 15_000);
    await press(t, '2', 'was sent to the phone ******4821');
    const sms = (await fetchInbox(server.url)).messages.at(-1)!;
    await press(t, sms.code, `> ${sms.code}`);
    await press(t, '\r', 'Replace your backup codes?');
    const screen = await press(t, 'y', 'q/Enter done', 15_000);
    const now = (await fetchInbox(server.url)).backupCodes;
    for (const c of now) assert.ok(screen.includes(c), 'the new codes are shown, as intended');
    await press(t, '\u0003', 'Leave without saving?');
    await press(t, '\u0003', /so\s+they\s+were\s+saved\s+to/);
    assert.equal(await t.exited, 3);
    const raw = t.raw();
    assert.ok(!raw.includes('vastai-demo-key'), 'no API key');
    assert.ok(!raw.includes(sms.secret), 'no challenge secret');
  });

  it('backup code path: once submitted, the used code is drawn on no later screen', async () => {
    const [used] = (await fetchInbox(server.url)).backupCodes;
    const t = wizard();
    await t.waitFor('How do you want', 15_000);
    await press(t, '4', 'unused backup codes');
    await press(t, used!, `> ${used}`);
    await press(t, '\r', 'Replace your backup codes?');
    const later = await press(t, 'y', 'q/Enter done', 15_000);
    assert.ok(!later.includes(used!), 'the used backup code is not shown again');
    assert.ok(!t.raw().includes('vastai-demo-key'));
    await press(t, '\u0003', 'Leave without saving?');
    await press(t, '\u0003', /so\s+they\s+were\s+saved\s+to/);
    assert.equal(await t.exited, 3);
  });
});
