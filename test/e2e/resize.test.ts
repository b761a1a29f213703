/**
 * Resizes, in a real pseudo-terminal fed into a terminal emulator that rewraps lines as xterm
 * does: a narrower or wider terminal leaves one frame (one title, no stale rows) on screen and in
 * the scrollback, and no code, nor part of one, is left in the terminal's buffer after saving and
 * leaving, whatever resizes happened (the screens are drawn on the alternate screen). No sleeps:
 * each resize waits for the frame drawn for it.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fetchInbox } from '../../src/demo/inbox.js';
import type { DemoServer } from '../../src/demo/server.js';
import { Session } from '../../scripts/shots/session.js';
import { demoSuite } from '../helpers/pipe-run.js';
import { goodTotp, wrongTotp } from '../helpers/demo-api.js';
import { CLI, ROOT } from '../helpers/term.js';

/** The environment of a Session: CI removed (with it Ink draws only at exit), a temporary HOME. */
function sessionEnv(home: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'CI' && k !== 'NO_COLOR') env[k] = v;
  return { ...env, HOME: home, TERM: 'xterm-256color' };
}

/** Every row of the terminal's own screen buffer, scrollback included (not the alternate screen). */
function normalBuffer(s: Session): string {
  const b = s.term.buffer.normal;
  const rows: string[] = [];
  for (let y = 0; y < b.length; y++) rows.push(b.getLine(y)?.translateToString(true, 0, s.term.cols) ?? '');
  return rows.join('\n');
}

const count = (text: string, what: string): number => text.split(what).length - 1;

/**
 * The frame on screen was drawn for the terminal's width: no row is one the terminal folded (a
 * narrower terminal folds the old frame's rows before the wizard redraws).
 */
function noFoldedRow(s: Session): string | null {
  const b = s.term.buffer.active;
  for (let y = 0; y < s.term.rows; y++)
    if (b.getLine(b.viewportY + y)?.isWrapped) return `row ${y} is folded by the terminal:\n${s.screen()}`;
  return null;
}

/** Resizes, then waits until `ok` holds (the frame for the new size is drawn); fails with the screen. */
async function resizeTo(s: Session, cols: number, rows: number, ok: () => string | null): Promise<void> {
  s.resize(cols, rows);
  const end = Date.now() + 10_000;
  await s.settle();
  while (ok() !== null && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 20));
    await s.settle();
  }
  assert.equal(ok(), null, `at ${cols}x${rows}`);
}

/** The screen as one line of text (rows joined with spaces): a message the terminal's width folded reads whole. */
const flat = (s: Session): string => s.screen().replace(/\s+/g, ' ');

describe('resizing the wizard', { timeout: 120_000 }, () => {
  let server: DemoServer;
  let home: string;
  demoSuite('vrc-resize-', (s) => {
    server = s.server;
    home = s.home;
  });

  function session(args: string[], cols: number, rows: number): Session {
    return new Session({
      file: process.execPath,
      args: [CLI, ...args],
      env: sessionEnv(home),
      cwd: ROOT,
      cols,
      rows,
    });
  }

  it('resized on the list and the codes, then saved and left: one title each time, no code left', async () => {
    const s = session(['--url', server.url, '--api-key', 'vastai-demo-key'], 80, 24);
    try {
      await s.waitFor('Esc/Ctrl+C quit');
      /** Why the screen is not one clean list frame, or the terminal's own screen holds a frame. */
      const oneList = (): string | null => {
        const screen = s.screen();
        if (count(screen, 'Regenerate Vast.ai') !== 1) return `not one title:\n${screen}`;
        if (!/verify it's\s+you\?[\s\S]*1\. Authenticator[\s\S]*quit/.test(screen)) return `no list:\n${screen}`;
        // Drawn for this width: the hints on one row when they fit in it.
        if (s.term.cols >= 60 && !screen.includes('Enter choose · Esc/Ctrl+C quit')) return `an old frame:\n${screen}`;
        const own = normalBuffer(s);
        if (own.includes('Regenerate')) return `a frame on the terminal's own screen or scrollback:\n${own}`;
        return noFoldedRow(s);
      };
      for (const cols of [60, 50, 40, 80, 30, 80]) await resizeTo(s, cols, 24, oneList);

      await s.press('1', /authenticator[\s\S]*Enter submit/);
      await s.press(`${goodTotp()}\r`, 'Replace your backup');
      await s.press('y', /Your new backup codes[\s\S]*\bq\b/);
      const codes = (await fetchInbox(server.url)).backupCodes;
      const groups = codes.flatMap((c) => c.split('-'));
      /** A code, or a group of one, in the terminal's own screen or its scrollback. */
      const leak = (): string | null => {
        const all = normalBuffer(s);
        for (const g of groups) if (new RegExp(`(?<![A-Z0-9])${g}(?![A-Z0-9])`).test(all)) return `${g} in:\n${all}`;
        return /\d\. [A-Z0-9]{4}-/.test(all) ? `a numbered code row in:\n${all}` : null;
      };
      assert.equal(leak(), null, 'the codes are drawn on the alternate screen only');
      /** Why the codes screen is not one clean frame. */
      const oneCodes = (): string | null => {
        const screen = s.screen();
        if (count(screen, 'Your new backup codes') !== 1) return `not one heading:\n${screen}`;
        for (const c of codes) if (count(screen, c) > 1) return `${c} twice:\n${screen}`;
        // Drawn for this width: two columns of codes from 60 columns, one below 42.
        if (s.term.cols >= 60 !== / 1\. \S+ +6\. /.test(screen)) return `an old frame:\n${screen}`;
        return leak() ?? noFoldedRow(s);
      };
      for (const [cols, rows] of [
        [60, 24],
        [40, 24],
        [35, 15],
        [80, 24],
        [40, 12],
      ] as const)
        await resizeTo(s, cols, rows, oneCodes);

      await s.press('s', 'Save to');
      await s.press('\r', 'Saved to');
      await resizeTo(s, 80, 30, () => oneCodes() ?? (s.screen().includes('Saved to') ? null : 'no "Saved to"'));
      s.write('q');
      assert.equal(await s.close(), 0);
      const all = normalBuffer(s);
      assert.match(all.replace(/\s+/g, ' '), /Done: 10 new backup codes saved to/);
      assert.equal(leak(), null);
      assert.equal(count(all, 'Your new backup codes'), 0, all);
    } finally {
      await s.close(1000);
      s.dispose();
    }
  });
  it('20x6: one line says the size needed; 80x24 shows the list; Ctrl+C there leaves (130)', async () => {
    const s = session(['--url', server.url, '--api-key', 'vastai-demo-key'], 20, 6);
    try {
      await s.waitFor(/Make\s+the\s+terminal\s+at\s+least\s+30×10;\s+Ctrl\+C\s+leaves\./);
      assert.doesNotMatch(s.screen(), /verify|Authenticator/, 'no cut screen beside the message');
      await resizeTo(s, 80, 24, () =>
        /verify it's you\?[\s\S]*4\. Use a backup code[\s\S]*Esc\/Ctrl\+C quit/.test(s.screen()) ? null : s.screen(),
      );
      // 60 columns, 6 rows: wide enough, too short (at 60 columns the list needs 7); the message names both sizes.
      await resizeTo(s, 60, 6, () =>
        s.screen().includes('Make the terminal at least 60×7 (now 60×6); Ctrl+C leaves.') ? null : s.screen(),
      );
      // Keys of the screen do nothing while it is not shown.
      s.write('1');
      await s.settle();
      assert.match(flat(s), /at least 60×7/);
      s.write('\u0003');
      assert.equal(await s.close(), 130);
      assert.match(flat(s), /Cancelled\. Nothing was changed/);
    } finally {
      await s.close(1000);
      s.dispose();
    }
  });

  it('codes screen too small: said; Ctrl+C twice: codes in a file (exit 3), none on the terminal', async () => {
    const s = session(['--url', server.url, '--api-key', 'vastai-demo-key'], 80, 24);
    try {
      await s.waitFor('Esc/Ctrl+C quit');
      await s.press('1', /authenticator[\s\S]*Enter submit/);
      await s.press(`${goodTotp()}\r`, 'Replace your backup');
      await s.press('y', /Your new backup codes[\s\S]*\bq\b/);
      const codes = (await fetchInbox(server.url)).backupCodes;
      await resizeTo(s, 26, 7, () =>
        /at least 30×\d+; Ctrl\+C twice leaves, the codes saved to a file\./.test(flat(s)) ? null : s.screen(),
      );
      for (const c of codes) assert.ok(!s.screen().includes(c.slice(0, 4)), 'no code, nor part of one, on the message');
      await s.press('\u0003', /least\s+30×\d+;\s+Ctrl\+C\s+leaves,\s+the\s+codes\s+saved\s+to\s+a\s+file\./);
      s.write('\u0003');
      assert.equal(await s.close(), 3);
      const all = normalBuffer(s).replace(/\s+/g, ' ');
      assert.match(all.replace(/\s/g, ''), /sotheyweresavedto\/\S+vastai_backup_codes_/);
      const dir = join(home, 'Downloads');
      const file = readdirSync(dir)
        .map((f) => join(dir, f))
        .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0]!;
      assert.equal(statSync(file).mode & 0o777, 0o600);
      for (const c of codes) {
        assert.ok(readFileSync(file, 'utf8').includes(c), `${c} in ${file}`);
        for (const g of c.split('-')) assert.ok(!new RegExp(`(?<![A-Z0-9])${g}(?![A-Z0-9])`).test(all), `${g} left`);
      }
    } finally {
      await s.close(1000);
      s.dispose();
    }
  });

  it('a wrong code at 30x10: the code screen stays, with what happened, the attempts left and the input', async () => {
    const s = session(['--url', server.url, '--api-key', 'vastai-demo-key'], 30, 10);
    try {
      await s.waitFor(/Esc\/Ctrl\+C\s+quit/);
      await s.press('1', /authenticator[\s\S]*Enter submit/);
      await s.press(`${wrongTotp()}\r`, 'Replace your backup');
      await s.press('y', 'That code was not accepted.');
      const screen = s.screen();
      assert.match(screen, /^Enter the code\n[\s\S]*\n>[^\n]*\n[\s\S]*4 attempts left\.[\s\S]*Ctrl\+C quit/, screen);
      assert.doesNotMatch(flat(s), /at least \d+×\d+/, 'no size message');
      s.write('\u0003');
      assert.equal(await s.close(), 130);
    } finally {
      await s.close(1000);
      s.dispose();
    }
  });

  it('--demo on a short terminal: the inbox is one line under the list, with the code the list asks for', async () => {
    const s = session(['--demo'], 40, 12);
    try {
      await s.waitFor(/Demo inbox: app \d{6}/);
      assert.match(s.screen(), /verify it's you\?[\s\S]*Esc\/Ctrl\+C quit\nDemo inbox: app \d{6}/);
      // A typed code from the line is accepted.
      const code = /Demo inbox: app (\d{6})/.exec(s.screen())![1]!;
      await s.press('1', /Demo inbox: app \d{6}/);
      await s.press(`${code}\r`, 'Replace your backup');
      s.write('\u0003');
      assert.equal(await s.close(), 130);
    } finally {
      await s.close(1000);
      s.dispose();
    }
  });
});
