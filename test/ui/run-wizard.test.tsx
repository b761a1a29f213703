import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { TfaApi } from '../../src/api/types.js';
import { dumpText, runWizard } from '../../src/ui/run-wizard.js';
import { waitForText } from '../helpers/ink.js';
import { CODES, status } from './fixtures.js';

/** Just enough of a TTY for Ink (like ink-testing-library's, but for runWizard's own render). */
class FakeIn extends EventEmitter {
  isTTY = true;
  private data: string | null = null;
  write(d: string): void { this.data = d; this.emit('readable'); }
  read(): string | null { const d = this.data; this.data = null; return d; }
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
  write(d: string): boolean { this.out += d; return true; }
  last = (): string => this.out;
}

const api: TfaApi = {
  status: async () => status,
  sendSms: async () => ({ secret: 's', message: '' }),
  resendSms: async () => ({ secret: 's', message: '' }),
  sendEmail: async () => ({ secret: 's', message: '' }),
  regenerate: async () => ({ msg: 'success', backupCodes: CODES, body: {} }),
};

function start(preset = {}) {
  const stdin = new FakeIn();
  const stdout = new FakeOut();
  const stderr = new FakeOut();
  const done = runWizard({ api, statusPromise: Promise.resolve(status), preset: { yes: false, ...preset }, demo: null, color: false,
    notices: [], home: '/nonexistent', stdin: stdin as never, stdout: stdout as never, stderr: stderr as never });
  return { stdin, stdout, stderr, done };
}

describe('runWizard', () => {
  it('Ctrl+C before anything changed resolves 130', async () => {
    const w = start();
    await waitForText(w.stdout.last, 'How do you want');
    w.stdin.write('\u0003');
    assert.equal(await w.done, 130);
    assert.equal(w.stderr.out, '');
  });
  it('torn down with unsaved codes (second Ctrl+C): they are printed on stderr after the UI', async () => {
    const w = start({ methodType: 'totp', code: '123456', yes: true });
    await waitForText(w.stdout.last, 'K009-BBBB-CCCC');
    w.stdin.write('\u0003');
    await waitForText(w.stdout.last, 'Leave without saving?');
    w.stdin.write('\u0003');
    assert.equal(await w.done, 0);
    assert.equal(w.stderr.out, dumpText(CODES));
    for (const c of CODES) assert.ok(w.stderr.out.includes(c));
  });
  it('a stdout error on the codes screen tears down and prints the codes on stderr', async () => {
    const w = start({ methodType: 'totp', code: '123456', yes: true });
    await waitForText(w.stdout.last, 'K009-BBBB-CCCC');
    w.stdout.emit('error', Object.assign(new Error('write EIO'), { code: 'EIO' }));
    assert.equal(await w.done, 0);
    assert.ok(w.stderr.out.includes(CODES[9]!));
  });
});
