/**
 * Fault suite, headless: the built dist/cli.js through pipes against a demo API in this process,
 * with faults injected through POST /__demo/faults. Each case checks what the user is told
 * (stderr), the exit status, and that no code is lost: whenever the account changed, the codes the
 * user got equal the demo inbox's codes.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoServer, type DemoServer } from '../../src/demo/server.js';
import { fetchInbox, demoControl } from '../../src/demo/inbox.js';
import { clockTime } from '../../src/flow/messages.js';
import { demoSuite, runCli, startCli, codesIn, hasStackTrace, type PipeChild } from '../helpers/pipe-run.js';
import { apiCall, goodTotp, sendSms, wrongTotp } from '../helpers/demo-api.js';
import { startTapProxy, type TapProxy } from '../helpers/tap-proxy.js';

let server: DemoServer;
let home: string;
const extra: DemoServer[] = [];
/** CLI children a test drives step by step: ended here even when a test fails while waiting on one. */
const children: PipeChild[] = [];
const proxies: TapProxy[] = [];

demoSuite('vrc-fault-headless-', (s) => ({ server, home } = s));
after(async () => {
  for (const c of children) {
    if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill();
    await c.done.catch(() => undefined);
  }
  for (const p of proxies) await p.close();
  for (const s of extra) await s.close();
});

/** startCli, remembered for the after() hook. */
function startChild(...a: Parameters<typeof startCli>): PipeChild {
  const c = startCli(...a);
  children.push(c);
  return c;
}

const api = (url = server.url) => ['--url', url, '--api-key', 'vastai-demo-key'];
const run = (args: string[], input?: string, url?: string) => runCli([...api(url), ...args], { home, input });
const inbox = () => fetchInbox(server.url);
const faults = (f: Parameters<ReturnType<typeof demoControl>['faults']>[0]) => demoControl(server.url).faults(f);
/** A distinctive wrong key, and the parts of it beyond the last 4 characters (all the trace may show is `…5b4a`). */
const LEAK_KEY = 'sk-LEAKCHECK-9f8e7d6c5b4a';
const LEAK_PARTS = [LEAK_KEY, 'LEAKCHECK', '9f8e7d6c'];
/** Every part of `secrets` found on stdout or stderr, named by stream. */
const leaked = (r: { stdout: string; stderr: string }, secrets: string[]) =>
  secrets.flatMap((x) => [
    ...(r.stdout.includes(x) ? [`${x} on stdout`] : []),
    ...(r.stderr.includes(x) ? [`${x} on stderr`] : []),
  ]);
/** How many requests of `method` the --explain trace shows (first attempts and retries). */
const traced = (stderr: string, method: string) =>
  stderr.split('\n').filter((l) => l.startsWith(`→ ${method} `)).length;

test("503 then success on status: retried, exit 0, codes equal the server's", async () => {
  await faults({ fail: [{ route: 'status', status: 503, times: 1 }] });
  const r = await run(['-t', 'totp', '-c', goodTotp(), '--explain'], 'y\n');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(traced(r.stderr, 'GET'), 2, 'status asked twice');
  assert.match(r.stderr, /← 503 /);
  assert.match(r.stderr, /→ GET \S+\/tfa\/status\/ {2}\(attempt 2\)/);
  assert.doesNotMatch(r.stderr, /^Error:/m);
  assert.deepEqual(codesIn(r.stdout), (await inbox()).backupCodes);
});

test('502 then success on status: a gateway error on a read is retried too', async () => {
  await faults({
    fail: [{ route: 'status', status: 502, times: 1, raw: '<html><body>502 Bad Gateway</body></html>' }],
  });
  const r = await run(['-t', 'totp', '-c', goodTotp()], 'y\n');
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(codesIn(r.stdout), (await inbox()).backupCodes);
});

test('503 on regenerate: never retried (may be applied), "may have replaced", status re-checked, exit 1', async () => {
  const old = (await inbox()).backupCodes;
  await faults({ fail: [{ route: 'regen', status: 503, times: 10 }] });
  const r = await run(['-t', 'totp', '-c', goodTotp(), '--yes', '--retry', '3', '--explain']);
  assert.equal(r.status, 1);
  assert.equal(traced(r.stderr, 'PUT'), 1, 'the PUT left once');
  assert.match(r.stderr, /^Error: The server did not confirm the regeneration \(HTTP 503[^)]*\)\. It may already/m);
  assert.doesNotMatch(r.stderr, /nothing was changed|Try again in a minute/);
  assert.match(r.stderr, /The account now reports 3 unused backup codes\./);
  assert.equal(r.stdout, '');
  assert.deepEqual((await inbox()).backupCodes, old);
});

test('dropped after the regenerate applied: told honestly, status re-checked, no retry; a rerun works', async () => {
  const old = (await inbox()).backupCodes;
  await faults({ drop_after_apply: ['regen'] });
  const r = await run(['-t', 'totp', '-c', goodTotp(), '--yes', '--explain']);
  assert.equal(r.status, 1, r.stderr);
  assert.match(
    r.stderr,
    new RegExp(
      /^Error: The server did not confirm the regeneration \(the connection broke\)\. /.source +
        /It may already have replaced your backup codes\./.source,
      'm',
    ),
  );
  assert.match(
    r.stderr,
    /The account now reports 10 unused backup codes: the codes were most likely replaced by a set you have not seen\./,
  );
  assert.equal(r.stderr.match(/Run this again/g)?.length, 1, 'the advice is given once');
  assert.equal(traced(r.stderr, 'PUT'), 1, 'no blind retry of the PUT');
  assert.equal(traced(r.stderr, 'GET'), 1, 'the re-check after (--yes asks no status before)');
  assert.equal(r.stdout, '');

  // The change was applied exactly once: the old codes are dead, a set nobody saw is live.
  const unseen = (await inbox()).backupCodes;
  assert.equal(unseen.length, 10);
  assert.ok(unseen.every((c) => !old.includes(c)));
  const dead = await run(['-bc', old[0]!, '--yes']);
  assert.equal(dead.status, 1);
  assert.match(dead.stderr, /That backup code is unknown or was already used\./);

  // The rerun the message asks for: codes the user can see, equal to the server's.
  const again = await run(['-t', 'totp', '-c', goodTotp(), '--yes']);
  assert.equal(again.status, 0, again.stderr);
  const now = (await inbox()).backupCodes;
  assert.deepEqual(codesIn(again.stdout), now);
  assert.ok(now.every((c) => !unseen.includes(c)));
});

test('connection dropped after apply, --raw: one JSON error with the re-checked count, nothing on stdout', async () => {
  await faults({ drop_after_apply: ['regen'] });
  const r = await run(['-t', 'totp', '-c', goodTotp(), '--yes', '--raw']);
  assert.equal(r.status, 1);
  assert.equal(r.stdout, '');
  const j = JSON.parse(r.stderr) as Record<string, unknown>;
  assert.equal(j.error, true);
  assert.equal(j.code, 'outcome_unknown');
  assert.equal(j.backup_codes_remaining, 10);
  assert.match(String(j.msg), /may already have replaced your backup codes/);
});

test('502 on regenerate: not retried, outcome-unknown message with the re-checked count, exit 1', async () => {
  const old = (await inbox()).backupCodes;
  await faults({ fail: [{ route: 'regen', status: 502, times: 1 }] });
  const r = await run(['-t', 'totp', '-c', goodTotp(), '--yes', '--explain']);
  assert.equal(r.status, 1);
  assert.match(
    r.stderr,
    new RegExp(
      /^Error: The server did not confirm the regeneration \(HTTP 502[^)]*\)\. /.source +
        /It may already have replaced your backup codes\./.source,
      'm',
    ),
  );
  assert.match(r.stderr, /The account now reports 3 unused backup codes\./);
  assert.match(r.stderr, /Run this again/);
  assert.equal(traced(r.stderr, 'PUT'), 1, 'a 502 on the PUT is never retried');
  assert.equal(r.stdout, '');
  // The demo's fault answered instead of applying: nothing changed, and nothing is claimed.
  assert.deepEqual((await inbox()).backupCodes, old);
});

test('a non-JSON body on status: a clear message, exit 1, no stack trace', async () => {
  await faults({
    fail: [
      { route: 'status', status: 200, times: 1, raw: '<!doctype html><html><body>Welcome to nginx!</body></html>' },
    ],
  });
  const r = await run(['-t', 'totp', '-c', goodTotp()], 'y\n');
  assert.equal(r.status, 1);
  assert.match(
    r.stderr,
    new RegExp(
      /^Error: The server's answer was not what was expected \(HTTP 200: not JSON\)\.\n/.source +
        /Check --url points at the Vast\.ai API/.source,
      'm',
    ),
  );
  assert.ok(!hasStackTrace(r.stderr), r.stderr);
  assert.ok(!r.stderr.includes('nginx'), 'the page itself is not dumped on the user');
  assert.equal(r.stdout, '');
});

test('a non-JSON error page (HTTP 500) on status: a clear message, exit 1, no stack trace', async () => {
  await faults({
    fail: [
      {
        route: 'status',
        status: 500,
        times: 1,
        raw: 'Internal Server Error\n  at Object.<anonymous> (/srv/app.js:1:1)',
      },
    ],
  });
  const r = await run(['-t', 'totp', '-c', goodTotp()], 'y\n');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^Error: The server's answer was not what was expected \(HTTP 500: not JSON\)\./m);
  assert.ok(!hasStackTrace(r.stderr), r.stderr);
});

test('401 bad key: a message naming where keys come from, exit 1, key not echoed', async () => {
  const r = await runCli(
    ['--url', server.url, '--api-key', LEAK_KEY, '-t', 'totp', '-c', goodTotp(), '--yes', '--explain'],
    { home },
  );
  assert.equal(r.status, 1);
  // The demo answers 401 {error: auth_error, msg: Invalid user key}, like Vast does.
  assert.match(r.stderr, /^Error: The server did not accept the authentication\./m);
  assert.match(r.stderr, /--api-key/);
  assert.match(r.stderr, /VAST_API_KEY/);
  assert.match(r.stderr, /vast_api_key/);
  assert.equal(traced(r.stderr, 'PUT'), 1, 'a 401 is not retried');
  assert.match(r.stderr, /Bearer \[the key from --api-key\]/, 'the trace names where the key came from, no part of it');
  assert.deepEqual(leaked(r, LEAK_PARTS), [], r.stderr);
});

test('401 with no body: the key was refused, with where keys come from', async () => {
  await faults({ fail: [{ route: 'status', status: 401, times: 1, raw: '' }] });
  const r = await run(['-t', 'totp', '-c', goodTotp()], 'y\n');
  assert.equal(r.status, 1);
  assert.match(
    r.stderr,
    new RegExp(
      /^Error: The API key was refused \(HTTP 401\)\.\nThe key used came from --api-key\. /.source +
        /Check the key \(--api-key, VAST_API_KEY or ~\/\.config\/vastai\/vast_api_key\)/.source,
      'm',
    ),
  );
});

test('401 bad key from $VAST_API_KEY: the same message, key not echoed', async () => {
  const r = await runCli(['--url', server.url, '-t', 'totp', '-c', goodTotp(), '--yes'], {
    home,
    env: { VAST_API_KEY: LEAK_KEY },
  });
  assert.equal(r.status, 1);
  assert.match(
    r.stderr,
    new RegExp(
      /^Error: The server did not accept the authentication\.\n/.source +
        /The key used came from the VAST_API_KEY variable\. Check the API key \(--api-key, VAST_API_KEY/.source,
      'm',
    ),
  );
  assert.deepEqual(leaked(r, LEAK_PARTS), [], r.stderr);
});

test('403 team_user_forbidden: the personal-key message, exit 1', async () => {
  await faults({
    fail: [
      {
        route: 'status',
        status: 403,
        times: 1,
        body: { error: 'team_user_forbidden', msg: 'This action is not available to team members.' },
      },
    ],
  });
  const r = await run(['-t', 'totp', '-c', goodTotp()], 'y\n');
  assert.equal(r.status, 1);
  assert.match(
    r.stderr,
    new RegExp(
      /^Error: This API key belongs to a team; 2FA changes need your personal key\.\n/.source +
        /Use your personal API key \(--api-key or VAST_API_KEY\)\./.source,
      'm',
    ),
  );
  assert.equal(r.stdout, '');
});

test('403 team_user_forbidden on the regenerate itself: same message, nothing changed', async () => {
  const old = (await inbox()).backupCodes;
  await faults({
    fail: [{ route: 'regen', status: 403, times: 1, body: { error: 'team_user_forbidden', msg: 'team key' } }],
  });
  const r = await run(['-t', 'totp', '-c', goodTotp(), '--yes']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /personal key/);
  assert.deepEqual((await inbox()).backupCodes, old);
});

test('wrong TOTP codes: attempts left, then the lock with its end time and another way to verify', async () => {
  const old = (await inbox()).backupCodes;
  const first = await run(['-t', 'totp', '-c', wrongTotp(), '--yes']);
  assert.equal(first.status, 1);
  assert.match(
    first.stderr,
    /^Error: That code was not accepted\. 4 attempts left before the authenticator app locks for 15 minutes\./m,
  );
  // Three more wrong codes straight over HTTP, the fifth through the CLI again.
  for (let i = 0; i < 3; i++) {
    const a = await apiCall(server.url, 'PUT', 'tfa/regen-backup-codes/', { tfa_method: 'totp', code: wrongTotp() });
    assert.equal(a.status, 400);
  }
  const fifth = await run(['-t', 'totp', '-c', wrongTotp(), '--yes']);
  assert.equal(fifth.status, 1);
  const st = await apiCall(server.url, 'GET', 'tfa/status/');
  const until = (st.body.methods as { id: number; locked_until: number | null }[]).find(
    (m) => m.id === 101,
  )!.locked_until;
  assert.ok(until, 'the TOTP method is locked');
  const hhmm = clockTime(until);
  assert.match(
    fifth.stderr,
    new RegExp(`^Error: That code was not accepted\\. The authenticator app is now locked until ${hhmm}\\.$`, 'm'),
  );
  assert.match(fifth.stderr, /Use another method or a backup code\./);

  // Even the right code is refused while locked: the message says until when and what else works.
  const locked = await run(['-t', 'totp', '-c', goodTotp(), '--yes']);
  assert.equal(locked.status, 1);
  assert.match(
    locked.stderr,
    new RegExp(`^Error: The authenticator app is locked after too many wrong codes until ${hhmm}\\.`, 'm'),
  );
  assert.match(locked.stderr, /Use another method or a backup code/);
  assert.deepEqual((await inbox()).backupCodes, old);

  // …and a backup code still works, with the codes printed equal to the server's.
  const viaBackup = await run(['-bc', old[0]!, '--yes']);
  assert.equal(viaBackup.status, 0, viaBackup.stderr);
  assert.deepEqual(codesIn(viaBackup.stdout), (await inbox()).backupCodes);
});

test('an expired SMS challenge: the expiry message, exit 1, nothing changed', async () => {
  const clock = { t: Date.now() };
  const s = await startDemoServer({ now: () => clock.t });
  extra.push(s);
  const secret = await sendSms(s.url);
  const msg = (await fetchInbox(s.url)).messages.find((m) => m.secret === secret)!;
  const old = (await fetchInbox(s.url)).backupCodes;
  clock.t += 11 * 60_000;
  const r = await run(['-t', 'sms', '-c', msg.code, '-s', secret, '--yes'], undefined, s.url);
  assert.equal(r.status, 1);
  assert.match(
    r.stderr,
    /^Error: The code has expired \(codes last 10 minutes\)\.\nSend a new code and enter that one\./m,
  );
  assert.equal(r.stdout, '');
  assert.deepEqual(leaked(r, [secret, msg.code]), []);
  assert.deepEqual((await fetchInbox(s.url)).backupCodes, old);
});

test('server gone after status, before the confirmation: a network message, exit 1, no codes claimed', async () => {
  const s = await startDemoServer();
  extra.push(s);
  const c = startChild([...api(s.url), '-t', 'totp', '-c', goodTotp()], { home });
  await c.waitForStderr('Regenerate the backup codes now? [y/N] ');
  await s.close();
  c.end('y\n');
  const r = await c.done;
  assert.equal(r.status, 1, r.stderr);
  assert.match(
    r.stderr,
    new RegExp(
      `^Error: Could not reach ${s.url.replace(/[.]/g, '\\.')} \\(ECONNREFUSED\\)\\. ` +
        /The request never left this computer: nothing was changed on your account\.\n/.source +
        /Check the network and --url, then try again\./.source,
      'm',
    ),
  );
  assert.equal(r.stdout, '');
  assert.doesNotMatch(r.stderr, /BACKUP CODES|Saved to/);
  assert.ok(!hasStackTrace(r.stderr), r.stderr);
});

test('the server goes away while the regenerate is in flight: outcome unknown, exit 1, no codes claimed', async () => {
  const s = await startDemoServer();
  extra.push(s);
  const proxy = await startTapProxy(s.url); // the server as the CLI sees it
  proxies.push(proxy);
  const c = startChild([...api(proxy.url), '-t', 'totp', '-c', goodTotp(), '--explain'], { home });
  await c.waitForStderr('Regenerate the backup codes now? [y/N] ');
  // Status has answered; from now on the demo holds every answer, so the PUT stays in flight.
  await demoControl(s.url).faults({ latency_ms: 60_000 });
  c.end('y\n');
  await proxy.arrived('PUT', 'regen-backup-codes');
  await proxy.close();
  const r = await c.done;
  assert.equal(r.status, 1, r.stderr);
  assert.match(
    r.stderr,
    new RegExp(
      /^Error: The server did not confirm the regeneration \(the connection broke\)\. /.source +
        /It may already have replaced your backup codes\./.source,
      'm',
    ),
  );
  assert.match(r.stderr, /Run this again/);
  assert.doesNotMatch(
    r.stderr,
    /The account now reports/,
    'the re-check could not reach the server, so no count is claimed',
  );
  assert.equal(traced(r.stderr, 'PUT'), 1, 'no blind retry of the PUT');
  assert.equal(r.stdout, '');
});

test('latency 1500 ms on every answer: the headless run still completes with the right codes', async () => {
  await faults({ latency_ms: 1500 });
  const r = await run(['-t', 'totp', '-c', goodTotp(), '--yes']);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(codesIn(r.stdout), (await inbox()).backupCodes);
});
