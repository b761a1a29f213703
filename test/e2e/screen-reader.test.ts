/**
 * The built dist/cli.js in a pty with INK_SCREEN_READER=true, as a screen-reader user starts it:
 * the whole SMS flow reads in words (the selection, a text box, the keys), the resend wait is said
 * when it starts and when it ends and never in between, the codes come one per line in order, and
 * the last line ends before the shell's prompt.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fetchInbox } from '../../src/demo/inbox.js';
import type { DemoServer } from '../../src/demo/server.js';
import { demoSuite } from '../helpers/pipe-run.js';
import { press, spawnCli, type Term } from '../helpers/term.js';

let server: DemoServer;
const running: Term[] = [];

describe('wizard in screen-reader mode (INK_SCREEN_READER=true)', { timeout: 120_000 }, () => {
  demoSuite('vrc-sr-', (d) => {
    server = d.server;
  });
  after(() => {
    for (const t of running) t.kill();
  });

  it('SMS to saved codes: read in words, the wait said twice, the codes one per line', async () => {
    // A 2 s resend wait: counted every second it would write "1 second" in between.
    const t = spawnCli({
      args: ['--url', server.url, '--api-key', 'vastai-demo-key'],
      env: { INK_SCREEN_READER: 'true', VRC_RESEND_COOLDOWN_MS: '2000' },
    });
    running.push(t);
    const choose = await t.waitFor('Keys: Up or Down arrow move', 15_000);
    assert.match(choose, /^\(selected\) 1\. Authenticator app \(primary\)\n2\. SMS to \*{6}4821/m);
    assert.doesNotMatch(choose, /›/);
    const sent = await press(t, '2', 'You can resend in 2 seconds.');
    assert.match(sent, /^textbox:/m);
    t.mark();
    const ready = await t.waitFor('You can resend now (r).');
    assert.doesNotMatch(ready, /resend in 1 second/, 'nothing is said between the start and the end of the wait');
    const code = (await fetchInbox(server.url)).messages.at(-1)!.code;
    await press(t, code, `textbox: ${code}`);
    await press(t, '\r', /\(selected\) Back\nRegenerate backup codes/);
    const shown = await press(t, 'y', /^ {2}10\. \S+\n/m);
    const codes = (await fetchInbox(server.url)).backupCodes;
    const oneALine = codes.map((c, i) => `  ${String(i + 1).padStart(2)}. ${c}`).join('\n');
    assert.ok(shown.includes(`\n${oneALine}\n`), `the codes one per line, in order:\n${shown}`);
    await press(t, 's', /^textbox: ~\/Downloads\/vastai_backup_codes_/m);
    await press(t, '\r', 'Saved to');
    await press(t, 'q', /Done: 10 new backup codes saved to[\s\S]*no longer work\.\n/);
    assert.equal(await t.exited, 0);
  });
});
