import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanup, render } from 'ink-testing-library';
import { ApiError } from '../../src/api/errors.js';
import type { RegenResult, TfaApi, TfaStatus, Verification } from '../../src/api/types.js';
import { noticeStore } from '../../src/flow/notices.js';
import type { Preset } from '../../src/flow/preset.js';
import { App, osc52, type WizardExit } from '../../src/ui/App.js';
import { sendAndWait, waitForText, waitUntil } from '../helpers/ink.js';
import { CODES, status } from './fixtures.js';

afterEach(() => cleanup());

/** A fake client that records calls; each method's answer can be replaced. */
function fakeApi(over: Partial<TfaApi> = {}) {
  const calls: string[] = [];
  const regenBodies: Verification[] = [];
  const api: TfaApi = {
    status: async () => status,
    sendSms: async () => { calls.push('sendSms'); return { secret: 'sec', message: '2FA Sent' }; },
    resendSms: async (secret) => { calls.push(`resendSms:${secret}`); return { secret: 'sec2', message: 'resent' }; },
    sendEmail: async () => { calls.push('sendEmail'); return { secret: 'esec', message: 'mailed' }; },
    regenerate: async (v): Promise<RegenResult> => { regenBodies.push(v); return { msg: 'success', backupCodes: CODES, body: {} }; },
    ...over,
  };
  return { api, calls, regenBodies };
}

function app(o: { api: TfaApi; preset?: Partial<Preset>; st?: TfaStatus | Promise<TfaStatus>; home?: string; notices?: string[];
  demo?: boolean }) {
  const exits: WizardExit[] = [];
  let polls = 0;
  const r = render(<App api={o.api} statusPromise={Promise.resolve(o.st ?? status)} preset={{ yes: false, ...o.preset }}
    demo={o.demo ? { fetchInbox: async () => { polls++; return { totpCode: '424242', messages: [], backupCodes: [] }; } } : null}
    home={o.home ?? '/nonexistent'} notices={o.notices && noticeStore(o.notices)} onExit={(e) => exits.push(e)} />);
  return { ...r, exits, polls: () => polls };
}

describe('App', () => {
  it('TOTP through to the codes: sends the method kind (the only authenticator)', async () => {
    const f = fakeApi();
    const a = app({ api: f.api });
    await waitForText(a.lastFrame, 'How do you want');
    await sendAndWait(a.stdin, a.lastFrame, '1', 'authenticator app shows now');
    await sendAndWait(a.stdin, a.lastFrame, '123456', '> 123456');
    await sendAndWait(a.stdin, a.lastFrame, '\r', 'All 3 existing backup codes stop working');
    await sendAndWait(a.stdin, a.lastFrame, 'y', 'K009-BBBB-CCCC');
    assert.deepEqual(f.regenBodies, [{ kind: 'code', methodType: 'totp', code: '123456' }]);
  });
  it('tfa_challenge_exists on send: back to the list with the reason, no resend without a secret', async () => {
    const f = fakeApi({
      sendSms: async () => { throw new ApiError({ code: 'tfa_challenge_exists', status: 400 }); },
    });
    const a = app({ api: f.api, preset: { methodId: '102' } });
    await waitForText(a.lastFrame, 'A code was sent to this phone a moment ago.');
    assert.deepEqual(f.calls, []);
  });
  it('legacy account: SMS to the phone on file is sent without an id', async () => {
    const f = fakeApi();
    const a = app({ api: f.api, st: { ...status, methods: [] } });
    await waitForText(a.lastFrame, 'older 2FA setup');
    await sendAndWait(a.stdin, a.lastFrame, '1', 'was sent to the phone number on file');
    assert.deepEqual(f.calls, ['sendSms']);
  });
  it('email: sends methodType email with the secret', async () => {
    const f = fakeApi();
    const a = app({ api: f.api, preset: { methodType: 'email', code: '111111', yes: true } });
    await waitForText(a.lastFrame, "sent to your account's email address");
    await sendAndWait(a.stdin, a.lastFrame, '222222', '> 222222');
    await sendAndWait(a.stdin, a.lastFrame, '\r', 'K009-BBBB-CCCC');
    assert.deepEqual(f.regenBodies, [{ kind: 'code', methodType: 'email', code: '222222', secret: 'esec' }]);
    assert.deepEqual(f.calls, ['sendEmail']);
  });
  it('a send failure returns to the list with the reason', async () => {
    const f = fakeApi({ sendSms: async () => { throw new ApiError({ code: 'sms_rate_limited', status: 429 }); } });
    const a = app({ api: f.api });
    await waitForText(a.lastFrame, 'How do you want');
    await sendAndWait(a.stdin, a.lastFrame, '2', 'Too many text messages were sent');
  });
  it('Ctrl+C on the list exits 130 without a request', async () => {
    const f = fakeApi();
    const a = app({ api: f.api });
    await waitForText(a.lastFrame, 'How do you want');
    await sendAndWait(a.stdin, a.lastFrame, '\u0003', 'Nothing was changed');
    assert.deepEqual(a.exits, [{ code: 130, dump: null }]);
    assert.deepEqual(f.calls, []);
  });
  it('2FA off: explains and exits 1', async () => {
    const a = app({ api: fakeApi().api, st: { ...status, tfaEnabled: false, methods: [] } });
    await waitForText(a.lastFrame, 'not enabled');
    await waitUntil(() => a.exits.length === 1);
    assert.equal(a.exits[0]!.code, 1);
  });
  it('a failed status request fails with its title, exit 1; start-up notices are shown', async () => {
    const err = new ApiError({ code: 'unauthorized', status: 401 });
    const a = app({ api: fakeApi().api, st: Promise.reject(err), notices: ['Talking to http:// without encryption.'] });
    await waitForText(a.lastFrame, 'The API key was refused (HTTP 401).');
    assert.match(a.lastFrame()!, /Talking to http:\/\/ without encryption/);
    await waitUntil(() => a.exits.length === 1);
    assert.equal(a.exits[0]!.code, 1);
  });
  it('a notice pushed after the first frame (the session-key fallback) is drawn on the next one', async () => {
    const notices = noticeStore();
    const a = render(<App api={fakeApi().api} statusPromise={Promise.resolve(status)} preset={{ yes: false }} demo={null}
      home="/nonexistent" notices={notices} onExit={() => undefined} />);
    await waitForText(a.lastFrame, 'How do you want');
    assert.doesNotMatch(a.lastFrame()!, /vastai tfa login/);
    notices.push('Your session key has expired; using vast_api_key instead. Run vastai tfa login.');
    await waitForText(a.lastFrame, 'Run vastai tfa login.');
    assert.match(a.lastFrame()!, /How do you want/);
  });
  it('an unknown outcome: honest failure screen, exit 1', async () => {
    const err = new ApiError({ code: 'outcome_unknown', status: null, outcomeUnknown: true });
    err.backupCodesRemaining = 10;
    const a = app({ api: fakeApi({ regenerate: async () => { throw err; } }).api, preset: { methodType: 'totp', code: '123456', yes: true } });
    await waitForText(a.lastFrame, 'result of the regeneration is unknown');
    assert.match(a.lastFrame()!, /now reports 10 unused backup codes/);
    await waitUntil(() => a.exits.length === 1);
    assert.equal(a.exits[0]!.code, 1);
  });
  it('a thrown non-API error while regenerating is treated as an unknown outcome', async () => {
    const a = app({ api: fakeApi({ regenerate: async () => { throw new TypeError('socket hang up'); } }).api,
      preset: { methodType: 'totp', code: '123456', yes: true } });
    await waitForText(a.lastFrame, 'result of the regeneration is unknown');
  });
  it('Ctrl+C while regenerating is held, and the codes still arrive', async () => {
    let answer!: (r: RegenResult) => void;
    const a = app({ api: fakeApi({ regenerate: () => new Promise((r) => { answer = r; }) }).api,
      preset: { methodType: 'totp', code: '123456', yes: true } });
    await waitForText(a.lastFrame, 'Replacing your backup codes');
    await sendAndWait(a.stdin, a.lastFrame, '\u0003', 'cannot be called back');
    answer({ msg: 'success', backupCodes: CODES, body: {} });
    await waitForText(a.lastFrame, 'K009-BBBB-CCCC');
    assert.deepEqual(a.exits, []);
  });
  it('s then Enter saves to the default path in ~/Downloads (0600); q ends without the codes on screen', async (t) => {
    const home = mkdtempSync(join(tmpdir(), 'vrc-app-'));
    t.after(() => rmSync(home, { recursive: true, force: true }));
    const a = app({ api: fakeApi().api, home, preset: { methodType: 'totp', code: '123456', yes: true } });
    await waitForText(a.lastFrame, 'K009-BBBB-CCCC');
    await sendAndWait(a.stdin, a.lastFrame, 's', '> ~/Downloads/vastai_backup_codes_');
    await sendAndWait(a.stdin, a.lastFrame, '\r', 'Saved to');
    const [name] = readdirSync(join(home, 'Downloads'));
    const file = join(home, 'Downloads', name!);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    for (const c of CODES) assert.ok(readFileSync(file, 'utf8').includes(c));
    const end = await sendAndWait(a.stdin, a.lastFrame, 'q', 'Done: 10 new backup codes saved to');
    assert.doesNotMatch(end, /K00\d-BBBB-CCCC/);
    assert.deepEqual(a.exits, [{ code: 0, dump: null }]);
  });
  it('--save saves at once; a second save to the same file is refused, never overwriting', async (t) => {
    const home = mkdtempSync(join(tmpdir(), 'vrc-app-'));
    t.after(() => rmSync(home, { recursive: true, force: true }));
    const path = join(home, 'codes.txt');
    const a = app({ api: fakeApi().api, home, preset: { methodType: 'totp', code: '123456', yes: true, savePath: path } });
    await waitForText(a.lastFrame, `Saved to ${path}`);
    await sendAndWait(a.stdin, a.lastFrame, 's', 'Save to');
    await sendAndWait(a.stdin, a.lastFrame, '\u0015', (f) => !f.includes('vastai_backup_codes_'));
    await sendAndWait(a.stdin, a.lastFrame, path, `> ${path}`);
    await sendAndWait(a.stdin, a.lastFrame, '\r', 'already exists');
  });
  it('c sends the codes through OSC 52 and says so', async () => {
    const a = app({ api: fakeApi().api, preset: { methodType: 'totp', code: '123456', yes: true } });
    await waitForText(a.lastFrame, 'K009-BBBB-CCCC');
    await sendAndWait(a.stdin, a.lastFrame, 'c', 'Sent to the terminal clipboard');
    assert.ok(a.frames.some((f) => f.includes(osc52(CODES.join('\n') + '\n'))));
    assert.match(osc52('x'), /^\u001b\]52;c;eA==\u0007$/);
  });
  it('Ctrl+C on unsaved codes asks; a second one ends and hands the codes over for stderr', async () => {
    const a = app({ api: fakeApi().api, preset: { methodType: 'totp', code: '123456', yes: true } });
    await waitForText(a.lastFrame, 'K009-BBBB-CCCC');
    await sendAndWait(a.stdin, a.lastFrame, '\u0003', 'Leave without saving?');
    await sendAndWait(a.stdin, a.lastFrame, '\u0003', 'printed below');
    assert.deepEqual(a.exits.map((e) => [e.code, e.dump]), [[0, CODES]]);
  });
  it('a lock that ends while the list is on screen is cleared then, without a key press', async () => {
    const until = Date.now() / 1000 + 0.3;
    const locked = { ...status, methods: [{ ...status.methods[0]!, lockedUntil: until }, status.methods[1]!] };
    const a = app({ api: fakeApi({ status: async () => locked }).api, st: locked });
    await waitForText(a.lastFrame, 'locked until');
    await waitUntil(() => !a.lastFrame()!.includes('locked until'), 'the lock to clear on screen');
  });
  it('--demo: the inbox panel is shown and polled while choosing', async () => {
    const a = app({ api: fakeApi().api, demo: true });
    await waitForText(a.lastFrame, 'Authenticator code: 424242');
    await waitUntil(() => a.polls() >= 2, 'a second poll of the inbox');
  });
});
