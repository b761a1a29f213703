/**
 * Helpers for ink-testing-library: it drops keys written back to back, so tests write one key,
 * wait for the frame to change, then let the event loop turn once. No fixed sleeps.
 */
import { stripAnsi } from './term.js';

type LastFrame = () => string | undefined;
interface Writable {
  write(data: string): void;
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

/** Polls until `pred(frame)` holds; fails after `timeoutMs` showing the last frame. */
export async function waitForFrame(
  lastFrame: LastFrame,
  pred: (frame: string) => boolean,
  timeoutMs = 5000,
): Promise<string> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const f = stripAnsi(lastFrame() ?? '');
    if (pred(f)) {
      await tick();
      return f;
    }
    if (Date.now() > end) throw new Error(`frame did not match in ${timeoutMs} ms; last frame:\n${f}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Waits until the frame contains `text` (or matches the RegExp). */
export function waitForText(lastFrame: LastFrame, text: string | RegExp, timeoutMs = 5000): Promise<string> {
  return waitForFrame(lastFrame, (f) => (typeof text === 'string' ? f.includes(text) : text.test(f)), timeoutMs);
}

/**
 * Writes `key`, waits until the frame differs from before (or `until` holds), then one tick,
 * so the next key is not dropped. Returns the new frame, ANSI stripped.
 */
export async function sendAndWait(
  stdin: Writable,
  lastFrame: LastFrame,
  key: string,
  until?: string | RegExp | ((frame: string) => boolean),
  timeoutMs = 5000,
): Promise<string> {
  const before = stripAnsi(lastFrame() ?? '');
  await tick();
  stdin.write(key);
  const pred =
    until === undefined
      ? (f: string) => f !== before
      : typeof until === 'function'
        ? until
        : (f: string) => (typeof until === 'string' ? f.includes(until) : until.test(f));
  return waitForFrame(lastFrame, pred, timeoutMs);
}

/** Lets pending effects and promises settle (one macrotask turn). */
export { tick };

/** Polls until `cond()` is true (e.g. a callback was called); fails after `timeoutMs`. */
export async function waitUntil(cond: () => boolean, what = 'condition', timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  await tick();
}

/** Writes a key that calls back rather than redraws, and waits until `cond()` holds. */
export async function sendAndCheck(
  stdin: Writable,
  key: string,
  cond: () => boolean,
  what = 'callback',
): Promise<void> {
  await tick();
  stdin.write(key);
  await waitUntil(cond, what);
}
