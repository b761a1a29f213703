/**
 * deliver() with the password-manager places: --save pass:NAME (saveTarget) and --save-command
 * (commandTarget). A verified store is a safe place like a file; a failure names what failed and
 * the codes stay on screen or go to the default file, as with a failed --save PATH.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deliver, type Reach } from '../../src/codes/deliver.js';
import { commandTarget, defaultFile, placeName, saveTarget } from '../../src/codes/places.js';

const CODES = Array.from({ length: 10 }, (_, i) => `NEW${i}-CODE-AAA${i}`);
let home: string;
before(() => {
  home = mkdtempSync(join(tmpdir(), 'vrc-deliver-mgr-'));
});
after(() => rmSync(home, { recursive: true, force: true }));

function sink(): { stream: Writable; text: () => string } {
  let t = '';
  return {
    stream: new Writable({
      write(c, _e, cb) {
        t += String(c);
        cb();
      },
    }),
    text: () => t,
  };
}

const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
const reach = (over: Partial<Reach>): Reach => ({
  places: [],
  fallback: defaultFile(home),
  wizard: false,
  stdout: 'pipe',
  stdoutOnly: false,
  raw: false,
  interrupted: null,
  ...over,
});
const downloads = () => (existsSync(join(home, 'Downloads')) ? readdirSync(join(home, 'Downloads')) : []);

test('--save pass:NAME is a pass entry; anything else stays a file', () => {
  assert.equal(placeName(saveTarget('pass:a/b', home, { env })), '--save pass:a/b');
  assert.equal(placeName(saveTarget('./pass:a', home)), '--save ./pass:a');
});

test('--save-command that exits 0 is a safe place: a pipe on stdout needs no default file', async () => {
  const out = join(home, 'cmd.txt');
  const o = sink();
  const d = await deliver(
    { codes: CODES, generatedAt: new Date(), body: {} },
    reach({ places: [commandTarget(`cat > '${out}'`, { env: { ...env } })] }),
    o.stream,
  );
  assert.equal(d.exit, 0);
  assert.equal(d.safe, true);
  assert.deepEqual(downloads(), []);
  assert.equal(readFileSync(out, 'utf8'), o.text());
  assert.match(
    d.lines.join(''),
    /Handed to --save-command: it exited 0 \(what it did with the codes cannot be checked\)/,
  );
});

test('a failing --save pass:NAME on a terminal: the default file too, the message says what failed', async () => {
  const o = sink();
  const d = await deliver(
    { codes: CODES, generatedAt: new Date(), body: {} },
    reach({ places: [saveTarget('pass:x', home, { env: { PATH: join(home, 'no-bin') } })], stdout: 'tty' }),
    o.stream,
  );
  assert.equal(d.exit, 3);
  const said = d.lines.join('');
  assert.match(said, /Error: Could not store the codes in pass as x: `pass` is not installed/);
  assert.match(said, /^Saved to \S+ \(readable only by you\): --save failed\.$/m);
  assert.ok(CODES.every((c) => o.text().includes(c)));
  assert.equal(downloads().length, 1);
  rmSync(join(home, 'Downloads'), { recursive: true, force: true });
});

test('--save and --save-command: both stored; one failing: exit 3, its reason, the other still counts', async () => {
  const file = join(home, 'both.txt');
  const d = await deliver(
    { codes: CODES, generatedAt: new Date(), body: {} },
    reach({ places: [saveTarget(file, home), commandTarget('cat >&2; exit 3', { env })] }),
    sink().stream,
  );
  assert.equal(d.exit, 3);
  assert.deepEqual(d.stored, [file]);
  const said = d.lines.join('');
  assert.match(said, /Could not store the codes with --save-command: the command failed \(it exited with status 3/);
  assert.ok(!CODES.some((c) => said.includes(c)), "the command's echo of the codes is not repeated");
  assert.deepEqual(downloads(), [], 'the file holds them: no default file');
});

test('a helper that echoes the codes in its own words: every kept code is masked, one with a space too', async () => {
  // An odd answer keeps a code as sent (inert), spaces and all: it is masked like the others.
  const codes = [...CODES.slice(0, 9), 'ODD CODE 9'];
  const d = await deliver(
    { codes, generatedAt: new Date(), body: {} },
    reach({ stdout: 'tty', places: [commandTarget("sed -n 's/^ *10\\. /got: /p' >&2; exit 3", { env })] }),
    sink().stream,
  );
  assert.equal(d.exit, 3);
  const said = d.lines.join('');
  assert.match(said, /the command failed \(it exited with status 3: got: \[code\]\)/);
  assert.ok(!said.includes('ODD'), 'the code is not repeated');
});

test('a signal while stdout is written: the default file is added, a failed --save-command is not rerun', async () => {
  const { runHeadless } = await import('../../src/flow/run-headless.js');
  const { parseArgs } = await import('../../src/args.js');
  const { PassThrough } = await import('node:stream');
  const counter = join(home, 'runs.txt');
  rmSync(join(home, 'Downloads'), { recursive: true, force: true }); // earlier failures wrote the default file
  const parsed = parseArgs([
    '-t',
    'totp',
    '-c',
    '123456',
    '--yes',
    '--save-command',
    `echo run >> '${counter}'; exit 1`,
  ]);
  assert.equal(parsed.kind, 'run');
  let caught: NodeJS.Signals | null = null;
  const err = sink();
  // SIGTERM arrives as stdout (a terminal) is written, after the command failed.
  const stdout = new Writable({
    write(_c, _e, cb) {
      caught = 'SIGTERM';
      cb();
    },
  });
  const code = await runHeadless({
    api: { regenerate: async () => ({ msg: 'success', backupCodes: CODES, body: {}, warnings: [] }) } as never,
    options: (parsed as { options: import('../../src/args.js').Options }).options,
    stdin: new PassThrough(),
    stdinIsTTY: false,
    stdout,
    stderr: err.stream,
    home,
    env,
    holdSignals: () => ({ caught: () => caught, release: () => undefined }),
  });
  assert.equal(code, 3);
  assert.equal(readFileSync(counter, 'utf8'), 'run\n', 'the failed command ran once');
  assert.equal(downloads().length, 1, err.text());
  rmSync(join(home, 'Downloads'), { recursive: true, force: true });
});
