import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { serveDemoForeground } from '../../src/demo/serve-foreground.js';
import { isLoopback } from '../../src/demo/server.js';

/** Starts the foreground server on a free port and resolves with its banner lines. */
function start(stop?: AbortSignal) {
  let printed!: (lines: string[]) => void;
  const banner = new Promise<string[]>((r) => (printed = r));
  const done = serveDemoForeground({ port: 0, stop, out: { write: (s: string) => printed(s.split('\n')) } });
  return { banner, done };
}

test('prints URL and key first, serves, and stops on abort', async () => {
  const ac = new AbortController();
  const { banner, done } = start(ac.signal);
  const lines = await banner;
  assert.match(lines[0]!, /^Demo API: http:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(lines[1], 'API key:  vastai-demo-key');
  const url = lines[0]!.slice('Demo API: '.length);
  assert.ok(lines.some((l) => l.includes(`--url ${url} --api-key vastai-demo-key`)));
  assert.ok(lines.some((l) => l.includes(`${url}/__demo/inbox`)));
  const r = await fetch(`${url}/api/v0/tfa/status/`, { headers: { Authorization: 'Bearer vastai-demo-key' } });
  assert.equal(r.status, 200);
  ac.abort();
  await done;
  await assert.rejects(fetch(`${url}/__demo/inbox`));
});

test('resolves on SIGTERM and removes its signal handlers', async () => {
  const before = process.listenerCount('SIGTERM');
  const beforeInt = process.listenerCount('SIGINT');
  const { banner, done } = start();
  const lines = await banner;
  assert.equal(process.listenerCount('SIGTERM'), before + 1);
  process.emit('SIGTERM');
  await done;
  assert.equal(process.listenerCount('SIGTERM'), before);
  assert.equal(process.listenerCount('SIGINT'), beforeInt);
  await assert.rejects(fetch(`${lines[0]!.slice('Demo API: '.length)}/__demo/inbox`));
});

test('a port in use is a clear error', async () => {
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
  const port = (blocker.address() as AddressInfo).port;
  try {
    await assert.rejects(
      serveDemoForeground({ port, out: { write: () => true } }),
      new RegExp(`Port ${port} on 127\\.0\\.0\\.1 is already in use`),
    );
  } finally {
    await new Promise((r) => blocker.close(r));
  }
});

test('a non-loopback --host prints a warning naming what becomes reachable; loopback hosts print none', async () => {
  const lines: string[] = [];
  const ac = new AbortController();
  const printed = new Promise<void>((resolve) => {
    void serveDemoForeground({
      port: 0,
      host: '0.0.0.0',
      stop: ac.signal,
      out: {
        write: (s: string) => {
          lines.push(...s.split('\n'));
          resolve();
        },
      },
    });
  });
  await printed;
  const warning = lines.find((l) => l.startsWith('Warning:')) ?? '';
  assert.match(warning, /--host 0\.0\.0\.0 is not loopback/);
  assert.match(warning, /other machines .* can use the demo API/);
  assert.match(warning, /control endpoints \(\/__demo\/\.\.\.\) still answer this machine only/);
  // From this machine the control endpoints still answer.
  const url = lines[0]!.slice('Demo API: '.length).replace('0.0.0.0', '127.0.0.1');
  assert.equal((await fetch(`${url}/__demo/inbox`)).status, 200);
  ac.abort();

  const quiet = new AbortController();
  const { banner } = start(quiet.signal);
  assert.ok(!(await banner).some((l) => l.startsWith('Warning:')));
  quiet.abort();
});

test('control endpoints: loopback clients only', () => {
  for (const a of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1']) assert.equal(isLoopback(a), true, a);
  for (const a of ['10.0.0.5', '192.168.1.2', '::ffff:10.0.0.5', 'fe80::1', '0.0.0.0', undefined])
    assert.equal(isLoopback(a), false, String(a));
});
