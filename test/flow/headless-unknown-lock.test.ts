/**
 * Headless, a malformed locked_until is unknown, never a fact: a method whose status lock is malformed
 * is not refused locally (the server decides), and a wrong code's malformed lock names no end time
 * and claims no attempts left.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runHeadless } from '../../src/flow/run-headless.js';
import { parseArgs, type Options } from '../../src/args.js';
import { parseStatus } from '../../src/api/shapes.js';
import { errorFromResponse } from '../../src/api/errors.js';
import { fakeApi, type FakeApi } from '../helpers/fake-api.js';
import { sink } from '../helpers/sink.js';

const NOW = new Date(2024, 0, 2, 3, 4, 5);
const CODES = Array.from({ length: 10 }, (_, i) => `NEW${i}-CODE-AAA${i}`);
/** The account's status as the server sends it, with the TOTP method's locked_until as given. */
const statusWith = (locked_until: unknown) =>
  parseStatus(
    {
      tfa_enabled: true,
      backup_codes_remaining: 3,
      methods: [{ id: 101, method: 'totp', label: 'App', is_primary: true, fail_count: 0, locked_until }],
    },
    200,
  );

let home: string;
before(async () => {
  home = await mkdtemp(join(tmpdir(), 'vrc-unknown-lock-'));
});
after(async () => {
  await rm(home, { recursive: true, force: true });
});

async function go(api: FakeApi) {
  const r = parseArgs(['-id', '101', '-c', '123456', '--yes']);
  assert.equal(r.kind, 'run');
  const stdin = new PassThrough();
  stdin.end();
  const [out, err] = [sink(), sink()];
  const code = await runHeadless({
    api: api.api,
    options: (r as { options: Options }).options,
    stdin,
    stdinIsTTY: false,
    stdout: out.stream,
    stderr: err.stream,
    now: () => NOW,
    home,
  });
  return { code, stdout: out.text(), stderr: err.text() };
}

test('a malformed locked_until on the status: the code is sent, the server decides', async () => {
  const api = fakeApi({}, { status: statusWith('soon\u001b[31m'), codes: CODES });
  const r = await go(api);
  assert.deepEqual(api.calls, ['status', 'regenerate'], r.stderr);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(CODES.every((c) => r.stdout.includes(c)));
});

test('a wrong code whose answer has a malformed locked_until: the lock is unknown, no end time', async () => {
  const regenError = errorFromResponse(400, { error: '2fa_verification_failed', fail_count: 1, locked_until: {} });
  const api = fakeApi({}, { status: statusWith(null), regenError });
  const r = await go(api);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /is now locked is unknown/);
  assert.doesNotMatch(r.stderr, /locked until|attempts? left/);
});
