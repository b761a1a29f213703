/**
 * deliver(): every combination of what a run can reach (stdout kind, --save working or not,
 * stdout failing or not, --stdout-only, an interruption, the wizard) ends with all the codes in a
 * place the user can read back, the exit status that says what happened, and a stderr line naming
 * the place.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deliver, type Reach, type StdoutKind } from '../../src/codes/deliver.js';
import { defaultFile, fileTarget } from '../../src/codes/places.js';
import { signalExit } from '../../src/flow/signals.js';

const CODES = Array.from({ length: 10 }, (_, i) => `NEW${i}-CODE-AAA${i}`);
let root: string;
let n = 0;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'vrc-deliver-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

function out(fail: boolean): { stream: Writable; text: () => string } {
  let t = '';
  const stream = new Writable({
    write(c, _e, cb) {
      if (fail) cb(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
      else {
        t += String(c);
        cb();
      }
    },
  });
  return { stream, text: () => t };
}

/** Every code, read back from the files deliver() stored in, the kept output, or the stderr text. */
async function readBack(stored: string[], kept: string, lines: string): Promise<boolean> {
  for (const p of stored) {
    const t = await readFile(p, 'utf8').catch(() => '');
    if (CODES.every((c) => t.includes(c))) return true;
  }
  return CODES.every((c) => kept.includes(c)) || CODES.every((c) => lines.includes(c));
}

const kinds: StdoutKind[] = ['tty', 'file', 'pipe', 'socket', 'device', 'closed'];
for (const kind of kinds) {
  for (const save of ['none', 'ok', 'fails'] as const) {
    for (const stdoutFails of [false, true]) {
      for (const stdoutOnly of [false, true]) {
        for (const interrupted of [null, 'SIGTERM'] as const) {
          const name =
            `${kind}${stdoutFails ? ' failing' : ''}, --save ${save}` +
            `${stdoutOnly ? ', --stdout-only' : ''}${interrupted ? `, ${interrupted}` : ''}`;
          test(name, async () => {
            const home = join(root, `h${++n}`);
            const savePath = join(home, 'vault', 'codes.txt');
            if (save === 'fails') await writeFile(join(root, `taken${n}`), 'x');
            const reach: Reach = {
              places: save === 'none' ? [] : [fileTarget(save === 'ok' ? savePath : join(root, `taken${n}`), home)],
              fallback: defaultFile(home),
              wizard: false,
              stdout: kind,
              stdoutOnly,
              raw: false,
              interrupted,
            };
            const o = out(stdoutFails);
            const d = await deliver(
              { codes: CODES, generatedAt: new Date(2024, 0, 2, 3, 4, 5), body: {} },
              reach,
              o.stream,
            );
            const lines = d.lines.join('');
            const trusted =
              !interrupted &&
              (kind === 'tty' || kind === 'file' || (stdoutOnly && (kind === 'pipe' || kind === 'socket')));
            const wroteOut = kind !== 'closed';
            const outOk = wroteOut && !stdoutFails;
            // Where the codes must be: --save when it worked; the default file when it failed, or when
            // none was asked for and no trusted stdout kept them.
            const wantsDefault =
              save === 'fails' || (save === 'none' && (!trusted || (wroteOut && stdoutFails) || !wroteOut));
            assert.equal(d.safe, true);
            assert.ok(
              await readBack(d.stored, trusted && outOk ? o.text() : '', lines),
              `codes readable back:\n${lines}`,
            );
            if (save === 'ok') assert.deepEqual(d.stored, [savePath]);
            if (save === 'ok') assert.match(lines, new RegExp(`^Saved to ${savePath}$`, 'm'));
            const defaultAt = join(home, 'Downloads', 'vastai_backup_codes_2024-01-02_03-04-05.txt');
            assert.equal(
              d.stored.includes(defaultAt),
              wantsDefault,
              `default file ${wantsDefault ? 'expected' : 'not expected'}:\n${lines}`,
            );
            if (wantsDefault) {
              assert.match(lines, new RegExp(`^Saved to ${defaultAt} \\(readable only by you\\): .+\\.$`, 'm'));
              assert.equal((await stat(defaultAt)).mode & 0o777, 0o600);
            }
            const failed = save === 'fails' || (wroteOut && stdoutFails);
            assert.equal(d.exit, interrupted || failed ? 3 : 0);
            if (save === 'fails') assert.match(lines, /^Error: Could not save the codes to .*already exists/m);
            if (wroteOut && stdoutFails)
              assert.match(lines, /^Error: The program reading standard output stopped before the end \(EPIPE\)/m);
            assert.ok(!CODES.some((c) => lines.includes(c)), 'no code in the stderr lines when a file holds them');
          });
        }
      }
    }
  }
}

test('nothing can be written anywhere: the codes themselves are the stderr lines, exit 3', async () => {
  const home = join(root, 'ro');
  await mkdir(home, { recursive: true });
  await chmod(home, 0o500);
  try {
    const d = await deliver(
      { codes: CODES, generatedAt: new Date(), body: {} },
      {
        places: [],
        fallback: defaultFile(home),
        wizard: false,
        stdout: 'pipe',
        stdoutOnly: false,
        raw: false,
        interrupted: null,
      },
      out(true).stream,
    );
    if (process.getuid?.() === 0) return; // root writes anyway
    assert.equal(d.safe, false);
    assert.equal(d.exit, 3);
    const lines = d.lines.join('');
    for (const c of CODES) assert.ok(lines.includes(c));
    assert.match(lines, /could not be saved anywhere/);
  } finally {
    await chmod(home, 0o700);
  }
});

test('--raw: a failure is one JSON object naming the file; nothing safe puts the codes in it', async () => {
  const home = join(root, 'raw');
  const d = await deliver(
    { codes: CODES, generatedAt: new Date(2024, 0, 2, 3, 4, 5), body: { backup_codes: CODES } },
    {
      places: [],
      fallback: defaultFile(home),
      wizard: false,
      stdout: 'pipe',
      stdoutOnly: true,
      raw: true,
      interrupted: null,
    },
    out(true).stream,
  );
  assert.equal(d.lines.length, 1);
  const j = JSON.parse(d.lines[0]!);
  assert.equal(j.code, 'stdout_failed');
  assert.equal(j.saved_to, join(home, 'Downloads', 'vastai_backup_codes_2024-01-02_03-04-05.txt'));
  assert.equal(j.backup_codes, undefined);
});

test('the wizard: --save is written, no default file unless interrupted; interrupted writes it', async () => {
  const home = join(root, 'wiz');
  const base: Reach = {
    places: [],
    fallback: defaultFile(home),
    wizard: true,
    stdout: 'tty',
    stdoutOnly: false,
    raw: false,
    interrupted: null,
  };
  const codes = { codes: CODES, generatedAt: new Date(2024, 0, 2, 3, 4, 5), body: {} };
  const calm = await deliver(codes, base, null);
  assert.deepEqual(calm.stored, []);
  assert.equal(calm.safe, true, 'on screen');
  const hup = await deliver(codes, { ...base, interrupted: 'SIGHUP' }, null);
  assert.equal(hup.exit, 3, 'replaced, interrupted before they reached the terminal: exit 3');
  assert.deepEqual(hup.stored, [join(home, 'Downloads', 'vastai_backup_codes_2024-01-02_03-04-05.txt')]);
  assert.match(hup.lines.join(''), /^Saved to \S+ \(readable only by you\): the run was interrupted \(SIGHUP\)\.$/m);
});

test('signalExit: 128 + the signal number', () => {
  assert.deepEqual(
    ['SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGUSR2', 'SIGTERM'].map((s) => signalExit(s as NodeJS.Signals)),
    [129, 130, 131, 140, 143],
  );
});

test('a signal while stdout is written: the default file follows, exit 3', async () => {
  const home = join(root, `late-${n++}`);
  let sig: NodeJS.Signals | null = null;
  let t = '';
  const stream = new Writable({
    write(c, _e, cb) {
      t += String(c);
      sig = 'SIGTERM';
      cb();
    },
  });
  const d = await deliver(
    { codes: CODES, generatedAt: new Date(), body: {} },
    {
      places: [],
      fallback: defaultFile(home),
      wizard: false,
      stdout: 'tty',
      stdoutOnly: false,
      raw: false,
      interrupted: null,
      signalled: () => sig,
    },
    stream,
  );
  assert.equal(d.exit, 3);
  assert.equal(d.stored.length, 1, d.lines.join(''));
  assert.ok(
    CODES.every((c) => t.includes(c)),
    'stdout got the codes first',
  );
  assert.ok(await readBack(d.stored, '', ''), 'the default file holds them');
  assert.match(d.lines.join(''), /interrupted \(SIGTERM\)/);
});
