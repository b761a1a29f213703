import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTerminalLine } from '../../src/key/read-line.js';
import { writeKeyFile } from '../../src/key/ask-key.js';

/** A fake terminal: raw mode recorded, input written by the test. */
function term() {
  const input = Object.assign(new PassThrough(), {
    isRaw: false,
    setRawMode(r: boolean) {
      input.isRaw = r;
      return input;
    },
  });
  let shown = '';
  const output = { write: (t: string) => (shown += t) };
  return { input: input as unknown as NodeJS.ReadStream & PassThrough, output, shown: () => shown };
}

describe('readTerminalLine', () => {
  it('masks input, edits with Backspace and Ctrl+U, ignores arrows, ends at Enter; raw mode restored', async () => {
    const t = term();
    const line = readTerminalLine(t.input, t.output, { mask: true });
    assert.equal((t.input as unknown as { isRaw: boolean }).isRaw, true);
    t.input.write('xx\u0015ab\u001b[Dcx\u007fd\r');
    assert.equal(await line, 'abcd');
    assert.ok(!t.shown().includes('abcd') && !/[a-d]/.test(t.shown()), JSON.stringify(t.shown()));
    assert.equal((t.input as unknown as { isRaw: boolean }).isRaw, false);
  });
  it('a bracketed paste is text, its newline too; a plain paste ending in a newline ends the line', async () => {
    const t = term();
    const line = readTerminalLine(t.input, t.output, { mask: true });
    t.input.write('\u001b[200~key-1\nmore\u001b[201~');
    t.input.write('\r');
    assert.equal(await line, 'key-1more');
    const u = term();
    const plain = readTerminalLine(u.input, u.output, { mask: true });
    u.input.write('pasted-key\n');
    assert.equal(await plain, 'pasted-key');
  });
  it('Ctrl+C cancels; Ctrl+D on an empty line too; the end of input too', async () => {
    for (const keys of ['ab\u0003', '\u0004']) {
      const t = term();
      const line = readTerminalLine(t.input, t.output, { mask: false });
      t.input.write(keys);
      assert.equal(await line, null);
    }
    const t = term();
    const line = readTerminalLine(t.input, t.output, { mask: false });
    t.input.end();
    assert.equal(await line, null);
  });
});

describe('writeKeyFile', () => {
  it(
    'a folder that cannot be made (ENOENT under /proc) fails the write, not hangs',
    { skip: !existsSync('/proc/self'), timeout: 10_000 },
    async () => {
      await assert.rejects(writeKeyFile('/proc/vrc-no-such/vastai/vast_api_key', 'k', false), /ENOENT/);
    },
  );
  it('makes the folder and a 0600 file; never through a symlink; replaces only when told, atomically', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vrc-keyfile-'));
    try {
      const file = join(dir, 'vastai', 'vast_api_key');
      await writeKeyFile(file, 'k1', false);
      assert.equal(readFileSync(file, 'utf8'), 'k1');
      assert.equal(statSync(file).mode & 0o777, 0o600);
      await assert.rejects(writeKeyFile(file, 'k2', false), /EEXIST/);
      await writeKeyFile(file, 'k2', true);
      assert.equal(readFileSync(file, 'utf8'), 'k2');
      const victim = join(dir, 'victim');
      writeFileSync(victim, 'keep');
      const link = join(dir, 'link');
      symlinkSync(victim, link);
      await assert.rejects(writeKeyFile(link, 'k3', false), /EEXIST/);
      await writeKeyFile(link, 'k3', true);
      assert.equal(readFileSync(victim, 'utf8'), 'keep', 'the link target is untouched');
      assert.equal(readFileSync(link, 'utf8'), 'k3');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
