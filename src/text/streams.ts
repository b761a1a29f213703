/**
 * Output streams as the codes' delivery needs them: what stdout is (a kind that keeps what is
 * written, or one that may drop it), writing that resolves to its failure instead of throwing, and
 * an fsync of a stream backed by a file.
 */
import { fstatSync, fsync } from 'node:fs';
import { isatty } from 'node:tty';

/** What stdout is: decides whether writing the codes there keeps them. */
export type StdoutKind = 'tty' | 'file' | 'pipe' | 'socket' | 'device' | 'closed';

/** The kind of file descriptor `fd` (stdout by default). */
export function stdoutKind(fd = 1): StdoutKind {
  try {
    const st = fstatSync(fd);
    if (st.isFile()) return 'file';
    if (st.isFIFO()) return 'pipe';
    if (st.isSocket()) return 'socket';
    return isatty(fd) ? 'tty' : 'device'; // /dev/null, /dev/full, … (Node opens /dev/null for a closed fd 1)
  } catch {
    return 'closed';
  }
}

/** Writes and waits; resolves to the error instead of throwing (EPIPE, full disk, closed stream). */
export function writeAll(stream: NodeJS.WritableStream, text: string): Promise<Error | null> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (err: Error | null | undefined) => {
      if (settled) return;
      settled = true;
      stream.removeListener('error', finish);
      if (err) stream.on('error', () => undefined); // the stream reports the same failure again; it is handled
      resolve(err ?? null);
    };
    stream.on('error', finish);
    try {
      stream.write(text, (err?: Error | null) => finish(err));
    } catch (e) {
      finish(e instanceof Error ? e : new Error(String(e)));
    }
  });
}

/** fsync of a stream backed by a file descriptor (stdout to a regular file). */
export function syncStream(stream: NodeJS.WritableStream): Promise<Error | null> {
  const fd = (stream as { fd?: unknown }).fd;
  if (typeof fd !== 'number') return Promise.resolve(null);
  return new Promise((resolve) => fsync(fd, (err) => resolve(err ?? null)));
}
