/**
 * patches/ink+6.8.0.patch, the drawing side: handlers subscribe during the commit, a height cap,
 * wrapped rows without a leading space, no clearing of the screen or the scrollback, a newline
 * after every frame, rows a narrower terminal rewrapped are erased, and so are frame rows a taller
 * terminal pulls back from its scrollback. Each test here fails on
 * the unpatched package.
 */
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { useState, type JSX } from 'react';
import { cleanup, render as renderTest } from 'ink-testing-library';
import { Box, render, Text, useInput } from 'ink';
import { tick, waitUntil } from '../helpers/ink.js';

afterEach(() => cleanup());

/** A terminal-like stdout that records what Ink writes. */
class FakeTerminal extends EventEmitter {
  isTTY = true;
  out = '';
  constructor(public columns: number, public rows: number) { super(); }
  write = (s: string): boolean => { this.out += s; return true; };
}

class FakeStdin extends EventEmitter {
  isTTY = true;
  setEncoding(): void {}
  setRawMode(): void {}
  ref(): void {}
  unref(): void {}
  read(): null { return null; }
}

function draw(node: JSX.Element, term: FakeTerminal) {
  return render(node, { stdout: term as unknown as NodeJS.WriteStream, stdin: new FakeStdin() as unknown as NodeJS.ReadStream,
    patchConsole: false, exitOnCtrlC: false, maxFps: 1000 });
}

const lines = (n: number, width = 10): JSX.Element[] =>
  Array.from({ length: n }, (_, i) => <Text key={i}>{String(i).padEnd(width, 'x')}</Text>);

describe('Ink drawing patch', () => {
  it('a key after a screen-changing key of the same read reaches the new screen', async () => {
    const seen: string[] = [];
    function Second() {
      useInput((input) => { seen.push(input); });
      return <Text>second</Text>;
    }
    function First() {
      const [next, setNext] = useState(false);
      useInput((input) => { if (input === 'x') setNext(true); }, { isActive: !next });
      return next ? <Second /> : <Text>first</Text>;
    }
    const r = renderTest(<First />);
    await tick();
    r.stdin.write('xa'); // one read: 'a' must reach the screen 'x' led to
    await waitUntil(() => r.lastFrame()!.includes('second'), 'second screen');
    assert.deepEqual(seen, ['a']);
  });

  it('maxHeight with overflow hidden caps a box', () => {
    const r = renderTest(<Box flexDirection="column" maxHeight={3} overflow="hidden">{lines(6)}</Box>);
    assert.equal(r.lastFrame()!.split('\n').length, 3);
  });

  it('a wrapped row does not start with the space it broke at; indentation stays', () => {
    // A word that ends exactly at the width: the space after it is where the row breaks.
    const r = renderTest(<Box width={10} flexDirection="column"><Text>alpha beta gamma delta</Text><Text>  indented words</Text></Box>);
    const rows = r.lastFrame()!.split('\n');
    assert.deepEqual(rows.map((l) => l.trimEnd()), ['alpha beta', 'gamma', 'delta', '  indented', 'words']);
  });

  it('a frame as tall as the terminal: no screen or scrollback clearing, and it ends with a newline', async () => {
    const term = new FakeTerminal(40, 5);
    function Tall() {
      const [n, setN] = useState(5);
      useInput(() => setN(6));
      return <Box flexDirection="column">{lines(n)}</Box>;
    }
    const app = draw(<Tall />, term);
    await tick();
    app.rerender(<Box flexDirection="column">{lines(6)}</Box>);
    await tick();
    app.rerender(<Box flexDirection="column">{lines(3)}</Box>);
    await tick();
    app.unmount();
    assert.ok(!term.out.includes('\u001b[2J') && !term.out.includes('\u001b[3J'), 'never ESC[2J / ESC[3J');
    assert.match(term.out, /5x{9}\n/, 'the tall frame ends with a newline');
  });

  it('narrowing the terminal erases the rows the terminal rewrapped the last frame into', async () => {
    const term = new FakeTerminal(40, 50);
    const app = draw(<Box flexDirection="column">{lines(4, 30)}</Box>, term);
    await tick();
    term.out = '';
    term.columns = 15; // each 30-column line is now two rows: 8 rows, and the empty row below
    term.emit('resize');
    await tick();
    const erased = term.out.split('\u001b[2K').length - 1;
    assert.ok(erased >= 9, `erased ${erased} rows`);
    app.unmount();
  });

  it('a taller terminal again: the frame rows it pushed into the scrollback and pulls back are erased', async () => {
    const term = new FakeTerminal(40, 20);
    const app = draw(<Box flexDirection="column">{lines(4, 10)}</Box>, term);
    await tick();
    term.rows = 3; // 4 rows and the cursor row under them: the top 2 go into the scrollback
    term.emit('resize');
    await tick();
    term.out = '';
    term.rows = 20; // a terminal such as tmux or xterm.js pulls them back above the frame
    term.emit('resize');
    await tick();
    const erased = term.out.split('\u001b[2K').length - 1;
    assert.ok(erased >= 4 + 1 + 2, `erased ${erased} rows`);
    app.unmount();
  });
});
