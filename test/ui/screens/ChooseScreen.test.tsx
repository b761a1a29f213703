import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, render } from 'ink-testing-library';
import type { TfaStatus } from '../../../src/api/types.js';
import { choicesFor, type Choice } from '../../../src/flow/steps.js';
import { ChooseScreen, type ChoiceRow } from '../../../src/ui/screens/ChooseScreen.js';
import { sendAndCheck, sendAndWait } from '../../helpers/ink.js';
import { smsM, status, totpM } from '../fixtures.js';

afterEach(() => cleanup());

function rows(st: TfaStatus, patch: (r: ChoiceRow) => Partial<ChoiceRow> = () => ({})): ChoiceRow[] {
  return choicesFor(st).map((choice) => {
    const r = { choice, lockedUntil: null, failCount: 0 };
    return { ...r, ...patch(r) };
  });
}

describe('ChooseScreen', () => {
  it('lists the methods (primary first), email and backup codes with the count, and the key hints', () => {
    const f = render(<ChooseScreen status={status} rows={rows(status)} error={null} notice={null} onPick={() => undefined} />).lastFrame()!;
    assert.match(f, /You have 3 unused backup codes/);
    assert.match(f, /› 1\. Authenticator app \(primary\)/);
    assert.match(f, /2\. SMS to \*{6}4821 — Work phone/);
    assert.match(f, /3\. Email a code to my account address/);
    assert.match(f, /4\. Use a backup code \(3 left\)/);
    assert.match(f, /↑\/↓ move · 1–9 pick · Enter choose · Esc\/Ctrl\+C cancel/);
  });
  it('shows a lock with its end and failed attempts; the locked method cannot be picked', async () => {
    const until = Math.floor(new Date(2030, 0, 1, 17, 42).getTime() / 1000);
    const picks: Choice[] = [];
    const r = render(<ChooseScreen status={status} onPick={(c) => picks.push(c)} error={null} notice={null}
      rows={rows(status, (x) => (x.choice.kind === 'method' && x.choice.method.id === 101 ? { lockedUntil: until, failCount: 5 } : {}))} />);
    const f = r.lastFrame()!;
    assert.match(f, /locked until 17:42 · 5 failed attempts/);
    assert.match(f, /› 2\. SMS/);
    r.stdin.write('1');
    await sendAndCheck(r.stdin, '\r', () => picks.length > 0);
    assert.deepEqual(picks, [{ kind: 'method', method: smsM }]);
  });
  it('Enter picks the highlighted choice after moving', async () => {
    const picks: Choice[] = [];
    const r = render(<ChooseScreen status={status} rows={rows(status)} error={null} notice={null} onPick={(c) => picks.push(c)} />);
    await sendAndWait(r.stdin, r.lastFrame, '\u001b[B', '› 2.');
    await sendAndWait(r.stdin, r.lastFrame, '\u001b[B', '› 3.');
    await sendAndCheck(r.stdin, '\r', () => picks.length > 0);
    assert.deepEqual(picks, [{ kind: 'email' }]);
  });
  it('a digit picks directly', async () => {
    const picks: Choice[] = [];
    const r = render(<ChooseScreen status={status} rows={rows(status)} error={null} notice={null} onPick={(c) => picks.push(c)} />);
    await sendAndCheck(r.stdin, '4', () => picks.length > 0);
    assert.deepEqual(picks, [{ kind: 'backup' }]);
  });
  it('shows the error of a flag that matched nothing, and notices', () => {
    const f = render(<ChooseScreen status={status} rows={rows(status)} error="No 2FA method on this account has id 9."
      notice="This account has 2 sms methods: choose one." onPick={() => undefined} />).lastFrame()!;
    assert.match(f, /No 2FA method on this account has id 9\./);
    assert.match(f, /2 sms methods/);
  });
  it('legacy account: explains the migration and offers the phone on file; no backup codes to use', () => {
    const legacy: TfaStatus = { ...status, methods: [], backupCodesRemaining: 0 };
    const f = render(<ChooseScreen status={legacy} rows={rows(legacy)} error={null} notice={null} onPick={() => undefined} />).lastFrame()!;
    assert.match(f, /older 2FA setup/);
    assert.match(f, /migrates it/);
    assert.match(f, /1\. Text a code to the phone number on file/);
    assert.match(f, /3\. Use a backup code \(0 left\)\n\s+none left/);
  });
  it('a method without a label still reads well', () => {
    const st = { ...status, methods: [{ ...totpM, label: '' }] };
    assert.match(render(<ChooseScreen status={st} rows={rows(st)} error={null} notice={null} onPick={() => undefined} />).lastFrame()!,
      /1\. Authenticator app \(primary\)\n/);
  });
});
