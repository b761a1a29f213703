/**
 * The regenerate request leaves at most once, and every code that arrived is kept: a loopback
 * server counts the PUTs it receives and answers each scripted way (a status, a stalled or cut
 * body, a dropped connection, bytes after the JSON). Whatever happens after the request may have
 * left, the error says the codes may have been replaced, never "not accepted" or "nothing changed".
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient } from '../../src/api/client.js';
import { isApiError, type ApiError } from '../../src/api/errors.js';
import type { RegenResult } from '../../src/api/types.js';
import { errorText } from '../../src/flow/messages.js';

const CODES = Array.from({ length: 10 }, (_, i) => `QQQQ-RRRR-${String(i).padStart(4, '0')}`);
const BODY = JSON.stringify({ msg: 'success', backup_codes: CODES });
const STATUS = { tfa_enabled: true, backup_codes_remaining: 10, new_method_authorized: false, methods: [] };

type PutAnswer = (req: IncomingMessage, res: ServerResponse, n: number) => void;

/** A server answering the n-th PUT with `answers[n]` (the last one repeats), and GET status plainly. */
async function counting(answers: PutAnswer[]) {
  let puts = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.method === 'PUT') {
        const n = puts++;
        answers[Math.min(n, answers.length - 1)]!(req, res, n);
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(STATUS));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    puts: () => puts,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

const status =
  (code: number, json: unknown, headers: Record<string, string> = {}): PutAnswer =>
  (_q, res) => {
    res.writeHead(code, { 'Content-Type': 'application/json', ...headers });
    res.end(JSON.stringify(json));
  };
const refused = status(400, { error: '2fa_verification_failed', msg: 'Invalid code', fail_count: 1 });
const ok = status(200, { msg: 'success', backup_codes: CODES });

async function regen(url: string, timeoutMs = 30_000): Promise<RegenResult | ApiError> {
  const api = createClient({
    baseUrl: url,
    key: { key: 'k'.repeat(24), from: 'flag' },
    timeoutMs,
    sleep: async () => undefined,
  });
  try {
    return await api.regenerate({ kind: 'code', methodType: 'totp', code: '123456' });
  } catch (e) {
    assert.ok(isApiError(e), String(e));
    return e;
  }
}

function assertMayHaveReplaced(r: RegenResult | ApiError): ApiError {
  assert.ok(isApiError(r), 'an error');
  assert.equal(r.outcomeUnknown, true, errorText(r).title);
  const { title, hint } = errorText(r);
  assert.match(title, /may already have replaced your backup codes/);
  assert.doesNotMatch(`${title} ${hint}`, /not accepted|nothing was changed|never left/);
  assert.match(hint, /fresh code/);
  return r;
}

describe('at most once: the PUT is never sent again once it may have left', () => {
  for (const [name, first] of [
    ['503', status(503, { error: 'service_unavailable', msg: 'down' })],
    ['429 without a lock', status(429, { msg: 'slow down' }, { 'Retry-After': '2' })],
    ['500', status(500, { msg: 'oops' })],
    ['524 (a proxy timeout page)', (_q: IncomingMessage, res: ServerResponse) => res.writeHead(524).end('<html>')],
    ['502', status(502, {})],
  ] as [string, PutAnswer][]) {
    test(`${name} once, then a refused code: one PUT, "may have been replaced"`, async () => {
      const s = await counting([first, refused]);
      try {
        assertMayHaveReplaced(await regen(s.url));
        assert.equal(s.puts(), 1);
      } finally {
        await s.close();
      }
    });
  }

  test('a 429 with Retry-After: the wait is told with the outcome', async () => {
    const s = await counting([status(429, { msg: 'slow down' }, { 'Retry-After': '45' })]);
    try {
      const e = assertMayHaveReplaced(await regen(s.url));
      assert.equal(e.retryAfterSeconds, 45);
      assert.match(errorText(e).hint, /wait 45 s/);
      assert.equal(s.puts(), 1);
    } finally {
      await s.close();
    }
  });

  test('headers, then a stalled body: one PUT, no retry after the timeout', async () => {
    const s = await counting([
      (_q, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.write('{"msg": "succ');
      },
    ]);
    try {
      assertMayHaveReplaced(await regen(s.url, 300));
      assert.equal(s.puts(), 1);
    } finally {
      await s.close();
    }
  });

  test('no answer at all (a request timeout): one PUT', async () => {
    const s = await counting([() => undefined]);
    try {
      assertMayHaveReplaced(await regen(s.url, 300));
      assert.equal(s.puts(), 1);
    } finally {
      await s.close();
    }
  });

  test('a dropped connection: one PUT', async () => {
    const s = await counting([(q) => q.socket.destroy()]);
    try {
      assertMayHaveReplaced(await regen(s.url));
      assert.equal(s.puts(), 1);
    } finally {
      await s.close();
    }
  });

  test('503, then the server gone: one PUT, never "never left"', async () => {
    let close: () => Promise<void> = async () => undefined;
    const s = await counting([
      (_q, res) => {
        res.writeHead(503, { 'Content-Type': 'application/json' });
        res.end('{"error":"service_unavailable"}', () => void close());
      },
    ]);
    close = s.close;
    try {
      assertMayHaveReplaced(await regen(s.url));
      assert.equal(s.puts(), 1);
    } finally {
      await s.close();
    }
  });

  test("the server's own refusal is still said plainly (one PUT)", async () => {
    const s = await counting([refused, ok]);
    try {
      const e = await regen(s.url);
      assert.ok(isApiError(e));
      assert.equal(e.outcomeUnknown, false);
      assert.match(errorText(e).title, /not accepted/);
      assert.equal(s.puts(), 1);
    } finally {
      await s.close();
    }
  });
});

describe('every code that arrived is kept, from a damaged answer', () => {
  const cases: [string, PutAnswer, number?][] = [
    [
      'a Content-Length longer than what came',
      (q, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(BODY.length + 40) });
        res.write(BODY, () => setTimeout(() => q.socket.destroy(), 20));
      },
    ],
    [
      'a chunked stream cut before its last chunk',
      (q, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.write(BODY.slice(0, -1), () => setTimeout(() => q.socket.destroy(), 20));
      },
    ],
    [
      'bytes after the JSON',
      (_q, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(`${BODY}\n<!-- injected by a proxy -->`);
      },
    ],
    [
      'the whole list, then the body stalls',
      (_q, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.write(BODY.slice(0, -1));
      },
      300,
    ],
  ];
  for (const [name, answer, timeout] of cases) {
    test(`${name}: the ten codes, a warning, one PUT`, async () => {
      const s = await counting([answer]);
      try {
        const r = await regen(s.url, timeout);
        assert.ok(!isApiError(r), isApiError(r) ? errorText(r).title : '');
        assert.deepEqual(r.backupCodes, CODES);
        assert.match((r.warnings ?? []).join(' '), /answer was damaged/);
        assert.equal(s.puts(), 1);
      } finally {
        await s.close();
      }
    });
  }

  test('a list cut in its middle is not taken for the codes: outcome unknown', async () => {
    const s = await counting([
      (q, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.write(BODY.slice(0, 60), () => setTimeout(() => q.socket.destroy(), 20));
      },
    ]);
    try {
      assertMayHaveReplaced(await regen(s.url));
    } finally {
      await s.close();
    }
  });

  test('a 5000-character code is kept whole', async () => {
    const long = 'L'.repeat(5000);
    const s = await counting([status(200, { msg: 'success', backup_codes: [long, ...CODES.slice(1)] })]);
    try {
      const r = await regen(s.url);
      assert.ok(!isApiError(r));
      assert.equal(r.backupCodes[0], long);
      assert.deepEqual((r.body as { backup_codes: string[] }).backup_codes[0], long);
      assert.match((r.warnings ?? []).join(' '), /5000 characters/);
    } finally {
      await s.close();
    }
  });
});
