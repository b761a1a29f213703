import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createClient, type ClientOptions } from '../../src/api/client.js';
import { gzipSync } from 'node:zlib';
import { ApiError } from '../../src/api/errors.js';
import { stubServer, type Scripted } from '../helpers/stub-server.js';
import { errorText } from '../../src/flow/messages.js';

const KEY = 'test-key-0123456789abcdef';
const STATUS = {
  success: true,
  tfa_enabled: true,
  backup_codes_remaining: 3,
  new_method_authorized: false,
  methods: [
    {
      id: 2,
      method: 'sms',
      label: 'Phone',
      phone_number: '******1234',
      is_primary: false,
      fail_count: 1,
      locked_until: null,
    },
    { id: 1, method: 'totp', label: 'App', phone_number: null, is_primary: true, fail_count: 0, locked_until: null },
  ],
};
const CODES = Array.from({ length: 10 }, (_, i) => `AAAA-BBBB-${String(i).padStart(4, '0')}`);

/**
 * Runs `fn` against a stub server answering `script`; afterwards every scripted answer must have
 * been asked for, except the last `unasked` (answers a test scripts to show they are never asked).
 */
async function withStub(
  script: Scripted[],
  extra: Partial<ClientOptions>,
  fn: (
    api: ReturnType<typeof createClient>,
    s: Awaited<ReturnType<typeof stubServer>>,
    sleeps: number[],
  ) => Promise<void>,
  unasked = 0,
) {
  const s = await stubServer(script);
  const sleeps: number[] = [];
  try {
    const api = createClient({
      baseUrl: s.url,
      key: { key: KEY, from: 'flag' },
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      ...extra,
    });
    await fn(api, s, sleeps);
    assert.equal(s.remaining(), unasked, 'scripted answers left');
  } finally {
    await s.close();
  }
}

async function rejects(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof ApiError, `expected ApiError, got ${e}`);
    return e;
  }
  assert.fail('expected a rejection');
}

test('status: path, bearer key, user agent; primary method first', async () => {
  await withStub([{ status: 200, json: STATUS }], {}, async (api, s) => {
    const st = await api.status();
    assert.equal(s.seen[0].method, 'GET');
    assert.equal(s.seen[0].url, '/api/v0/tfa/status/');
    assert.equal(s.seen[0].headers.authorization, `Bearer ${KEY}`);
    assert.match(String(s.seen[0].headers['user-agent']), /^vastai-regen-codes/);
    assert.deepEqual(
      st.methods.map((m) => m.id),
      [1, 2],
    );
    assert.equal(st.backupCodesRemaining, 3);
    assert.equal(st.methods[1].failCount, 1);
  });
});

test('labels from the server are made inert', async () => {
  const evil = { ...STATUS, methods: [{ ...STATUS.methods[0], label: 'Pho\u001b]52;c;aGk=\u0007ne\u001b[2J' }] };
  await withStub([{ status: 200, json: evil }], {}, async (api) => {
    assert.equal((await api.status()).methods[0].label, 'Phone');
  });
});

test('send SMS, resend and email: bodies and secrets', async () => {
  await withStub(
    [
      { status: 200, json: { msg: '2FA Sent', secret: 's1' } },
      { status: 200, json: { msg: 'Resent', secret: 's2' } },
      { status: 200, json: { success: true, msg: 'sent', secret: 's3' } },
    ],
    {},
    async (api, s) => {
      assert.equal((await api.sendSms()).secret, 's1');
      assert.equal((await api.resendSms('s1')).secret, 's2');
      assert.equal((await api.sendEmail()).secret, 's3');
      assert.deepEqual(
        s.seen.map((r) => [r.method, r.url, JSON.parse(r.body)]),
        [
          ['POST', '/api/v0/tfa/sms/', {}],
          ['POST', '/api/v0/tfa/sms/resend/', { secret: 's1' }],
          ['POST', '/api/v0/tfa/email/', {}],
        ],
      );
    },
  );
});

test('regenerate: PUT with the official body, returns the codes and the raw body', async () => {
  await withStub([{ status: 200, json: { msg: 'success', backup_codes: CODES } }], {}, async (api, s) => {
    const r = await api.regenerate({ kind: 'code', methodType: 'totp', code: '123456' });
    assert.deepEqual(r.backupCodes, CODES);
    assert.deepEqual(r.body, { msg: 'success', backup_codes: CODES });
    assert.equal(s.seen[0].method, 'PUT');
    assert.equal(s.seen[0].url, '/api/v0/tfa/regen-backup-codes/');
    assert.equal(s.seen[0].body, '{"tfa_method":"totp","code":"123456"}');
  });
});

test('503 is retried with back-off, then succeeds', async () => {
  await withStub(
    [
      { status: 503, json: { error: 'service_unavailable', msg: 'x' } },
      { status: 503, json: {} },
      { status: 200, json: STATUS },
    ],
    {},
    async (api, s, sleeps) => {
      await api.status();
      assert.equal(s.seen.length, 3);
      assert.deepEqual(sleeps, [150, 225]);
    },
  );
});

test('Retry-After is honoured up to the cap', async () => {
  await withStub(
    [
      { status: 429, json: {}, headers: { 'Retry-After': '3600' } },
      { status: 200, json: STATUS },
    ],
    { maxRetryAfterMs: 2000 },
    async (api, _s, sleeps) => {
      await api.status();
      assert.deepEqual(sleeps, [2000]);
    },
  );
});

test('--retry 1 makes one attempt only', async () => {
  await withStub(
    [{ status: 503, json: { error: 'service_unavailable', msg: 'down' } }],
    { retry: 1 },
    async (api, s) => {
      const e = await rejects(api.status());
      assert.equal(e.code, 'service_unavailable');
      assert.equal(s.seen.length, 1);
    },
  );
});

test('503 on regenerate is not retried: it may have been applied before the answer; the wait is kept', async () => {
  await withStub(
    [
      { status: 503, json: { error: 'service_unavailable' }, headers: { 'Retry-After': '30' } },
      { status: 200, json: { ...STATUS, backup_codes_remaining: 10 } },
    ],
    {},
    async (api, s) => {
      const e = await rejects(api.regenerate({ kind: 'backup', backupCode: 'AAAA-BBBB-CCCC' }));
      assert.equal(e.outcomeUnknown, true);
      assert.equal(e.retryAfterSeconds, 30);
      assert.match(errorText(e).hint, /wait 30 s/);
      assert.deepEqual(
        s.seen.map((r) => r.method),
        ['PUT', 'GET'],
      );
    },
  );
});

for (const [name, answer] of [
  ['502', { status: 502, text: '<html>bad gateway</html>' }],
  ['504', { status: 504, json: {} }],
  ['a dropped connection', 'drop'],
  ['a 200 that is not JSON', { status: 200, text: '<html>ok</html>' }],
  ['a 200 without codes', { status: 200, json: { msg: 'success' } }],
] as [string, Scripted][]) {
  test(`regenerate after ${name}: not retried, outcome unknown, status re-checked`, async () => {
    await withStub([answer, { status: 200, json: { ...STATUS, backup_codes_remaining: 10 } }], {}, async (api, s) => {
      const e = await rejects(api.regenerate({ kind: 'code', methodType: 'totp', code: '123456' }));
      assert.equal(e.outcomeUnknown, true);
      assert.equal(e.code, 'outcome_unknown');
      assert.match(errorText(e).title, /may already have replaced your backup codes/);
      assert.equal(e.backupCodesRemaining, 10);
      assert.deepEqual(
        s.seen.map((r) => r.method),
        ['PUT', 'GET'],
      );
    });
  });
}

test('a refused connection is retried, then reported plainly', async () => {
  const s = await stubServer([]);
  await s.close();
  const sleeps: number[] = [];
  const api = createClient({
    baseUrl: s.url,
    key: { key: KEY, from: 'flag' },
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  const e = await rejects(api.regenerate({ kind: 'backup', backupCode: 'AAAA-BBBB-CCCC' }));
  assert.equal(e.code, 'network');
  assert.equal(e.outcomeUnknown, false);
  assert.equal(sleeps.length, 2);
});

test('a timeout on status is reported as a timeout', async () => {
  const { createServer } = await import('node:http');
  const server = createServer(() => {
    /* never answers */
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  try {
    const api = createClient({
      baseUrl: `http://127.0.0.1:${port}`,
      key: { key: KEY, from: 'flag' },
      timeoutMs: 100,
      retry: 1,
    });
    const e = await rejects(api.status());
    assert.equal(e.code, 'timeout');
  } finally {
    const closed = new Promise<void>((r) => server.close(() => r()));
    server.closeAllConnections();
    await closed;
  }
});

test('a non-JSON error body becomes a clear error', async () => {
  await withStub([{ status: 500, text: '<html>oops</html>' }], {}, async (api) => {
    const e = await rejects(api.status());
    assert.equal(e.code, 'bad_response');
    assert.match(errorText(e).title, /HTTP 500/);
  });
});

test('a status without tfa_enabled is a shape error, not undefined on screen', async () => {
  await withStub([{ status: 200, json: { hello: 'world' } }], {}, async (api) => {
    const e = await rejects(api.status());
    assert.equal(e.code, 'bad_response');
  });
});

test('401 with no body: the key was refused', async () => {
  await withStub([{ status: 401, json: undefined }], {}, async (api) => {
    const e = await rejects(api.status());
    assert.equal(e.code, 'unauthorized');
    assert.match(errorText(e).hint, /--api-key/);
  });
});

test('wrong code carries fail_count, locked_until and attempts left', async () => {
  await withStub(
    [
      {
        status: 400,
        json: { error: '2fa_verification_failed', msg: 'Invalid code', fail_count: 1, locked_until: null },
      },
    ],
    {},
    async (api) => {
      const e = await rejects(api.regenerate({ kind: 'code', methodType: 'sms', code: '000000', secret: 's' }));
      assert.equal(e.code, '2fa_verification_failed');
      assert.equal(e.failCount, 1);
      assert.equal(e.lockedUntil, null);
      assert.match(errorText(e).title, /2 attempts left/);
      assert.equal(e.serverMsg, 'Invalid code');
    },
  );
});

test('tfa_locked (429) is not retried', async () => {
  const until = Math.floor(Date.now() / 1000) + 900;
  await withStub(
    [{ status: 429, json: { error: 'tfa_locked', msg: 'locked', fail_count: 5, locked_until: until } }],
    {},
    async (api, s) => {
      const e = await rejects(api.regenerate({ kind: 'code', methodType: 'totp', code: '000000' }));
      assert.equal(e.code, 'tfa_locked');
      assert.equal(e.lockedUntil, until);
      assert.equal(s.seen.length, 1);
      assert.match(errorText(e).hint, /backup code/);
    },
  );
});

test('a gzip-compressed tfa_locked (429) is read as such and not retried', async () => {
  const bytes = gzipSync(JSON.stringify({ error: 'tfa_locked', msg: 'locked', fail_count: 5, locked_until: 0 }));
  await withStub([{ status: 429, bytes, headers: { 'Content-Encoding': 'gzip' } }], {}, async (api, s) => {
    const e = await rejects(api.regenerate({ kind: 'code', methodType: 'totp', code: '000000' }));
    assert.equal(e.code, 'tfa_locked');
    assert.equal(s.seen.length, 1);
  });
});

test('an expired 2FA session key falls back to vast_api_key once, and says so', async () => {
  const notices: string[] = [];
  await withStub(
    [
      { status: 401, json: { error: 'auth_error', msg: 'Invalid user key' } },
      { status: 200, json: STATUS },
    ],
    {
      key: { key: 'session-key-000000', from: 'tfa_key_file' },
      fallbackKey: { key: 'plain-key-111111', from: 'api_key_file' },
      notice: (m) => notices.push(m),
    },
    async (api, s) => {
      await api.status();
      assert.equal(s.seen[0].headers.authorization, 'Bearer session-key-000000');
      assert.equal(s.seen[1].headers.authorization, 'Bearer plain-key-111111');
      assert.equal(notices.length, 1);
      assert.match(notices[0], /vastai tfa login/);
    },
  );
});

test('404 "Session expired" with no fallback key says to log in again', async () => {
  await withStub(
    [{ status: 404, json: { msg: 'Session expired. Please log in again.' } }],
    { key: { key: 'session-key-000000', from: 'tfa_key_file' }, fallbackKey: null },
    async (api) => {
      const e = await rejects(api.status());
      assert.equal(e.code, 'session_expired');
    },
  );
});

test('--explain traces each call without secrets', async () => {
  const lines: string[] = [];
  await withStub(
    [{ status: 200, json: { msg: 'success', backup_codes: CODES } }],
    { explain: (l) => lines.push(l) },
    async (api) => {
      await api.regenerate({ kind: 'code', methodType: 'sms', code: '987654', secret: 'chal-secret' });
    },
  );
  const text = lines.join('\n');
  assert.match(text, /→ PUT http:\/\/127\.0\.0\.1:\d+\/api\/v0\/tfa\/regen-backup-codes\//);
  assert.match(text, /← 200/);
  assert.match(text, /Bearer \[the key from --api-key\]/, 'the key is named by where it came from');
  for (const secret of [KEY, 'test-key', '0123456789ab', 'cdef', '987654', 'chal-secret', ...CODES])
    assert.ok(!text.includes(secret), `leaked ${secret}`);
});

test('a refused key says where that key came from, never the key', async () => {
  await withStub(
    [{ status: 401, json: { error: 'auth_error', msg: 'Invalid user key' } }],
    { key: { key: 'env-key-0123456789', from: 'env' } },
    async (api) => {
      const e = await rejects(api.status());
      assert.match(errorText(e).hint, /^The key used came from the VAST_API_KEY variable\./);
      assert.ok(!`${errorText(e).title} ${errorText(e).hint}`.includes('env-key-0123456789'));
    },
  );
});

test('--explain masks the key even when the server echoes it back in a page', async () => {
  const lines: string[] = [];
  await withStub(
    [
      { status: 502, text: `<html>bad gateway; request had Authorization: Bearer ${KEY}</html>` },
      { status: 200, json: STATUS },
    ],
    { explain: (l) => lines.push(l) },
    async (api) => {
      await api.status();
    },
  );
  const text = lines.join('\n');
  assert.match(text, /← 502/);
  assert.ok(!text.includes(KEY), 'the echoed key is masked');
  assert.ok(!text.includes(KEY.slice(0, 8)) && !text.includes(KEY.slice(-8)), 'no part of it either');
});

describe('answers are capped after decompression, with no retry', () => {
  const big = Buffer.alloc(2 * 1024 * 1024, 0x20); // 2 MiB of spaces: valid JSON whitespace around nothing
  for (const [name, answer] of [
    ['a declared length above the cap', { status: 200, bytes: big }],
    ['an undeclared (chunked) body above the cap', { status: 503, bytes: big, chunks: 64 }],
    [
      'a gzip answer that expands above the cap',
      { status: 200, bytes: gzipSync(big), headers: { 'Content-Encoding': 'gzip' } },
    ],
  ] as [string, Scripted][]) {
    test(`status: ${name}`, async () => {
      await withStub(
        [answer, { status: 200, json: STATUS }],
        {},
        async (api, s) => {
          const e = await rejects(api.status());
          assert.equal(e.code, 'bad_response');
          assert.match(errorText(e).title, /larger than 1024 KiB; it was not read/);
          assert.equal(s.seen.length, 1, 'not asked again');
        },
        1,
      );
    });
  }
  test('regenerate: an answer above the cap is an unknown outcome, re-checked, never re-sent', async () => {
    await withStub(
      [
        { status: 200, bytes: gzipSync(big), headers: { 'Content-Encoding': 'gzip' } },
        { status: 200, json: STATUS },
      ],
      {},
      async (api, s) => {
        const e = await rejects(api.regenerate({ kind: 'code', methodType: 'totp', code: '123456' }));
        assert.equal(e.outcomeUnknown, true);
        assert.deepEqual(
          s.seen.map((r) => r.method),
          ['PUT', 'GET'],
        );
      },
    );
  });
  test('a compressed answer under the cap is read (compression is not asked for)', async () => {
    await withStub(
      [{ status: 200, bytes: gzipSync(JSON.stringify(STATUS)), headers: { 'Content-Encoding': 'gzip' } }],
      {},
      async (api, s) => {
        assert.equal((await api.status()).backupCodesRemaining, 3);
        assert.equal(s.seen[0].headers['accept-encoding'], undefined);
      },
    );
  });
});

test('the switch to vast_api_key is not an attempt: all --retry attempts remain after it', async () => {
  const down = { status: 503, json: { error: 'service_unavailable', msg: 'down' } };
  await withStub(
    [
      { status: 404, json: { msg: 'Session expired. Please log in again.' } },
      down,
      down,
      { status: 200, json: STATUS },
    ],
    {
      key: { key: 'session-key-000000', from: 'tfa_key_file' },
      fallbackKey: { key: 'plain-key-111111', from: 'api_key_file' },
    },
    async (api, s, sleeps) => {
      await api.status();
      assert.equal(s.seen.length, 4);
      assert.deepEqual(sleeps, [150, 225], 'two back-offs, none for the switch');
    },
  );
});

test('a POST is not re-sent after a gateway error (the SMS may have gone out)', async () => {
  await withStub(
    [
      { status: 502, json: {} },
      { status: 200, json: { msg: 'sent', secret: 's' } },
    ],
    {},
    async (api, s) => {
      await rejects(api.sendSms());
      assert.equal(s.seen.length, 1);
    },
    1,
  );
});
