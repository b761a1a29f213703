/**
 * patches/got+16.1.0+001+web-streams-only-when-used.patch: got checks every request body with
 * `instanceof ReadableStream`, and reading that global makes Node load its Web Streams
 * implementation, also for a JSON body on a request that never sees a Web stream. The test bundles
 * got as dist/ is bundled (importing it unbundled reads every export of Node's built-ins, which
 * loads Web Streams by itself) and runs a request in a fresh Node, since a process cannot unload
 * a module. It fails on the unpatched package.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { bundleOptions } from '../../scripts/bundle-options.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'vrc-got-'));
let server: Server;
let url = '';

before(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
after(() => {
  server.close();
  rmSync(work, { recursive: true, force: true });
});

/** Bundles `script` (an ES module) as dist/ is bundled and runs it in a fresh Node; its stdout, parsed. */
async function inFreshNode(script: string): Promise<{ ok: boolean; webStreams: boolean }> {
  const outfile = join(work, `${Math.random().toString(36).slice(2)}.mjs`);
  await build({ ...bundleOptions(), stdin: { contents: script, resolveDir: ROOT, loader: 'js' }, outfile });
  const child = spawn(process.execPath, [outfile, url], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += String(d)));
  const [code] = (await once(child, 'close')) as [number];
  assert.equal(code, 0, out);
  return JSON.parse(out) as { ok: boolean; webStreams: boolean };
}

const LOADED = "process.moduleLoadList.includes('NativeModule internal/webstreams/readablestream')";

test('got: a request with a JSON body does not load Web Streams', async () => {
  const r = await inFreshNode(
    "import got from 'got';\n" +
      'const body = await got.put(process.argv[2], { json: { a: 1 }, retry: { limit: 0 } }).json();\n' +
      `console.log(JSON.stringify({ ok: body.ok, webStreams: ${LOADED} }));\n`,
  );
  assert.deepEqual(r, { ok: true, webStreams: false });
});

test('got: a Web ReadableStream is still sent as a body', async () => {
  const r = await inFreshNode(
    "import got from 'got';\n" +
      "const stream = new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode('{}')); c.close(); } });\n" +
      'const body = await got.put(process.argv[2], { body: stream, retry: { limit: 0 } }).json();\n' +
      `console.log(JSON.stringify({ ok: body.ok, webStreams: ${LOADED} }));\n`,
  );
  assert.deepEqual(r, { ok: true, webStreams: true });
});
