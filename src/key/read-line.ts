/**
 * One line typed at the terminal, read in raw mode so that a secret can be masked: each character
 * echoes as `*` (a paste shows it arrived), Backspace and Ctrl+U edit, Enter ends the line. A
 * bracketed paste (ESC[200~ … ESC[201~) is one piece of text, its newlines included (they are not
 * Enter); without bracketed paste, a pasted key that ends with a newline ends the line. Other
 * escape sequences (arrows) are ignored. Ctrl+C, Esc, or Ctrl+D on an empty line, cancels (null), as
 * does `signal` (a SIGTERM or SIGHUP the caller caught).
 * Only control characters are echoed besides the text: `\b \b` for an erased character.
 */
export interface LineOptions {
  /** Echo `*` for each character (an API key); else the text itself. */
  mask: boolean;
  /**
   * The question, written once raw mode is on: a key typed the moment it shows is never met by
   * the terminal's line mode (which would echo it, or turn Ctrl+C into a signal). @default ''
   */
  prompt?: string;
  /** Ends the read as a cancel (null), raw mode restored. */
  signal?: AbortSignal;
}

/** Where the questions are written. */
export interface TextOut {
  write(text: string): unknown;
}

const PASTE_START = '\u001b[200~';
const PASTE_END = '\u001b[201~';
/** CSI or SS3 sequences (arrows, function keys) and a lone ESC. */
const ESCAPE = /^\u001b(?:\[[0-?]*[ -/]*[@-~]|O.|)/;

/** Reads one line from a terminal in raw mode; resolves null when cancelled or input ends. */
export function readTerminalLine(input: NodeJS.ReadStream, output: TextOut, o: LineOptions): Promise<string | null> {
  return new Promise((resolve) => {
    let text = '';
    let pasting = false;
    const wasRaw = input.isRaw === true;
    input.setRawMode?.(true);
    if (o.prompt) output.write(o.prompt);
    const echo = (s: string) => output.write(o.mask ? '*'.repeat([...s].length) : s);
    const finish = (line: string | null) => {
      input.off('data', onData);
      input.off('end', onEnd);
      o.signal?.removeEventListener('abort', onAbort);
      input.setRawMode?.(wasRaw);
      input.pause();
      output.write('\n');
      resolve(line);
    };
    const onEnd = () => finish(null);
    const onAbort = () => finish(null);
    const onData = (chunk: Buffer | string) => {
      let s = chunk.toString();
      while (s.length > 0) {
        if (s.startsWith(PASTE_START)) {
          pasting = true;
          s = s.slice(PASTE_START.length);
          continue;
        }
        if (s.startsWith(PASTE_END)) {
          pasting = false;
          s = s.slice(PASTE_END.length);
          continue;
        }
        const ch = s[0]!;
        // Esc alone (not the start of an arrow's sequence): leave, as on the wizard's first screen.
        if (s === '\u001b' && !pasting) return finish(null);
        if (ch === '\u001b') {
          const m = ESCAPE.exec(s);
          s = s.slice(Math.max(1, m?.[0].length ?? 1));
          continue;
        }
        s = s.slice(1);
        if (pasting) {
          // Whitespace inside a paste (a trailing newline) is not Enter; keys have none.
          if (!/\s/.test(ch) && ch >= ' ') {
            text += ch;
            echo(ch);
          }
          continue;
        }
        if (ch === '\r' || ch === '\n') return finish(text);
        if (ch === '\u0003' || (ch === '\u0004' && text === '')) return finish(null);
        if (ch === '\u007f' || ch === '\b') {
          if (text.length > 0) {
            text = [...text].slice(0, -1).join('');
            output.write('\b \b');
          }
        } else if (ch === '\u0015') {
          output.write('\b \b'.repeat([...text].length));
          text = '';
        } else if (ch >= ' ') {
          text += ch;
          echo(ch);
        }
      }
    };
    if (o.signal?.aborted) return finish(null);
    o.signal?.addEventListener('abort', onAbort, { once: true });
    input.on('data', onData);
    input.once('end', onEnd);
    input.resume();
  });
}
