/**
 * TERM=dumb (a terminal without cursor control): the plain line-by-line wizard, in a real
 * pseudo-terminal. The same flow as the Ink wizard, numbered choices, one question a line, no
 * escape sequence at all; the codes are written once, then the places to keep them are offered.
 * Keys are written as a person types them (one at a time) and as one read.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { demoControl, fetchInbox } from '../../src/demo/inbox.js';
import type { DemoServer } from '../../src/demo/server.js';
import { demoSuite } from '../helpers/pipe-run.js';
import { goodTotp, wrongTotp } from '../helpers/demo-api.js';
import { codesIn, press, spawnCli, type Term } from '../helpers/term.js';

describe('the plain wizard (TERM=dumb)', { timeout: 120_000 }, () => {
  let server: DemoServer;
  const running: Term[] = [];
  demoSuite('vrc-plain-', (s) => {
    server = s.server;
  });
  after(() => {
    for (const t of running) t.kill();
  });
  const run = (args: string[] = []): Term => {
    const t = spawnCli({
      args: ['--url', server.url, '--api-key', 'vastai-demo-key', ...args],
      env: { TERM: 'dumb' },
    });
    running.push(t);
    return t;
  };
  /** Types `text` a character at a time, as a person does, then Enter. */
  const type = async (t: Term, text: string, expect: string | RegExp): Promise<string> => {
    for (const ch of text) t.write(ch);
    return press(t, '\r', expect);
  };

  it('typed: numbered list, code, y; the codes once, saved to the default file; no escape sequence', async () => {
    const t = run();
    const list = await t.waitFor('Choose a number (q quits): ', 15_000);
    assert.match(list, / {2}1\. Authenticator app \(primary\)\n {2}2\. SMS to \*+4821 — Work phone\n {2}3\. Email/);
    assert.match(list, /Regenerate when several codes are used/);
    await type(t, '1', 'Code (b goes back): ');
    await type(t, goodTotp(), /Type y to regenerate, or b to go back: $/);
    const codes = await type(t, 'y', /Keep them safe now[\s\S]*Choose a number: $/);
    const issued = (await fetchInbox(server.url)).backupCodes;
    assert.deepEqual(codesIn(codes), issued);
    // One a line, in order (a screen reader reads two columns 1, 6, 2, 7, …).
    assert.ok(codes.includes(issued.map((c, i) => `  ${String(i + 1).padStart(2)}. ${c}`).join('\n')), codes);
    await type(t, '1', /File name \(Enter for ~\/Downloads\/vastai_backup_codes_\S+\): $/);
    await press(t, '\r', /Saved to\s+\S+[\s\S]*Keep another copy, or leave:[\s\S]*Choose a number: $/);
    await type(t, '2', 'Done: 10 new backup codes saved to');
    assert.equal(await t.exited, 0);
    assert.ok(!t.raw().includes('\u001b'), 'no escape sequence');
    for (const c of issued) assert.equal(t.text().split(c).length - 1, 1, `${c} written once`);
    const dir = join(t.home, 'Downloads');
    const [file] = readdirSync(dir);
    assert.deepEqual(codesIn(readFileSync(join(dir, file!), 'utf8')), issued);
    assert.equal(statSync(join(dir, file!)).mode & 0o777, 0o600);
  });

  it('--save FILE, stdout a pipe: the file is stored and counts, so no default file is added', async () => {
    const t = spawnCli({
      args: [],
      shell:
        `"$NODE" "$CLI" --url ${server.url} --api-key vastai-demo-key --save "$HOME/kept.txt"` +
        ` | cat > "$HOME/piped.txt"`,
      env: { TERM: 'dumb' },
    });
    running.push(t);
    await t.waitFor('Choose a number (q quits): ', 15_000);
    await type(t, '1', 'Code (b goes back): ');
    await type(t, goodTotp(), /Type y to regenerate, or b to go back: $/);
    const shown = await type(t, 'y', /Saved to\s+\S+kept\.txt[\s\S]*Choose a number: $/);
    assert.doesNotMatch(shown, /Downloads\/vastai_backup_codes/);
    await type(t, '2', 'Done: 10 new backup codes saved to');
    assert.equal(await t.exited, 0);
    const issued = (await fetchInbox(server.url)).backupCodes;
    assert.deepEqual(codesIn(readFileSync(join(t.home, 'kept.txt'), 'utf8')), issued, 'the --save file');
    assert.deepEqual(codesIn(readFileSync(join(t.home, 'piped.txt'), 'utf8')), issued, 'the pipe');
    assert.ok(!existsSync(join(t.home, 'Downloads')), 'no default file');
  });

  it('at 50 columns the codes and their notes are laid out for 50, not wrapped twice', async () => {
    const t = spawnCli({
      args: ['--url', server.url, '--api-key', 'vastai-demo-key'],
      env: { TERM: 'dumb' },
      cols: 50,
    });
    running.push(t);
    await t.waitFor('Choose a number (q quits): ', 15_000);
    await type(t, '1', 'Code (b goes back): ');
    await type(t, goodTotp(), /or b to go\s+back: $/);
    const codes = await type(t, 'y', /Keep them safe now[\s\S]*Choose a number: $/);
    assert.deepEqual(codesIn(codes), (await fetchInbox(server.url)).backupCodes);
    assert.match(codes, /\nnew code works once; they are shown only now\.\n/);
    await type(t, '1', /File name[\s\S]*: $/);
    await press(t, '\r', /Saved to[\s\S]*Choose a number: $/);
    await type(t, '2', 'Done: 10 new backup codes');
    assert.equal(await t.exited, 0);
  });

  it('503 with Retry-After on the regenerate: the wait, a new-attempt question; q ends on it (exit 1)', async () => {
    await demoControl(server.url).faults({ fail: [{ route: 'regen', status: 503, retry_after: 60 }] });
    try {
      const t = run();
      await t.waitFor('Choose a number (q quits): ', 15_000);
      await type(t, '1', 'Code (b goes back): ');
      await type(t, goodTotp(), /Type y to regenerate, or b to go back: $/);
      const wait = (await type(t, 'y', /Type t to try again[^\n]*: $/)).replace(/\s+/g, ' ');
      assert.match(wait, /may already have replaced your backup codes/);
      assert.match(wait, /a new attempt can start at \d/);
      await type(t, 't', /Not yet: at \d[\s\S]*Type t to try again[^\n]*: $/);
      await type(t, 'q', /Next: /);
      assert.equal(await t.exited, 1);
      assert.doesNotMatch(t.text(), /nothing was changed|not accepted/i);
      assert.ok(!t.raw().includes('\u001b'), 'no escape sequence');
    } finally {
      await demoControl(server.url).faults({});
    }
  });

  it('one read: wrong code, then the right one with no second confirmation; Ctrl+C twice: a file, exit 3', async () => {
    const t = run();
    await t.waitFor('Choose a number (q quits): ', 15_000);
    await press(
      t,
      `1\r${wrongTotp()}\ry\r`,
      /not accepted[\s\S]*4 attempts left[\s\S]*You already agreed[\s\S]*Code \(b goes back\): $/,
    );
    await press(t, `${goodTotp()}\r`, /Keep them safe now[\s\S]*Choose a number: $/);
    assert.equal(t.sinceMark().includes('Type y to regenerate'), false, 'no second confirmation');
    await press(t, '\u0003', /not saved anywhere[\s\S]*Choose a number: $/);
    await press(t, '\u0003', /saved\s+to\s+\S+/);
    assert.equal(await t.exited, 3);
    assert.ok(!t.raw().includes('\u001b'));
    const issued = (await fetchInbox(server.url)).backupCodes;
    const dir = join(t.home, 'Downloads');
    const [file] = readdirSync(dir);
    assert.deepEqual(codesIn(readFileSync(join(dir, file!), 'utf8')), issued);
  });

  it('a wrong number is asked again; Ctrl+C before anything changed: 130', async () => {
    const t = run();
    await t.waitFor('Choose a number (q quits): ', 15_000);
    await press(t, '9\r', /Type a number from 1 to 4\.\nChoose a number \(q quits\): $/);
    await press(t, '\u0003', 'Cancelled. Nothing was changed');
    assert.equal(await t.exited, 130);
  });

  it('TERM unset is a terminal without cursor control too', async () => {
    const t = spawnCli({
      args: [],
      shell: `env -u TERM "$NODE" "$CLI" --url ${server.url} --api-key vastai-demo-key`,
    });
    running.push(t);
    await t.waitFor('Choose a number (q quits): ', 15_000);
    await press(t, 'q\r', 'Cancelled');
    assert.equal(await t.exited, 130);
    assert.ok(!t.raw().includes('\u001b'));
  });
});
