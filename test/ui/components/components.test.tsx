import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup } from 'ink-testing-library';
import chalk from 'chalk';
import { cleanBackupCode, cleanDigits } from '../../../src/codes/format.js';
import { DemoPanel } from '../../../src/ui/components/DemoPanel.js';
import { KeyHints } from '../../../src/ui/components/KeyHints.js';
import { TextField } from '../../../src/ui/components/TextField.js';
import { Menu } from '../../../src/ui/components/Menu.js';
import { Notices } from '../../../src/ui/components/Notices.js';
import { sendAndCheck, sendAndWait, waitForText } from '../../helpers/ink.js';
import { lines, mount } from '../../helpers/mount.js';

afterEach(() => cleanup());

describe('Menu', () => {
  const items = [
    { label: 'alpha' },
    { label: 'beta', disabled: 'locked until 10:00' },
    { label: 'gamma', detail: '2 failed attempts' },
  ];

  it('numbers items, shows why one is disabled and details, highlights the first', () => {
    const { lastFrame } = mount(<Menu items={items} onPick={() => undefined} />);
    const f = lastFrame()!;
    assert.match(f, /› 1\. alpha/);
    assert.match(f, / {2}2\. beta\n\s+locked until 10:00/);
    assert.match(f, /2 failed attempts/);
  });
  it('↓ skips a disabled item; Enter picks the highlighted one', async () => {
    const picks: number[] = [];
    const r = mount(<Menu items={items} onPick={(i) => picks.push(i)} />);
    await sendAndWait(r.stdin, r.lastFrame, '\u001b[B', '› 3. gamma');
    await sendAndCheck(r.stdin, '\r', () => picks.length === 1);
    assert.deepEqual(picks, [2]);
  });
  it('j/k move too, and stop at either end (no wrapping)', async () => {
    const r = mount(<Menu items={items} onPick={() => undefined} />);
    await sendAndWait(r.stdin, r.lastFrame, 'j', '› 3. gamma');
    await sendAndWait(r.stdin, r.lastFrame, 'k', '› 1. alpha');
    await sendAndWait(r.stdin, r.lastFrame, 'j', '› 3. gamma');
  });
  it('with the first item locked, ↑ from the second stays there instead of jumping to the last', async () => {
    const locked = [{ label: 'one', disabled: 'locked' }, { label: 'two' }, { label: 'three' }, { label: 'four' }];
    const r = mount(<Menu items={locked} onPick={() => undefined} />);
    assert.match(r.lastFrame()!, /› 2\. two/);
    await sendAndWait(r.stdin, r.lastFrame, '\u001b[B', '› 3. three');
    await sendAndWait(r.stdin, r.lastFrame, '\u001b[A', '› 2. two');
    // Had that ↑ jumped to 4, ↓ would stay there: reaching 3 shows it stayed on 2.
    await sendAndWait(r.stdin, r.lastFrame, '\u001b[B', '› 3. three');
  });
  it('a digit picks directly, but never a disabled item', async () => {
    const picks: number[] = [];
    const r = mount(<Menu items={items} onPick={(i) => picks.push(i)} />);
    r.stdin.write('2');
    await sendAndCheck(r.stdin, '3', () => picks.length > 0);
    assert.deepEqual(picks, [2]);
  });
  it('starts on the first item that can be chosen', () => {
    const { lastFrame } = mount(
      <Menu items={[{ label: 'x', disabled: 'no' }, { label: 'y' }]} onPick={() => undefined} />,
    );
    assert.match(lastFrame()!, /› 2\. y/);
  });
  it('Ctrl+J / Ctrl+K are not moves', async () => {
    const picks: number[] = [];
    const r = mount(<Menu items={items} onPick={(i) => picks.push(i)} />);
    r.stdin.write('\u000b'); // Ctrl+K
    await sendAndCheck(r.stdin, '\r', () => picks.length === 1);
    assert.deepEqual(picks, [0]);
  });
});

describe('TextField', () => {
  it('cleans a paste (spaces, dashes, newlines; its newline is not Enter) and submits the value', async () => {
    let submitted: string | null = null;
    const r = mount(
      <TextField
        clean={cleanDigits}
        onSubmit={(v) => {
          submitted = v;
        }}
      />,
    );
    await sendAndWait(r.stdin, r.lastFrame, '\u001b[200~12 3-4\r56\u001b[201~', '> 123456');
    assert.equal(submitted, null);
    await sendAndCheck(r.stdin, '\r', () => submitted !== null);
    assert.equal(submitted, '123456');
  });
  it('Backspace deletes before the cursor, arrows move it and never past either end, Ctrl+U clears', async () => {
    let submitted: string | null = null;
    const r = mount(
      <TextField
        initialValue="abc"
        onSubmit={(v) => {
          submitted = v;
        }}
      />,
    );
    await sendAndWait(r.stdin, r.lastFrame, '\u007f', (f) => f.includes('> ab') && !f.includes('abc'));
    r.stdin.write('\u001b[D');
    await new Promise((done) => setImmediate(done));
    await sendAndWait(r.stdin, r.lastFrame, 'x', '> axb');
    for (const k of ['\u001b[D', '\u001b[D', '\u001b[D', '\u001b[D']) {
      r.stdin.write(k); // past the start: the cursor stops at 0
      await new Promise((done) => setImmediate(done));
    }
    await sendAndWait(r.stdin, r.lastFrame, '0', '> 0axb');
    await sendAndWait(r.stdin, r.lastFrame, '\u0005', (f) => f.includes('> 0axb'));
    await sendAndWait(r.stdin, r.lastFrame, '9', '> 0axb9');
    await sendAndCheck(r.stdin, '\r', () => submitted !== null);
    assert.equal(submitted, '0axb9');
    await sendAndWait(r.stdin, r.lastFrame, '\u0015', (f) => !f.includes('0axb9'));
  });
  it('a cleaning that changes the text puts the cursor at the end', async () => {
    const r = mount(<TextField clean={cleanDigits} initialValue="1234" onSubmit={() => undefined} />);
    r.stdin.write('\u001b[D');
    await new Promise((done) => setImmediate(done));
    await sendAndWait(r.stdin, r.lastFrame, '-', '> 1234');
    await sendAndWait(r.stdin, r.lastFrame, '5', '> 12345');
  });
  it('keeps backup codes as typed', async () => {
    const r = mount(<TextField clean={cleanBackupCode} onSubmit={() => undefined} />);
    await sendAndWait(r.stdin, r.lastFrame, 'abcd efgh-ijkl', '> abcd efgh-ijkl');
  });
  it('a command key is taken, not inserted', async () => {
    const seen: string[] = [];
    const r = mount(<TextField onCommandKey={(k) => (seen.push(k), k === 'r')} onSubmit={() => undefined} />);
    r.stdin.write('r');
    await sendAndWait(r.stdin, r.lastFrame, '5', '> 5');
    assert.deepEqual(seen, ['r', '5']);
    assert.doesNotMatch(r.lastFrame()!, /r5/);
  });
  it('keeps every key typed faster than the screen redraws', async () => {
    let submitted = '';
    const r = mount(
      <TextField
        onSubmit={(v) => {
          submitted = v;
        }}
      />,
    );
    for (const k of ['1', '2', '3']) r.stdin.write(k);
    await sendAndCheck(r.stdin, '\r', () => submitted !== '');
    assert.equal(submitted, '123');
  });
});

describe('small pieces', () => {
  it('KeyHints joins hints with a middle dot', () => {
    assert.match(mount(<KeyHints hints={['a', 'b']} />).lastFrame()!, /a · b/);
  });
  it('Notices shows each warning', () => {
    const f = mount(<Notices notices={['unencrypted URL', 'key fallback']} />).lastFrame()!;
    assert.match(f, /! unencrypted URL\n! key fallback/);
  });
  it('DemoPanel shows the TOTP code, the last message code and a backup code', async () => {
    const inbox = {
      totpCode: '123456',
      backupCodes: ['AAAA-BBBB-CCCC'],
      messages: [
        { channel: 'sms' as const, to: 'x', code: '111111', secret: 's', sentAt: 1 },
        { channel: 'email' as const, to: 'y', code: '222222', secret: 't', sentAt: 2 },
      ],
    };
    const r = mount(<DemoPanel fetchInbox={async () => inbox} />);
    await waitForText(r.lastFrame, 'Authenticator code');
    assert.equal(
      r.text(),
      lines(
        '',
        '╭───────────────────────────────╮',
        '│ Demo inbox                    │',
        '│ Authenticator code: 123456    │',
        '│ Last email code: 222222       │',
        '│ A backup code: AAAA-BBBB-CCCC │',
        '╰───────────────────────────────╯',
      ),
    );
    const none = mount(<DemoPanel fetchInbox={async () => ({ ...inbox, messages: [] })} />);
    await waitForText(none.lastFrame, 'No SMS or email sent yet');
  });
  it('DemoPanel asks again each interval of the clock, and only then', async () => {
    let polls = 0;
    const r = mount(
      <DemoPanel
        fetchInbox={async () => ({ totpCode: String(++polls).padStart(6, '0'), backupCodes: [], messages: [] })}
      />,
    );
    await waitForText(r.lastFrame, 'Authenticator code: 000001');
    r.clock.advance(999);
    await new Promise((done) => setImmediate(done));
    assert.equal(polls, 1);
    r.clock.advance(1);
    await waitForText(r.lastFrame, 'Authenticator code: 000002');
    cleanup();
    assert.equal(r.clock.pending(), 0, 'no poll once the panel is gone');
    assert.equal(polls, 2);
  });
  it('without colour no colour codes are written (and with colour they are)', async () => {
    const level = chalk.level;
    chalk.level = 1; // as on a colour terminal (Ink's chalk sees no TTY here)
    try {
      const frame = (color: boolean): string =>
        mount(
          <>
            <Menu items={[{ label: 'a' }, { label: 'b', disabled: 'locked' }]} onPick={() => undefined} />
            <Notices notices={['warn']} />
          </>,
          { color },
        ).lastFrame()!;
      // Foreground colours are SGR 30–38 or 90–97; bold/inverse are allowed.
      const colour = /\u001b\[(3[0-8]|9[0-7])[;m]/;
      assert.match(frame(true), colour);
      assert.doesNotMatch(frame(false), colour);
    } finally {
      chalk.level = level;
    }
  });
});
