import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { wordWrapper, wrapWhenTerminal } from '../../src/text/wrap.js';

describe('stderr word-wrap', () => {
  it('breaks between words at the width, never inside one', () => {
    const wrap = wordWrapper(() => 20);
    assert.equal(
      wrap('Run vastai tfa login first, then try again.\n'),
      'Run vastai tfa login\nfirst, then try\nagain.\n',
    );
  });
  it("tracks the column across writes; keeps indentation (wrapped list lines too), a prompt's last space", () => {
    const wrap = wordWrapper(() => 24);
    assert.equal(wrap('Regenerate the codes '), 'Regenerate the codes ');
    assert.equal(wrap('now? [y/N] '), '\nnow? [y/N] ');
    assert.equal(wrap('\n  -t totp -c CODE   a code\n'), '\n  -t totp -c CODE   a\n  code\n');
  });
  it('never cuts a word longer than the line (a path stays whole to copy): it starts a line', () => {
    assert.equal(
      wordWrapper(() => 20)('Saved to /a/very/long/path/that/does/not/fit (yours)\n'),
      'Saved to\n/a/very/long/path/that/does/not/fit\n(yours)\n',
    );
  });
  it('wraps only a terminal', () => {
    const got: string[] = [];
    const fake = (isTTY: boolean) =>
      ({
        isTTY,
        columns: 20,
        write: (s: string) => {
          got.push(s);
          return true;
        },
      }) as unknown as NodeJS.WriteStream;
    const tty = fake(true);
    wrapWhenTerminal(tty).write('Run vastai tfa login first, then try again.\n');
    tty.write('the terminal itself is left as it was\n');
    const pipe = fake(false);
    wrapWhenTerminal(pipe).write('Run vastai tfa login first, then try again.\n');
    assert.deepEqual(got, [
      'Run vastai tfa login\nfirst, then try\nagain.\n',
      'the terminal itself is left as it was\n',
      'Run vastai tfa login first, then try again.\n',
    ]);
  });
});
