/**
 * The run without a wizard (stdin or stdout not a terminal, or --raw): the wizard's flow
 * (reducer.ts) with every answer from the command line, the confirmation from --yes or one line of
 * stdin; where the wizard would ask, the flow ends naming the flag to add (exit 2). Whatever
 * happens after the server replaced the codes, the new ones end up somewhere the user can read,
 * or the run says loudly where they did not (deliver.ts, the same path as the wizard's).
 */
import { ignoredFieldNotes, type Options } from '../args.js';
import type { TfaApi } from '../api/types.js';
import { asApiError, isApiError, outcomeUnknown } from '../api/errors.js';
import { EXIT, failureText, type Failure } from './failure.js';
import { fromFlags, NO_CONFIRMATION } from './flags.js';
import { initialState, reduce } from './reducer.js';
import type { Step, WizardState } from './steps.js';
import { deliver, type Reach } from '../codes/deliver.js';
import { checkAll, defaultFile, placesAsked } from '../codes/places.js';
import { writeAll, type StdoutKind } from '../text/streams.js';
import { holdSignals, signalExit, storingText, waitingText, type SignalHold } from './signals.js';
import { NO_TFA, remainingAfterUnknown, whatStopsWorking } from './messages.js';

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
  /** Why the wizard does not run here (which stream is not a terminal), for answers only it could ask. */
  noWizard?: { why: string; fix: string };
  /** --demo: the wizard is the way to get a code (no `vastai tfa send-sms` for the demo account). */
  demo?: boolean;
}

const CANCELLED = 'Cancelled: nothing was changed on your account.';

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

/** A final step as the report on stderr: the failure, and extra fields for --raw. */
function failureOf(step: Step): [Failure, Record<string, unknown>] | null {
  if (step.name === 'no-tfa') return [{ exit: EXIT.failed, code: 'tfa_disabled', ...NO_TFA }, {}];
  if (step.name !== 'failed') return null;
  const remaining = step.outcomeUnknown ? step.backupCodesRemaining : null;
  const hint = [step.hint, step.outcomeUnknown ? remainingAfterUnknown(remaining) : null].filter((l) => l).join('\n');
  return [
    {
      exit: step.exit ?? EXIT.failed,
      title: step.title,
      hint: hint || undefined,
      status: step.status ?? null,
      code: step.code ?? 'failed',
    },
    remaining !== null ? { backup_codes_remaining: remaining } : {},
  ];
}

/** Writes a line (adding its newline) on `out`. */
const sayOn = (out: NodeJS.WritableStream) => (text: string) => writeAll(out, text.endsWith('\n') ? text : `${text}\n`);
const clockOf = (deps: HeadlessDeps): (() => Date) => deps.now ?? (() => new Date());

/** Refusals that an account without 2FA would also cause: worth a status call when it was skipped. */
const MAYBE_NO_TFA = ['bad_request', 'missing_params', 'invalid_tfa_method', 'http_error'];

/**
 * An answer only a terminal could give is missing: say why there is no wizard here (which stream
 * is not a terminal) and what would give it; with --demo, the wizard (the demo has no `vastai tfa
 * send-sms`).
 */
function withWhy(f: Failure, deps: Pick<HeadlessDeps, 'noWizard' | 'demo'>): Failure {
  if (!/no terminal/.test(f.title)) return f;
  const no = deps.noWizard;
  const why = no ? `No wizard here: ${no.why}.` : null;
  const guided = no ? `Or ${no.fix} to be guided.` : null;
  const hint = deps.demo
    ? `With --demo, ${no?.fix ?? 'run it on a terminal'}: the wizard sends each code and shows it.`
    : [f.hint, guided].filter((l) => l).join('\n');
  return { ...f, hint: [why, hint].filter((l) => l).join('\n') || undefined };
}

/** Runs the scripted regeneration; resolves to the exit status. */
export async function runHeadless(deps: HeadlessDeps): Promise<number> {
  const { api, options, stderr } = deps;
  const raw = options.raw;
  const now = clockOf(deps);
  const say = sayOn(stderr);
  const report = async ([f0, extra]: [Failure, Record<string, unknown>]): Promise<number> => {
    const f = f0.code === 'usage' ? withWhy(f0, deps) : f0;
    await say(failureText(raw, f, extra));
    return f.exit;
  };

  // Everything that can be checked without the network, first: a missing or malformed answer
  // costs no request (the flow checks the same again, flags.ts).
  const flags = fromFlags(options.preset);
  if ('missing' in flags) {
    return report([{ exit: EXIT.usage, code: 'usage', title: flags.missing.title, hint: flags.missing.hint }, {}]);
  }
  for (const note of ignoredFieldNotes(options.preset)) await say(note);
  // The places asked for are checked before anything changes: the place a user names ends up
  // holding the new codes, or the account is not changed.
  const problems = await checkAll(placesAsked(options.preset, deps.home, { env: deps.env }));
  if (problems.length > 0) {
    return report([
      {
        exit: EXIT.usage,
        code: 'usage',
        title: problems.join('\n'),
        hint: 'Nothing was sent: your account is unchanged.',
      },
      {},
    ]);
  }

  // The wizard's flow (reducer.ts), answered from the flags. With --yes nobody reads the count of
  // codes that stop working, so unless a method id must be checked first, a script run makes one
  // API call, as the official CLI does; a refused PUT is then explained from the status afterwards.
  let s = initialState(options.preset, undefined, false);
  const v = flags.verification;
  if (options.preset.yes && !(v.kind === 'code' && v.methodId !== undefined)) {
    s = reduce(s, { type: 'status-skipped' });
  } else {
    try {
      s = reduce(s, { type: 'status-loaded', status: await api.status(), at: now().getTime() });
    } catch (e) {
      s = reduce(s, { type: 'status-failed', error: asApiError(e) });
    }
  }

  if (s.step.name === 'confirm') {
    // --raw from a script: stderr carries JSON only, so the question is asked only of a person.
    const asks = !raw || deps.stdinIsTTY;
    if (asks) {
      await say(`${whatStopsWorking(s.status?.backupCodesRemaining)} The new codes are shown only this once.`);
      await writeAll(stderr, 'Regenerate the backup codes now? [y/N] ');
    }
    const line = await readLine(deps.stdin);
    if (asks && (!deps.stdinIsTTY || line === null)) await say('');
    if (line === null && !deps.stdinIsTTY) {
      // End of input with no answer (`< /dev/null`): nobody was asked, so this is input needed, not a cancel.
      return report([{ exit: EXIT.usage, code: 'usage', ...NO_CONFIRMATION }, {}]);
    }
    s = reduce(s, line !== null && /^\s*y/i.test(line) ? { type: 'confirmed' } : { type: 'cancel' });
  }
  if (s.step.name === 'cancelled') {
    if (raw) return report([{ exit: EXIT.cancelled, title: CANCELLED, code: 'cancelled' }, {}]);
    await say(CANCELLED);
    return EXIT.cancelled;
  }
  if (s.step.name !== 'regenerating') {
    const f = failureOf(s.step);
    return f
      ? report(f)
      : report([{ exit: EXIT.failed, code: 'internal', title: `Unexpected step: ${s.step.name}` }, {}]);
  }
  return regenerate(deps, s, report);
}

/** A refused PUT when the status was skipped: an account without 2FA gets only "bad request" from the server. */
async function explainRefusal(api: TfaApi, s: WizardState): Promise<WizardState> {
  const step = s.step;
  if (s.status !== null || step.name !== 'failed' || !MAYBE_NO_TFA.includes(step.code ?? '')) return s;
  try {
    const status = await api.status();
    return status.tfaEnabled ? s : { ...s, step: { name: 'no-tfa' } };
  } catch {
    return s;
  }
}

/**
 * The change. From the moment the request goes out, signals wait for its answer (signals.ts); once
 * the answer is in, one path takes the codes to a safe place (deliver.ts), and a signal stops any
 * helper still storing them (deliver's fallback follows).
 */
async function regenerate(
  deps: HeadlessDeps,
  s: WizardState,
  report: (f: [Failure, Record<string, unknown>]) => Promise<number>,
): Promise<number> {
  const { api, options, stdout, stderr } = deps;
  const step = s.step;
  if (step.name !== 'regenerating') throw new Error('not regenerating');
  const say = sayOn(stderr);
  const now = clockOf(deps);
  const interrupt = new AbortController();
  let answered = false;
  const hold = (deps.holdSignals ?? holdSignals)((sig, count) => {
    if (!answered) {
      void say(waitingText(sig, count));
      return;
    }
    if (!interrupt.signal.aborted) void say(storingText(sig));
    interrupt.abort();
  });
  try {
    let result;
    try {
      result = await api.regenerate(step.verification);
    } catch (e) {
      const error = isApiError(e) ? e : outcomeUnknown(e instanceof Error ? e.message : String(e), null);
      const after = await explainRefusal(api, reduce(s, { type: 'regen-failed', error, at: now().getTime() }));
      const code = await report(failureOf(after.step)!);
      const sig = hold.caught();
      // A signal's status says nothing changed: only when the server's own answer says so.
      return sig && !error.outcomeUnknown ? signalExit(sig) : code;
    }

    // The codes exist only in memory now: one path to a safe place (deliver.ts).
    answered = true;
    if (hold.caught() !== null) interrupt.abort();
    // The same transition as the wizard's: the codes step lists where the codes go (placesAsked).
    const generatedAt = now();
    const asked = placesAsked(options.preset, deps.home, { env: deps.env });
    const after = reduce(s, { type: 'regen-succeeded', result, at: generatedAt.getTime(), places: asked });
    const places = after.step.name === 'codes' ? after.step.codes.places.map((p) => p.place) : asked;
    const codes = { codes: result.backupCodes, generatedAt, body: result.body, warnings: result.warnings };
    const reach: Reach = {
      places,
      stop: interrupt.signal,
      fallback: defaultFile(deps.home),
      wizard: false,
      stdout: deps.stdoutKind ?? 'tty',
      stdoutOnly: options.stdoutOnly,
      raw: options.raw,
      interrupted: hold.caught(),
      signalled: () => hold.caught(),
    };
    // deliver() asks signalled() after the stores and after stdout, and writes the default file then.
    const d = await deliver(codes, reach, stdout);
    for (const l of d.lines) await writeAll(stderr, l);
    // A signal while these lines were written finds the codes where they were asked to go: d.exit stands.
    return d.exit;
  } finally {
    hold.release();
  }
}
