import { after, before, describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RegenResult } from '../../src/api/types.js';
import { noticeStore } from '../../src/flow/notices.js';
import { runWizard } from '../../src/ui/run-wizard.js';
import { strictApi, type ExpectedCall } from '../helpers/fake-api.js';
import { waitForText } from '../helpers/ink.js';
import { CODES, status } from './fixtures.js';

/** Just enough of a TTY for Ink (like ink-testing-library's, but for runWizard's own render). */
class FakeIn extends EventEmitter {
  isTTY = true;
  private data: string | null = null;
  write(d: string): void {
    this.data = d;
    this.emit('readable');
  }
  read(): string | null {
    const d = this.data;
    this.data = null;
    return d;
  }
  setEncoding(): void {}
  setRawMode(): void {}
  ref(): void {}
  unref(): void {}
  resume(): void {}
  pause(): void {}
}
class FakeOut extends EventEmitter {
  columns = 80;
  rows = 30;
  isTTY = true;
  out = '';
  write(d: string, cb?: () => void): boolean {
    this.out += d;
    cb?.();
    return true;
  }
  last = (): string => this.out;
}

/** The regenerate --code 123456 --yes makes; answered with CODES unless `reply` says otherwise. */
const regen = (
  reply: () => RegenResult | Promise<RegenResult> = () => ({ msg: 'success', backupCodes: CODES, body: {} }),
): ExpectedCall => ({ call: 'regenerate', verification: { kind: 'code', methodType: 'totp', code: '123456' }, reply });

let home: string;
before(() => {
  home = mkdtempSync(join(tmpdir(), 'vrc-run-wizard-'));
});
after(() => rmSync(home, { recursive: true, force: true }));

/** The default file stderr names, read back. */
function namedFile(stderr: string): string {
  const m = /^Saved to (\S+) \(readable only by you\): the run was interrupted \((Ctrl\+C|SIGHUP|SIGTERM)\)\.$/m.exec(
    stderr,
  );
  assert.ok(m, `stderr names the file:\n${stderr}`);
  return readFileSync(m[1]!, 'utf8');
}

/** runWizard on a strict fake API that expects exactly `calls`. */
function start(t: TestContext, calls: ExpectedCall[], preset = {}) {
  const { api } = strictApi(t, calls);
  const stdin = new FakeIn();
  const stdout = new FakeOut();
  const stderr = new FakeOut();
  const done = runWizard({
    api,
    statusPromise: Promise.resolve(status),
    preset: { yes: false, ...preset },
    demo: null,
    color: false,
    notices: noticeStore(),
    home,
    stdin: stdin as never,
    stdout: stdout as never,
    stderr: stderr as never,
  });
  return { stdin, stdout, stderr, done };
}

describe('runWizard', () => {
  it('Ctrl+C before anything changed resolves 130', async (t) => {
    const w = start(t, []);
    await waitForText(w.stdout.last, 'How do you want');
    w.stdin.write('\u0003');
    assert.equal(await w.done, 130);
    assert.equal(w.stderr.out, '');
  });
  it('left with unsaved codes (second Ctrl+C): the default file, one account of it after the UI, exit 3', async (t) => {
    const w = start(t, [regen()], { methodType: 'totp', code: '123456', yes: true });
    await waitForText(w.stdout.last, 'K009-BBBB-CCCC');
    w.stdin.write('\u0003');
    await waitForText(w.stdout.last, 'Leave without saving?');
    w.stdin.write('\u0003');
    assert.equal(await w.done, 3);
    const m =
      /^You left before the new backup codes were stored, so they were saved to (\S+) \(readable only by you\)\./.exec(
        w.stderr.out,
      );
    assert.ok(m, w.stderr.out);
    assert.doesNotMatch(w.stderr.out, /not saved/i);
    const file = readFileSync(m[1]!, 'utf8');
    for (const c of CODES) assert.ok(file.includes(c));
  });
  it('SIGTERM on the codes screen, unsaved: the default file, said once; no code printed again, exit 3', async (t) => {
    const w = start(t, [regen()], { methodType: 'totp', code: '123456', yes: true });
    await waitForText(w.stdout.last, 'K009-BBBB-CCCC');
    process.emit('SIGTERM', 'SIGTERM');
    assert.equal(await w.done, 3);
    const file = namedFile(w.stderr.out);
    for (const c of CODES) assert.ok(file.includes(c));
    for (const c of CODES) assert.ok(!w.stderr.out.includes(c), `no code on stderr:\n${w.stderr.out}`);
    assert.doesNotMatch(w.stderr.out, /not saved/i);
  });
  it('a stdout error on the codes screen (the terminal gone): the default file, exit 3', async (t) => {
    const w = start(t, [regen()], { methodType: 'totp', code: '123456', yes: true });
    await waitForText(w.stdout.last, 'K009-BBBB-CCCC');
    w.stdout.emit('error', Object.assign(new Error('write EIO'), { code: 'EIO' }));
    assert.equal(await w.done, 3);
    const file = namedFile(w.stderr.out);
    for (const c of CODES) assert.ok(file.includes(c));
  });
  it('SIGTERM while the answer is awaited: held, then the codes go to the default file, exit 3', async (t) => {
    let answer!: (r: RegenResult) => void;
    const w = start(
      t,
      [
        regen(
          () =>
            new Promise((r) => {
              answer = r;
            }),
        ),
      ],
      { methodType: 'totp', code: '123456', yes: true },
    );
    await waitForText(w.stdout.last, 'Replacing your backup codes');
    process.emit('SIGTERM', 'SIGTERM');
    await waitForText(w.stdout.last, 'cannot be called back');
    answer({ msg: 'success', backupCodes: CODES, body: {} });
    assert.equal(await w.done, 3);
    const file = namedFile(w.stderr.out);
    for (const c of CODES) assert.ok(file.includes(c));
  });
});
