/**
 * patches/ink+8.0.0+005+erase-rewrapped-rows.patch: when the terminal narrows, Ink erases its last
 * frame before drawing the next, but counted the rows it wrote, not the rows the terminal has
 * rewrapped them into: the top of the old frame (a title) stayed above the new one. Fails on the
 * unpatched package (it erases 3 rows here, not 4).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { render, Text, Box } from 'ink';

/** A terminal's stdout as Ink sees it: a size, `resize` events, and what was written. */
class FakeTty extends EventEmitter {
  isTTY = true;
  columns = 80;
  rows = 24;
  written: string[] = [];
  write(chunk: string, cb?: () => void): boolean {
    this.written.push(chunk);
    cb?.();
    return true;
  }
}

describe('Ink: a narrower terminal', () => {
  it('erases the rows the terminal rewrapped the last frame into', async () => {
    const stdout = new FakeTty();
    const app = render(
      <Box flexDirection="column">
        <Text>Title</Text>
        <Text>{'x'.repeat(70)}</Text>
      </Box>,
      {
        stdout: stdout as unknown as NodeJS.WriteStream,
        interactive: true,
        patchConsole: false,
        exitOnCtrlC: false,
        maxFps: 1000,
      },
    );
    await app.waitUntilRenderFlush();
    assert.ok(stdout.written.join('').includes('x'.repeat(70)), 'the frame was drawn at 80 columns');
    stdout.written = [];
    // "Title", 70 columns and the row after the frame: 4 rows once 40 columns rewrap the long one.
    stdout.columns = 40;
    stdout.emit('resize');
    const first = stdout.written.join('');
    app.unmount();
    const erased = /^(?:\u001b\[\?2026h)?((?:\u001b\[2K\u001b\[1A)*\u001b\[2K\u001b\[G)/.exec(first);
    assert.ok(erased, JSON.stringify(first));
    assert.equal(erased[1]!.split('\u001b[2K').length - 1, 4, JSON.stringify(first));
  });
});
