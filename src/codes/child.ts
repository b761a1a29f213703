/**
 * Running a helper program (pass, a --save-command) with the codes on its stdin only: never in
 * its arguments or environment, where other users of the machine can read them (ps, /proc).
 */
import { inert } from '../text/sanitize.js';
import type { Secrets } from '../text/redact.js';

/** Variables a helper never gets, whatever their value: the API key's own. */
const NEVER_PASSED = new Set(['VAST_API_KEY']);

/**
 * The environment a helper (pass, gpg, a --save-command) runs with: the caller's, less the API
 * key's variable and any variable whose value holds a secret of this run (the key, a code, a
 * challenge secret, a proxy password). Everything else is kept: PATH, HOME, GNUPGHOME,
 * PASSWORD_STORE_*, the locale, the terminal, and what another password manager needs (its
 * session variable, the agent sockets).
 */
export function helperEnv(env: NodeJS.ProcessEnv, s?: Secrets): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || NEVER_PASSED.has(name) || s?.holds(value)) continue;
    out[name] = value;
  }
  return out;
}

export interface ChildResult {
  /** Exit status, or null when killed by a signal or never started. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** It ran longer than allowed and was killed. */
  timedOut: boolean;
  /** It could not be started (ENOENT, EACCES, …). */
  spawnError: NodeJS.ErrnoException | null;
  /** It was stopped (or never started) because the run was interrupted (`signal` aborted). */
  stopped?: boolean;
}

export interface ChildOptions {
  /** Written to its stdin, which is then closed; '' closes stdin at once. */
  input: string;
  env: NodeJS.ProcessEnv;
  /** Killed (with its process group) after this long. */
  timeoutMs: number;
  cwd?: string;
  /**
   * Aborted when the run is interrupted (a held SIGTERM, Ctrl+C, hang-up) while the codes are in
   * hand: the helper is stopped at once, so the codes reach the default file before the run ends,
   * instead of waiting on a helper that may hang (and a SIGKILL that may follow the signal).
   */
  signal?: AbortSignal;
}

/** Output kept per stream: enough for an error message or a read-back of the codes file. */
const MAX_OUTPUT = 64 * 1024;

/**
 * How long its output may still arrive once it exited. Past that, whatever holds its pipes (a
 * background program it started, `setsid sleep 300 &`) does not keep the run: the pipes are closed.
 */
const DRAIN_AFTER_EXIT_MS = 1000;

/**
 * Runs `file args…` directly (no shell), stdin from `input`, stdout and stderr captured (never
 * shown on the terminal the wizard draws on). Never rejects.
 */
export async function runChild(file: string, args: string[], o: ChildOptions): Promise<ChildResult> {
  // Loaded on first use: requiring child_process costs ~6 ms, and most runs never start a helper.
  const { spawn } = await import('node:child_process');
  if (o.signal?.aborted)
    return { code: null, signal: null, stdout: '', stderr: '', timedOut: false, spawnError: null, stopped: true };
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let stopped = false;
    let settled = false;
    const finish = (r: Omit<ChildResult, 'stdout' | 'stderr' | 'timedOut'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
      resolve({ ...r, stdout, stderr, timedOut, stopped });
    };
    // Its own process group, so a timeout also stops what it started (gpg, a pipeline's members).
    const child = spawn(file, args, {
      env: helperEnv(o.env),
      cwd: o.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    const killGroup = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, o.timeoutMs);
    const onAbort = () => {
      stopped = true;
      killGroup();
    };
    o.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (d: Buffer) => {
      if (stdout.length < MAX_OUTPUT) stdout += d.toString('utf8');
    });
    child.stderr.on('data', (d: Buffer) => {
      if (stderr.length < MAX_OUTPUT) stderr += d.toString('utf8');
    });
    child.on('error', (e: NodeJS.ErrnoException) => finish({ code: null, signal: null, spawnError: e }));
    // Waited for by its exit: its output is read until its pipes close, for a bounded time only.
    child.on('exit', (code, signal) => {
      const drained = setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        child.stdin.destroy();
        finish({ code, signal, spawnError: null });
      }, DRAIN_AFTER_EXIT_MS);
      drained.unref();
      child.once('close', () => {
        clearTimeout(drained);
        finish({ code, signal, spawnError: null });
      });
    });
    child.stdin.on('error', () => undefined); // it may exit without reading; its exit status tells
    child.stdin.end(o.input);
  });
}

/** A backup code as the server makes them (XXXX-XXXX-XXXX); redacted in anything shown. */
const CODE_LIKE = /\b[A-Za-z0-9]{4}-[A-Za-z0-9]{4}-[A-Za-z0-9]{4}\b/g;

/**
 * The last meaningful line of a helper's stderr, safe to show: no codes (a program may echo its
 * input back), no control characters, cut short.
 */
export function childReason(r: ChildResult, secrets: readonly string[] = [], input = ''): string {
  if (r.stopped) return 'it was stopped because this run was interrupted';
  if (r.spawnError)
    return r.spawnError.code === 'ENOENT'
      ? 'the program was not found'
      : `it could not be started (${r.spawnError.code ?? r.spawnError.message})`;
  if (r.timedOut) return 'it did not finish in time and was stopped';
  let text = r.stderr;
  for (const s of secrets) if (s !== '') text = text.split(s).join('[code]');
  // Lines of the codes file that the helper echoed back (its banner, say) tell nothing about the failure.
  const echoed = new Set(
    input
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== ''),
  );
  const lines = text
    .split('\n')
    .filter((l) => !echoed.has(l.trim()) && /[\p{L}\p{N}]/u.test(l))
    .map((l) => inert(l.replace(CODE_LIKE, '[code]'), 160))
    .filter((l) => l !== '');
  const status = r.signal ? `it was killed by ${r.signal}` : `it exited with status ${r.code}`;
  return lines.length > 0 ? `${status}: ${lines[lines.length - 1]}` : status;
}
