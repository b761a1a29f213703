// The wizard's "save to pass" and --save-command against a real, throw-away password store.
import { after, afterEach, before, describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, render } from 'ink-testing-library';
import { formatCodesFile } from '../../src/codes/format.js';
import { storeInPass } from '../../src/codes/pass.js';
import type { Preset } from '../../src/flow/preset.js';
import { App, type WizardExit } from '../../src/ui/App.js';
import { fakeClock, T0 } from '../helpers/clock.js';
import { strictApi } from '../helpers/fake-api.js';
import { sendAndWait, waitForText } from '../helpers/ink.js';
import { filesContaining, HAVE_PASS, makePassStore, type PassStore } from '../helpers/pass-store.js';
import { CODES, status } from './fixtures.js';

const skip = HAVE_PASS ? false : 'pass and gpg are not installed (see .ci/run)';
let s: PassStore;
before(() => {
  if (HAVE_PASS) s = makePassStore({ prefix: 'vrc-app-pass-' });
});
after(() => s?.cleanup());
afterEach(() => cleanup());

/** The wizard with --code 123456 --yes: one regenerate call, answered with CODES at the fake clock's T0. */
function app(t: TestContext, preset: Partial<Preset>, env: NodeJS.ProcessEnv) {
  const exits: WizardExit[] = [];
  const { api } = strictApi(t, [
    {
      call: 'regenerate',
      verification: { kind: 'code', methodType: 'totp', code: '123456' },
      reply: () => ({ msg: 'success', backupCodes: CODES, body: {} }),
    },
  ]);
  const r = render(
    <App
      api={api}
      statusPromise={Promise.resolve(status)}
      preset={{ methodType: 'totp', code: '123456', yes: true, ...preset }}
      demo={null}
      home={s.home}
      env={env}
      onExit={(e) => exits.push(e)}
      clock={fakeClock()}
    />,
  );
  return { ...r, exits };
}

describe('App with pass', { skip }, () => {
  before(() => {
    if (HAVE_PASS) writeFileSync(s.log, '');
  });
  it('p stores the codes as an entry, read back; the done screen names it; no plaintext in HOME', async (t) => {
    const a = app(t, {}, s.env);
    await waitForText(a.lastFrame, 'p pass');
    await sendAndWait(a.stdin, a.lastFrame, 'p', '> vast.ai/backup-codes');
    await sendAndWait(
      a.stdin,
      a.lastFrame,
      '\r',
      'Stored in pass as vast.ai/backup-codes: read back and checked',
      20_000,
    );
    // gpg may not open a passphrase prompt on the terminal Ink reads keys from: it fails instead.
    const log = readFileSync(s.log, 'utf8');
    assert.equal(log.match(/^PASSWORD_STORE_GPG_OPTS=--pinentry-mode=error$/gm)?.length, 2, 'insert and show, both');
    const text = s.show('vast.ai/backup-codes');
    assert.ok(text !== null && text.includes(CODES[9]!));
    assert.match(text!, /VAST\.AI 2FA BACKUP CODES/);
    const end = await sendAndWait(
      a.stdin,
      a.lastFrame,
      'q',
      'Done: 10 new backup codes stored in pass as vast.ai/backup-codes',
    );
    assert.doesNotMatch(end, /K00\d-BBBB-CCCC/);
    assert.deepEqual(a.exits, [{ code: 0, dump: null }]);
    assert.equal(existsSync(join(s.home, 'Downloads')), false);
    assert.deepEqual(filesContaining(s.home, CODES), []);
  });
  it('a taken entry name is never overwritten: the field asks again, offering NAME-2', async (t) => {
    const a = app(t, {}, s.env);
    await waitForText(a.lastFrame, 'p pass');
    await sendAndWait(a.stdin, a.lastFrame, 'p', '> vast.ai/backup-codes');
    await sendAndWait(a.stdin, a.lastFrame, '\r', /^> vast\.ai\/backup-codes-2/m, 20_000);
    assert.match(a.lastFrame()!, /already exists;\s+it\s+was\s+not\s+overwritten/);
    await sendAndWait(a.stdin, a.lastFrame, '\r', 'Stored in pass as vast.ai/backup-codes-2', 20_000);
    assert.equal(s.show('vast.ai/backup-codes-2'), formatCodesFile(CODES, new Date(T0)));
    assert.ok(s.show('vast.ai/backup-codes') !== null);
  });
  it('--save pass:NAME naming an existing entry: the wizard asks for another name', async (t) => {
    await storeInPass('pre/x', 'older\n', { env: s.env, home: s.home });
    const a = app(t, { savePath: 'pass:pre/x' }, s.env);
    await waitForText(a.lastFrame, /^> pre\/x-2/m, 20_000);
    await sendAndWait(a.stdin, a.lastFrame, '\r', 'Stored in pass as pre/x-2', 20_000);
    assert.equal(s.show('pre/x'), 'older\n');
  });
  it('--save pass:NAME without a store: not offered, the reason shown, the codes stay on screen unsaved', async (t) => {
    const env = { ...s.env, PASSWORD_STORE_DIR: join(s.home, 'no-store') };
    const a = app(t, { savePath: 'pass:x/y' }, env);
    const f = await waitForText(a.lastFrame, 'Could not store the codes in pass as x/y', 20_000);
    assert.match(f, /there is no password store at\s+\S*no-store/);
    assert.doesNotMatch(f, /p pass/);
    assert.match(f, /K009-BBBB-CCCC/);
    await sendAndWait(a.stdin, a.lastFrame, 'q', 'Leave without saving?');
  });
  it('--save-command gets the codes file on stdin; exit 0 counts as stored', async (t) => {
    const out = join(s.home, 'cmd-out.txt');
    const a = app(t, { saveCommand: `cat > '${out}'` }, s.env);
    await waitForText(a.lastFrame, '--save-command exited 0');
    assert.equal(readFileSync(out, 'utf8'), formatCodesFile(CODES, new Date(T0)));
    await sendAndWait(a.stdin, a.lastFrame, 'q', 'handed to --save-command');
  });
});
