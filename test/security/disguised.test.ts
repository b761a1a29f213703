/**
 * A hostile server echoing the key disguised (split by zero-width spaces or soft hyphens every 7
 * characters, or in fullwidth letters): never printed, in errors or --explain. Its text, wherever
 * printed (--raw's msg too), carries no escape sequence or format character.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ensureBuild, runCli, tempDir } from '../helpers/pipe-run.js';
import { stubServer } from '../helpers/stub-server.js';

const KEY = 'sk-HOSTILE-0123456789abcdefXYZ';
const split = (s: string, sep: string) => Array.from(s.matchAll(/.{1,7}/g), (m) => m[0]).join(sep);
const fullwidth = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
/** Output folded the way a reader sees it: format characters gone, compatibility forms plain. */
const seen = (s: string) =>
  s
    .replace(/\\u([0-9a-f]{4})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/\p{Cf}/gu, '')
    .normalize('NFKC');

let home: string;
before(() => {
  ensureBuild();
  home = tempDir('vrc-disguised-');
});

for (const [name, disguised] of [
  ['zero-width spaces', split(KEY, '\u200b')],
  ['soft hyphens', split(KEY, '\u00ad')],
  ['fullwidth letters', fullwidth(KEY)],
] as const) {
  test(`the key echoed in ${name}: not in the error, not in --explain`, async () => {
    const s = await stubServer([{ status: 400, json: { msg: `Bad key ${disguised} given` } }]);
    try {
      const r = await runCli(['--url', s.url, '--api-key', KEY, '-c', '123456', '--yes', '--explain'], { home });
      assert.equal(r.status, 1, r.stderr);
      assert.ok(s.seen.length >= 1);
      const out = seen(r.stdout + r.stderr);
      for (const part of ['HOSTILE', '0123456', '789abcd', 'efXYZ']) assert.ok(!out.includes(part), `${part}:\n${out}`);
      assert.match(r.stderr, /HTTP 400: Bad key .* given/, 'the rest of the message is shown');
      assert.match(r.stderr, /"msg":"Bad key .* given"/, 'and in --explain');
    } finally {
      await s.close();
    }
  });
}

test("--raw: the server's msg reaches stdout as text, without escape sequences or format characters", async () => {
  const codes = Array.from({ length: 10 }, (_, i) => `AAAA-BBBB-${String(i).padStart(4, '0')}`);
  const s = await stubServer([
    { status: 200, json: { msg: 'ok\u001b[31m red\u001b]0;title\u0007 \u202eevil', backup_codes: codes } },
  ]);
  try {
    const r = await runCli(['--url', s.url, '--api-key', KEY, '-c', '123456', '--yes', '--raw', '--stdout-only'], {
      home,
    });
    assert.equal(r.status, 0, r.stderr);
    const msg = (JSON.parse(r.stdout) as { msg: string }).msg;
    assert.equal(msg, 'ok red evil');
  } finally {
    await s.close();
  }
});
