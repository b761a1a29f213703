/**
 * Fault matrix, wizard: the built dist/cli.js in a real pseudo-terminal, against a loopback API
 * that replaces the codes the moment the regenerate request arrives and answers when told. Signals
 * (and the terminal closing) before, during and after the request, and every key that leaves the
 * codes screen, must leave all ten issued codes readable from a place the user has: the terminal's
 * text, the --save file or the default file; with the exit status, no abort (Node 20's ResetStdio on
 * a dead terminal), and the line naming the file. Cases run concurrently: each has its own server
 * and HOME. The terminal is 200 columns wide so a path is never wrapped.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, watch } from 'node:fs';
import { join } from 'node:path';
import { ensureBuild } from '../helpers/pipe-run.js';
import { regenServer, type RegenServer } from '../helpers/regen-server.js';
import { spawnCli, type Term } from '../helpers/term.js';

const CODE_RE = /\b(\d{1,2})\. ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})\b/g;

/** The numbered codes in `text` (the last occurrence of each number wins), in order. */
function codesOnScreen(text: string): string[] {
  const byNo = new Map<number, string>();
  for (const m of text.matchAll(CODE_RE)) byNo.set(Number(m[1]), m[2]!);
  return [...byNo.keys()].sort((a, b) => a - b).map((k) => byNo.get(k)!);
}

const running: Term[] = [];
const servers: RegenServer[] = [];
before(() => ensureBuild());
after(async () => {
  for (const t of running) t.kill();
  for (const s of servers) await s.close();
});

async function start(args: string[] = ['-t', 'totp', '-c', '123456', '--yes']): Promise<{ t: Term; s: RegenServer }> {
  const s = await regenServer();
  servers.push(s);
  const t = spawnCli({ args: ['--url', s.url, '--api-key', 'matrix-key-0123456789', ...args], cols: 200, rows: 40 });
  running.push(t);
  return { t, s };
}

/** Writes keys after marking, so the next wait only sees what they caused. */
async function press(t: Term, keys: string, expect: string | RegExp): Promise<string> {
  t.mark();
  t.write(keys);
  return t.waitFor(expect);
}

/** Up to the codes screen: the request arrives, the test lets the answer go. */
async function toCodes(args?: string[]): Promise<{ t: Term; s: RegenServer }> {
  const r = await start(args);
  await r.s.arrived;
  r.t.mark();
  r.s.release();
  await r.t.waitFor('q/Enter done');
  return r;
}

/** The exit: its status, and never an abort. */
async function exitsWith(t: Term, code: number): Promise<void> {
  const e = await t.ended;
  assert.notEqual(e.signal, 6, 'Node aborted (SIGABRT)');
  assert.notEqual(e.signal, 11, 'Node crashed (SIGSEGV, as its failed ResetStdio check does)');
  // A SIGHUP that comes after the codes are safe and the hold is released ends the process by the
  // signal itself: the same status for a shell (128+1).
  if (code === 129 && e.signal === 1) return;
  assert.equal(e.exitCode, code, t.text().slice(-1500));
}

/**
 * The default file: exactly one in ~/Downloads, holding all ten issued codes; named on the terminal when it can be
 * read.
 */
function defaultFileHolds(t: Term, issued: string[], named: boolean): void {
  const dir = join(t.home, 'Downloads');
  const files = readdirSync(dir);
  assert.equal(files.length, 1, `one default file: ${files.join(', ')}`);
  const path = join(dir, files[0]!);
  assert.deepEqual(codesOnScreen(readFileSync(path, 'utf8')), issued);
  if (named)
    assert.match(
      t.text(),
      new RegExp(
        `Saved to ${path} \\(readable only by you\\): the run was interrupted \\((Ctrl\\+C|SIG[A-Z0-9]+)\\)\\.`,
      ),
    );
}

function noDefaultFile(t: Term): void {
  assert.throws(() => readdirSync(join(t.home, 'Downloads')), /ENOENT/);
}

// First, one at a time, while no other terminal of this file is open: node-pty's master fd leaks
// into children spawned while it is open, and a copy held elsewhere keeps the terminal from
// hanging up for real (the program then only gets SIGHUP, and Node would not abort anyway).
describe('fault matrix, wizard: the terminal closed', { concurrency: 1, timeout: 120_000 }, () => {
  it('the terminal closed while the request is out: no abort, the default file, exit 3', async () => {
    const { t, s } = await start();
    await s.arrived;
    await t.waitFor('Replacing your backup codes');
    t.hangUp();
    s.release();
    await exitsWith(t, 3);
    defaultFileHolds(t, s.issued, false);
  });
  it('the terminal closed on the unsaved codes screen: no abort, the default file, exit 3', async () => {
    const { t, s } = await toCodes();
    t.hangUp();
    await exitsWith(t, 3);
    defaultFileHolds(t, s.issued, false);
  });
  it('the terminal closed before anything changed: no abort, no file, exit 129', async () => {
    const { t, s } = await start([]);
    await t.waitFor('How do you want');
    t.hangUp();
    await exitsWith(t, 129);
    assert.deepEqual(s.issued, []);
    noDefaultFile(t);
  });
  it('headless in a terminal (--raw), closed while the request is out: no abort, default file, exit 3', async () => {
    const { t, s } = await start(['-t', 'totp', '-c', '123456', '--yes', '--raw']);
    await s.arrived;
    t.hangUp();
    s.release();
    await exitsWith(t, 3);
    defaultFileHolds(t, s.issued, false);
  });
});

describe('fault matrix, wizard', { concurrency: 2, timeout: 180_000 }, () => {
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGQUIT', 'SIGUSR1', 'SIGALRM'] as const) {
    it(`${sig} while the request is out: held and said, then the default file, exit 3`, async () => {
      const { t, s } = await start();
      await s.arrived;
      await t.waitFor('Replacing your backup codes');
      t.mark();
      t.signal(sig);
      await t.waitFor('cannot be called back');
      s.release();
      await exitsWith(t, 3);
      defaultFileHolds(t, s.issued, true);
    });

    it(`${sig} on the unsaved codes screen: the default file, exit 3`, async () => {
      const { t, s } = await toCodes();
      t.signal(sig);
      await exitsWith(t, 3);
      defaultFileHolds(t, s.issued, true);
    });
  }

  it('SIGTERM while a --save-command hangs on the codes screen: it is stopped, the default file, exit 3', async () => {
    const r = await start([
      '-t',
      'totp',
      '-c',
      '123456',
      '--yes',
      '--save-command',
      'echo $$ > "$HOME/cmd.pid"; exec sleep 600',
    ]);
    const pidFile = join(r.t.home, 'cmd.pid');
    const started = new Promise<void>((resolve) => {
      const w = watch(r.t.home, () => {
        if (existsSync(pidFile) && readFileSync(pidFile, 'utf8').endsWith('\n')) {
          w.close();
          resolve();
        }
      });
    });
    await r.s.arrived;
    r.s.release();
    await started;
    const pid = Number(readFileSync(pidFile, 'utf8'));
    r.t.signal('SIGTERM');
    await exitsWith(r.t, 3);
    defaultFileHolds(r.t, r.s.issued, true);
    // Killed with its process group (a zombie until init reaps it counts as gone).
    const stat = `/proc/${pid}/stat`;
    assert.ok(!existsSync(stat) || / Z /.test(readFileSync(stat, 'utf8')), `the command (pid ${pid}) was stopped`);
  });

  it('SIGTERM before anything changed: exit 143, nothing changed, no file', async () => {
    const { t, s } = await start([]);
    await t.waitFor('How do you want');
    t.signal('SIGTERM');
    await exitsWith(t, 143);
    assert.deepEqual(s.issued, []);
    noDefaultFile(t);
  });

  it('SIGTERM on the leave-unsaved question: the default file, exit 3', async () => {
    const { t, s } = await toCodes();
    await press(t, 'q', 'Leave without saving?');
    t.signal('SIGTERM');
    await exitsWith(t, 3);
    defaultFileHolds(t, s.issued, true);
  });

  it('Ctrl+C while the request is out: held and said; on the codes screen Ctrl+C twice: default file, 3', async () => {
    const { t, s } = await start();
    await s.arrived;
    await t.waitFor('Replacing your backup codes');
    await press(t, '\u0003', 'cannot be called back');
    t.mark();
    s.release();
    const screen = await t.waitFor('q/Enter done');
    assert.deepEqual(codesOnScreen(screen), s.issued, 'shown on the live terminal');
    await press(t, '\u0003', 'Leave without saving?');
    await press(t, '\u0003', /saved\s+to/);
    await exitsWith(t, 3);
    defaultFileHolds(t, s.issued, false);
    assert.match(t.text(), /You left before the new backup codes were stored, so they were saved to \S+/);
  });

  it('Ctrl+\\ acts as Ctrl+C: held and said while the request is out; on the codes screen it asks', async () => {
    const { t, s } = await start();
    await s.arrived;
    await t.waitFor('Replacing your backup codes');
    await press(t, '\u001c', 'cannot be called back');
    t.mark();
    s.release();
    const screen = await t.waitFor('q/Enter done');
    assert.deepEqual(codesOnScreen(screen), s.issued, 'shown on the live terminal');
    await press(t, '\u001c', 'Leave without saving?');
    await press(t, '\u001c', /saved\s+to/);
    await exitsWith(t, 3);
    defaultFileHolds(t, s.issued, false);
    assert.match(t.text(), /You left before the new backup codes were stored, so they were saved to \S+/);
  });

  for (const [name, key] of [
    ['q', 'q'],
    ['Enter', '\r'],
    ['Esc', '\u001b'],
    ['Ctrl+C', '\u0003'],
  ] as const) {
    it(`${name} on the codes screen asks; leaving unsaved keeps the codes on the terminal, exit 0`, async () => {
      const { t, s } = await toCodes();
      await press(t, key, /Leave without saving\?[\s\S]*not saved or copied anywhere/);
      await press(t, '\u001b[B', '› Leave without saving');
      const end = await press(t, '\r', 'were NOT saved');
      await exitsWith(t, 0);
      assert.deepEqual(codesOnScreen(end), s.issued, 'on the final frame');
      noDefaultFile(t);
    });
  }

  it('c then q: a copy is not a save (it cannot be checked); leaving keeps the codes on the terminal', async () => {
    const { t, s } = await toCodes();
    await press(t, 'c', 'Sent to the terminal clipboard');
    await press(t, 'q', /Leave without saving\?[\s\S]*a copy cannot be checked/);
    await press(t, '\u001b[B', '› Leave without saving');
    const end = await press(t, '\r', 'the copy to the clipboard cannot be checked');
    await exitsWith(t, 0);
    assert.deepEqual(codesOnScreen(end), s.issued);
  });

  it('--save: stored at once on the codes screen; q leaves without a question, exit 0', async () => {
    const r = await start(['-t', 'totp', '-c', '123456', '--yes', '--save', '~/vault/codes.txt']);
    await r.s.arrived;
    r.t.mark();
    r.s.release();
    const path = join(r.t.home, 'vault', 'codes.txt');
    await r.t.waitFor(new RegExp(`Saved to ${path} \\(readable only by you\\)`));
    await press(r.t, 'q', 'Done: 10 new backup codes saved to');
    await exitsWith(r.t, 0);
    assert.deepEqual(codesOnScreen(readFileSync(path, 'utf8')), r.s.issued);
    noDefaultFile(r.t);
  });
});
