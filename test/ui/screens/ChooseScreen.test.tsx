import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup } from 'ink-testing-library';
import type { TfaStatus } from '../../../src/api/types.js';
import { choicesFor, type Choice } from '../../../src/flow/steps.js';
import { ChooseScreen, type ChoiceRow, type ChooseScreenProps } from '../../../src/ui/screens/ChooseScreen.js';
import { WHEN_TO_REGENERATE } from '../../../src/flow/messages.js';
import { T0 } from '../../helpers/clock.js';
import { sendAndCheck, sendAndWait } from '../../helpers/ink.js';
import { HEADER, TITLE, lines, mount } from '../../helpers/mount.js';
import { smsM, status, totpM } from '../fixtures.js';

afterEach(() => cleanup());

function rows(st: TfaStatus, patch: (r: ChoiceRow) => Partial<ChoiceRow> = () => ({})): ChoiceRow[] {
  return choicesFor(st).map((choice) => {
    const r = { choice, lockedUntil: null, failCount: 0 };
    return { ...r, ...patch(r) };
  });
}

function screen(p: Partial<ChooseScreenProps> = {}) {
  const picks: Choice[] = [];
  const st = p.status ?? status;
  const r = mount(
    <ChooseScreen status={st} rows={rows(st)} error={null} notice={null} onPick={(c) => picks.push(c)} {...p} />,
  );
  return { ...r, picks };
}

const HINTS = '↑/↓ move · 1–9 pick · Enter choose · Esc/Ctrl+C quit';

describe('ChooseScreen', () => {
  it('lists the methods (primary first), email and backup codes with the count, and the key hints', () => {
    assert.equal(
      screen().text(),
      lines(
        ...HEADER,
        "How do you want to verify it's you?",
        '› 1. Authenticator app (primary)',
        '  2. SMS to ******4821 — Work phone',
        '  3. Email a code to my account address',
        '  4. Use a backup code (3 left)',
        '',
        HINTS,
      ),
    );
  });
  it('shows a lock with its end and failed attempts; the locked method cannot be picked', async () => {
    // Locked for 15 minutes from T0 (07:10 local time).
    const until = T0 / 1000 + 15 * 60;
    const s = screen({
      rows: rows(status, (x) =>
        x.choice.kind === 'method' && x.choice.method.id === 101 ? { lockedUntil: until, failCount: 5 } : {},
      ),
    });
    assert.equal(
      s.text(),
      lines(
        ...HEADER,
        "How do you want to verify it's you?",
        '  1. Authenticator app (primary)',
        '     locked until 07:25 · 5 failed attempts',
        '› 2. SMS to ******4821 — Work phone',
        '  3. Email a code to my account address',
        '  4. Use a backup code (3 left)',
        '',
        HINTS,
      ),
    );
    s.stdin.write('1');
    await sendAndCheck(s.stdin, '\r', () => s.picks.length > 0);
    assert.deepEqual(s.picks, [{ kind: 'method', method: smsM }]);
  });
  it('Enter picks the highlighted choice after moving', async () => {
    const s = screen();
    await sendAndWait(s.stdin, s.lastFrame, '\u001b[B', '› 2.');
    await sendAndWait(s.stdin, s.lastFrame, '\u001b[B', '› 3.');
    await sendAndCheck(s.stdin, '\r', () => s.picks.length > 0);
    assert.deepEqual(s.picks, [{ kind: 'email' }]);
  });
  it('a digit picks directly', async () => {
    const s = screen();
    await sendAndCheck(s.stdin, '4', () => s.picks.length > 0);
    assert.deepEqual(s.picks, [{ kind: 'backup' }]);
  });
  it('Esc and q cancel', async () => {
    for (const key of ['\u001b', 'q']) {
      let cancelled = false;
      const s = screen({
        onCancel: () => {
          cancelled = true;
        },
      });
      await sendAndCheck(s.stdin, key, () => cancelled);
      assert.deepEqual(s.picks, []);
      cleanup();
    }
  });
  it('shows the error of a flag that matched nothing, and notices', () => {
    assert.equal(
      screen({
        error: 'No 2FA method on this account has id 9.',
        notice: 'This account has 2 sms methods: choose one.',
      }).text(),
      lines(
        ...HEADER,
        "How do you want to verify it's you?",
        '› 1. Authenticator app (primary)',
        '  2. SMS to ******4821 — Work phone',
        '  3. Email a code to my account address',
        '  4. Use a backup code (3 left)',
        '',
        'This account has 2 sms methods: choose one.',
        '',
        'No 2FA method on this account has id 9.',
        '',
        HINTS,
      ),
    );
  });
  it('legacy account: explains the migration and offers the phone on file; no backup codes to use', () => {
    assert.equal(
      screen({ status: { ...status, methods: [], backupCodesRemaining: 0 } }).text(),
      lines(
        ...TITLE,
        'This account uses the older 2FA setup. Regenerating backup codes also migrates it: the phone number',
        'on file becomes an SMS method.',
        ...WHEN_TO_REGENERATE,
        '',
        "How do you want to verify it's you?",
        '› 1. Text a code to the phone number on file',
        '  2. Email a code to my account address',
        '  3. Use a backup code (0 left)',
        '     none left',
        '',
        HINTS,
      ),
    );
  });
  it('a method without a label still reads well', () => {
    assert.equal(
      screen({ status: { ...status, methods: [{ ...totpM, label: '' }] } }).text(),
      lines(
        ...HEADER,
        "How do you want to verify it's you?",
        '› 1. Authenticator app (primary)',
        '  2. Email a code to my account address',
        '  3. Use a backup code (3 left)',
        '',
        HINTS,
      ),
    );
  });
});
