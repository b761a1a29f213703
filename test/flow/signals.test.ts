/**
 * The signal hold leaves the process as it found it: once released, a write to a pipe whose reader
 * is gone still fails with EPIPE (Node ignores SIGPIPE from the start) instead of ending the
 * process, so the run can still say where the codes are and exit with its own status.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const SIGNALS = fileURLToPath(new URL('../../src/flow/signals.ts', import.meta.url));

test('after holdSignals().release(), a write to a closed pipe is EPIPE, not death by SIGPIPE', async () => {
  const script =
    `const { holdSignals } = await import(${JSON.stringify(SIGNALS)});` +
    'holdSignals(() => {}).release();' +
    "process.stdin.once('data', () => {" +
    "  process.stdout.on('error', (e) => { process.stderr.write(e.code); process.exitCode = 7; });" +
    "  process.stdout.write('x'.repeat(1 << 20));" +
    '});';
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d));
  child.stdout.destroy(); // the reader is gone before anything is written
  child.stdin.end('go\n');
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  assert.equal(signal, null, `ended by ${signal}: ${err}`);
  assert.equal(code, 7, err);
  assert.match(err, /EPIPE/);
});
