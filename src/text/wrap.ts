/**
 * Word-wrapping for stderr on a terminal: a terminal cuts a long line wherever its width ends
 * ("vastai tfa logi" / "n"); wrapped here, lines break between words. Only for a terminal: a
 * pipe or a file gets the text unchanged, one message a line.
 */
import { mapWrites } from './stream.js';

/** A writer that word-wraps what it is given at `columns()`, across writes (it tracks the column). */
export function wordWrapper(columns: () => number): (text: string) => string {
  let col = 0;
  /** The leading spaces of the current line: a wrapped list item keeps its indent. */
  let indent = '';
  return (text) => {
    const width = Math.max(20, columns());
    let out = '';
    let spaces = '';
    for (const token of text.match(/\n|[^\S\n]+|[^\s]+/g) ?? []) {
      if (token === '\n') {
        out += '\n';
        col = 0;
        spaces = '';
        indent = '';
      } else if (/^\s/.test(token)) {
        spaces += token;
      } else {
        const word = token;
        if (col === 0) indent = spaces.length < width / 2 ? spaces : '';
        if (col > 0 && col + spaces.length + word.length > width) {
          out += `\n${indent}`;
          col = indent.length;
        } else {
          out += spaces;
          col += spaces.length;
        }
        spaces = '';
        // A word longer than the line (a path, a URL) is never cut: it starts a line and the
        // terminal folds it, so it is still copied whole.
        out += word;
        col += word.length;
        if (col > width) col %= width;
      }
    }
    // Trailing spaces (a prompt's "[y/N] ") are kept.
    if (spaces) {
      out += spaces;
      col += spaces.length;
    }
    return out;
  };
}

/** `stream`, word-wrapping every string written to it when it is a terminal (the stream itself is unchanged). */
export function wrapWhenTerminal(stream: NodeJS.WriteStream): NodeJS.WriteStream {
  if (!stream.isTTY) return stream;
  const wrap = wordWrapper(() => stream.columns || 80);
  return mapWrites(stream, (chunk) => (typeof chunk === 'string' && !chunk.includes('\u001b') ? wrap(chunk) : chunk));
}
