/**
 * The built dist/cli.js in a real pseudo-terminal against the demo API (started here, with a
 * clock the test can move): the four ways of verifying, a wrong code, a locked method, Ctrl+C,
 * leaving unsaved, saving. The codes on screen must be the demo API's new codes.
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { demoControl, fetchInbox } from '../../src/demo/inbox.js';
import { startDemoServer, type DemoServer } from '../../src/demo/server.js';
import { DEMO_TOTP_SECRET, totp } from '../../src/demo/totp.js';
import { press, ROOT, spawnCli, type Term } from '../helpers/term.js';

const CODE_RE = /\b(\d{1,2})\. ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})\b/g;

let server: DemoServer;
/** The demo server's clock is real time plus this offset. */
let offsetMs = 0;
const serverNow = (): number => Date.now() + offsetMs;
const running: Term[] = [];

function wizard(extraEnv: Record<string, string> = {}, cols = 80): Term {
  const t = spawnCli({ args: ['--url', server.url, '--api-key', 'vastai-demo-key'], cols, env: extraEnv });
  running.push(t);
  return t;
}

/** The numbered codes in `text` (the last frame wins), in order. */
function codesOnScreen(text: string): string[] {
  const byNo = new Map<number, string>();
  for (const m of text.matchAll(CODE_RE)) byNo.set(Number(m[1]), m[2]!);
  return [...byNo.keys()].sort((a, b) => a - b).map((k) => byNo.get(k)!);
}

/** A 6-digit code the server will refuse (not the current TOTP code nor a neighbour). */
function wrongTotp(): string {
  const near = [-30_000, 0, 30_000].map((d) => totp(DEMO_TOTP_SECRET, serverNow() + d));
  return ['000000', '111111', '222222'].find((c) => !near.includes(c))!;
}

async function regenPut(body: Record<string, unknown>): Promise<number> {
  const res = await fetch(`${server.url}/api/v0/tfa/regen-backup-codes/`, {
    method: 'PUT',
    headers: { Authorization: 'Bearer vastai-demo-key', 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  await res.text();
  return res.status;
}

/** From the choose screen, pick item `n` by its digit and wait for the code step. */
async function pick(t: Term, n: number, expect: string | RegExp): Promise<void> {
  await t.waitFor('How do you want', 15_000);
  await press(t, String(n), expect);
}

/** Types a code, submits, and answers the confirmation with y; resolves with the codes screen. */
async function submitAndConfirm(t: Term, code: string): Promise<string> {
  await press(t, code, `> ${code}`);
  await press(t, '\r', 'Replace your backup codes?');
  return press(t, 'y', 'q/Enter done');
}

async function expectNewCodes(screen: string): Promise<string[]> {
  const inbox = await fetchInbox(server.url);
  assert.equal(inbox.backupCodes.length, 10);
  assert.deepEqual(codesOnScreen(screen), inbox.backupCodes, "the codes shown are the API's new codes");
  return inbox.backupCodes;
}

describe('wizard in a real terminal', { timeout: 120_000 }, () => {
  before(async () => {
    const b = spawnSync(process.execPath, [join(ROOT, 'scripts', 'ensure-build.mjs')], { stdio: 'inherit' });
    assert.equal(b.status, 0, 'build');
    server = await startDemoServer({ now: serverNow });
  });
  beforeEach(async () => {
    offsetMs = 0;
    await demoControl(server.url).reset();
  });
  after(async () => {
    for (const t of running) t.kill();
    await server?.close();
  });

  it('TOTP: shows the new codes and saves them to a 0600 file with exactly those codes', async () => {
    const t = wizard();
    await pick(t, 1, 'authenticator app shows now');
    const screen = await submitAndConfirm(t, (await fetchInbox(server.url)).totpCode);
    const codes = await expectNewCodes(screen);
    await press(t, 's', 'Save to');
    const saved = await press(t, '\r', /Saved to[\s\S]*readable only by you/);
    const dir = join(t.home, 'Downloads');
    const files = readdirSync(dir);
    assert.equal(files.length, 1);
    assert.match(files[0]!, /^vastai_backup_codes_\d{4}-\d\d-\d\d_\d\d-\d\d-\d\d\.txt$/);
    assert.ok(saved.replace(/\s+/g, '').includes(join(dir, files[0]!)), 'the saved path is shown');
    const file = join(dir, files[0]!);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const content = readFileSync(file, 'utf8');
    assert.deepEqual(
      [...content.matchAll(CODE_RE)].map((m) => m[2]),
      codes,
    );
    const end = await press(t, 'q', /Done: 10 new backup codes saved to/);
    assert.equal(
      codesOnScreen(end.slice(end.lastIndexOf('Done:') - 200)).length,
      0,
      'no codes on the final frame after a save',
    );
    assert.equal(await t.exited, 0);
  });

  it('SMS: sends the code itself, resends with r after the cool-down, copies with OSC 52', async () => {
    const t = wizard({ VRC_RESEND_COOLDOWN_MS: '0' });
    await pick(t, 2, 'was sent to the phone ******4821');
    const first = (await fetchInbox(server.url)).messages.at(-1)!;
    assert.equal(first.channel, 'sms');
    offsetMs = 31_000; // past the server's 30 s resend refusal
    await press(t, 'r', 'A new code was sent');
    const msgs = (await fetchInbox(server.url)).messages.filter((m) => m.channel === 'sms');
    assert.equal(msgs.length, 2, 'a second SMS was sent');
    const second = msgs.at(-1)!;
    const screen = await submitAndConfirm(t, second.code);
    const codes = await expectNewCodes(screen);
    await press(t, 'c', 'Sent to the terminal clipboard');
    const osc = `\u001b]52;c;${Buffer.from(codes.join('\n') + '\n').toString('base64')}\u0007`;
    assert.ok(t.raw().includes(osc), 'OSC 52 with the codes was written');
    // A copy cannot be checked: leaving still asks, and says why.
    await press(t, 'q', /Leave without saving\?[\s\S]*a copy cannot be checked/);
    await press(t, '\u001b[B', '› Leave without saving');
    const end = await press(t, '\r', /the\s+copy\s+to\s+the\s+clipboard\s+cannot\s+be\s+checked/);
    assert.deepEqual(codesOnScreen(end), codes, 'the codes stay on the final frame');
    assert.equal(await t.exited, 0);
  });

  it('email: leaving the codes unsaved asks once more, then keeps them on screen', async () => {
    const t = wizard();
    await pick(t, 3, "was sent to your account's email address");
    const mail = (await fetchInbox(server.url)).messages.at(-1)!;
    assert.equal(mail.channel, 'email');
    const screen = await submitAndConfirm(t, mail.code);
    const codes = await expectNewCodes(screen);
    await press(t, 'q', 'Leave without saving?');
    assert.match(t.sinceMark(), /not saved or copied anywhere/);
    await press(t, '\r', 'q/Enter done'); // the default answer goes back to the codes
    await press(t, 'q', 'Leave without saving?');
    await press(t, '\u001b[B', '› Leave without saving');
    const end = await press(t, '\r', 'were NOT saved');
    assert.deepEqual(codesOnScreen(end), codes, 'unsaved codes stay on the final frame');
    assert.equal(await t.exited, 0);
  });

  it('backup code: typed as given; a second Ctrl+C on unsaved codes: a file, said once, exit 3', async () => {
    const before = (await fetchInbox(server.url)).backupCodes[0]!;
    const t = wizard();
    await pick(t, 4, 'unused backup codes');
    await press(t, before, `> ${before}`);
    await press(t, '\r', 'Replace your backup codes?');
    const screen = await press(t, 'y', 'q/Enter done');
    const codes = await expectNewCodes(screen);
    assert.ok(!codes.includes(before));
    await press(t, '\u0003', 'Leave without saving?');
    await press(t, '\u0003', /saved\s+to\s+\S+\s+\(readable\s+only\s+by\s+you\)/);
    assert.equal(await t.exited, 3, 'replaced, but not stored where the user chose: exit 3, never 130');
    // One account: where they went, never "not saved" beside "Saved to".
    // stderr is word-wrapped to the terminal: a break may fall between any two words.
    const all = t.sinceMark();
    assert.doesNotMatch(all, /not\s+saved|NOT\s+saved/);
    const file =
      /left\s+before\s+the\s+new\s+backup\s+codes\s+were\s+stored,\s+so\s+they\s+were\s+saved\s+to\s+(\S+)\s/.exec(all);
    assert.ok(file, all);
    assert.deepEqual(codesOnScreen(readFileSync(file[1]!, 'utf8')), codes);
  });

  it('a wrong code: back to the code step, attempts left; the right one needs no second confirm; 40 cols', async () => {
    const t = wizard();
    await pick(t, 1, 'authenticator app shows now');
    const bad = wrongTotp();
    await press(t, bad, `> ${bad}`);
    await press(t, '\r', 'Replace your backup codes?');
    const back = await press(t, 'y', /not accepted[\s\S]*Enter replace the codes/);
    assert.match(back, /4 attempts left/);
    assert.match(back, /You already agreed: Enter replaces your backup codes/);
    assert.match(back, />\s+\n/, 'the code was cleared');
    // The right code and Enter in one read: straight to the new codes, no second question.
    t.mark();
    t.write(`${(await fetchInbox(server.url)).totpCode}\r`);
    const screen = await t.waitFor('q/Enter done');
    assert.doesNotMatch(screen, /Replace your backup codes\?/);
    const codes = await expectNewCodes(screen);
    // Narrowed to 40 columns, the codes go to one column and every line still fits.
    t.mark();
    t.resize(40, 30);
    const narrow = await t.waitFor(/ 1\. \S+\n\s+2\. [\s\S]*Ctrl\+C\s+quit/);
    const frame = narrow.slice(narrow.lastIndexOf('Your new backup codes'));
    assert.deepEqual(codesOnScreen(frame), codes);
    for (const line of frame.split('\n')) assert.ok(line.length <= 40, `fits 40 columns: ${JSON.stringify(line)}`);
    await press(t, '\u0003', 'Leave without saving?');
    await press(t, '\u0003', /saved\s+to/);
    assert.equal(await t.exited, 3);
  });

  it('a locked method shows when it unlocks and cannot be chosen', async () => {
    const bad = wrongTotp();
    for (let i = 0; i < 5; i++)
      assert.notEqual(await regenPut({ tfa_method: 'totp', tfa_method_id: 101, code: bad }), 200);
    const t = wizard();
    // Wait for the whole frame (output can arrive in pieces): up to its key-hint line.
    const frame = await t.waitFor(/locked until \d\d:\d\d[\s\S]*Ctrl\+C quit/, 15_000);
    assert.match(frame, /› 2\. SMS/, 'the cursor starts on the first method that can be chosen');
    t.mark();
    t.write('1'); // refused: the list stays
    t.write('\u001b[B');
    await t.waitFor(/› 3\. Email/);
    assert.doesNotMatch(t.sinceMark(), /Enter the code/);
    await press(t, '\u0003', 'Cancelled');
    assert.equal(await t.exited, 130);
  });

  it('Ctrl+C on the confirmation exits 130 and leaves the account unchanged', async () => {
    const before = (await fetchInbox(server.url)).backupCodes;
    const t = wizard();
    await pick(t, 1, 'authenticator app shows now');
    const code = (await fetchInbox(server.url)).totpCode;
    await press(t, code, `> ${code}`);
    await press(t, '\r', 'All 3 existing backup codes stop working at once');
    await press(t, '\u0003', 'Nothing was changed');
    assert.equal(await t.exited, 130);
    assert.deepEqual((await fetchInbox(server.url)).backupCodes, before);
  });

  it('--explain: the trace waits until the wizard is gone, then lists the calls without secrets', async () => {
    const t = spawnCli({ args: ['--url', server.url, '--api-key', 'vastai-demo-key', '--explain'], cols: 80 });
    running.push(t);
    await pick(t, 1, 'authenticator app shows now');
    const code = (await fetchInbox(server.url)).totpCode;
    const screen = await submitAndConfirm(t, code);
    assert.ok(!screen.includes('→ GET'), 'no trace line inside the frames');
    const codes = await expectNewCodes(screen);
    await press(t, 's', 'Save to');
    await press(t, '\r', /Saved to[\s\S]*readable only by you/);
    await press(t, 'q', /API calls \(--explain\)[\s\S]*← 200/);
    assert.equal(await t.exited, 0);
    // Read once the program has exited: a loaded machine may deliver the trace in several reads.
    const end = t.sinceMark();
    const trace = end.slice(end.indexOf('API calls (--explain)'));
    assert.match(trace, /→ GET http:\/\/127\.0\.0\.1:\d+\/api\/v0\/tfa\/status\//);
    assert.match(trace, /→ PUT http:\/\/127\.0\.0\.1:\d+\/api\/v0\/tfa\/regen-backup-codes\//);
    for (const secret of ['vastai-demo-key', code, ...codes])
      assert.ok(!trace.includes(secret), `trace leaks ${secret}`);
    assert.match(trace, /Bearer \[the key from --api-key\]/, 'the key is named by where it came from');
    // Nor any part of the key, anywhere in the output (screen and trace).
    assert.ok(!t.raw().includes('vastai-demo'), 'the output leaks the start of the key');
  });
});
