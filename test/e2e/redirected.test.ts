/**
 * A person at a terminal with stdout redirected (`cmd > file`, `cmd | cat`): the wizard draws on
 * the terminal (stderr or /dev/tty) and the codes go to stdout as the delivery rules say; where it
 * cannot draw, the message names the stream that is not a terminal. Keys are written as a person
 * types them (one at a time, each awaited) and as one read.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fetchInbox } from '../../src/demo/inbox.js';
import type { DemoServer } from '../../src/demo/server.js';
import { demoSuite } from '../helpers/pipe-run.js';
import { goodTotp } from '../helpers/demo-api.js';
import { Session } from '../../scripts/shots/session.js';
import { CLI, codesIn, press, ROOT, spawnCli, type Term } from '../helpers/term.js';

describe('stdout redirected, a person at the terminal', { timeout: 120_000 }, () => {
  let server: DemoServer;
  const running: Term[] = [];
  demoSuite('vrc-redir-', (s) => {
    server = s.server;
  });
  after(() => {
    for (const t of running) t.kill();
  });
  const run = (shell: string): Term => {
    const t = spawnCli({ args: [], shell: `"$NODE" "$CLI" --url ${server.url} --api-key vastai-demo-key ${shell}` });
    running.push(t);
    return t;
  };

  it('> file: the wizard draws on the terminal; the codes land in the file, which counts as stored', async () => {
    const t = run('> "$HOME/out.txt"');
    await t.waitFor("How do you want to verify it's you?", 15_000);
    await press(t, '1', 'authenticator app shows now');
    const code = goodTotp();
    for (const d of code) await press(t, d, `> ${code.slice(0, code.indexOf(d) + 1)}`);
    await press(t, '\r', 'Replace your backup codes?');
    const screen = await press(t, 'y', 'q/Enter done');
    const out = join(t.home, 'out.txt');
    assert.match(screen, new RegExp(`Saved to ${out.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} \\(standard output\\)`));
    const issued = (await fetchInbox(server.url)).backupCodes;
    assert.deepEqual(codesIn(screen), issued, 'shown on the terminal');
    await press(t, 'q', 'Done: 10 new backup codes saved to');
    assert.equal(await t.exited, 0);
    assert.deepEqual(codesIn(readFileSync(out, 'utf8')), issued, 'and in the file stdout went to');
    assert.ok(!existsSync(join(t.home, 'Downloads')), 'a file keeps them: no default file');
  });

  it('| cat: a pipe is not trusted, so the default file holds them too; keys as one read', async () => {
    const t = run('| cat > "$HOME/piped.txt"');
    await t.waitFor("How do you want to verify it's you?", 15_000);
    await press(t, '1', 'authenticator app shows now');
    await press(t, `${goodTotp()}\r`, 'Replace your backup codes?');
    const screen = await press(t, 'y', 'q/Enter done');
    assert.match(screen, /Saved to\s+\S+\/Downloads\/[\s\S]*\(readable only by you\)/);
    await press(t, 'q', 'Done:');
    assert.equal(await t.exited, 0);
    const issued = (await fetchInbox(server.url)).backupCodes;
    assert.deepEqual(codesIn(readFileSync(join(t.home, 'piped.txt'), 'utf8')), issued, 'the pipe got them');
    const dir = join(t.home, 'Downloads');
    const [file] = readdirSync(dir);
    assert.deepEqual(codesIn(readFileSync(join(dir, file!), 'utf8')), issued, 'and the default file');
    assert.equal(statSync(join(dir, file!)).mode & 0o777, 0o600);
  });

  it('| true (reader gone): the default file holds them; the failed pipe is said, exit 3 as headless', async () => {
    // The shell's status is true's: the program's own is kept in a file.
    const t = spawnCli({
      args: [],
      shell: `{ "$NODE" "$CLI" --url ${server.url} --api-key vastai-demo-key; echo $? > "$HOME/rc"; } | true`,
    });
    running.push(t);
    await t.waitFor("How do you want to verify it's you?", 15_000);
    await press(t, '1', 'authenticator app shows now');
    await press(t, `${goodTotp()}\r`, 'Replace your backup codes?');
    await press(t, 'y', 'q/Enter done');
    await press(t, 'q', 'EPIPE');
    await t.exited;
    assert.equal(readFileSync(join(t.home, 'rc'), 'utf8').trim(), '3');
    const issued = (await fetchInbox(server.url)).backupCodes;
    const files = readdirSync(join(t.home, 'Downloads'));
    assert.equal(files.length, 1);
    assert.deepEqual(codesIn(readFileSync(join(t.home, 'Downloads', files[0]!), 'utf8')), issued);
  });

  it('| cat > file with --save: the named file holds them, so no default file is added', async () => {
    const t = run('--save "$HOME/kept.txt" | cat > "$HOME/piped.txt"');
    await t.waitFor("How do you want to verify it's you?", 15_000);
    await press(t, '1', 'authenticator app shows now');
    await press(t, `${goodTotp()}\r`, 'Replace your backup codes?');
    const screen = await press(t, 'y', /Saved to\s+\S+kept\.txt[\s\S]*q\/Enter done/);
    assert.doesNotMatch(screen, /Downloads\/vastai_backup_codes/);
    await press(t, 'q', 'Done:');
    assert.equal(await t.exited, 0);
    const issued = (await fetchInbox(server.url)).backupCodes;
    assert.deepEqual(codesIn(readFileSync(join(t.home, 'kept.txt'), 'utf8')), issued, 'the --save file');
    assert.deepEqual(codesIn(readFileSync(join(t.home, 'piped.txt'), 'utf8')), issued, 'the pipe got them');
    assert.ok(!existsSync(join(t.home, 'Downloads')), 'a stored --save file is a safe place: no default file');
  });

  it('| cat printing on the same terminal: no frame of the wizard is left between its lines', async () => {
    const home = mkdtempSync(join(tmpdir(), 'vrc-redir-cat-'));
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'CI' && k !== 'NO_COLOR') env[k] = v;
    const s = new Session({
      file: '/bin/sh',
      args: ['-c', `"${process.execPath}" "${CLI}" --url ${server.url} --api-key vastai-demo-key | cat`],
      env: { ...env, HOME: home, TERM: 'xterm-256color' },
      cwd: ROOT,
      cols: 80,
      rows: 24,
    });
    try {
      await s.waitFor('How do you want');
      await s.press('1', 'authenticator app shows now');
      await s.press(`${goodTotp()}\r`, 'Replace your backup codes?');
      await s.press('y', 'q/Enter done');
      s.write('q');
      assert.equal(await s.close(), 0);
      const b = s.term.buffer.active;
      const all: string[] = [];
      for (let y = 0; y < b.length; y++) all.push(b.getLine(y)?.translateToString(true) ?? '');
      const shown = all.join('\n');
      const issued = (await fetchInbox(server.url)).backupCodes;
      assert.deepEqual(codesIn(shown), issued, `cat printed the codes:\n${shown}`);
      assert.match(shown, /Done: 10 new backup codes saved to/);
      for (const left of ['Regenerating', 'Replacing your backup codes', 'Your new backup codes', 'Replace your']) {
        assert.ok(!shown.includes(left), `"${left}" left behind:\n${shown}`);
      }
    } finally {
      s.dispose();
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('stdout and stderr both redirected: the wizard draws on /dev/tty', async () => {
    const t = run('> "$HOME/o.txt" 2> "$HOME/e.txt"');
    await t.waitFor("How do you want to verify it's you?", 15_000);
    await press(t, '\u0003', 'Cancelled');
    assert.equal(await t.exited, 130);
    assert.equal(readFileSync(join(t.home, 'o.txt'), 'utf8'), '', 'nothing on stdout');
  });

  it('no terminal to draw on (stdout, stderr redirected, no /dev/tty): exit 2 naming those streams', async () => {
    // setsid: a new session without a controlling terminal, so /dev/tty cannot be opened.
    const s = spawnCli({
      args: [],
      shell:
        `setsid -w sh -c '"$NODE" "$CLI" --url ${server.url} --api-key vastai-demo-key` +
        ` > "$HOME/o.txt" 2> "$HOME/e.txt"'`,
    });
    running.push(s);
    assert.equal(await s.exited, 2);
    const err = readFileSync(join(s.home, 'e.txt'), 'utf8');
    assert.match(err, /stdin is a terminal, but stdout and stderr are not and \/dev\/tty cannot be opened/);
    assert.match(err, /^Or run it with stdout or stderr on a terminal to be guided\.$/m);
    assert.doesNotMatch(err, /stdin on a terminal/);
  });

  it('echo y | … stays the scripted run (stdin not a terminal), and says so', async () => {
    const t = run('< /dev/null');
    assert.equal(await t.exited, 2);
    assert.match(t.text(), /No wizard here: stdin is not a terminal/);
    assert.match(t.text(), /Or run it with stdin on a terminal to be guided\./);
  });
});
