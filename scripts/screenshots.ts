/**
 * `npm run screenshots`: the README's pictures, from real runs. Starts the demo API in-process,
 * runs the BUILT dist/cli.js in a pseudo-terminal (72 columns), walks it through every screen,
 * and renders each screen from a terminal emulator (@xterm/headless) to assets/NN-name.svg.
 * Re-runnable: texts that change in the wizard simply show up in the next pictures.
 */
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoControl, fetchInbox } from '../src/demo/inbox.js';
import { startDemoServer, type DemoServer } from '../src/demo/server.js';
import { DEMO_TOTP_SECRET, totp } from '../src/demo/totp.js';
import { Session } from './shots/session.js';
import { screenToSvg } from './shots/svg.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'dist', 'cli.js');
const ASSETS = join(ROOT, 'assets');
const COLS = 72;
const ROWS = 26;

/** The environment of a user with nothing configured: a fresh HOME, no CI (Ink draws live frames). */
function cleanEnv(home: string, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  for (const k of ['CI', 'VAST_API_KEY', 'VAST_URL', 'NO_COLOR', 'FORCE_COLOR', 'VRC_RESEND_COOLDOWN_MS'])
    delete env[k];
  return { ...env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), TERM: 'xterm-256color', ...extra };
}

/** A 6-digit code the demo API refuses: not the current TOTP code nor its neighbours. */
function wrongTotp(): string {
  const near = new Set([-60, -30, 0, 30, 60].map((s) => totp(DEMO_TOTP_SECRET, Date.now() + s * 1000)));
  for (const c of ['428913', '715260', '390417']) if (!near.has(c)) return c;
  throw new Error('unreachable: three candidates cannot all be near the current code');
}

/** Waits for the program to end and checks its exit status (the pictures show real outcomes). */
async function expectExit(s: Session, code: number, what: string): Promise<void> {
  const got = await s.close();
  if (got !== code) throw new Error(`${what}: exit ${got}, expected ${code}; screen:\n${s.screen()}`);
}

function save(s: Session, name: string, title?: string): void {
  const file = join(ASSETS, `${name}.svg`);
  writeFileSync(file, screenToSvg(s.term, { title }));
  console.log(`  ${name}.svg`);
}

async function main(): Promise<void> {
  mkdirSync(ASSETS, { recursive: true });
  const home = mkdtempSync(join(tmpdir(), 'vrc-shots-'));
  let server: DemoServer | null = null;
  const sessions: Session[] = [];
  const wizard = (args: string[], rows = ROWS, extra: Record<string, string> = {}, cols = COLS): Session => {
    const s = new Session({
      file: process.execPath,
      args: [CLI, ...args],
      env: cleanEnv(home, extra),
      cwd: home,
      cols,
      rows,
    });
    sessions.push(s);
    return s;
  };
  try {
    server = await startDemoServer();
    const url = server.url;
    const demo = demoControl(url);
    const api = ['--url', url, '--api-key', server.apiKey];
    console.log(`demo API at ${url}; writing ${ASSETS}`);

    // A command typed at a shell prompt: `vastai-regen-codes` on PATH, the key and URL set up.
    const bin = join(home, 'bin');
    mkdirSync(bin);
    const shim = join(bin, 'vastai-regen-codes');
    writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
    chmodSync(shim, 0o755);
    const shell = (cmd: string, cols: number, rows: number): Session => {
      const s = new Session({
        file: '/bin/sh',
        args: ['-c', cmd],
        cwd: home,
        cols,
        rows,
        env: cleanEnv(home, { PATH: `${bin}:${process.env.PATH ?? ''}`, VAST_URL: url, VAST_API_KEY: server!.apiKey }),
        preface: `\x1b[32m$\x1b[0m ${cmd}\r\n`,
      });
      sessions.push(s);
      return s;
    };

    // 00: a piped run, the way a script uses it. 80 columns: the codes file layout it prints is
    // written for a file, not for a 72-column picture.
    {
      const s = shell(`echo y | vastai-regen-codes -t totp -c ${totp(DEMO_TOTP_SECRET)}`, 80, 32);
      await expectExit(s, 0, 'the piped run');
      save(s, '00-headless', 'sh — a piped run');
    }

    // 01–07: the whole way with the authenticator app, a wrong code first, saving at the end.
    {
      await demo.reset();
      const s = wizard(api);
      await s.waitFor("verify it's you");
      save(s, '01-choose');
      await s.press('1', 'authenticator app shows now');
      const wrong = wrongTotp();
      await s.press(wrong, `> ${wrong}`);
      save(s, '02-enter-code');
      await s.press('\r', 'Replace your backup codes?');
      save(s, '04-confirm');
      await s.press('y', 'not accepted');
      save(s, '03-wrong-code');
      // The next code is sent without a second confirmation (the user already agreed).
      const good = totp(DEMO_TOTP_SECRET);
      await s.press(good, `> ${good}`);
      await s.press('\r', 'Your new backup codes');
      const inbox = await fetchInbox(url);
      if (!s.screen().includes(inbox.backupCodes[0]!))
        throw new Error("the codes on screen are not the API's new codes");
      save(s, '05-codes');
      await s.press('q', 'Leave without saving?');
      save(s, '06-leave-unsaved');
      await s.press('\x1b', 'Your new backup codes');
      await s.press('s', 'Save to');
      await s.press('\r', 'Saved to');
      const saved = readdirSync(join(home, 'Downloads'));
      const mode = saved.length === 1 ? statSync(join(home, 'Downloads', saved[0]!)).mode & 0o777 : -1;
      if (mode !== 0o600)
        throw new Error(
          `expected one codes file of mode 0600 in ~/Downloads, found ${saved.join(', ')} (${mode.toString(8)})`,
        );
      save(s, '07-saved');
      s.write('q');
      await expectExit(s, 0, 'leaving after saving');
    }

    // 08: the authenticator app locked by five wrong codes (sent straight to the API).
    {
      await demo.reset();
      for (let i = 0; i < 5; i++) {
        const res = await fetch(`${url}/api/v0/tfa/regen-backup-codes/`, {
          method: 'PUT',
          headers: { Authorization: `Bearer ${server.apiKey}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ tfa_method: 'totp', code: wrongTotp() }),
        });
        await res.text();
      }
      const s = wizard(api);
      await s.waitFor('locked until');
      save(s, '08-locked');
      s.write('\x03');
      await expectExit(s, 130, 'Ctrl+C on the choose screen');
    }

    // 09: an account without 2FA.
    {
      await demo.account({ tfa_enabled: false, methods: [], backup_codes: [] });
      const s = wizard(api);
      await s.waitFor('not enabled');
      await expectExit(s, 1, 'an account without 2FA');
      save(s, '09-no-2fa');
    }

    // 10: --demo, with the inbox panel, after the wizard sent an SMS code itself.
    {
      const s = wizard(['--demo']);
      await s.waitFor('Demo inbox');
      await s.press('2', /Last SMS code: \d{6}/);
      save(s, '10-demo', 'vastai-regen-codes --demo');
      s.write('\x03');
      await expectExit(s, 130, 'Ctrl+C on the code screen');
    }

    // 11: the connection drops after the server replaced the codes: told plainly, status re-checked.
    {
      await demo.reset();
      await demo.faults({ drop_after_apply: ['regen'] });
      const s = wizard(api);
      await s.waitFor("verify it's you");
      await s.press('1', 'authenticator app shows now');
      const good = totp(DEMO_TOTP_SECRET);
      await s.press(good, `> ${good}`);
      await s.press('\r', 'Replace your backup codes?');
      s.write('y');
      await expectExit(s, 1, 'a dropped regenerate');
      save(s, '11-outcome-unknown');
    }

    // 12: a 30x10 terminal: the list windowed, the question and the key hints still there.
    {
      await demo.reset();
      const s = wizard(api, 10, {}, 30);
      await s.waitFor(/more[\s\S]*quit/);
      save(s, '12-small', '30×10');
      s.write('\x03');
      await expectExit(s, 130, 'Ctrl+C at 30x10');
    }

    // 13: no API key anywhere: the wizard asks for one (hidden), checks it, offers to save it.
    {
      await demo.reset();
      const s = wizard(['--url', url]);
      await s.waitFor('API key (hidden');
      await s.press(`${server.apiKey}\r`, /Save it to[\s\S]*\[y\/N\]/);
      save(s, '13-key-prompt', 'no API key set up yet');
      await s.press('n\r', "verify it's you");
      s.write('\x03');
      await expectExit(s, 130, 'Ctrl+C after the key prompt');
    }

    // 14: stdout redirected to a file: the wizard draws on the terminal, the file keeps the codes.
    {
      await demo.reset();
      const s = shell('vastai-regen-codes > codes.txt', COLS, ROWS);
      await s.waitFor("verify it's you");
      await s.press('1', 'authenticator app shows now');
      const good = totp(DEMO_TOTP_SECRET);
      await s.press(good, `> ${good}`);
      await s.press('\r', 'Replace your backup codes?');
      await s.press('y', /Saved to[\s\S]*codes\.txt[\s\S]*\(standard output\)/);
      save(s, '14-redirected', 'stdout redirected to a file');
      s.write('q');
      await expectExit(s, 0, 'leaving with the codes in the file stdout went to');
    }

    // 15: TERM=dumb (no cursor control): the plain wizard, one question a line, no escape sequence.
    {
      await demo.reset();
      const s = wizard(api, ROWS, { TERM: 'dumb' });
      await s.waitFor('Choose a number (q quits):');
      await s.press('1\r', 'Code (b goes back):');
      await s.press(`${totp(DEMO_TOTP_SECRET)}\r`, 'Type y to regenerate');
      await s.press('y\r', /Keep them safe now[\s\S]*Choose a number:/);
      save(s, '15-dumb', 'TERM=dumb');
      await s.press('1\r', 'File name');
      await s.press('\r', 'Saved to');
      await s.press('2\r', 'Done:');
      await expectExit(s, 0, 'the plain wizard, saved');
    }

    // 16: a terminal too small for the choose screen (20x6).
    {
      await demo.reset();
      const s = wizard(api, 6, {}, 20);
      await s.waitFor(/at\s+least\s+\d+×\d+/);
      save(s, '16-too-small', '20×6');
      s.write('\x03');
      await expectExit(s, 130, 'Ctrl+C at 20x6');
    }
  } finally {
    for (const s of sessions) {
      await s.close(2000).catch(() => undefined);
      s.dispose();
    }
    if (server) await server.close();
    rmSync(home, { recursive: true, force: true });
  }
}

main().then(
  () => console.log('done'),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  },
);
