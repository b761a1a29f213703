/**
 * patches/ink+8.0.0+004+screen-reader-final-newline.patch: in screen-reader mode Ink writes each
 * frame without a newline after its last line, and left the last one so at unmount: the shell's
 * prompt (or anything written next) went on the frame's last line. Fails on the unpatched package.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { render, Text } from 'ink';

/** A terminal as Ink sees one: a TTY of 80×24 that keeps what is written to it. */
class Tty extends EventEmitter {
  isTTY = true;
  columns = 80;
  rows = 24;
  written = '';
  write = (chunk: string, ...rest: unknown[]): boolean => {
    this.written += chunk;
    (rest.find((a) => typeof a === 'function') as (() => void) | undefined)?.();
    return true;
  };
}

class Keys extends EventEmitter {
  isTTY = true;
  setRawMode = () => this;
  setEncoding = () => this;
  read = () => null;
  resume = () => this;
  pause = () => this;
  ref = () => this;
  unref = () => this;
}

describe('Ink: screen-reader mode', () => {
  it('the last frame ends with a newline at unmount, so what follows starts on its own line', async () => {
    const stdout = new Tty();
    const instance = render(<Text>Done: the codes are saved.</Text>, {
      stdout: stdout as unknown as NodeJS.WriteStream,
      stdin: new Keys() as unknown as NodeJS.ReadStream,
      isScreenReaderEnabled: true,
      interactive: true,
      patchConsole: false,
      exitOnCtrlC: false,
    });
    await instance.waitUntilRenderFlush();
    assert.ok(stdout.written.includes('Done: the codes are saved.'));
    instance.unmount();
    await instance.waitUntilExit();
    // Without the escapes around each write (synchronized output, the cursor shown again).
    assert.match(stdout.written.replace(/\u001b\[[?\d;]*[A-Za-z]/g, ''), /^Done: the codes are saved\.\n$/);
  });
});
