/**
 * The built dist/cli.js, run the way scripts run it: pipes on stdin/stdout/stderr, against the
 * demo API served from this test process, HOME in a temp folder.
 */
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm, readFile, writeFile, stat, mkdir, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDemoServer, type DemoServer } from '../../src/demo/server.js';
import { fetchInbox, demoControl } from '../../src/demo/inbox.js';
import { totp, DEMO_TOTP_SECRET } from '../../src/demo/totp.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'dist', 'cli.js');

let server: DemoServer;
let home: string;

before(async () => {
  const b = spawnSync(process.execPath, [join(root, 'scripts', 'ensure-build.mjs')], { stdio: 'inherit' });
  assert.equal(b.status, 0, 'build failed');
  server = await startDemoServer();
  home = await mkdtemp(join(tmpdir(), 'vrc-e2e-pipes-'));
});
after(async () => {
  await server.close();
  await rm(home, { recursive: true, force: true });
});
beforeEach(async () => {
  await demoControl(server.url).reset();
});

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI with pipes; `input` is written to stdin then closed; `closeStdout` closes our end at
 * once; `firstLine` reads up to the first newline and then closes, as `| head -1` does.
 */
function run(
  args: string[],
  o: { input?: string; closeStdout?: boolean; firstLine?: boolean; api?: boolean } = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: home,
      XDG_CONFIG_HOME: join(home, '.config'),
      NO_COLOR: '1',
    };
    const base = o.api === false ? [] : ['--url', server.url, '--api-key', 'vastai-demo-key'];
    const child = spawn(process.execPath, [cli, ...base, ...args], { env, cwd: home });
    let stdout = '';
    let stderr = '';
    if (o.closeStdout) child.stdout.destroy();
    else if (o.firstLine) {
      child.stdout.on('data', (d) => {
        stdout += d;
        if (stdout.includes('\n')) {
          stdout = stdout.slice(0, stdout.indexOf('\n') + 1);
          child.stdout.destroy();
        }
      });
    } else
      child.stdout.on('data', (d) => {
        stdout += d;
      });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.stdin.on('error', () => undefined); // the child may exit before reading
    child.stdin.end(o.input ?? '');
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const code = () => totp(DEMO_TOTP_SECRET);
const codesIn = (text: string) => text.match(/\b[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}\b/g) ?? [];
/** The default file stderr names ("Saved to …/Downloads/…txt (readable only by you): …"), read back. */
async function defaultFileNamed(stderr: string): Promise<string> {
  const m = /^Saved to (\S+\/Downloads\/vastai_backup_codes_[\d_-]+\.txt) \(readable only by you\)/m.exec(stderr);
  assert.ok(m, `stderr names the default file:\n${stderr}`);
  return readFile(m[1]!, 'utf8');
}

test('--yes to a pipe: codes on stdout in the file layout, and in the default file stderr names', async () => {
  const before = (await fetchInbox(server.url)).backupCodes;
  const r = await run(['-t', 'totp', '-c', code(), '--yes']);
  assert.equal(r.status, 0, r.stderr);
  const now = (await fetchInbox(server.url)).backupCodes;
  assert.equal(now.length, 10);
  assert.notDeepEqual(now, before);
  assert.match(r.stdout, /VAST\.AI 2FA BACKUP CODES/);
  assert.deepEqual(codesIn(r.stdout), now);
  assert.match(
    r.stderr,
    new RegExp(
      /^Saved to \S+ \(readable only by you\): standard output is a (pipe|socket), /.source +
        /which cannot be checked to keep them \(--stdout-only trusts it\)\.\n$/.source,
    ),
  );
  assert.deepEqual(codesIn(await defaultFileNamed(r.stderr)), now);
});

test('--stdout-only: the pipe is trusted, no default file, nothing on stderr', async () => {
  const r = await run(['-t', 'totp', '-c', code(), '--yes', '--stdout-only']);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(codesIn(r.stdout), (await fetchInbox(server.url)).backupCodes);
  assert.equal(r.stderr, '');
});

test('the documented `--code --method-type totp CODE` works', async () => {
  const r = await run(['--code', '--method-type', 'totp', code(), '-y']);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(codesIn(r.stdout), (await fetchInbox(server.url)).backupCodes);
});

test('echo y | : confirms from stdin', async () => {
  const r = await run(['-t', 'totp', '-c', code()], { input: 'y\n' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /Regenerate the backup codes now\? \[y\/N\]/);
  assert.deepEqual(codesIn(r.stdout), (await fetchInbox(server.url)).backupCodes);
});

test('echo n | : exit 130, account unchanged', async () => {
  const before = (await fetchInbox(server.url)).backupCodes;
  const r = await run(['-t', 'totp', '-c', code()], { input: 'n\n' });
  assert.equal(r.status, 130);
  assert.match(r.stderr, /Cancelled: nothing was changed on your account\./);
  assert.equal(r.stdout, '');
  assert.deepEqual((await fetchInbox(server.url)).backupCodes, before);
});

test('empty stdin (EOF, < /dev/null) is input needed: exit 2 naming --yes, account unchanged', async () => {
  const before = (await fetchInbox(server.url)).backupCodes;
  const r = await run(['-t', 'totp', '-c', code()]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--yes/);
  assert.deepEqual((await fetchInbox(server.url)).backupCodes, before);
});

test("--raw: stdout is one JSON document with the server's new codes", async () => {
  const r = await run(['-t', 'totp', '-c', code(), '--raw', '--yes']);
  assert.equal(r.status, 0, r.stderr);
  const body = JSON.parse(r.stdout) as { msg: string; backup_codes: string[] };
  assert.equal(body.msg, 'success');
  assert.deepEqual(body.backup_codes, (await fetchInbox(server.url)).backupCodes);
});

test('--raw error: JSON on stderr, exit 1, nothing on stdout', async () => {
  const r = await run(['-bc', 'AAAA-BBBB-CCCC', '--raw', '--yes']);
  assert.equal(r.status, 1);
  assert.equal(r.stdout, '');
  const j = JSON.parse(r.stderr) as Record<string, unknown>;
  assert.equal(j.error, true);
  assert.equal(j.status_code, 401);
  assert.equal(j.code, 'invalid_backup_code');
  assert.equal(typeof j.msg, 'string');
});

test('backup code path: an unused code from the inbox works and is consumed', async () => {
  const [first] = (await fetchInbox(server.url)).backupCodes;
  const r = await run(['--backup-code', first!.toLowerCase(), '--yes']);
  assert.equal(r.status, 0, r.stderr);
  const now = (await fetchInbox(server.url)).backupCodes;
  assert.ok(!now.includes(first!));
  assert.deepEqual(codesIn(r.stdout), now);
  // The code was typed in lower case: no form of it (either case, with or without dashes) comes back.
  const forms = [first!, first!.toLowerCase(), first!.replace(/-/g, ''), first!.toLowerCase().replace(/-/g, '')];
  for (const f of forms) assert.ok(!r.stdout.includes(f) && !r.stderr.includes(f), `the used code is repeated as ${f}`);
});

test('SMS path with a secret from an earlier send', async () => {
  const res = await fetch(`${server.url}/api/v0/tfa/sms/`, {
    method: 'POST',
    headers: { Authorization: 'Bearer vastai-demo-key', 'Content-Type': 'application/json' },
    body: '{}',
  });
  const { secret } = (await res.json()) as { secret: string };
  const msg = (await fetchInbox(server.url)).messages.find((m) => m.secret === secret)!;
  const r = await run(['-c', msg.code, '-t', 'sms', '--secret', secret, '--yes']);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(codesIn(r.stdout), (await fetchInbox(server.url)).backupCodes);
  assert.ok(!r.stdout.includes(secret) && !r.stderr.includes(secret), 'the secret is not repeated');
});

test("--save to a new file: 0600, holds exactly the server's codes", async () => {
  const p = join(home, 'new-dir', 'codes.txt');
  const r = await run(['-t', 'totp', '-c', code(), '--yes', '--save', p]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal((await stat(p)).mode & 0o777, 0o600);
  assert.deepEqual(codesIn(await readFile(p, 'utf8')), (await fetchInbox(server.url)).backupCodes);
  assert.match(r.stderr, new RegExp(`Saved to ${p}`));
});

test('--save to an existing file: refused before any request, exit 2, the account unchanged', async () => {
  const p = join(home, 'existing.txt');
  await writeFile(p, 'keep me');
  const before = (await fetchInbox(server.url)).backupCodes;
  const r = await run(['-t', 'totp', '-c', code(), '--yes', '--save', p]);
  assert.equal(r.status, 2);
  assert.equal(await readFile(p, 'utf8'), 'keep me');
  assert.equal(r.stdout, '');
  assert.deepEqual((await fetchInbox(server.url)).backupCodes, before);
  assert.match(r.stderr, /already exists; name a new file, or add --replace/);
});

test('--save to a folder: the default name inside it; ~ is the home folder', async () => {
  await mkdir(join(home, 'vault'), { recursive: true });
  const r = await run(['-t', 'totp', '-c', code(), '--yes', '--save', '~/vault']);
  assert.equal(r.status, 0, r.stderr);
  const files = await readdir(join(home, 'vault'));
  assert.equal(files.length, 1);
  assert.match(files[0]!, /^vastai_backup_codes_\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2}\.txt$/);
  assert.deepEqual(
    codesIn(await readFile(join(home, 'vault', files[0]!), 'utf8')),
    (await fetchInbox(server.url)).backupCodes,
  );
});

const usageCases: string[][] = [
  ['-c', '123456', '-bc', 'ABCD-EFGH-IJKL'],
  ['-t', 'totp', '-id', '101', '-c', '123456'],
  ['--bogus'],
  ['-t', 'voice', '-c', '123456'],
  ['-c', '12345', '-t', 'totp', '--yes'],
  ['-c', '123456', '-t', 'sms', '--yes'],
];
for (const args of usageCases) {
  test(`usage error exits 2: ${args.join(' ')}`, async () => {
    const before = (await fetchInbox(server.url)).backupCodes;
    const r = await run(args);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /^Error: /);
    assert.equal(r.stdout, '');
    assert.deepEqual((await fetchInbox(server.url)).backupCodes, before);
  });
}

test('missing flags with no terminal: exit 2 naming the flags, account unchanged', async () => {
  const before = (await fetchInbox(server.url)).backupCodes;
  const r = await run([], { input: 'y\n' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /-t totp -c CODE[\s\S]*-bc XXXX-XXXX-XXXX/);
  assert.deepEqual((await fetchInbox(server.url)).backupCodes, before);
});

test('no API key anywhere: exit 2 saying where a key can come from', async () => {
  // A closed local port as --url: should a key turn up after all, nothing goes to the real API.
  const r = await run(['--url', 'http://127.0.0.1:9', '-t', 'totp', '-c', '123456', '--yes'], { api: false });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /VAST_API_KEY/);
});

test('stdout closed before the codes (EPIPE): the default file holds them, stderr says so, exit 3', async () => {
  const r = await run(['-t', 'totp', '-c', code(), '--yes'], { closeStdout: true });
  assert.equal(r.status, 3, r.stderr);
  assert.match(r.stderr, /stopped before the end \(EPIPE\)/);
  const now = (await fetchInbox(server.url)).backupCodes;
  assert.deepEqual(codesIn(await defaultFileNamed(r.stderr)), now);
  assert.deepEqual(codesIn(r.stderr), [], 'the codes are in a file, not in an error message');
});

test('| head -1: the reader took one line and quit; the codes are in the default file all the same', async () => {
  const r = await run(['-t', 'totp', '-c', code(), '--yes'], { firstLine: true });
  assert.equal(r.stdout, '==================================================\n', 'the reader saw only the first line');
  // Whether the reader quit before or after the codes were written is a race: both must be told truly.
  assert.equal(r.status, /EPIPE/.test(r.stderr) ? 3 : 0, r.stderr);
  assert.deepEqual(codesIn(await defaultFileNamed(r.stderr)), (await fetchInbox(server.url)).backupCodes);
});

test('--help and --version exit 0', async () => {
  const h = await run(['--help'], { api: false });
  assert.equal(h.status, 0);
  assert.match(h.stdout, /^Usage: vastai-regen-codes/m);
  const v = await run(['--version'], { api: false });
  assert.equal(v.status, 0);
  assert.match(v.stdout, /^vastai-regen-codes \d+\.\d+\.\d+\n$/);
});
