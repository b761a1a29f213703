/**
 * No secrets in clear to another host: a plain-http --url (or $VAST_URL) that is not this machine is
 * refused before any request, naming https and --allow-http; with --allow-http it still warns.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ensureBuild, runCli, tempDir } from '../helpers/pipe-run.js';

// TEST-NET-1 (RFC 5737): never a real host; nothing may be sent there in any case.
const FAR = 'http://192.0.2.10:8080';
let home: string;
before(() => {
  ensureBuild();
  home = tempDir('vrc-plainhttp-');
});

test('--url http://<another host> --yes: exit 2 before any request, naming https and --allow-http', async () => {
  for (const [args, env] of [
    [['--url', FAR], {}],
    [[], { VAST_URL: FAR }],
  ] as const) {
    const r = await runCli([...args, '--api-key', 'some-key-123456789', '-c', '123456', '--yes'], { home, env });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /plain http to another machine/);
    assert.match(r.stderr, /https:\/\//);
    assert.match(r.stderr, /--allow-http/);
    assert.doesNotMatch(r.stderr, /some-key/);
  }
});

test('with --allow-http the URL is taken with a warning (shown before a local refusal ends the run)', async () => {
  const r = await runCli(['--url', FAR, '--allow-http', '--api-key', 'some-key-123456789', '-c', '12345', '--yes'], {
    home,
  });
  assert.equal(r.status, 2, r.stderr);
  assert.match(
    r.stderr,
    /Warning: http:\/\/192\.0\.2\.10:8080 is plain http; your API key and codes travel unencrypted/,
  );
  assert.match(r.stderr, /A code has 6 digits/);
});
