/**
 * One program in a real pseudo-terminal whose output is fed, byte for byte, into a headless xterm
 * emulator, so what is captured is what a terminal would show. Waits are on the emulator's
 * screen text (never fixed sleeps), plus a short settle once a frame is there.
 */
import pty, { type IPty } from '@lydell/node-pty';
import xterm from '@xterm/headless';
import type { Terminal } from '@xterm/headless';

/** How long the output must stay quiet before a frame counts as finished drawing. */
const QUIET_MS = 150;
/** A frame that never goes quiet (a spinner) is taken after this long anyway. */
const SETTLE_MAX_MS = 2000;

export interface SessionOptions {
  /** Program to run, e.g. process.execPath or /bin/sh. */
  file: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  cols: number;
  rows: number;
  /** Written into the emulator before the program's output (e.g. a shell prompt line). */
  preface?: string;
}

/** A running program and the emulator that shows its output. */
export class Session {
  readonly term: Terminal;
  private readonly proc: IPty;
  private pending = Promise.resolve();
  private lastDataAt = Date.now();
  private listeners = new Set<() => void>();
  private exitCode: number | null = null;
  readonly exited: Promise<number>;

  constructor(o: SessionOptions) {
    this.term = new xterm.Terminal({ cols: o.cols, rows: o.rows, allowProposedApi: true, scrollback: 200 });
    if (o.preface) this.feed(o.preface);
    this.proc = pty.spawn(o.file, o.args, {
      // node-pty sets TERM to `name`: the environment's own TERM (TERM=dumb) must win.
      name: o.env.TERM ?? 'xterm-256color',
      cols: o.cols,
      rows: o.rows,
      cwd: o.cwd,
      env: o.env,
    });
    // Answers the emulator owes the program (device reports), as a real terminal would send them.
    this.term.onData((d) => {
      if (this.exitCode === null) this.proc.write(d);
    });
    this.proc.onData((d) => {
      this.lastDataAt = Date.now();
      this.feed(d);
    });
    this.exited = new Promise((resolve) =>
      this.proc.onExit(({ exitCode }) => {
        this.exitCode = exitCode;
        // Let the emulator finish parsing before anyone looks at the last frame.
        void this.pending.then(() => {
          this.notify();
          resolve(exitCode);
        });
      }),
    );
  }

  private feed(data: string): void {
    this.pending = this.pending.then(() => new Promise<void>((r) => this.term.write(data, r)));
    void this.pending.then(() => this.notify());
  }

  private notify(): void {
    for (const l of [...this.listeners]) l();
  }

  /** The visible screen as text, one line a row, right-trimmed. */
  screen(): string {
    const b = this.term.buffer.active;
    const lines: string[] = [];
    for (let y = 0; y < this.term.rows; y++) lines.push(b.getLine(b.viewportY + y)?.translateToString(true) ?? '');
    return lines.join('\n');
  }

  /** Resizes the terminal once the output so far is shown (the emulator rewraps it, as a terminal does). */
  resize(cols: number, rows: number): void {
    this.pending = this.pending.then(() => {
      this.term.resize(cols, rows);
      if (this.exitCode === null) this.proc.resize(cols, rows);
    });
  }

  /** Types keys into the program. */
  write(keys: string): void {
    this.proc.write(keys);
  }

  /**
   * Resolves once the screen shows `what` (text or pattern), then lets the frame settle. Rejects
   * with the screen when it does not appear within `timeoutMs`, or the program exits first.
   */
  async waitFor(what: string | RegExp, timeoutMs = 15_000): Promise<void> {
    const seen = (): boolean => {
      const s = this.screen();
      return typeof what === 'string' ? s.includes(what) : what.test(s);
    };
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => done(new Error(`timed out waiting for ${String(what)}; screen:\n${this.screen()}`)),
        timeoutMs,
      );
      const check = (): void => {
        if (seen()) done(null);
        else if (this.exitCode !== null)
          done(new Error(`exited (${this.exitCode}) before ${String(what)} appeared; screen:\n${this.screen()}`));
      };
      const done = (err: Error | null): void => {
        clearTimeout(timer);
        this.listeners.delete(check);
        if (err) reject(err);
        else resolve();
      };
      this.listeners.add(check);
      check();
    });
    await this.settle();
  }

  /** Types `keys`, then waits for `what` on screen. */
  async press(keys: string, what: string | RegExp): Promise<void> {
    this.write(keys);
    await this.waitFor(what);
  }

  /** Waits until the output has been quiet for a moment (at most SETTLE_MAX_MS), all of it parsed. */
  async settle(): Promise<void> {
    const start = Date.now();
    await new Promise<void>((resolve) => {
      const tick = (): void => {
        const quietFor = Date.now() - this.lastDataAt;
        if (quietFor >= QUIET_MS || Date.now() - start >= SETTLE_MAX_MS || this.exitCode !== null) resolve();
        else setTimeout(tick, QUIET_MS - quietFor);
      };
      tick();
    });
    await this.pending;
  }

  /** Waits for the program to end on its own (its last frame stays on screen); kills it after `timeoutMs`. */
  async close(timeoutMs = 10_000): Promise<number> {
    const timer = setTimeout(() => {
      if (this.exitCode === null) this.proc.kill();
    }, timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Frees the emulator (after the last capture). */
  dispose(): void {
    this.term.dispose();
  }
}
