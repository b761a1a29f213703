/**
 * A key Node refuses to put in a header (a newline, a control character) means nothing left:
 * decided from Node's own refusal, never "may already have been replaced".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from '../../src/api/client.js';
import { isApiError } from '../../src/api/errors.js';
import { errorText } from '../../src/flow/messages.js';
import { stubServer } from '../helpers/stub-server.js';
import { ensureBuild, runCli, tempDir } from '../helpers/pipe-run.js';

for (const [what, key] of [
  ['a newline', 'abcdefgh\nijklmnop'],
  ['a carriage return', 'abcdefgh\rijklmnop'],
  ['a NUL', 'abcdefgh\u0000ijklmnop'],
] as const) {
  test(`a key with ${what}: the regenerate request never left, the key is called malformed, not retried`, async () => {
    const s = await stubServer([{ status: 200, json: { msg: 'success', backup_codes: ['AAAA-BBBB-CCCC'] } }]);
    try {
      const api = createClient({ baseUrl: s.url, key: { key, from: 'env' }, retry: 3, backoffMs: 1 });
      const e = await api.regenerate({ kind: 'code', methodType: 'totp', code: '123456' }).then(
        () => assert.fail('it succeeded'),
        (x: unknown) => x,
      );
      assert.ok(isApiError(e));
      assert.equal(e.code, 'malformed_key');
      assert.equal(e.outcomeUnknown, false);
      assert.equal(e.neverSent, true);
      const { title } = errorText(e);
      assert.match(title, /API key is malformed/);
      assert.match(title, /never left this computer: nothing was changed/);
      assert.doesNotMatch(title, /may already/);
      assert.equal(s.seen.length, 0);
    } finally {
      await s.close();
    }
  });
}

test('dist/cli.js, such a key in VAST_API_KEY: exit 2 before any request, naming where it came from', async () => {
  ensureBuild();
  const s = await stubServer([]);
  const home = tempDir('vrc-badkey-');
  try {
    const r = await runCli(['--url', s.url, '-c', '123456', '--yes'], {
      home,
      env: { VAST_API_KEY: 'abcdefgh\nijklmnop' },
    });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /The API key from VAST_API_KEY is malformed/);
    assert.match(r.stderr, /Nothing was sent/);
    assert.doesNotMatch(r.stderr, /may already/);
    assert.equal(s.seen.length, 0);
  } finally {
    await s.close();
  }
});
