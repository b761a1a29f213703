import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup } from 'ink-testing-library';
import type { CodesState } from '../../../src/flow/steps.js';
import { CodesScreen } from '../../../src/ui/screens/CodesScreen.js';
import { sendAndCheck, sendAndWait, waitForText } from '../../helpers/ink.js';
import { lines, mount, screenText } from '../../helpers/mount.js';
import { CODES, codesState } from '../fixtures.js';

afterEach(() => cleanup());

function screen(c: CodesState = codesState(), columns = 80, withPass = false) {
  const calls: string[] = [];
  const r = mount(
    <CodesScreen
      codes={c}
      columns={columns}
      defaultPath="~/Downloads/vastai_backup_codes_x.txt"
      onSave={(p) => calls.push(`save:${p}`)}
      onCopy={() => calls.push('copy')}
      pass={withPass ? { defaultEntry: 'vast.ai/backup-codes', onStore: (e) => calls.push(`pass:${e}`) } : null}
      onToggleKeep={() => calls.push('keep')}
      onLeave={() => calls.push('leave')}
    />,
    { columns },
  );
  return { ...r, calls };
}

function numbered(frame: string): string[] {
  return [...frame.matchAll(/\b(\d{1,2})\. (K\d{3}-BBBB-CCCC)/g)]
    .sort((a, b) => Number(a[1]) - Number(b[1]))
    .map((m) => m[2]!);
}

/** The codes screen at 80 columns down to the footer, before anything was done. */
const AT_80 = [
  'Your new backup codes',
  '',
  'Your 10 new backup codes (generated 2025-05-06 07:08:09):',
  '',
  '   1. K000-BBBB-CCCC     6. K005-BBBB-CCCC',
  '   2. K001-BBBB-CCCC     7. K006-BBBB-CCCC',
  '   3. K002-BBBB-CCCC     8. K007-BBBB-CCCC',
  '   4. K003-BBBB-CCCC     9. K008-BBBB-CCCC',
  '   5. K004-BBBB-CCCC    10. K009-BBBB-CCCC',
  '',
  'All previous backup codes stopped working. Each new code works once; they are',
  'shown only now.',
];
const HINTS = 's save · c copy · k keep after exit · q/Enter done · Ctrl+C quit';
const PASS_HINTS = 's save · p pass · c copy · k keep after exit · q/Enter done · Ctrl+C quit';
const EDIT_HINTS = 'Enter save · Ctrl+U clear · Esc back';
/** The whole frame at 80 columns: the codes, the lines under them (`below`), the hints. */
const at80 = (below: string[], hints = HINTS) =>
  lines(...AT_80, ...(below.length > 0 ? ['', ...below] : []), '', hints);

describe('CodesScreen', () => {
  it('after a save, s again offers the folder, so another copy gets a free name', async () => {
    const s = screen(codesState({ savedPath: '/home/u/Downloads/vastai_backup_codes_x.txt' }));
    await sendAndWait(s.stdin, s.lastFrame, 's', 'Save to');
    assert.equal(
      s.text(),
      at80(
        [
          'Save to (a new file, readable only by you):',
          '> ~/Downloads/',
          'Saved to /home/u/Downloads/vastai_backup_codes_x.txt (readable only by you).',
          'When you leave, the codes are cleared from the screen (k keeps them).',
        ],
        EDIT_HINTS,
      ),
    );
  });
  it('shows all 10 codes numbered, the time generated and the actions', () => {
    const f = screen().text();
    assert.deepEqual(numbered(f), CODES);
    assert.equal(f, lines(...AT_80, '', HINTS));
  });
  for (const cols of [60, 40]) {
    it(`fits ${cols} columns with every code whole`, () => {
      const f = screen(codesState(), cols).text();
      for (const line of f.split('\n'))
        assert.ok(line.length <= cols, `line longer than ${cols}: ${JSON.stringify(line)}`);
      assert.deepEqual(numbered(f), CODES);
    });
  }
  it('at 40 columns: one code a row, the hints wrapped', () => {
    assert.equal(
      screen(codesState(), 40).text(),
      lines(
        'Your new backup codes',
        '',
        'Your 10 new backup codes (generated',
        '2025-05-06 07:08:09):',
        '',
        '   1. K000-BBBB-CCCC',
        '   2. K001-BBBB-CCCC',
        '   3. K002-BBBB-CCCC',
        '   4. K003-BBBB-CCCC',
        '   5. K004-BBBB-CCCC',
        '   6. K005-BBBB-CCCC',
        '   7. K006-BBBB-CCCC',
        '   8. K007-BBBB-CCCC',
        '   9. K008-BBBB-CCCC',
        '  10. K009-BBBB-CCCC',
        '',
        'All previous backup codes stopped',
        'working. Each new code works once; they',
        'are shown only now.',
        '',
        's save · c copy · k keep after exit ·',
        'q/Enter done · Ctrl+C quit',
      ),
    );
  });
  it('s opens the path input prefilled; it can be edited and Enter saves there', async () => {
    const s = screen();
    const f = await sendAndWait(s.stdin, s.lastFrame, 's', '> ~/Downloads/vastai_backup_codes_x.txt');
    assert.equal(
      screenText(f),
      at80(['Save to (a new file, readable only by you):', '> ~/Downloads/vastai_backup_codes_x.txt'], EDIT_HINTS),
    );
    await sendAndWait(s.stdin, s.lastFrame, '\u0015', (f) => !f.includes('vastai_backup_codes_x'));
    await sendAndWait(s.stdin, s.lastFrame, '/tmp/q.txt', '> /tmp/q.txt');
    await sendAndCheck(s.stdin, '\r', () => s.calls.length > 0);
    assert.deepEqual(s.calls, ['save:/tmp/q.txt']);
  });
  it('typing a path does not trigger the screen keys (c, q, k)', async () => {
    const s = screen();
    await sendAndWait(s.stdin, s.lastFrame, 's', 'Save to');
    await sendAndWait(s.stdin, s.lastFrame, 'cqk', 'txtcqk');
    assert.deepEqual(s.calls, []);
  });
  it('Esc closes the path input without saving', async () => {
    const s = screen();
    await sendAndWait(s.stdin, s.lastFrame, 's', 'Save to');
    await sendAndWait(s.stdin, s.lastFrame, '\u001b', (f) => !f.includes('Save to'));
    assert.deepEqual(s.calls, []);
  });
  for (const [key, call] of [
    ['c', 'copy'],
    ['k', 'keep'],
    ['q', 'leave'],
    ['\r', 'leave'],
    ['\u001b', 'leave'],
  ] as const) {
    it(`${JSON.stringify(key)} → ${call}`, async () => {
      const s = screen();
      await sendAndCheck(s.stdin, key, () => s.calls.length > 0);
      assert.deepEqual(s.calls, [call]);
    });
  }
  it('Ctrl+C is not copy', async () => {
    const s = screen();
    s.stdin.write('\u0003');
    await sendAndCheck(s.stdin, 'k', () => s.calls.length > 0);
    assert.deepEqual(s.calls, ['keep']);
  });
  it('after a save: the path, and that the codes will be cleared unless kept', () => {
    assert.equal(
      screen(codesState({ savedPath: '/home/u/Downloads/x.txt' })).text(),
      lines(
        ...AT_80,
        '',
        'Saved to /home/u/Downloads/x.txt (readable only by you).',
        'When you leave, the codes are cleared from the screen (k keeps them).',
        '',
        HINTS,
      ),
    );
    assert.equal(
      screen(codesState({ savedPath: '/x', keep: true })).text(),
      at80(
        ['Saved to /x (readable only by you).', 'The codes will stay on screen after you leave.'],
        's save · c copy · k clear after exit · q/Enter done · Ctrl+C quit',
      ),
    );
  });
  it('after a copy: says it was sent and that not all terminals support it', () => {
    assert.equal(
      screen(codesState({ copied: true })).text(),
      at80([
        'Sent to the terminal clipboard (OSC 52). Not every terminal supports this, and a',
        'copy cannot be checked: it does not count as saved. Paste them somewhere safe,',
        'or save them with s.',
      ]),
    );
  });
  it('after a copy and then a save: the copy note no longer suggests saving with s', () => {
    const f = screen(codesState({ copied: true, savedPath: '/home/u/x.txt' })).text();
    assert.match(f, /Saved to \/home\/u\/x\.txt/);
    assert.match(f, /it does not count as saved\./);
    assert.doesNotMatch(f, /save them with s/);
  });
  it('shows a save in progress and a save error', async () => {
    const s = screen(codesState({ pendingSave: '/x.txt' }));
    assert.equal(s.text(), at80(['Saving to /x.txt…']));
    const failed = screen(codesState({ saveError: 'Could not save the codes to /x: exists' }));
    assert.equal(
      screenText(await waitForText(failed.lastFrame, 'Save to')),
      at80(
        [
          'Save to (a new file, readable only by you):',
          '> ~/Downloads/vastai_backup_codes_x.txt',
          'Could not save the codes to /x: exists',
        ],
        EDIT_HINTS,
      ),
    );
  });
  it('a failed save brings the path back as typed, the reason under it until the next edit', async () => {
    const calls: string[] = [];
    const props = {
      columns: 80,
      defaultPath: '~/d.txt',
      onSave: (p: string) => calls.push(p),
      onCopy: () => undefined,
      onToggleKeep: () => undefined,
      onLeave: () => undefined,
    };
    const r = mount(<CodesScreen codes={codesState()} {...props} />, { columns: 80 });
    await sendAndWait(r.stdin, r.lastFrame, 's', '> ~/d.txt');
    await sendAndWait(r.stdin, r.lastFrame, 'x', '> ~/d.txtx');
    await sendAndCheck(r.stdin, '\r', () => calls.length === 1);
    r.rerender(
      <CodesScreen
        codes={codesState({ saveError: 'Could not save the codes to ~/d.txtx: no such folder' })}
        {...props}
      />,
    );
    const f = await waitForText(r.lastFrame, '> ~/d.txtx');
    assert.match(f, /no such folder/);
    await sendAndWait(
      r.stdin,
      r.lastFrame,
      '\u007f',
      (fr) => fr.includes('> ~/d.txt') && !fr.includes('no such folder'),
    );
  });
  it('p is offered only with a pass store; the entry name is edited in a field, checked before storing', async () => {
    assert.doesNotMatch(screen().text(), /p pass/);
    const s = screen(codesState(), 80, true);
    assert.equal(s.text(), at80([], PASS_HINTS));
    await sendAndWait(s.stdin, s.lastFrame, 'p', '> vast.ai/backup-codes');
    await sendAndWait(s.stdin, s.lastFrame, '/', '> vast.ai/backup-codes/');
    await sendAndWait(s.stdin, s.lastFrame, '\r', /Starts or ends with \//i);
    assert.deepEqual(s.calls, []);
    await sendAndWait(s.stdin, s.lastFrame, '\u007f', /^> vast\.ai\/backup-codes\s*$/m);
    await sendAndWait(s.stdin, s.lastFrame, '-new', '> vast.ai/backup-codes-new');
    await sendAndCheck(s.stdin, '\r', () => s.calls.length > 0);
    assert.deepEqual(s.calls, ['pass:vast.ai/backup-codes-new']);
  });
  it('p after a store offers the next name, never the one just stored', async () => {
    const s = screen(codesState({ passEntry: 'vast.ai/backup-codes' }), 80, true);
    await sendAndWait(s.stdin, s.lastFrame, 'p', /^> vast\.ai\/backup-codes-2/m);
  });
  it('pass: storing, stored, failed; a taken name opens the field again with a free one', async () => {
    assert.equal(
      screen(codesState({ pendingPass: 'a/b' }), 80, true).text(),
      at80(['Storing in pass as a/b and reading it back…'], PASS_HINTS),
    );
    assert.equal(
      screen(codesState({ passEntry: 'a/b' }), 80, true).text(),
      at80(
        [
          'Stored in pass as a/b: read back and checked.',
          'When you leave, the codes are cleared from the screen (k keeps them).',
        ],
        PASS_HINTS,
      ),
    );
    const taken = screen(
      codesState({
        passError: 'Could not store the codes in pass as a/b: an entry with that name already exists',
        passSuggestion: 'a/b-2',
      }),
      80,
      true,
    );
    const f = await waitForText(taken.lastFrame, /^> a\/b-2/m);
    assert.equal(
      screenText(f),
      at80(
        [
          'Store in pass as (a new entry, encrypted; read back to check):',
          '> a/b-2',
          'Could not store the codes in pass as a/b: an entry with that name already exists',
        ],
        EDIT_HINTS,
      ),
    );
    // The reason goes as soon as the name is retyped.
    await sendAndWait(
      taken.stdin,
      taken.lastFrame,
      'x',
      (fr) => fr.includes('> a/b-2x') && !fr.includes('already exists'),
    );
    assert.equal(
      screen(codesState({ commandStored: true })).text(),
      at80([
        '--save-command exited 0: counted as stored (what it did cannot be checked).',
        'When you leave, the codes are cleared from the screen (k keeps them).',
      ]),
    );
  });
});
