/**
 * The run without a wizard (stdin or stdout not a terminal, or --raw): every answer comes from the
 * command line, the confirmation from --yes or one line of stdin. Whatever happens after the server
 * replaced the codes, the new ones end up somewhere the user can read, or the run says loudly
 * where they did not.
 */
import { ignoredFieldNotes, type Options } from '../args.js';
import type { TfaApi, TfaStatus, Verification, VerificationTarget } from '../api/types.js';
import { isApiError, type ApiError } from '../api/errors.js';
import { inert } from '../text/sanitize.js';
import { EXIT, failureText, type Failure } from './failure.js';
import { validateBackupCode, validateCode } from '../codes/format.js';
import { commandTarget, defaultFile, deliver, saveTarget, signalExit, writeAll, type Reach, type StdoutKind } from './deliver.js';
import { holdSignals, storingText, waitingText, type SignalHold } from './signals.js';
import { NO_TFA, remainingAfterUnknown, whatStopsWorking } from './texts.js';

export interface HeadlessDeps {
  api: TfaApi;
  options: Options;
  stdin: NodeJS.ReadableStream;
  stdinIsTTY: boolean;
  /** What stdout is (stdoutKind()): decides whether the default file is written too. @default 'tty' */
  stdoutKind?: StdoutKind;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Holds SIGINT/SIGTERM/SIGHUP while the regenerate request is out. @default holdSignals */
  holdSignals?: (onSignal: (sig: NodeJS.Signals, count: number) => void) => SignalHold;
  now?: () => Date;
  /** Home folder, for `~` in --save and the last-resort copy in ~/Downloads. */
  home: string;
  /** The environment `pass` and --save-command run with. @default process.env */
  env?: NodeJS.ProcessEnv;
}

const CANCELLED = 'Cancelled: nothing was changed on your account.';

class Stop extends Error {
  constructor(readonly failure: Failure) { super(failure.title); }
}

function usage(title: string, hint?: string): Stop {
  return new Stop({ exit: EXIT.usage, title, hint, code: 'usage' });
}

/** One line from `input` (without its newline); null at end of input with nothing read. */
export function readLine(input: NodeJS.ReadableStream): Promise<string | null> {
  return new Promise((resolve) => {
    let buf = '';
    const done = (line: string | null) => {
      input.removeListener('data', onData);
      input.removeListener('end', onEnd);
      input.removeListener('error', onEnd);
      input.pause();
      resolve(line);
    };
    const onData = (chunk: Buffer | string) => {
      buf += chunk.toString();
      const nl = buf.indexOf('\n');
      if (nl !== -1) done(buf.slice(0, nl).replace(/\r$/, ''));
    };
    const onEnd = () => done(buf === '' ? null : buf);
    input.on('data', onData);
    input.once('end', onEnd);
    input.once('error', onEnd);
    input.resume();
  });
}

const NEEDS_ANSWERS =
  'Nothing to verify with, and no terminal to ask on (stdin or stdout is not a terminal, TERM=dumb, or --raw).';
const NEEDS_ANSWERS_HINT = [
  'Add one of:',
  '  -t totp -c CODE                  a code from the authenticator app',
  '  -bc XXXX-XXXX-XXXX               an unused backup code',
  '  -t sms -c CODE -s SECRET         an SMS code sent with `vastai tfa send-sms` (email: -t email, `vastai tfa send-email`)',
  'and --yes (or pipe "y") to confirm. Or run it in a terminal to be guided.',
].join('\n');

function needsSecret(channel: 'sms' | 'email'): Stop {
  const name = channel === 'sms' ? 'An SMS' : 'An email';
  return usage(`${name} code needs the secret of the challenge it answers (-s/--secret), and there is no terminal here to send one.`,
    `Send the code first with \`vastai tfa ${channel === 'sms' ? 'send-sms' : 'send-email'}\` and pass the secret it prints: ` +
    `-t ${channel} -c CODE -s SECRET. Or run this command in a terminal: it sends the code itself.`);
}

/**
 * The Verification the flags describe, with every field the official CLI would send for them;
 * checked locally first (no request is spent on a malformed code).
 */
export function verificationFromPreset(p: Options['preset']): Verification {
  const target: VerificationTarget = {};
  if (p.methodType !== undefined) target.methodType = p.methodType;
  if (p.methodId !== undefined) target.methodId = p.methodId;
  if (p.secret !== undefined) target.secret = p.secret;
  if (p.backupCode !== undefined) {
    const r = validateBackupCode(p.backupCode);
    if (!r.ok) throw usage(`The backup code given with -bc/--backup-code cannot be right: ${r.reason}`);
    return { kind: 'backup', backupCode: r.value, ...target };
  }
  if (p.code === undefined) throw usage(NEEDS_ANSWERS, NEEDS_ANSWERS_HINT);
  const r = validateCode(p.code);
  if (!r.ok) throw usage(`The code given with -c/--code cannot be right: ${r.reason}`);
  if ((p.methodType === 'sms' || p.methodType === 'email') && p.secret === undefined) throw needsSecret(p.methodType);
  return { kind: 'code', code: r.value, ...target };
}

/** Checks the flags against the account (after the status GET, before anything changes). */
function checkAgainstStatus(status: TfaStatus, v: Verification): void {
  if (!status.tfaEnabled) {
    throw new Stop({ exit: EXIT.failed, code: 'tfa_disabled', ...NO_TFA });
  }
  const id = v.kind === 'code' ? v.methodId?.trim() : undefined;
  if (id === undefined) return;
  // An id the account does not list goes out all the same: the server answers, as it does to the official CLI.
  const m = status.methods.find((x) => String(x.id) === id);
  if (m?.kind === 'sms' && v.secret === undefined) throw needsSecret('sms');
}

/** "101 (totp, App), 102 (sms, Work phone)" for a hint, or null when the account lists none. */
function methodList(status: TfaStatus): string | null {
  return status.methods.map((x) => `${x.id} (${x.kind}${x.label ? `, ${x.label}` : ''})`).join(', ') || null;
}

function describeFailure(e: unknown): Failure {
  if (e instanceof Stop) return e.failure;
  if (isApiError(e)) {
    return { exit: EXIT.failed, title: e.title, hint: e.hint, status: e.status, code: e.code };
  }
  const msg = e instanceof Error ? e.message : String(e);
  return { exit: EXIT.failed, title: `Unexpected failure: ${inert(msg, 160)}`, code: 'internal' };
}

function unknownOutcomeHint(e: ApiError): string {
  return [e.hint, remainingAfterUnknown(e.backupCodesRemaining)].filter((l) => l !== null).join('\n');
}

/**
 * A refused PUT when the status was skipped: on an account without 2FA the server's refusal
 * would only say the request was bad, so the status is asked then. Wrong codes, locks, bad keys
 * and the like need no second call.
 */
async function explainRefusal(api: TfaApi, v: Verification, e: unknown): Promise<Failure> {
  const plain = describeFailure(e);
  if (!isApiError(e) || !['bad_request', 'missing_params', 'invalid_tfa_method', 'http_error'].includes(e.code)) return plain;
  try {
    checkAgainstStatus(await api.status(), v);
  } catch (why) {
    if (why instanceof Stop) return why.failure;
  }
  return plain;
}

/** Runs the scripted regeneration; resolves to the exit status. */
export async function runHeadless(deps: HeadlessDeps): Promise<number> {
  const { api, options, stdout, stderr } = deps;
  const raw = options.raw;
  const now = deps.now ?? (() => new Date());
  const say = (text: string) => writeAll(stderr, text.endsWith('\n') ? text : `${text}\n`);

  const report = async (f: Failure, extra: Record<string, unknown> = {}): Promise<number> => {
    await say(failureText(raw, f, extra));
    return f.exit;
  };

  // 1. Everything that can be checked without the network.
  let v: Verification;
  try {
    v = verificationFromPreset(options.preset);
  } catch (e) {
    return report(describeFailure(e));
  }
  for (const note of ignoredFieldNotes(options.preset)) await say(note);

  // 2. What will stop working (GET only: nothing changes yet). With --yes nobody reads the count,
  // so unless a method id must be checked first, a script run makes one API call, as the official
  // CLI does; a refused PUT is then explained from the status afterwards (explainRefusal).
  let status: TfaStatus | null = null;
  if (!options.preset.yes || (v.kind === 'code' && v.methodId !== undefined)) {
    try {
      status = await api.status();
      checkAgainstStatus(status, v);
    } catch (e) {
      return report(describeFailure(e));
    }
  }

  // 3. Confirmation.
  if (status !== null && !options.preset.yes) {
    const n = status.backupCodesRemaining;
    await say(`${whatStopsWorking(n)} The new codes are shown only this once.`);
    await writeAll(stderr, 'Regenerate the backup codes now? [y/N] ');
    const line = await readLine(deps.stdin);
    if (!deps.stdinIsTTY || line === null) await say('');
    if (line === null && !deps.stdinIsTTY) {
      // End of input with no answer (`< /dev/null`): nobody was asked, so this is input needed, not a cancel.
      return report({ exit: EXIT.usage, code: 'usage',
        title: 'The confirmation needs an answer, and there is no terminal to ask on. Nothing was changed.',
        hint: 'Pass --yes (or pipe "y") to confirm, or run it in a terminal.' });
    }
    if (line === null || !/^\s*y/i.test(line)) {
      if (raw) return report({ exit: EXIT.cancelled, title: CANCELLED, code: 'cancelled' });
      await say(CANCELLED);
      return EXIT.cancelled;
    }
  }

  /** What to report when the regenerate gave no codes: the failure, and extra fields for --raw. */
  const refusal = async (e: unknown, st: TfaStatus | null, verification: Verification): Promise<[Failure, Record<string, unknown>]> => {
    if (isApiError(e) && e.outcomeUnknown) {
      return [{ exit: EXIT.failed, title: e.title, hint: unknownOutcomeHint(e), status: e.status, code: e.code },
        e.backupCodesRemaining !== null ? { backup_codes_remaining: e.backupCodesRemaining } : {}];
    }
    if (st !== null && isApiError(e) && e.code === 'not_found') {
      // -id named no method of the account: list them (server text, made inert by the shape check).
      const list = methodList(st);
      return [{ ...describeFailure(e), hint: list ? `Its methods: ${list}.` : 'This account lists no methods; use -t sms, -t email or a backup code.' }, {}];
    }
    return [st === null ? await explainRefusal(api, verification, e) : describeFailure(e), {}];
  };

  // 4. The change. From the moment the request goes out, signals wait for its answer (signals.ts).
  // Once the answer is in, a signal stops any helper still storing the codes (deliver's fallback follows).
  const interrupt = new AbortController();
  let answered = false;
  const hold = (deps.holdSignals ?? holdSignals)((sig, count) => {
    if (!answered) { void say(waitingText(sig, count)); return; }
    if (!interrupt.signal.aborted) void say(storingText(sig));
    interrupt.abort();
  });
  try {
    let result;
    try {
      result = await api.regenerate(v);
    } catch (e) {
      const code = await report(...await refusal(e, status, v));
      const sig = hold.caught();
      return sig ? signalExit(sig) : code;
    }

    // 5. The codes exist only in memory now: one path to a safe place (deliver.ts).
    answered = true;
    if (hold.caught() !== null) interrupt.abort();
    const manager = { env: deps.env, signal: interrupt.signal };
    const codes = { codes: result.backupCodes, generatedAt: now(), body: result.body, warnings: result.warnings };
    const reach: Reach = {
      save: options.preset.savePath !== undefined ? saveTarget(options.preset.savePath, deps.home, manager) : null,
      command: options.preset.saveCommand !== undefined ? commandTarget(options.preset.saveCommand, manager) : null,
      fallback: defaultFile(deps.home), wizard: false, stdout: deps.stdoutKind ?? 'tty', stdoutOnly: options.stdoutOnly,
      raw, interrupted: hold.caught(), signalled: () => hold.caught(),
    };
    // deliver() asks signalled() after the stores and after stdout, and writes the default file then.
    const d = await deliver(codes, reach, stdout);
    for (const l of d.lines) await writeAll(stderr, l);
    // A signal while these lines were written finds the codes safe already: only the status tells of it.
    const late = hold.caught();
    return late !== null && d.exit < 128 ? signalExit(late) : d.exit;
  } finally {
    hold.release();
  }
}
