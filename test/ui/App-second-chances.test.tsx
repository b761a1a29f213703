/**
 * The two questions of issue 18 through App, on a strict fake API: the regenerate goes out again
 * only after "Try again", a fresh code and the confirmation; a taken --save place is asked about
 * before anything else, and the answer decides where the codes go.
 */
import { afterEach, describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanup, render } from 'ink-testing-library';
import { ApiError } from '../../src/api/errors.js';
import type { Preset } from '../../src/flow/preset.js';
import { App, type WizardExit } from '../../src/ui/App.js';
import type { TakenPlace } from '../../src/codes/taken.js';
import { fakeClock } from '../helpers/clock.js';
import { strictApi, type ExpectedCall } from '../helpers/fake-api.js';
import { sendAndWait, waitForText, waitUntil } from '../helpers/ink.js';
import { screenText } from '../helpers/mount.js';
import { CODES, status } from './fixtures.js';

afterEach(() => cleanup());

function app(t: TestContext, calls: ExpectedCall[], preset: Partial<Preset>, home: string, taken?: TakenPlace) {
  const fake = strictApi(t, calls);
  const clock = fakeClock();
  const exits: WizardExit[] = [];
  const r = render(
    <App
      api={fake.api}
      statusPromise={Promise.resolve(status)}
      preset={{ yes: false, ...preset }}
      demo={null}
      home={home}
      taken={taken ?? null}
      onExit={(e) => exits.push(e)}
      clock={clock}
    />,
  );
  return { ...r, exits, clock, text: () => screenText(r.lastFrame()) };
}

const regen = (code: string, reply: Extract<ExpectedCall, { call: 'regenerate' }>['reply']): ExpectedCall => ({
  call: 'regenerate',
  verification: { kind: 'code', methodType: 'totp', code },
  reply,
});

describe('App: a new attempt after the server asked to wait', () => {
  it('--yes -c: the wait, Try again, a fresh code, the confirmation; the request goes out once each', async (t) => {
    const err = new ApiError({ code: 'outcome_unknown', status: 503, outcomeUnknown: true, retryAfterSeconds: 5 });
    const a = app(
      t,
      [
        regen('123456', () => {
          throw err;
        }),
        regen('654321', () => ({ msg: 'success', backupCodes: CODES, body: {} })),
      ],
      { methodType: 'totp', code: '123456', yes: true },
      '/nonexistent',
    );
    await waitForText(a.lastFrame, 'try again in 5 s');
    a.clock.advance(5000);
    await waitForText(a.lastFrame, '› Try again');
    await sendAndWait(a.stdin, a.lastFrame, '\r', 'A new attempt');
    await sendAndWait(a.stdin, a.lastFrame, '\r', 'authenticator app shows now');
    await sendAndWait(a.stdin, a.lastFrame, '654321', '> 654321');
    await sendAndWait(a.stdin, a.lastFrame, '\r', 'Replace your backup codes?');
    await sendAndWait(a.stdin, a.lastFrame, 'y', CODES[0]!);
  });
  it('q while waiting: the failure, exit 1, no second request', async (t) => {
    const err = new ApiError({ code: 'outcome_unknown', status: 429, outcomeUnknown: true, retryAfterSeconds: 30 });
    const a = app(
      t,
      [
        regen('123456', () => {
          throw err;
        }),
      ],
      { methodType: 'totp', code: '123456', yes: true },
      '/nonexistent',
    );
    await waitForText(a.lastFrame, 'try again in 30 s');
    a.stdin.write('q');
    await waitUntil(() => a.exits.length === 1, 'exit');
    assert.equal(a.exits[0]!.code, 1);
    assert.match(a.text(), /The result of the regeneration is unknown\./);
  });
});

describe('App: a taken --save place', () => {
  it('Replace: the codes go into that file; Go on without it: the file is left alone', async (t) => {
    const home = mkdtempSync(join(tmpdir(), 'vrc-app-taken-'));
    try {
      for (const replace of [true, false]) {
        const file = join(home, `codes-${replace}.txt`);
        writeFileSync(file, 'old\n');
        const a = app(
          t,
          [regen('123456', () => ({ msg: 'success', backupCodes: CODES, body: {} }))],
          { methodType: 'totp', code: '123456', yes: true, savePath: file },
          home,
          { place: file, kind: 'file' },
        );
        await waitForText(a.lastFrame, 'that file already exists');
        if (replace) await sendAndWait(a.stdin, a.lastFrame, '\u001b[B', '› Replace');
        a.stdin.write('\r');
        await waitForText(a.lastFrame, CODES[0]!);
        if (replace) {
          await waitForText(a.lastFrame, 'Saved to');
          assert.match(readFileSync(file, 'utf8'), new RegExp(CODES[0]!));
        } else {
          assert.doesNotMatch(a.text(), /Saved to/);
          assert.equal(readFileSync(file, 'utf8'), 'old\n');
        }
        cleanup();
      }
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
