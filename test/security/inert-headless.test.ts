/**
 * Security suite: server text is shown inert in the headless run. Method labels, phone numbers,
 * error messages, non-JSON pages and even the regenerate answer carry escape sequences (cursor
 * moves, OSC 52 clipboard writes, hyperlinks, title changes), C0/C1 controls, an 8-bit CSI and
 * 5000 wide characters; stdout and stderr must hold none of the injected sequences.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inert } from '../../src/text/sanitize.js';
import type { DemoServer } from '../../src/demo/server.js';
import { demoControl } from '../../src/demo/inbox.js';
import { demoSuite, runCli, hasStackTrace } from '../helpers/pipe-run.js';
import { goodTotp } from '../helpers/demo-api.js';
import { ALL, WIDE, evilAccount, leaks, rawControlLeaks } from '../helpers/evil-text.js';

let server: DemoServer;
let home: string;

demoSuite('vrc-sec-inert-', (s) => ({ server, home } = s));

const run = (args: string[], input?: string) =>
  runCli(['--url', server.url, '--api-key', 'vastai-demo-key', ...args], { home, input });
const faults = (f: Parameters<ReturnType<typeof demoControl>['faults']>[0]) => demoControl(server.url).faults(f);

function assertInert(out: string, what: string): void {
  assert.deepEqual(leaks(out), [], `${what} holds injected sequences:\n${JSON.stringify(out.slice(0, 3000))}`);
  assert.ok(!out.includes(WIDE.slice(0, 300)), `${what}: the 5000-character string was not cut`);
}

test('method labels and phone numbers in an error listing the methods are inert and cut', async () => {
  await demoControl(server.url).account(evilAccount());
  const r = await run(['-id', '999', '-c', '123456', '--yes']);
  assert.equal(r.status, 1, 'the id goes out, as with the official CLI; the server refuses it');
  assert.match(r.stderr, /That method id is not one of this account's methods\./);
  assert.match(r.stderr, /Its methods: 101 \(totp, App 界+…\)/);
  assert.match(r.stderr, /201 \(sms, Qc1Qc1\)/, 'the visible text survives, the sequence does not');
  assertInert(r.stderr, 'stderr');
  assert.ok(r.stderr.length < 2500, `stderr stays short (${r.stderr.length} chars)`);
});

test('an unknown server error with a hostile msg: inert, cut, no stack trace', async () => {
  await faults({ fail: [{ route: 'status', status: 418, times: 1, body: { error: 'weird', msg: `${ALL} ${WIDE}` } }] });
  const r = await run(['-t', 'totp', '-c', goodTotp()], 'y\n');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^Error: The server answered HTTP 418: Qc1Qc1/m);
  assertInert(r.stderr, 'stderr');
  assert.ok(!hasStackTrace(r.stderr));
  assert.ok(r.stderr.length < 1200, `stderr stays short (${r.stderr.length} chars)`);
});

test('a hostile msg on a known error (tfa_locked) and on the regenerate (--raw): inert', async () => {
  await faults({
    fail: [
      {
        route: 'regen',
        status: 429,
        times: 1,
        body: { error: 'tfa_locked', msg: ALL, fail_count: 5, locked_until: 4102444800 },
      },
    ],
  });
  const r = await run(['-t', 'totp', '-c', goodTotp(), '--yes']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /locked after too many wrong codes/);
  assertInert(r.stderr, 'stderr');

  await faults({ fail: [{ route: 'regen', status: 400, times: 1, body: { error: ALL, msg: ALL } }] });
  const j = await run(['-t', 'totp', '-c', goodTotp(), '--yes', '--raw']);
  assert.equal(j.status, 1);
  assert.deepEqual(rawControlLeaks(j.stderr), [], JSON.stringify(j.stderr));
  assert.doesNotThrow(() => JSON.parse(j.stderr));
});

test('a non-JSON page full of escape sequences: the message does not replay it', async () => {
  await faults({ fail: [{ route: 'status', status: 500, times: 1, raw: `<html>${ALL}</html>` }] });
  const r = await run(['-t', 'totp', '-c', goodTotp()], 'y\n');
  assert.equal(r.status, 1);
  assertInert(r.stderr, 'stderr');
  assert.ok(!r.stderr.includes('Qc1'), 'the page is not shown at all');
});

test('--explain quotes hostile bodies (status, error page) without a raw control character', async () => {
  await demoControl(server.url).account(evilAccount());
  await faults({ fail: [{ route: 'status', status: 200, times: 1, raw: `not json ${ALL}` }] });
  const page = await run(['-t', 'totp', '-c', goodTotp(), '--explain'], 'y\n');
  assert.equal(page.status, 1);
  assert.deepEqual(rawControlLeaks(page.stderr), [], JSON.stringify(page.stderr.slice(0, 3000)));

  const st = await run(['-id', '999', '-c', '123456', '--yes', '--explain']);
  assert.equal(st.status, 1);
  assert.match(st.stderr, /← 200 /, 'the status answer was traced');
  assert.deepEqual(rawControlLeaks(st.stderr), [], JSON.stringify(st.stderr.slice(0, 3000)));
});

test('a regenerate answer with hostile msg and codes: stdout (plain, --raw) holds no control character', async () => {
  const codes = Array.from({ length: 10 }, (_, i) => `AB${i}C-DEFG-HIJK`);
  const evilCodes = [...codes.slice(0, 9), 'ZZZZ-\u009b2J-\u001b]0;pwned\u0007'];
  await faults({ fail: [{ route: 'regen', status: 200, times: 2, body: { msg: ALL, backup_codes: evilCodes } }] });
  const plain = await run(['-t', 'totp', '-c', goodTotp(), '--yes']);
  assert.equal(plain.status, 0, plain.stderr);
  assertInert(plain.stdout, 'stdout');
  assertInert(plain.stderr, 'stderr');
  assert.match(plain.stdout, /AB0C-DEFG-HIJK/);

  const raw = await run(['-t', 'totp', '-c', goodTotp(), '--yes', '--raw']);
  assert.equal(raw.status, 0, raw.stderr);
  assert.deepEqual(rawControlLeaks(raw.stdout), [], JSON.stringify(raw.stdout));
  const body = JSON.parse(raw.stdout) as { msg: string; backup_codes: string[] };
  // `jq -r .msg` prints msg raw: escape sequences and format characters are removed (inert), not only escaped.
  assert.equal(body.msg, inert(ALL), "--raw's msg is the server's text, made inert");
  assert.doesNotMatch(body.msg, /[\u0000-\u001f\u007f-\u009f]|\p{Cf}/u);
  // An odd code is printed as kept, the same as in the file: its control characters removed.
  assert.deepEqual(body.backup_codes, [...codes.slice(0, 9), 'ZZZZ--']);
});
