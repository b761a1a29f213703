/**
 * The wizard in terminals of every kind, in a real pseudo-terminal: small and short ones, resizes
 * (through a terminal emulator, which rewraps lines as a real one does), TERM=dumb, a non-UTF-8
 * locale, --no-color and NO_COLOR. No sleeps: each step waits for what it causes.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fetchInbox } from '../../src/demo/inbox.js';
import type { DemoServer } from '../../src/demo/server.js';
import { Session } from '../../scripts/shots/session.js';
import { demoSuite } from '../helpers/pipe-run.js';
import { goodTotp } from '../helpers/demo-api.js';
import { stubServer } from '../helpers/stub-server.js';
import { CLI, press, ROOT, spawnCli, stripAnsi, type Term } from '../helpers/term.js';

const running: Term[] = [];

/** The environment of a Session: CI removed (with it Ink draws only at exit), a temporary HOME. */
function sessionEnv(home: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'CI' && k !== 'NO_COLOR') env[k] = v;
  return { ...env, HOME: home, TERM: 'xterm-256color' };
}
/** Ink's "clear the terminal": erase screen (ESC[2J) and scrollback (ESC[3J). */
const CLEARS = /\u001b\[[23]J/;

describe('the wizard in any terminal', { timeout: 180_000 }, () => {
  let server: DemoServer;
  let home: string;
  demoSuite('vrc-terms-', (s) => {
    server = s.server;
    home = s.home;
  });
  after(() => {
    for (const t of running) t.kill();
  });

  function wizard(o: { cols?: number; rows?: number; env?: Record<string, string>; args?: string[] } = {}): Term {
    const t = spawnCli({
      args: ['--url', server.url, '--api-key', 'vastai-demo-key', ...(o.args ?? [])],
      cols: o.cols,
      rows: o.rows,
      env: o.env,
    });
    running.push(t);
    return t;
  }

  it('30x10: the question, list, input and key hints stay on screen; nothing clears the terminal', async () => {
    const t = wizard({ cols: 30, rows: 10 });
    await t.waitFor(/verify it's\s+you\?[\s\S]*1\. Authenticator[\s\S]*↓ 3 more[\s\S]*quit/, 15_000);
    await press(t, '\u001b[B\u001b[B\u001b[B', /› 4\. Use a backup[\s\S]*quit/);
    await press(t, '\u001b[A\u001b[A\u001b[A\r', /authenticator app[\s\S]*> [\s\S]*Enter submit/);
    await press(t, `${goodTotp()}\r`, /Replace your backup[\s\S]*Regenerate backup codes[\s\S]*Ctrl\+C/);
    await press(t, '\u0003', 'Cancelled');
    assert.equal(await t.exited, 130);
    assert.doesNotMatch(t.raw(), CLEARS);
    // No frame is taller than the terminal: every redraw erases at most 9 rows above.
    for (const m of t.raw().matchAll(/(?:\u001b\[2K\u001b\[1A)+/g))
      assert.ok(m[0].length / 8 <= 9, 'a frame of 10 rows or more');
    assert.match(t.text(), /still work\.\n/, 'the last frame ends with a newline');
  });

  it('80x18 with --demo, and a countdown at 40x15: the screen and the scrollback are never cleared', async () => {
    const t = spawnCli({ args: ['--demo'], cols: 80, rows: 18, env: { VRC_RESEND_COOLDOWN_MS: '3000' } });
    running.push(t);
    await t.waitFor('How do you want', 15_000);
    t.resize(40, 15);
    await press(t, '2', /r resend in \d s/);
    await t.waitFor('r resend ·');
    await press(t, '\u0003', 'Cancelled');
    assert.equal(await t.exited, 130);
    assert.doesNotMatch(t.raw(), CLEARS);
  });

  it('10,000 methods: the list is windowed and answers ↓ at once', async () => {
    const methods = Array.from({ length: 10_000 }, (_, i) => ({
      id: 1000 + i,
      method: 'totp',
      label: `Key ${i + 1}`,
      is_primary: i === 0,
    }));
    const api = await stubServer([{ status: 200, json: { tfa_enabled: true, backup_codes_remaining: 1, methods } }]);
    try {
      const t = spawnCli({ args: ['--url', api.url, '--api-key', 'vastai-demo-key'], rows: 24 });
      running.push(t);
      const first = await t.waitFor(/↓ 9,9\d\d more/, 20_000);
      assert.ok(!first.includes('Key 200 '), 'only a window of the list is drawn');
      await press(t, '\u001b[B\u001b[B', /› 3\. Authenticator app — Key 3/);
      // ↑ stops at the top (no wrapping to item 10,002).
      await press(t, '\u001b[A\u001b[A\u001b[A', /› 1\. Authenticator app — Key 1 /);
      await press(t, '\u0003', 'Cancelled');
      assert.equal(await t.exited, 130);
      assert.equal(api.remaining(), 0, 'the status answer was asked for, and nothing else was scripted');
    } finally {
      await api.close();
    }
  });

  it('a resize on the codes screen (80→60→45→35→80) leaves no duplicated or cut lines, during and after', async () => {
    const s = new Session({
      file: process.execPath,
      args: [CLI, '--url', server.url, '--api-key', 'vastai-demo-key'],
      env: sessionEnv(home),
      cwd: ROOT,
      cols: 80,
      rows: 40,
    });
    try {
      await s.waitFor('How do you want');
      await s.press('1', 'authenticator app shows now');
      await s.press(`${goodTotp()}\r`, 'Replace your backup codes?');
      await s.press('y', 'q/Enter done');
      const codes = (await fetchInbox(server.url)).backupCodes;
      /** Why the screen is not one clean frame: a header twice, a code missing, twice or cut. */
      const problem = (): string | null => {
        const screen = s.screen();
        if (screen.split('Your new backup codes').length - 1 !== 1) return `not one header:\n${screen}`;
        for (const c of codes) if (screen.split(c).length - 1 !== 1) return `${c} not once:\n${screen}`;
        return null;
      };
      for (const cols of [60, 45, 35, 80]) {
        s.resize(cols, 40);
        // The terminal first rewraps the old frame; then the wizard redraws for the new width.
        const end = Date.now() + 10_000;
        while (problem() !== null && Date.now() < end) {
          await s.settle();
          await new Promise((r) => setTimeout(r, 20));
        }
        assert.equal(problem(), null, `at ${cols} columns`);
      }
      await s.press('q', 'Leave without saving?');
      await s.press('\u001b[B\r', 'NOT saved');
      assert.equal(await s.close(), 0);
      const screen = s.screen();
      assert.ok(screen.split('Your new backup codes').length - 1 <= 1, `no header left behind:\n${screen}`);
    } finally {
      s.dispose();
    }
  });

  /** A Session on the codes screen of a demo run at `cols`x`rows`; returns it and the codes the demo made. */
  async function codesScreen(cols: number, rows: number): Promise<{ s: Session; codes: string[] }> {
    const s = new Session({
      file: process.execPath,
      args: [CLI, '--url', server.url, '--api-key', 'vastai-demo-key'],
      env: sessionEnv(home),
      cwd: ROOT,
      cols,
      rows,
    });
    await s.waitFor('verify');
    await s.press('1', /authenticator[\s\S]*Enter submit/);
    await s.press(`${goodTotp()}\r`, 'Replace your backup');
    await s.press('y', /Your new backup codes[\s\S]*\bq\b/);
    return { s, codes: (await fetchInbox(server.url)).backupCodes };
  }

  /** Every row holding a code is whole: its number, the right code, nothing drawn over it. */
  function intactRows(screen: string, codes: string[]): string[] {
    const seen: string[] = [];
    assert.equal(screen.split('Your new backup codes').length - 1, 1, `one heading:\n${screen}`);
    assert.match(screen.split('\n')[0]!, /^Your new backup codes$/, `the heading row is whole:\n${screen}`);
    for (const row of screen.split('\n')) {
      for (const m of row.matchAll(/(\d+)\. (\S+)/g)) {
        assert.equal(m[2], codes[Number(m[1]) - 1], `row ${JSON.stringify(row)} holds code ${m[1]} whole:\n${screen}`);
        seen.push(m[2]!);
      }
    }
    return seen;
  }

  for (const [cols, rows] of [
    [30, 10],
    [40, 15],
  ] as const) {
    it(`${cols}x${rows}: each new code is readable on the codes screen in whole rows (↓ shows the rest)`, async () => {
      const { s, codes } = await codesScreen(cols, rows);
      try {
        const seen = new Set(intactRows(s.screen(), codes));
        for (let from = 2; seen.size < codes.length && from <= codes.length; from++) {
          assert.match(
            s.screen(),
            /codes 1?\d–\d+ of 10, (↑\/)?↓ for more/,
            `the screen says more codes follow:\n${s.screen()}`,
          );
          await s.press('\u001b[B', `codes ${from}–`);
          for (const c of intactRows(s.screen(), codes)) seen.add(c);
        }
        assert.deepEqual([...seen].sort(), [...codes].sort());
        assert.match(s.screen(), /s save[\s\S]*q/, 'the key hints stay');
        await s.press('q', 'Leave without saving?');
        await s.press('\u001b[B\r', /NOT\s+saved/);
        assert.equal(await s.close(), 0);
      } finally {
        s.dispose();
      }
    });
  }

  it('codes screen resized 80x24 → 40x15 → 80x24: no rows above the frame (none from the scrollback)', async () => {
    const { s, codes } = await codesScreen(80, 24);
    try {
      /** Why the screen is not one clean frame: a header twice, a code missing or twice. */
      const problem = (): string | null => {
        const screen = s.screen();
        if (screen.split('Your new backup codes').length - 1 !== 1) return `not one header:\n${screen}`;
        for (const c of codes) if (screen.split(c).length - 1 > 1) return `${c} twice:\n${screen}`;
        return null;
      };
      for (const [cols, rows] of [
        [40, 15],
        [80, 24],
      ] as const) {
        s.resize(cols, rows);
        await s.waitFor(
          cols === 80
            ? /Your new backup codes\n\nYour 10 new backup codes[\s\S]*Ctrl\+C quit/
            : /Your new backup codes\n {3}1\.[\s\S]*Ctrl\+C quit/,
        );
        assert.equal(problem(), null, `at ${cols}x${rows}`);
      }
      assert.match(s.screen(), /^Your new backup codes\n/, 'the frame starts at the top: nothing left above it');
      await s.press('q', 'Leave without saving?');
      await s.press('\u001b[B\r', /NOT\s+saved/);
      assert.equal(await s.close(), 0);
    } finally {
      s.dispose();
    }
  });

  it('TERM=dumb: the plain wizard, no escape sequence at all (test/e2e/plain.test.ts has the whole flow)', async () => {
    const t = wizard({ env: { TERM: 'dumb' } });
    await t.waitFor('Choose a number (q quits): ', 15_000);
    await press(t, '\u0003', 'Cancelled');
    assert.equal(await t.exited, 130);
    assert.ok(!t.raw().includes('\u001b'), JSON.stringify(t.raw().slice(0, 200)));
  });

  it('TERM=dumb with the options: a confirmation line, the codes printed, still no escape sequence', async () => {
    const t = wizard({ env: { TERM: 'dumb' }, args: ['-t', 'totp', '-c', goodTotp()] });
    await t.waitFor('Type y to regenerate', 15_000);
    await press(t, 'y\r', /Keep them safe now[\s\S]*Choose a number: $/);
    await press(t, '2\r', /not saved anywhere[\s\S]*Choose a number: $/);
    await press(t, '2\r', /NOT saved/);
    assert.equal(await t.exited, 0);
    assert.ok(!t.raw().includes('\u001b'));
    const codes = (await fetchInbox(server.url)).backupCodes;
    for (const c of codes) assert.ok(t.text().includes(c));
  });

  it('--demo at 40x12 (no room for the demo panel): the inbox address is printed, and it answers', async () => {
    const t = spawnCli({ args: ['--demo'], cols: 40, rows: 12 });
    running.push(t);
    const shown = await t.waitFor(/__demo\/inbox/, 15_000);
    const url = /(http:\/\/127\.0\.0\.1:\d+\/__demo\/inbox)/.exec(shown.replace(/\n/g, ''));
    assert.ok(url, shown);
    await t.waitFor('quit');
    const inbox = (await (await fetch(url[1]!)).json()) as { totp_code: string };
    assert.match(inbox.totp_code, /^\d{6}$/);
    await press(t, '\u0003', 'Cancelled');
    assert.equal(await t.exited, 130);
  });

  it('TERM=xterm-mono: no colour', async () => {
    const t = wizard({ env: { TERM: 'xterm-mono' } });
    const raw = await t.waitFor('Esc/Ctrl+C quit', 15_000).then(() => t.raw());
    await press(t, '\u0003', 'Cancelled');
    assert.equal(await t.exited, 130);
    assert.doesNotMatch(
      raw.slice(raw.lastIndexOf('How do you want')),
      /\u001b\[(3[0-8]|9[0-7])[;m]/,
      'no foreground colour',
    );
  });

  it('LANG=C: only ASCII is drawn', async () => {
    const t = wizard({ env: { LANG: 'C', LC_ALL: 'C' } });
    await t.waitFor(/> 1\. Authenticator app[\s\S]*Esc\/Ctrl\+C quit/, 15_000);
    await press(t, '\u0003', 'Cancelled');
    assert.equal(await t.exited, 130);
    assert.ok(/^[\x00-\x7f]*$/.test(t.raw()), 'a byte beyond ASCII was drawn');
  });

  it('--no-color and NO_COLOR draw the same: bold and the selection marks, no colour', async () => {
    const frames: string[] = [];
    for (const o of [{ args: ['--no-color'] }, { env: { NO_COLOR: '1' } }]) {
      const t = wizard(o);
      await t.waitFor('Esc/Ctrl+C quit', 15_000);
      const raw = t.raw();
      await press(t, '\u0003', 'Cancelled');
      assert.equal(await t.exited, 130);
      const list = raw.slice(raw.lastIndexOf('How do you want'));
      assert.doesNotMatch(list, /\u001b\[(3[0-8]|9[0-7])[;m]/, 'no foreground colour');
      assert.match(list, /\u001b\[1m/, 'bold stays');
      frames.push(stripAnsi(list).trim() + [...list.matchAll(/\u001b\[[\d;]*m/g)].map((m) => m[0]).join(''));
    }
    assert.equal(frames[0], frames[1]);
  });
});
