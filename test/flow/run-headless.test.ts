import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough, Writable } from 'node:stream';
import { mkdtemp, rm, readFile, readdir, writeFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { whereToRun } from '../../src/terminal.js';
import { runHeadless, readLine } from '../../src/flow/run-headless.js';
import { parseArgs, type Options } from '../../src/args.js';
import { buildRegenBody } from '../../src/api/payload.js';
import { ApiError, outcomeUnknown } from '../../src/api/errors.js';

import { status as STATUS } from '../helpers/fixtures.js';
import { fakeApi, type FakeApi, type FakeApiOptions } from '../helpers/fake-api.js';
import { sink } from '../helpers/sink.js';

const CODES = Array.from({ length: 10 }, (_, i) => `NEW${i}-CODE-AAA${i}`);
const fake = (o: FakeApiOptions = {}): FakeApi => fakeApi({}, { codes: CODES, ...o });

function opts(argv: string[]): Options {
  const r = parseArgs(argv);
  assert.equal(r.kind, 'run', JSON.stringify(r));
  return (r as { options: Options }).options;
}

let home: string;
before(async () => {
  home = await mkdtemp(join(tmpdir(), 'vrc-headless-'));
});
after(async () => {
  await rm(home, { recursive: true, force: true });
});

interface GoOptions {
  api?: FakeApi;
  input?: string | null;
  stdout?: Writable;
  noWizard?: { why: string; fix: string };
  demo?: boolean;
}

async function go(argv: string[], o: GoOptions = {}) {
  const api = o.api ?? fake();
  const stdin = new PassThrough();
  if (o.input !== undefined && o.input !== null) stdin.end(o.input);
  else if (o.input === null) stdin.end();
  const out = sink();
  const err = sink();
  const code = await runHeadless({
    api: api.api,
    options: opts(argv),
    stdin,
    stdinIsTTY: false,
    stdout: o.stdout ?? out.stream,
    stderr: err.stream,
    now: () => new Date(2024, 0, 2, 3, 4, 5),
    home,
    noWizard: o.noWizard,
    demo: o.demo,
  });
  return { code, api, stdout: out.text(), stderr: err.text() };
}

const payloads: [string[], Record<string, unknown>][] = [
  [['-c', '123456', '-t', 'totp'], { tfa_method: 'totp', code: '123456' }],
  [['--code', '--method-type', 'totp', '123456'], { tfa_method: 'totp', code: '123456' }],
  [
    ['-c', '123456', '-t', 'sms', '--secret', 'abc123def456'],
    { tfa_method: 'sms', code: '123456', secret: 'abc123def456' },
  ],
  [['-c', '123456', '-t', 'email', '-s', 'sec'], { tfa_method: 'email', code: '123456', secret: 'sec' }],
  [['--backup-code', 'ABCD-EFGH-IJKL'], { backup_code: 'ABCD-EFGH-IJKL' }],
  [['-id', '101', '-c', '123456'], { tfa_method_id: '101', code: '123456' }],
  [['-id', '102', '-c', '123456', '-s', 'sec'], { tfa_method_id: '102', code: '123456', secret: 'sec' }],
  [['123456'], { code: '123456' }],
  [['-c', '123 456', '-t', 'totp'], { tfa_method: 'totp', code: '123456' }],
];
for (const [argv, body] of payloads) {
  test(`payload for ${argv.join(' ')}`, async () => {
    const r = await go([...argv, '--yes']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.api.regenArgs.length, 1);
    assert.deepEqual(buildRegenBody(r.api.regenArgs[0]!), body);
  });
}

test('--yes prints the codes file on stdout and no secret anywhere', async () => {
  const r = await go(['-c', '123456', '-t', 'sms', '-s', 'topsecret', '--yes', '--api-key', 'KEY123']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /VAST\.AI 2FA BACKUP CODES/);
  for (const c of CODES) assert.ok(r.stdout.includes(c));
  assert.doesNotMatch(r.stdout + r.stderr, /123456|topsecret|KEY123/);
});

test('end of input with no answer (< /dev/null) is input needed (2), not a cancel', async () => {
  const r = await go(['-t', 'totp', '-c', '123456'], { input: null });
  assert.equal(r.code, 2);
  assert.deepEqual(r.api.calls, ['status']);
  assert.match(r.stderr, /no terminal to ask on[\s\S]*--yes/);
});

for (const [input, proceeds] of [
  ['y\n', true],
  ['Y\n', true],
  ['yes\n', true],
  ['y', true],
  ['n\n', false],
  ['\n', false],
  ['ok y\n', false],
] as const) {
  test(`confirmation line ${JSON.stringify(input)} → ${proceeds ? 'proceeds' : 'cancels'}`, async () => {
    const r = await go(['-t', 'totp', '-c', '123456'], { input });
    assert.match(
      r.stderr,
      /All 3 existing backup codes stop working at once\. The new codes are shown only this once\./,
    );
    if (proceeds) {
      assert.equal(r.code, 0);
      assert.deepEqual(r.api.calls, ['status', 'regenerate']);
    } else {
      assert.equal(r.code, 130);
      assert.deepEqual(r.api.calls, ['status']);
      assert.match(r.stderr, /Cancelled: nothing was changed on your account\./);
      assert.equal(r.stdout, '');
    }
  });
}

test('--raw: stdout is exactly the response body as one JSON document', async () => {
  const r = await go(['-bc', 'abcd-efgh-ijkl', '--yes', '--raw']);
  assert.equal(r.code, 0);
  assert.deepEqual(JSON.parse(r.stdout), { msg: 'success', backup_codes: CODES });
  assert.equal(r.stderr, '');
  assert.deepEqual(r.api.regenArgs[0], { kind: 'backup', backupCode: 'abcd-efgh-ijkl' }, 'sent as typed');
});

test('--raw errors are JSON on stderr', async () => {
  const err = new ApiError({ code: '2fa_verification_failed', status: 400 });
  const r = await go(['-t', 'totp', '-c', '123456', '--yes', '--raw'], { api: fake({ regenError: err }) });
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  const j = JSON.parse(r.stderr);
  assert.equal(j.error, true);
  assert.equal(j.status_code, 400);
  assert.equal(j.code, '2fa_verification_failed');
  assert.equal(j.msg, 'That code was not accepted.');
});

test('API error without --raw: Error: title + hint, exit 1', async () => {
  const err = new ApiError({ code: 'invalid_backup_code', status: 401 });
  const r = await go(['-bc', 'ABCD-EFGH-IJKL', '--yes'], { api: fake({ regenError: err }) });
  assert.equal(r.code, 1);
  assert.equal(
    r.stderr,
    'Error: That backup code is unknown or was already used.\n' +
      'Each backup code works once. Try another one, or verify with a method instead.\n',
  );
  assert.doesNotMatch(r.stderr, /ABCD/);
});

const localRefusals: [string[], RegExp][] = [
  [[], /Nothing to verify with[\s\S]*-t totp -c CODE[\s\S]*-bc/],
  [['-t', 'totp'], /Nothing to verify with/],
  [['-c', '12345', '-t', 'totp'], /code given with -c\/--code cannot be right\. A code has 6 digits/],
  [
    ['-bc', 'AB\u0007CD'],
    /backup code given with -bc\/--backup-code cannot be right\. A backup code has no control characters/,
  ],
  [['-c', '123456', '-t', 'sms'], /SMS code needs the secret[\s\S]*vastai tfa send-sms[\s\S]*in a terminal/],
  [['-c', '123456', '-t', 'email'], /email code needs the secret[\s\S]*vastai tfa send-email/],
];
for (const [argv, re] of localRefusals) {
  test(`refused before any request: ${argv.join(' ') || '(no flags)'}`, async () => {
    const r = await go([...argv, '--yes']);
    assert.equal(r.code, 2);
    assert.deepEqual(r.api.calls, []);
    assert.match(r.stderr, re);
    assert.doesNotMatch(r.stderr, /12345[^\]]|ABCD(?!-)/);
  });
}

test('no answer and no wizard: why, then what would give the wizard (the one that applies)', async () => {
  for (const w of ['--raw', '--yes', 'stdin', 'stdout or stderr'] as const) {
    const where = whereToRun({
      stdinTTY: w !== 'stdin',
      stdoutTTY: false,
      stderrTTY: w === '--raw' || w === '--yes',
      raw: w === '--raw',
      yes: w === '--yes',
      term: 'xterm',
      ttyOpens: () => false,
    });
    assert.equal(where.kind, 'headless');
    if (where.kind !== 'headless') continue;
    const plain = await go([], { noWizard: where });
    assert.match(
      plain.stderr,
      new RegExp(`^No wizard here: [\\s\\S]*\\nOr run it with(out)? ${w === 'stdin' ? 'stdin' : w}`, 'm'),
    );
    const demo = await go([], { noWizard: where, demo: true });
    assert.match(demo.stderr, new RegExp(`^With --demo, run it with(out)? ${w === 'stdin' ? 'stdin' : w}`, 'm'));
  }
});

test('-id of an SMS method without --secret: exit 2 after status only', async () => {
  const r = await go(['-id', '102', '-c', '123456', '--yes']);
  assert.equal(r.code, 2);
  assert.deepEqual(r.api.calls, ['status']);
  assert.match(r.stderr, /send-sms/);
});

test('2FA disabled: exit 1 with an explanation, no regeneration', async () => {
  const r = await go(['-t', 'totp', '-c', '123456'], {
    api: fake({ status: { ...STATUS, tfaEnabled: false, methods: [] } }),
    input: 'y\n',
  });
  assert.equal(r.code, 1);
  assert.deepEqual(r.api.calls, ['status']);
  assert.match(r.stderr, /Two-factor authentication is not enabled on this account[\s\S]*vastai tfa auth-new/);
});

test('--yes makes one API call, as the official CLI does: no status first', async () => {
  const r = await go(['-t', 'totp', '-c', '123456', '--yes']);
  assert.equal(r.code, 0);
  assert.deepEqual(r.api.calls, ['regenerate']);
});

test('an id the account does not list goes out, as with the official CLI: the server answers', async () => {
  const r = await go(['-id', '999', '-c', '123456', '--yes']);
  assert.equal(r.code, 0);
  assert.deepEqual(r.api.calls, ['status', 'regenerate']);
  assert.deepEqual(r.api.regenArgs[0], { kind: 'code', methodId: '999', code: '123456' });
});

test('--yes on an account without 2FA: the refused PUT is explained from the status afterwards', async () => {
  const refused = new ApiError({ code: 'bad_request', status: 400 });
  const r = await go(['-t', 'totp', '-c', '123456', '--yes'], {
    api: fake({ regenError: refused, status: { ...STATUS, tfaEnabled: false, methods: [] } }),
  });
  assert.equal(r.code, 1);
  assert.deepEqual(r.api.calls, ['regenerate', 'status']);
  assert.match(r.stderr, /Two-factor authentication is not enabled on this account[\s\S]*vastai tfa auth-new/);
});

test('--yes and a wrong code: no second call to explain it', async () => {
  const wrong = new ApiError({ code: '2fa_verification_failed', status: 400 });
  const r = await go(['-t', 'totp', '-c', '123456', '--yes'], { api: fake({ regenError: wrong }) });
  assert.equal(r.code, 1);
  assert.deepEqual(r.api.calls, ['regenerate']);
});

test('--save writes the file first and says where', async () => {
  const p = join(home, 'saved', 'codes.txt');
  const r = await go(['-t', 'totp', '-c', '123456', '--yes', '--save', p]);
  assert.equal(r.code, 0);
  assert.equal(await readFile(p, 'utf8'), r.stdout);
  assert.equal((await stat(p)).mode & 0o777, 0o600);
  assert.match(r.stderr, new RegExp(`Saved to ${p}`));
});

test('--save onto an existing file: refused before any request (exit 2), the file untouched', async () => {
  const p = join(home, 'exists.txt');
  await writeFile(p, 'old');
  const api = fake();
  const r = await go(['-t', 'totp', '-c', '123456', '--yes', '--save', p], { api });
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /already exists; name a new file, or add --replace to replace it/);
  assert.match(r.stderr, /Nothing was sent: your account is unchanged\./);
  assert.deepEqual(api.calls, [], 'no request at all');
  assert.equal(await readFile(p, 'utf8'), 'old');
});

test('--save onto an existing file with --replace: replaced, 0600', async () => {
  const p = join(home, 'replace-me.txt');
  await writeFile(p, 'old', { mode: 0o644 });
  const r = await go(['-t', 'totp', '-c', '123456', '--yes', '--save', p, '--replace']);
  assert.equal(r.code, 0, r.stderr);
  const text = await readFile(p, 'utf8');
  for (const c of CODES) assert.ok(text.includes(c));
  assert.equal((await stat(p)).mode & 0o777, 0o600);
});

function brokenStdout(): Writable {
  return new Writable({
    write(_c, _e, cb) {
      const e = new Error('write EPIPE') as NodeJS.ErrnoException;
      e.code = 'EPIPE';
      cb(e);
    },
  });
}

test('EPIPE on stdout without --save: the codes go to ~/Downloads, stderr names it, exit 3', async () => {
  const h = await mkdtemp(join(tmpdir(), 'vrc-epipe-'));
  try {
    const { api } = fake();
    const stdin = new PassThrough();
    const err = sink();
    const code = await runHeadless({
      api,
      options: opts(['-t', 'totp', '-c', '123456', '--yes']),
      stdin,
      stdinIsTTY: false,
      stdout: brokenStdout(),
      stderr: err.stream,
      now: () => new Date(2024, 0, 2, 3, 4, 5),
      home: h,
    });
    assert.equal(code, 3);
    const file = join(h, 'Downloads', 'vastai_backup_codes_2024-01-02_03-04-05.txt');
    assert.match(err.text(), /stopped before the end \(EPIPE\)/);
    assert.ok(err.text().includes(`Saved to ${file} (readable only by you): standard output failed.`), err.text());
    assert.ok(!CODES.some((c) => err.text().includes(c)), 'the codes are in a file, not in an error message');
    assert.deepEqual(await readdir(join(h, 'Downloads')), ['vastai_backup_codes_2024-01-02_03-04-05.txt']);
    const saved = await readFile(file, 'utf8');
    for (const c of CODES) assert.ok(saved.includes(c));
  } finally {
    await rm(h, { recursive: true, force: true });
  }
});

test('EPIPE on stdout with --save that worked: says where they are, no default file, exit 3', async () => {
  const p = join(home, 'epipe-saved.txt');
  const r = await go(['-t', 'totp', '-c', '123456', '--yes', '--save', p], { stdout: brokenStdout() });
  assert.equal(r.code, 3);
  assert.match(r.stderr, new RegExp(`EPIPE[\\s\\S]*Saved to ${p}`));
  assert.ok((await readFile(p, 'utf8')).includes(CODES[0]!));
  assert.doesNotMatch(r.stderr, /Downloads/);
});

test('--raw with EPIPE: one JSON error on stderr naming the file that holds the codes', async () => {
  const r = await go(['-t', 'totp', '-c', '123456', '--yes', '--raw'], { stdout: brokenStdout() });
  assert.equal(r.code, 3);
  const j = JSON.parse(r.stderr);
  assert.equal(j.code, 'stdout_failed');
  assert.match(j.saved_to, /Downloads\/vastai_backup_codes_2024-01-02_03-04-05(-\d)?\.txt$/);
  for (const c of CODES) assert.ok((await readFile(j.saved_to, 'utf8')).includes(c));
});

test('unknown outcome: explains, shows the remaining count, says to run again', async () => {
  const err = outcomeUnknown('the connection broke', null);
  err.backupCodesRemaining = 10;
  const r = await go(['-t', 'totp', '-c', '123456', '--yes'], { api: fake({ regenError: err }) });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /did not confirm[\s\S]*Run this again with a fresh code[\s\S]*reports 10 unused backup codes/);
  assert.equal(r.stderr.match(/Run this again/g)?.length, 1, 'said once');
});

test('status failure: exit 1, no regeneration', async () => {
  const err = new ApiError({ code: 'unauthorized', status: 401 });
  const r = await go(['-t', 'totp', '-c', '123456'], { api: fake({ statusError: err }), input: 'y\n' });
  assert.equal(r.code, 1);
  assert.deepEqual(r.api.calls, ['status']);
  assert.match(r.stderr, /^Error: The API key was refused/);
});

test('readLine: first line only, null on empty EOF', async () => {
  const a = new PassThrough();
  a.end('yes\nsecond\n');
  assert.equal(await readLine(a), 'yes');
  const b = new PassThrough();
  b.end();
  assert.equal(await readLine(b), null);
  const c = new PassThrough();
  c.end('y\r\n');
  assert.equal(await readLine(c), 'y');
});

test('the headless run and the wizard say the same at the same moments (flow/texts.ts)', async () => {
  const { NO_TFA, whatStopsWorking } = await import('../../src/flow/messages.js');
  const r = await go(['-t', 'totp', '-c', '123456'], { input: 'n\n' });
  assert.ok(r.stderr.includes(whatStopsWorking(3)), r.stderr);
  const off = await go(['-t', 'totp', '-c', '123456'], {
    api: fake({ status: { ...STATUS, tfaEnabled: false, methods: [] } }),
    input: 'y\n',
  });
  assert.ok(off.stderr.includes(`Error: ${NO_TFA.title}\n${NO_TFA.hint}`), off.stderr);
});

test('--raw without --yes from a script: stderr holds only the JSON error, no human question before it', async () => {
  const r = await go(['-c', '123456', '-t', 'totp', '--raw'], { input: null });
  assert.equal(r.code, 2);
  assert.doesNotMatch(r.stderr, /\[y\/N\]|stop working/);
  const parsed = JSON.parse(r.stderr) as { code: string };
  assert.equal(parsed.code, 'usage');
  // Piped "y" still confirms, silently.
  const y = await go(['-c', '123456', '-t', 'totp', '--raw'], { input: 'y\n' });
  assert.equal(y.code, 0, y.stderr);
  assert.equal(y.stderr, '');
  assert.deepEqual(JSON.parse(y.stdout).backup_codes, CODES);
});
