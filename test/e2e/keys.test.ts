/**
 * Keys that arrive together, in a real pseudo-terminal: each write below holds several keys (as
 * a held key, a busy machine, SSH or a script deliver them), and every one of them must count,
 * in order. No sleeps: each step waits for the frame it causes.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fetchInbox } from '../../src/demo/inbox.js';
import type { DemoServer } from '../../src/demo/server.js';
import { demoSuite } from '../helpers/pipe-run.js';
import { goodTotp } from '../helpers/demo-api.js';
import { press, spawnCli, type Term } from '../helpers/term.js';

const running: Term[] = [];

describe('keys that arrive in one read', { timeout: 120_000 }, () => {
  let server: DemoServer;
  demoSuite('vrc-keys-', (s) => {
    server = s.server;
  });
  after(() => {
    for (const t of running) t.kill();
  });

  function wizard(): Term {
    const t = spawnCli({ args: ['--url', server.url, '--api-key', 'vastai-demo-key'] });
    running.push(t);
    return t;
  }

  it('four Backspaces in one write delete four digits; digits and Enter in one write submit', async () => {
    const t = wizard();
    await t.waitFor('How do you want', 15_000);
    await press(t, '1', 'authenticator app shows now');
    await press(t, '987654', '> 987654');
    await press(t, '\u007f\u007f\u007f\u007f', /> 98\s/);
    await press(t, '\u0015', /> \s/);
    // Six digits and Enter, then the answer, each write one read: nothing lands in the field.
    await press(t, `${goodTotp()}\r`, 'Replace your backup codes?');
    await press(t, 'y', 'q/Enter done');
    const inbox = await fetchInbox(server.url);
    assert.ok(t.sinceMark().includes(inbox.backupCodes[0]!), 'the new codes are shown');
    await press(t, 'q', 'Leave without saving?');
    await press(t, '\u001b[B\r', 'NOT saved');
    assert.equal(await t.exited, 0);
  });

  it('↓ ↓ Enter in one write picks the third item', async () => {
    const t = wizard();
    await t.waitFor('How do you want', 15_000);
    await press(t, '\u001b[B\u001b[B\r', "was sent to your account's email address");
    await press(t, '\u0003', 'Cancelled');
    assert.equal(await t.exited, 130);
  });

  it('a bracketed paste and Enter in one write: the paste is cleaned, Enter submits it', async () => {
    const t = wizard();
    await t.waitFor('How do you want', 15_000);
    await press(t, '1', 'authenticator app shows now');
    const code = goodTotp();
    await press(t, `\u001b[200~ ${code.slice(0, 3)} ${code.slice(3)}\n\u001b[201~\r`, 'Replace your backup codes?');
    await press(t, 'n', `> ${code}`);
    await press(t, '\u0003', 'Cancelled');
    assert.equal(await t.exited, 130);
  });
});
