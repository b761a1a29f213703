import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatCodesFile } from '../../src/codes/format.js';
import { runSaveCommand, SaveCommandError } from '../../src/codes/save-command.js';

const CODES = ['QWER-TYUI-OP12', 'ASDF-GHJK-L345'];
const TEXT = formatCodesFile(CODES, new Date(2024, 0, 2, 3, 4, 5));
let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'vrc-savecmd-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const env = () => ({
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  OUT: join(dir, 'out.txt'),
  ARGS: join(dir, 'args.txt'),
});

test("the codes file text arrives on the command's stdin exactly; its arguments and env hold no code", async () => {
  await runSaveCommand('cat > "$OUT"; printf "%s\\n" "$0" "$@" > "$ARGS"; env >> "$ARGS"', TEXT, {
    env: env(),
    cwd: dir,
  });
  assert.equal(readFileSync(join(dir, 'out.txt'), 'utf8'), TEXT);
  const seen = readFileSync(join(dir, 'args.txt'), 'utf8');
  for (const c of CODES) assert.ok(!seen.includes(c));
});

test('the codes are never interpolated by a shell', async () => {
  const evil = `${TEXT}$(touch "${dir}/pwned1") \`touch "${dir}/pwned2"\`\n`;
  await runSaveCommand('cat > "$OUT"', evil, { env: env(), cwd: dir });
  assert.equal(readFileSync(join(dir, 'out.txt'), 'utf8'), evil);
  assert.equal(existsSync(join(dir, 'pwned1')), false);
  assert.equal(existsSync(join(dir, 'pwned2')), false);
});

test("a non-zero exit is a failure that names the status and the command's last error line, codes masked", async () => {
  await assert.rejects(
    runSaveCommand('cat >&2; echo "vault is locked" >&2; exit 3', TEXT, { env: env(), secrets: CODES }),
    (e: unknown) =>
      e instanceof SaveCommandError &&
      /status 3: vault is locked/.test(e.message) &&
      !CODES.some((c) => e.message.includes(c)),
  );
  // A code line echoed back is no reason: left out, and no code in the message.
  await assert.rejects(
    runSaveCommand('grep QWER >&2; exit 1', TEXT, { env: env() }),
    (e: unknown) =>
      e instanceof SaveCommandError && /status 1\)$/.test(e.message) && !CODES.some((c) => e.message.includes(c)),
  );
});

test('the codes file echoed back (its banner) is not taken for the error line', async () => {
  await assert.rejects(
    runSaveCommand('echo "oops: store offline" >&2; cat >&2; exit 1', TEXT, { env: env() }),
    (e: unknown) => e instanceof SaveCommandError && /status 1: oops: store offline\)$/.test(e.message),
  );
});

test('an interrupted run stops a command that hangs, and says so', async () => {
  const stop = new AbortController();
  const run = runSaveCommand('sleep 600', TEXT, { env: env(), signal: stop.signal });
  stop.abort();
  await assert.rejects(
    run,
    (e: unknown) => e instanceof SaveCommandError && /stopped because this run was interrupted/.test(e.message),
  );
  await assert.rejects(
    runSaveCommand('cat', TEXT, { env: env(), signal: stop.signal }),
    /stopped because this run was interrupted/,
  );
});

test('a command that does not exist, an empty one, one that never ends', async () => {
  await assert.rejects(runSaveCommand('no-such-manager-xyz add', TEXT, { env: env() }), /status 127/);
  await assert.rejects(runSaveCommand('  ', TEXT, { env: env() }), /empty/);
  await assert.rejects(runSaveCommand('sleep 600', TEXT, { env: env(), timeoutMs: 100 }), /did not finish in time/);
});

test(
  'a command that leaves a background program holding its pipes: the run goes on once it exited',
  { timeout: 30_000 },
  async () => {
    const pidFile = join(dir, 'orphan.pid');
    // The orphan (its own session) keeps stdout and stderr open for 300 s; the command exits 0 at once.
    await runSaveCommand(`cat >/dev/null; setsid sleep 300 & echo $! > '${pidFile}'; exit 0`, 'codes\n');
    const pid = Number(readFileSync(pidFile, 'utf8'));
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone already
    }
  },
);
