/**
 * Fault suite, interactive: the built dist/cli.js in a real pseudo-terminal (the wizard) against a
 * demo API with injected faults, some behind a proxy that holds requests so "still loading" and
 * "the PUT is in flight" are exact moments rather than timing guesses. Each case checks what the
 * screen says, the exit status, and that no code is lost.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { demoControl, fetchInbox } from '../../src/demo/inbox.js';
import { startDemoServer, type DemoServer } from '../../src/demo/server.js';
import { spawnCli, type Term } from '../helpers/term.js';
import { demoSuite, runCli, codesIn } from '../helpers/pipe-run.js';
import { goodTotp } from '../helpers/demo-api.js';
import { startTapProxy, type TapProxy } from '../helpers/tap-proxy.js';

const CODE_RE = /\b(\d{1,2})\. ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})\b/g;

let server: DemoServer;
let home: string;
const running: Term[] = [];
const proxies: TapProxy[] = [];
const servers: DemoServer[] = [];

function wizard(url: string = server.url, env: Record<string, string> = {}): Term {
  const t = spawnCli({ args: ['--url', url, '--api-key', 'vastai-demo-key'], env, home });
  running.push(t);
  return t;
}

async function proxy(hold?: (method: string, path: string) => boolean): Promise<TapProxy> {
  const p = await startTapProxy(server.url, { hold });
  proxies.push(p);
  return p;
}

/** Writes keys after marking, so the next waitFor only sees what they caused. */
async function press(t: Term, keys: string, expect: string | RegExp, timeoutMs?: number): Promise<string> {
  t.mark();
  t.write(keys);
  return t.waitFor(expect, timeoutMs);
}

/** The numbered codes in `text` (the last frame wins), in order. */
function codesOnScreen(text: string): string[] {
  const byNo = new Map<number, string>();
  for (const m of text.matchAll(CODE_RE)) byNo.set(Number(m[1]), m[2]!);
  return [...byNo.keys()].sort((a, b) => a - b).map((k) => byNo.get(k)!);
}

/** The spinner has drawn at least three different frames: the UI is alive, not frozen. */
const SPINNING = /^(?=[\s\S]*⠋)(?=[\s\S]*⠙)(?=[\s\S]*⠹)/;

/** From the list: TOTP, the current code, Enter; resolves on the confirmation screen. */
async function totpToConfirm(t: Term): Promise<void> {
  await t.waitFor('How do you want', 15_000);
  await press(t, '1', 'authenticator app shows now');
  const code = goodTotp();
  await press(t, code, `> ${code}`);
  await press(t, '\r', 'Replace your backup codes?');
}

describe('fault suite in a real terminal', { timeout: 120_000 }, () => {
  demoSuite('vrc-fault-pty-', (s) => ({ server, home } = s));
  after(async () => {
    for (const t of running) t.kill();
    for (const p of proxies) await p.close();
    for (const s of servers) await s.close();
  });

  it('3 s latency on each answer: a turning spinner, then the list; Ctrl+C still cancels (130)', async () => {
    const before = (await fetchInbox(server.url)).backupCodes;
    await demoControl(server.url).faults({ latency_ms: 3000 });
    const t = wizard();
    await t.waitFor("Checking your account's two-factor setup…");
    await t.waitFor(SPINNING);
    const list = await t.waitFor('How do you want to verify', 15_000);
    assert.match(list, /Authenticator app/);
    await press(t, '\u0003', 'Cancelled. Nothing was changed');
    assert.equal(await t.exited, 130);
    assert.deepEqual((await fetchInbox(server.url)).backupCodes, before);
  });

  it('Ctrl+C while the status is still unanswered: exits 130 at once, not when the request ends', async () => {
    const p = await proxy((method) => method === 'GET');
    const t = wizard(p.url);
    await p.arrived('GET', 'tfa/status');
    await t.waitFor(SPINNING);
    await press(t, '\u0003', 'Cancelled. Nothing was changed');
    // Without a bound, a program that waits for the request would hang this test for minutes.
    let guard: NodeJS.Timeout | undefined;
    const stuck = new Promise<never>((_, reject) => {
      guard = setTimeout(
        () => reject(new Error('still running 20 s after Ctrl+C: it waits for the unanswered request')),
        20_000,
      );
    });
    try {
      assert.equal(await Promise.race([t.exited, stuck]), 130);
    } finally {
      clearTimeout(guard);
    }
    assert.equal(p.held(), 1, 'the status request was still unanswered when the program ended');
  });

  it('503 then success on status: retried behind the spinner, the list appears', async () => {
    await demoControl(server.url).faults({ fail: [{ route: 'status', status: 503, times: 2 }] });
    let statusGets = 0;
    const p = await proxy((method, path) => {
      if (method === 'GET' && path.includes('tfa/status')) statusGets += 1;
      return false; // only counts, holds nothing
    });
    const t = wizard(p.url);
    await t.waitFor('How do you want to verify', 15_000);
    assert.equal(statusGets, 3, 'status asked three times: two 503s, then the answer');
    assert.doesNotMatch(t.text(), /Could not regenerate/, 'the 503s were not shown as a failure');
    await press(t, '\u0003', 'Cancelled');
    assert.equal(await t.exited, 130);
  });

  it('a resend during the cool-down: `r` shows the wait and sends nothing', async () => {
    const t = wizard();
    await t.waitFor('How do you want', 15_000);
    const sent = await press(t, '2', /was sent to the phone \*+4821[\s\S]*r resend in \d+ s/);
    const shown = /r resend in (\d+) s/.exec(sent)![1];
    // `r` now, then wait for the countdown's next tick (so `r` was read on its own, as a person
    // types it), then a digit: the digit alone must be in the input.
    await press(t, 'r', new RegExp(`r resend in (?!${shown} s)\\d+ s`));
    const after = await press(t, '1', /> r?1/);
    assert.match(after, />\s1\s/, '`r` was taken as a command, not typed into the code');
    const hints = [...t.text().matchAll(/r resend(?: in (\d+) s)?/g)];
    assert.ok(hints.at(-1)?.[1] !== undefined, 'the hint still counts down');
    assert.doesNotMatch(t.text(), /Sending a new code/);
    assert.equal((await fetchInbox(server.url)).messages.filter((m) => m.channel === 'sms').length, 1, 'no second SMS');
    await press(t, '\u0003', 'Cancelled');
    assert.equal(await t.exited, 130);
  });

  it('a resend the server refuses (its own 30 s cool-down): the reason and the wait are shown', async () => {
    // A server on a clock the test moves: 13 s after the SMS, its cool-down has exactly 17 s left.
    const clock = { t: Date.now() };
    const s = await startDemoServer({ now: () => clock.t });
    servers.push(s);
    const t = wizard(s.url, { VRC_RESEND_COOLDOWN_MS: '0' }); // no cool-down of the wizard's own
    await t.waitFor('How do you want', 15_000);
    await press(t, '2', 'was sent to the phone ******4821');
    clock.t += 13_000;
    const refused = await press(t, 'r', /Too many text messages[\s\S]*r resend in \d+ s/);
    // The first frame with the refusal: its countdown starts from the server's retry_after.
    const wait = Number(/r resend in (\d+) s/.exec(refused.slice(refused.indexOf('Too many')))![1]);
    assert.equal(wait, 17, "the countdown follows the server's retry_after");
    assert.equal((await fetchInbox(s.url)).messages.filter((m) => m.channel === 'sms').length, 1, 'no second SMS');
    await press(t, '\u0003', 'Cancelled');
    assert.equal(await t.exited, 130);
  });

  it('dropped after the regenerate was applied: honest message, re-checked count, exit 1; a rerun works', async () => {
    const old = (await fetchInbox(server.url)).backupCodes;
    await demoControl(server.url).faults({ drop_after_apply: ['regen'] });
    const t = wizard();
    await totpToConfirm(t);
    const end = (
      await press(t, 'y', /The result of the regeneration is unknown\.[\s\S]*Next:[\s\S]*still work\./, 15_000)
    ).replace(/\s+/g, ' ');
    assert.match(end, /may already have replaced your backup codes/);
    assert.match(
      end,
      new RegExp(
        /The account now reports 10 unused backup codes: /.source +
          /the codes were most likely replaced by a set you have not seen\./.source,
      ),
    );
    assert.match(end, /Your old backup codes may no longer work, and the new ones were never received\./);
    assert.match(end, /Next: Run this again with a fresh code/);
    assert.equal(await t.exited, 1);
    const unseen = (await fetchInbox(server.url)).backupCodes;
    assert.equal(unseen.length, 10);
    assert.ok(
      unseen.every((c) => !old.includes(c)),
      'applied exactly once: the old codes are dead',
    );
    const again = await runCli(
      ['--url', server.url, '--api-key', 'vastai-demo-key', '-t', 'totp', '-c', goodTotp(), '--yes'],
      { home },
    );
    assert.equal(again.status, 0, again.stderr);
    assert.deepEqual(codesIn(again.stdout), (await fetchInbox(server.url)).backupCodes);
  });

  it("Ctrl+C while the regenerate is in flight is held: a warning, then the codes, equal to the server's", async () => {
    const p = await proxy((method) => method === 'PUT');
    const t = wizard(p.url);
    await totpToConfirm(t);
    t.mark();
    t.write('y');
    await p.arrived('PUT', 'regen-backup-codes');
    await t.waitFor('Replacing your backup codes…');
    await press(t, '\u0003', 'cannot be called back');
    t.mark();
    p.release();
    const screen = await t.waitFor('q/Enter done', 15_000);
    assert.deepEqual(codesOnScreen(screen), (await fetchInbox(server.url)).backupCodes);
    await press(t, '\u0003', 'Leave without saving?');
    await press(t, '\u0003', /so\s+they\s+were\s+saved\s+to\s+\S+\s+\(readable\s+only\s+by\s+you\)/);
    assert.equal(await t.exited, 3, 'replaced, and left before they were stored: exit 3');
  });

  it('the server goes away at the confirmation: a clear network message, exit 1, no codes claimed', async () => {
    const p = await proxy();
    const t = wizard(p.url);
    await totpToConfirm(t);
    await p.close();
    const end = await press(t, 'y', /Could not regenerate the backup codes\.[\s\S]*Next:/, 15_000);
    assert.match(end, /Could not reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
    assert.doesNotMatch(end, /q\/Enter done/);
    assert.equal(await t.exited, 1);
  });

  it('401 (bad key): the failure screen names where keys come from, exit 1', async () => {
    const t = spawnCli({ args: ['--url', server.url], env: { VAST_API_KEY: 'sk-LEAKCHECK-9f8e7d6c5b4a' }, home });
    running.push(t);
    const end = await t.waitFor(
      /Could not check the account's two-factor setup\. Nothing was changed\.[\s\S]*Next:[\s\S]*VAST_API_KEY/,
      15_000,
    );
    assert.match(end, /The server did not accept the authentication\./);
    assert.equal(await t.exited, 1);
    // The whole key, and every part of it beyond the last 4 characters a trace would show.
    const raw = t.raw();
    for (const part of ['sk-LEAKCHECK-9f8e7d6c5b4a', 'LEAKCHECK', '9f8e7d6c'])
      assert.ok(!raw.includes(part), `the key leaks: ${part}`);
  });
});
