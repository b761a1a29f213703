/**
 * Every request body this program sends, wizard and headless, recorded on loopback and compared
 * with the body the official CLI (vast-ai/vast-cli, `_build_tfa_verification_payload`) sends for
 * the equivalent flags: ids as strings, unset fields left out, never `tfa_method` with
 * `tfa_method_id`, `{}` to send an SMS and `{secret}` to resend it.
 */
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanup, render } from 'ink-testing-library';
import { parseArgs, type Options } from '../../src/args.js';
import { createClient } from '../../src/api/client.js';
import { runHeadless } from '../../src/flow/run-headless.js';
import { App } from '../../src/ui/App.js';
import type { Preset } from '../../src/flow/preset.js';
import { sendAndWait, waitForText, waitUntil } from '../helpers/ink.js';
import { recorder, type Recorded } from '../helpers/recorder.js';

afterEach(() => cleanup());

const CODES = Array.from({ length: 10 }, (_, i) => `K${String(i).padStart(3, '0')}-BBBB-CCCC`);
const TOTP = {
  id: 101,
  method: 'totp',
  label: 'Authenticator app',
  phone_number: null,
  is_primary: true,
  fail_count: 0,
  locked_until: null,
};
const SMS = {
  id: 102,
  method: 'sms',
  label: 'Work phone',
  phone_number: '******4821',
  is_primary: false,
  fail_count: 0,
  locked_until: null,
};
const statusOf = (methods: unknown[]) => ({
  success: true,
  tfa_enabled: true,
  backup_codes_remaining: 3,
  new_method_authorized: false,
  methods,
});

function answers(methods: unknown[] = [TOTP, SMS]) {
  return {
    'GET /api/v0/tfa/status/': statusOf(methods),
    'POST /api/v0/tfa/sms/': { msg: '2FA Sent', secret: 'sms-secret' },
    'POST /api/v0/tfa/sms/resend/': (b: unknown) => ({ msg: 'resent', secret: (b as { secret: string }).secret }),
    'POST /api/v0/tfa/email/': { success: true, msg: 'sent', secret: 'mail-secret' },
    'PUT /api/v0/tfa/regen-backup-codes/': { msg: 'success', backup_codes: CODES },
  };
}

const STATUS_GET: Recorded = { method: 'GET', path: '/api/v0/tfa/status/', body: undefined };
const regen = (body: Record<string, string>): Recorded => ({
  method: 'PUT',
  path: '/api/v0/tfa/regen-backup-codes/',
  body,
});

describe('headless: the official bodies for the same flags', () => {
  const cases: [string[], Recorded[], RegExp?][] = [
    [['-c', '123456', '-t', 'totp'], [regen({ tfa_method: 'totp', code: '123456' })]],
    [['--code', '--method-type', 'totp', '123456'], [regen({ tfa_method: 'totp', code: '123456' })]],
    [['-c', '123456'], [regen({ code: '123456' })]],
    [
      ['-c', '123456', '-t', 'sms', '--secret', 'abc123def456'],
      [regen({ tfa_method: 'sms', code: '123456', secret: 'abc123def456' })],
    ],
    [['-t', 'email', '-c', '123456', '-s', 'm1'], [regen({ tfa_method: 'email', code: '123456', secret: 'm1' })]],
    [['--backup-code', 'ABCD-EFGH-IJKL'], [regen({ backup_code: 'ABCD-EFGH-IJKL' })]],
    [['-bc', ' abcd-efgh-ijkl '], [regen({ backup_code: 'abcd-efgh-ijkl' })]],
    [['-bc', 'CODE', '-t', 'totp'], [regen({ tfa_method: 'totp', backup_code: 'CODE' })]],
    [['-bc', 'CODE', '-id', '7'], [regen({ tfa_method_id: '7', backup_code: 'CODE' })]],
    [
      ['-bc', 'CODE', '-s', 'S1'],
      [regen({ backup_code: 'CODE', secret: 'S1' })],
      /backup code needs no secret: the server ignores it/,
    ],
    [
      ['-s', 'S1', '-t', 'totp', '-c', '123456'],
      [regen({ tfa_method: 'totp', code: '123456', secret: 'S1' })],
      /authenticator \(totp\) code has no secret: the server ignores it/,
    ],
    [
      ['-id', '12', '-c', '123456'],
      [STATUS_GET, regen({ tfa_method_id: '12', code: '123456' })],
    ],
    [
      ['-id', '102', '-c', '123456', '-s', 'S2'],
      [STATUS_GET, regen({ tfa_method_id: '102', code: '123456', secret: 'S2' })],
    ],
    [
      ['-id', 'abc', '-c', '123456'],
      [STATUS_GET, regen({ tfa_method_id: 'abc', code: '123456' })],
    ],
  ];
  for (const [argv, expected, note] of cases) {
    it(argv.join(' '), async () => {
      const r = await recorder(answers());
      try {
        const parsed = parseArgs([...argv, '-y']);
        assert.equal(parsed.kind, 'run', JSON.stringify(parsed));
        const options = (parsed as { options: Options }).options;
        const stdout = new PassThrough();
        const stderr = new PassThrough();
        let err = '';
        stderr.on('data', (c) => (err += c));
        stdout.resume();
        const api = createClient({ baseUrl: r.url, key: { key: 'k-0123456789abcdef', from: 'flag' }, retry: 1 });
        const code = await runHeadless({
          api,
          options,
          stdin: new PassThrough(),
          stdinIsTTY: false,
          stdout,
          stderr,
          home: mkdtempSync(join(tmpdir(), 'vrc-bodies-')),
        });
        assert.equal(code, 0, err);
        assert.deepEqual(r.seen, expected);
        if (note) assert.match(err, note);
        else assert.doesNotMatch(err, /ignores/);
      } finally {
        await r.close();
      }
    });
  }
});

describe('wizard: the official bodies for each way of verifying', () => {
  async function wizard(
    methods: unknown[],
    keys: [string, string][],
    preset: Preset = { yes: false },
  ): Promise<Recorded[]> {
    const r = await recorder(answers(methods));
    try {
      const api = createClient({ baseUrl: r.url, key: { key: 'k-0123456789abcdef', from: 'flag' }, retry: 1 });
      const a = render(
        <App
          api={api}
          statusPromise={api.status()}
          preset={preset}
          demo={null}
          home="/nonexistent"
          resendCooldownMs={0}
          onExit={() => undefined}
        />,
      );
      if (keys.length > 0) await waitForText(a.lastFrame, 'How do you want');
      for (const [key, until] of keys) await sendAndWait(a.stdin, a.lastFrame, key, until);
      await waitUntil(() => r.seen.some((x) => x.method === 'PUT'), 'the regenerate request');
      return r.seen.slice(1); // after the status GET
    } finally {
      await r.close();
    }
  }
  const confirm: [string, string][] = [
    ['\r', 'stop working'],
    ['y', 'K009-BBBB-CCCC'],
  ];
  const sms = { method: 'POST', path: '/api/v0/tfa/sms/', body: {} };

  it('authenticator app, the only one: -t totp', async () => {
    assert.deepEqual(
      await wizard([TOTP, SMS], [['1', 'authenticator app shows now'], ['123456', '> 123456'], ...confirm]),
      [regen({ tfa_method: 'totp', code: '123456' })],
    );
  });
  it('one of two authenticator apps: -id ID, as a string', async () => {
    const other = { ...TOTP, id: 103, label: 'Old phone', is_primary: false };
    assert.deepEqual(
      await wizard([TOTP, other, SMS], [['1', 'authenticator app shows now'], ['123456', '> 123456'], ...confirm]),
      [regen({ tfa_method_id: '101', code: '123456' })],
    );
  });
  it('SMS method: send {}, then -t sms -s SECRET', async () => {
    assert.deepEqual(await wizard([TOTP, SMS], [['2', 'was sent to the phone'], ['654321', '> 654321'], ...confirm]), [
      sms,
      regen({ tfa_method: 'sms', code: '654321', secret: 'sms-secret' }),
    ]);
  });
  it('SMS resend: {secret}', async () => {
    assert.deepEqual(
      await wizard(
        [TOTP, SMS],
        [['2', 'was sent to the phone'], ['r', 'A new code was sent'], ['654321', '> 654321'], ...confirm],
      ),
      [
        sms,
        { method: 'POST', path: '/api/v0/tfa/sms/resend/', body: { secret: 'sms-secret' } },
        regen({ tfa_method: 'sms', code: '654321', secret: 'sms-secret' }),
      ],
    );
  });
  it('legacy account, the phone on file: send {}, then -t sms -s SECRET', async () => {
    assert.deepEqual(
      await wizard([], [['1', 'was sent to the phone number on file'], ['654321', '> 654321'], ...confirm]),
      [sms, regen({ tfa_method: 'sms', code: '654321', secret: 'sms-secret' })],
    );
  });
  it('email: send {}, then -t email -s SECRET', async () => {
    assert.deepEqual(await wizard([TOTP, SMS], [['3', 'valid for 10 minutes'], ['111222', '> 111222'], ...confirm]), [
      { method: 'POST', path: '/api/v0/tfa/email/', body: {} },
      regen({ tfa_method: 'email', code: '111222', secret: 'mail-secret' }),
    ]);
  });
  it('flags that pick the way send their own fields, as the official CLI would: -id 101 -c CODE', async () => {
    assert.deepEqual(await wizard([TOTP, SMS], [], { yes: true, code: '123456', methodId: '101' }), [
      regen({ tfa_method_id: '101', code: '123456' }),
    ]);
  });
  it('backup code: as typed, trimmed', async () => {
    assert.deepEqual(
      await wizard([TOTP, SMS], [['4', 'Enter a backup code'], [' abcd-efgh-ijkl ', 'abcd-efgh-ijkl'], ...confirm]),
      [regen({ backup_code: 'abcd-efgh-ijkl' })],
    );
  });
});
