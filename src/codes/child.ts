/**
 * Running a helper program (pass, a --save-command) with the codes on its stdin only: never in
 * its arguments or environment, where other users of the machine can read them (ps, /proc).
 */
import { inert } from '../text/sanitize.js';

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
}

export interface ChildOptions {
  /** Written to its stdin, which is then closed; '' closes stdin at once. */
  input: string;
  env: NodeJS.ProcessEnv;
  /** Killed (with its process group) after this long. */
  timeoutMs: number;
  cwd?: string;
}

/** Output kept per stream: enough for an error message or a read-back of the codes file. */
const MAX_OUTPUT = 64 * 1024;

/**
 * Runs `file args…` directly (no shell), stdin from `input`, stdout and stderr captured (never
 * shown on the terminal the wizard draws on). Never rejects.
 */
export async function runChild(file: string, args: string[], o: ChildOptions): Promise<ChildResult> {
  // Loaded on first use: requiring child_process costs ~6 ms, and most runs never start a helper.
  const { spawn } = await import('node:child_process');
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let settled = false;
    const finish = (r: Omit<ChildResult, 'stdout' | 'stderr' | 'timedOut'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...r, stdout, stderr, timedOut });
    };
    // Its own process group, so a timeout also stops what it started (gpg, a pipeline's members).
    const child = spawn(file, args, { env: o.env, cwd: o.cwd, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, o.timeoutMs);
    child.stdout.on('data', (d: Buffer) => { if (stdout.length < MAX_OUTPUT) stdout += d.toString('utf8'); });
    child.stderr.on('data', (d: Buffer) => { if (stderr.length < MAX_OUTPUT) stderr += d.toString('utf8'); });
    child.on('error', (e: NodeJS.ErrnoException) => finish({ code: null, signal: null, spawnError: e }));
    child.on('close', (code, signal) => finish({ code, signal, spawnError: null }));
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
export function childReason(r: ChildResult, secrets: readonly string[] = []): string {
  if (r.spawnError) return r.spawnError.code === 'ENOENT' ? 'the program was not found' : `it could not be started (${r.spawnError.code ?? r.spawnError.message})`;
  if (r.timedOut) return 'it did not finish in time and was stopped';
  let text = r.stderr;
  for (const s of secrets) if (s !== '') text = text.split(s).join('[code]');
  const lines = text.replace(CODE_LIKE, '[code]').split('\n').map((l) => inert(l, 160)).filter((l) => l !== '');
  const status = r.signal ? `it was killed by ${r.signal}` : `it exited with status ${r.code}`;
  return lines.length > 0 ? `${status}: ${lines[lines.length - 1]}` : status;
}
