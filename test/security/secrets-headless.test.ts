/**
 * Security suite: secrets never leak through the headless run. Across success (with --explain),
 * wrong codes, SMS and email with --secret, backup codes, fault runs, bad keys and usage errors,
 * the API key, the entered code, the challenge secret and the used backup code appear in neither
 * stdout nor stderr (--explain included); the NEW backup codes appear only where intended (stdout
 * and the saved file, never stderr on success).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DemoServer } from '../../src/demo/server.js';
import { fetchInbox, demoControl } from '../../src/demo/inbox.js';
import { demoSuite, tempDir, runCli, codesIn, type PipeResult } from '../helpers/pipe-run.js';
import { apiCall, goodTotp, sendSms, wrongTotp } from '../helpers/demo-api.js';

const DEMO_KEY = 'vastai-demo-key';
const LEAK_KEY = 'sk-LEAKCHECK-9f8e7d6c5b4a';

let server: DemoServer;
let home: string;

demoSuite('vrc-sec-secrets-', (s) => ({ server, home } = s));

const run = (args: string[], env?: Record<string, string>) =>
  runCli(['--url', server.url, '--api-key', DEMO_KEY, ...args], { home, env });
const faults = (f: Parameters<ReturnType<typeof demoControl>['faults']>[0]) => demoControl(server.url).faults(f);

/** Fails naming every secret found in stdout or stderr. */
function assertNoSecrets(r: PipeResult, secrets: Record<string, string>, what: string): void {
  const found: string[] = [];
  for (const [name, value] of Object.entries(secrets)) {
    if (r.stdout.includes(value)) found.push(`${name} on stdout`);
    if (r.stderr.includes(value)) found.push(`${name} on stderr`);
  }
  assert.deepEqual(found, [], `${what}:\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
}

/** Parts of the distinctive key that must not show either. */
const LEAK_PARTS = { key: LEAK_KEY, keyBody: 'LEAKCHECK', keyHex: '9f8e7d6c', keyEnd: 'c5b4a' };

test('TOTP success with --explain: no key, no entered code; new codes on stdout only', async () => {
  const code = goodTotp();
  const r = await run(['-t', 'totp', '-c', code, '--yes', '--explain']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /authorization: Bearer \[the key from --api-key\]/i, 'the key is named by where it came from');
  assert.match(r.stderr, /"code":"\[redacted\]"/);
  assert.match(r.stderr, /"backup_codes":\["\[redacted\]"/);
  assertNoSecrets(r, { key: DEMO_KEY, code }, 'TOTP --explain');
  const now = (await fetchInbox(server.url)).backupCodes;
  assert.deepEqual(codesIn(r.stdout), now, 'the new codes are on stdout, as intended');
  assert.deepEqual(codesIn(r.stderr), [], 'and nowhere on stderr');
});

test('a wrong code, with --explain and --raw: the code is not repeated', async () => {
  const code = wrongTotp();
  const a = await run(['-t', 'totp', '-c', code, '--yes', '--explain']);
  assert.equal(a.status, 1);
  assertNoSecrets(a, { key: DEMO_KEY, code }, 'wrong code --explain');
  const typed = wrongTotp();
  const b = await run(['-t', 'totp', '-c', typed, '--yes', '--raw']);
  assert.equal(b.status, 1);
  assertNoSecrets(b, { key: DEMO_KEY, code: typed }, 'wrong code --raw');
});

test('SMS with --secret (right, then wrong code): neither the code nor the secret appears', async () => {
  const secret = await sendSms(server.url);
  const sms = (await fetchInbox(server.url)).messages.find((m) => m.secret === secret)!;
  const bad = sms.code === '000000' ? '111111' : '000000';
  const wrong = await run(['-t', 'sms', '-c', bad, '-s', secret, '--yes', '--explain']);
  assert.equal(wrong.status, 1);
  assert.match(wrong.stderr, /2 attempts left/);
  assertNoSecrets(wrong, { key: DEMO_KEY, secret, code: sms.code, typed: bad }, 'SMS wrong code');
  const ok = await run(['-t', 'sms', '-c', sms.code, '-s', secret, '--yes', '--explain']);
  assert.equal(ok.status, 0, ok.stderr);
  assertNoSecrets(ok, { key: DEMO_KEY, secret, code: sms.code }, 'SMS success');
  assert.match(ok.stderr, /"secret":"\[redacted\]"/);
});

test('email with --secret and --raw: neither the code nor the secret appears', async () => {
  const res = await apiCall(server.url, 'POST', 'tfa/email/', {});
  const secret = res.body.secret as string;
  const mail = (await fetchInbox(server.url)).messages.find((m) => m.secret === secret)!;
  const r = await run(['-t', 'email', '-c', mail.code, '-s', secret, '--yes', '--raw', '--explain']);
  assert.equal(r.status, 0, r.stderr);
  assertNoSecrets(r, { key: DEMO_KEY, secret, code: mail.code }, 'email --raw');
  assert.deepEqual(
    (JSON.parse(r.stdout) as { backup_codes: string[] }).backup_codes,
    (await fetchInbox(server.url)).backupCodes,
  );
});

test('backup code with --explain and --save: the used code is in no output and not in the file', async () => {
  const [used] = (await fetchInbox(server.url)).backupCodes;
  const file = join(home, 'bc', 'codes.txt');
  const r = await run(['-bc', used!.toLowerCase(), '--yes', '--explain', '--save', file]);
  assert.equal(r.status, 0, r.stderr);
  assertNoSecrets(r, { key: DEMO_KEY, used: used!, usedLower: used!.toLowerCase() }, 'backup code');
  assert.match(r.stderr, /"backup_code":"\[redacted\]"/);
  const saved = await readFile(file, 'utf8');
  assert.ok(!saved.includes(used!) && !saved.includes(DEMO_KEY));
  assert.deepEqual(codesIn(saved), (await fetchInbox(server.url)).backupCodes);
});

test('a used backup code refused: not repeated', async () => {
  const [used] = (await fetchInbox(server.url)).backupCodes;
  assert.equal((await run(['-bc', used!, '--yes'])).status, 0);
  const again = await run(['-bc', used!, '--yes', '--explain']);
  assert.equal(again.status, 1);
  assertNoSecrets(again, { key: DEMO_KEY, used: used! }, 'used backup code');
});

test('faults (status 503 retried, regenerate 503, 502, dropped after apply), --explain: no key or code', async () => {
  // Each fault with the exit status it leads to: a read retried to success, then unknown outcomes
  // (the regenerate request is never retried).
  const cases = [
    { status: 0, f: { fail: [{ route: 'status' as const, status: 503, times: 1 }] } },
    { status: 1, f: { fail: [{ route: 'regen' as const, status: 503, times: 1 }] } },
    { status: 1, f: { fail: [{ route: 'regen' as const, status: 502, times: 1 }] } },
    { status: 1, f: { drop_after_apply: ['regen' as const] } },
  ];
  for (const { status, f } of cases) {
    await faults(f);
    const code = (await fetchInbox(server.url)).totpCode; // an unused one: three runs may share a 30 s window
    const r = await run(['-t', 'totp', '-c', code, '--yes', '--explain']);
    assert.equal(r.status, status, `${JSON.stringify(f)}:\n${r.stderr}`);
    assertNoSecrets(r, { key: DEMO_KEY, code }, JSON.stringify(f));
    const live = (await fetchInbox(server.url)).backupCodes;
    assert.deepEqual(
      codesIn(r.stderr).filter((c) => live.includes(c)),
      [],
      'no live backup code on stderr',
    );
  }
});

test('a distinctive wrong key (flag, env, vast_api_key, vast_tfa_key): never shown, even in --explain', async () => {
  const base = ['--url', server.url, '-t', 'totp', '-c', goodTotp(), '--yes'];
  const flag = await runCli([...base, '--api-key', LEAK_KEY, '--explain'], { home });
  assert.equal(flag.status, 1);
  assert.match(flag.stderr, /Bearer \[the key from --api-key\]/);
  assertNoSecrets(flag, LEAK_PARTS, '--api-key');

  const env = await runCli([...base, '--explain', '--raw'], { home, env: { VAST_API_KEY: LEAK_KEY } });
  assert.equal(env.status, 1);
  assertNoSecrets(env, LEAK_PARTS, 'VAST_API_KEY');

  const cfgHome = tempDir('vrc-sec-keyfile-');
  try {
    await mkdir(join(cfgHome, '.config', 'vastai'), { recursive: true });
    await writeFile(join(cfgHome, '.config', 'vastai', 'vast_api_key'), `${LEAK_KEY}\n`);
    await writeFile(join(cfgHome, '.config', 'vastai', 'vast_tfa_key'), 'sk-SESSIONLEAK-0a1b2c3d4e5f\n');
    const file = await runCli([...base, '--explain'], { home: cfgHome });
    assert.equal(file.status, 1);
    assertNoSecrets(
      file,
      { ...LEAK_PARTS, session: 'sk-SESSIONLEAK-0a1b2c3d4e5f', sessionBody: 'SESSIONLEAK' },
      'key files',
    );
  } finally {
    await rm(cfgHome, { recursive: true, force: true });
  }
});

test('usage errors and an unreachable server do not echo the key, code or secret', async () => {
  const secret = 'f00dfacecafebeef0123456789abcdef';
  // --url points at a closed local port: should the usage check ever let this through, the key still goes nowhere.
  const r1 = await runCli(
    ['--api-key', LEAK_KEY, '--url', 'http://127.0.0.1:9', '-c', '12345', '-t', 'totp', '--yes'],
    { home },
  );
  assert.equal(r1.status, 2);
  assertNoSecrets(r1, LEAK_PARTS, 'malformed code');
  const r2 = await runCli(
    [
      '--api-key',
      LEAK_KEY,
      '-c',
      '123456',
      '-t',
      'sms',
      '-s',
      secret,
      '--url',
      'http://127.0.0.1:9',
      '--yes',
      '--retry',
      '1',
      '--explain',
    ],
    { home },
  );
  assert.equal(r2.status, 1);
  assert.match(r2.stderr, /Could not reach/);
  assertNoSecrets(r2, { ...LEAK_PARTS, secret, code: '123456' }, 'unreachable server');
});

test('a hostile server echoing the key, the code and the secret: one redaction guards every output', async () => {
  const secret = await sendSms(server.url);
  const sms = (await fetchInbox(server.url)).messages.find((m) => m.secret === secret)!;
  const echo = (extra: Record<string, unknown> = {}) => ({
    error: 'weird',
    msg:
      `bad code ${sms.code} key ${LEAK_KEY} / ${LEAK_KEY.slice(0, 12)}… ` +
      `secret ${secret} for ${LEAK_KEY.toUpperCase()}`,
    ...extra,
  });
  const all = { ...LEAK_PARTS, secret, code: sms.code, keyUpper: LEAK_KEY.toUpperCase().slice(3, 14) };
  const args = ['--url', server.url, '--api-key', LEAK_KEY, '-t', 'sms', '-c', sms.code, '-s', secret, '--yes'];

  await faults({ fail: [{ route: 'regen', status: 500, times: 1, body: echo() }] });
  const plain = await runCli([...args, '--explain'], { home });
  assert.equal(plain.status, 1);
  assert.match(plain.stderr, /did not confirm the regeneration \(HTTP 500: bad code \*{6} key \[redacted\]/);
  assertNoSecrets(plain, all, 'error reply');

  await faults({ fail: [{ route: 'regen', status: 400, times: 1, body: echo() }] });
  const raw = await runCli([...args, '--raw'], { home });
  assert.equal(raw.status, 1);
  assertNoSecrets(raw, all, 'error reply, --raw');

  // A success that echoes the request headers: --raw prints only msg and backup_codes.
  const codes = Array.from({ length: 10 }, (_, i) => `QQ${i}Q-WWWW-EEEE`);
  await faults({
    fail: [
      {
        route: 'regen',
        status: 200,
        times: 1,
        body: { msg: 'success', backup_codes: codes, request: { headers: { authorization: `Bearer ${LEAK_KEY}` } } },
      },
    ],
  });
  const ok = await runCli([...args, '--raw'], { home });
  assert.equal(ok.status, 0, ok.stderr);
  assert.deepEqual(JSON.parse(ok.stdout), { msg: 'success', backup_codes: codes });
  assertNoSecrets(ok, all, 'echoing success, --raw');
});

test('a mistyped option glued to the key, and a URL with a password, are not repeated', async () => {
  const glued = await runCli([`-x${LEAK_KEY}`, '--yes'], { home });
  assert.equal(glued.status, 2);
  assert.match(glued.stderr, /Unknown option -x…/);
  assertNoSecrets(glued, LEAK_PARTS, '-x<KEY>');
  const url = await runCli(
    [
      '--url',
      'https://me:hunter2secret@ console.vast.ai',
      '--api-key',
      LEAK_KEY,
      '-t',
      'totp',
      '-c',
      '123456',
      '--yes',
    ],
    { home },
  );
  assert.equal(url.status, 2);
  assertNoSecrets(url, { ...LEAK_PARTS, password: 'hunter2secret' }, '--url with a password');
});
