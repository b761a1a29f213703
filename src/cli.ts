/**
 * The program (bundled into dist/main.js, which dist/cli.js loads once src/bin.ts has checked the
 * Node version). Parse, then the cheapest path first: help/version,
 * demo server, then config and client, then the headless run or the wizard (Ink is only loaded
 * for the wizard, after the status request has already started).
 */
import { parseArgs, secretValues, type Options } from './args.js';
import { helpText } from './help.js';
import { VERSION } from './version.js';
import { EXIT, failureText } from './flow/failure.js';
import { inert } from './text/sanitize.js';
import { resolveConfig, ConfigError, NoKeyError, type KeySource } from './config.js';
import type { TfaStatus } from './api/types.js';
import { createClient } from './api/client.js';
import { proxyFor, proxySecrets, ProxyConfigError, type Proxy } from './api/proxy.js';
import { validateHeaderValue } from 'node:http';
import { noticeStore } from './flow/notices.js';
import { runHeadless } from './flow/run-headless.js';
import { CANCELLED } from './flow/messages.js';
import { stdoutKind } from './text/streams.js';
import { userHome } from './codes/save.js';
import { checkAll, placesAsked } from './codes/places.js';
import { takenPlace } from './codes/taken.js';
import { WIZARD_V8_FLAGS } from './wizard-v8-flags.js';
import { exitProcess, holdSignals, isTerminalGone, signalExit } from './flow/signals.js';
import { place, redacting, Secrets } from './text/redact.js';
import { helperEnv } from './codes/child.js';
import { wordWrapper, wrapWhenTerminal } from './text/wrap.js';
import { drawStream, ttyOpens, whereToRun } from './terminal.js';

/** `p`, or a rejection as soon as `signal` aborts (what `p` was doing is no longer waited for). */
function untilAborted<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error('stopped by a signal'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Where a demo user finds the codes the demo account "sends" (the wizard shows the same, under its list). */
function demoInboxLine(baseUrl: string): string {
  return `Demo: the codes to enter are at ${baseUrl}/__demo/inbox (the wizard shows them too).`;
}

/** The secrets of this run: the client adds the key, codes and challenge secrets it learns. */
const secrets = new Secrets();
/**
 * Where this program writes, everything through one redaction (text/redact.ts). On a terminal,
 * stderr's messages break between words, not wherever its width ends; the redaction comes first,
 * so it sees whole lines: a secret is never split by a wrap before it is masked.
 */
const stdout = redacting(process.stdout, secrets);
const stderr = redacting(wrapWhenTerminal(process.stderr), secrets);

function fail(raw: boolean, title: string, code: string, exit: number): number {
  stderr.write(failureText(raw, { exit, title, code }));
  return exit;
}

/**
 * A key Node would refuse to put in a header (a newline, a control character) is malformed:
 * decided by Node's own check, before any request, so nothing is ever sent with it.
 */
function keyProblem(k: KeySource): void {
  try {
    validateHeaderValue('authorization', `Bearer ${k.key}`);
  } catch {
    const where = k.from === 'flag' ? '--api-key' : k.from === 'env' ? 'VAST_API_KEY' : (k.path ?? 'the key file');
    throw new ConfigError(
      `The API key from ${where} is malformed: it holds a character an HTTP header cannot carry ` +
        '(a line break or another control character). Nothing was sent.',
    );
  }
}

async function main(argv: string[]): Promise<number> {
  // A reader that goes away early (`--help | head -1`) is not a crash.
  process.stdout.on('error', () => undefined);
  process.stderr.on('error', () => undefined);
  secrets.add(process.env.VAST_API_KEY, 'key');
  for (const [kind, value] of secretValues(argv)) secrets.add(value, kind);

  const parsed = parseArgs(argv);
  if (parsed.kind === 'help') {
    stdout.write(helpText());
    return 0;
  }
  if (parsed.kind === 'version') {
    stdout.write(`vastai-regen-codes ${VERSION}\n`);
    return 0;
  }
  if (parsed.kind === 'error') {
    const more = parsed.message.includes('--help') ? '' : '\nRun vastai-regen-codes --help for every option.';
    return fail(argv.includes('--raw'), `${parsed.message}${more}`, 'usage', EXIT.usage);
  }
  const options: Options = parsed.options;
  // NO_COLOR, and a terminal that has no colours (xterm-mono, vt100-like TERM=…-m).
  if (process.env.NO_COLOR || /-(mono|m)$/.test(process.env.TERM ?? '')) options.color = false;
  // An empty or relative HOME counts as unset: never `./Downloads/…` (codes/save.ts).
  const home = userHome();

  if (options.demoServer) {
    const { serveDemoForeground } = await import('./demo/index.js');
    try {
      await serveDemoForeground({ port: options.port, host: options.host, out: stdout });
    } catch (e) {
      return fail(false, (e as Error).message, 'demo_server', EXIT.failed);
    }
    return 0;
  }

  const where = whereToRun({
    stdinTTY: process.stdin.isTTY === true,
    stdoutTTY: process.stdout.isTTY === true,
    stderrTTY: process.stderr.isTTY === true,
    raw: options.raw,
    yes: options.preset.yes,
    term: process.env.TERM,
    ttyOpens,
  });

  let demo: { baseUrl: string; close(): Promise<void> } | null = null;
  try {
    const notices = noticeStore();
    let baseUrl: string;
    let key: KeySource;
    let fallbackKey: KeySource | null = null;
    // The embedded demo answers in this process: never through a proxy.
    let proxy: Proxy | null = null;
    /** No key anywhere, and a person at the terminal: it is asked for (key/ask-key.ts). */
    let askKey: NoKeyError | null = null;
    if (options.demo) {
      const { startDemoServer } = await import('./demo/index.js');
      const server = await startDemoServer();
      demo = { baseUrl: server.url, close: () => server.close() };
      baseUrl = server.url;
      key = { key: server.apiKey, from: 'demo' };
    } else {
      try {
        const cfg = resolveConfig({ apiKey: options.apiKey, url: options.url, allowHttp: options.allowHttp, home });
        baseUrl = cfg.baseUrl;
        key = cfg.key;
        fallbackKey = cfg.fallbackKey;
        notices.push(...cfg.warnings);
        place(baseUrl);
        proxy = proxyFor(baseUrl, process.env);
        if (proxy) place(proxy.shown);
        for (const s of proxySecrets(proxy)) secrets.add(s, 'key');
        keyProblem(key);
      } catch (e) {
        if (e instanceof NoKeyError && where.kind === 'wizard') {
          askKey = e;
          baseUrl = e.baseUrl;
          key = { key: '', from: 'prompt' };
          notices.push(...e.warnings);
        } else if (e instanceof NoKeyError && where.kind === 'headless') {
          const wizard = `Or ${where.fix}: the wizard asks for the key and can save it.`;
          return fail(options.raw, `${e.message}\n${wizard}`, 'config', e.exitCode);
        } else if (e instanceof ConfigError) return fail(options.raw, e.message, 'config', e.exitCode);
        else if (e instanceof ProxyConfigError) return fail(options.raw, e.message, 'config', EXIT.usage);
        else throw e;
      }
    }

    // A person at a terminal (stdin one) gets the wizard, drawn on the first terminal found; TERM=dumb
    // the plain one. Else the options answer everything (exit 2 naming the missing ones and why).
    const interactive = where.kind === 'wizard';
    if (!interactive) for (const w of notices.getSnapshot()) stderr.write(`${w}\n`);

    const trace: string[] = [];
    const clientFor = (k: KeySource) =>
      createClient({
        baseUrl,
        key: k,
        fallbackKey,
        proxy,
        retry: options.retry,
        userAgent: `vastai-regen-codes/${VERSION}`,
        secrets,
        // While Ink draws, trace lines would tear the frames: the wizard's trace is printed after it.
        explain: options.explain
          ? (l) => {
              if (interactive) trace.push(l);
              else stderr.write(`${l}\n`);
            }
          : undefined,
        // While Ink draws, stray stderr lines would tear the frame: the wizard shows notices itself (a push redraws).
        notice: (m) => {
          if (interactive) notices.push(m);
          else stderr.write(`${m}\n`);
        },
      });
    let api = clientFor(key);

    if (where.kind === 'headless') {
      try {
        return await runHeadless({
          api,
          options,
          stdin: process.stdin,
          stdinIsTTY: process.stdin.isTTY === true,
          stdout,
          stderr,
          home,
          env: helperEnv(process.env, secrets),
          stdoutKind: stdoutKind(),
          noWizard: { why: where.why, fix: where.fix },
          demo: options.demo,
        });
      } finally {
        process.stdin.destroy(); // a paused pipe or terminal must not keep the process alive
      }
    }

    // The places the flags name are checked before anything changes (the headless run does the same).
    const asked = placesAsked(options.preset, home);
    const problems = await checkAll(asked);
    // Only an existing file or pass entry (which --replace would let through): the Ink wizard asks
    // first; the plain one has no such question, so it stops here like a script.
    const taken = where.plain ? null : await takenPlace(asked, problems);
    if (problems.length > 0 && taken === null) {
      const title = `${problems.join('\n')}\nNothing was sent: your account is unchanged.`;
      return fail(false, title, 'usage', EXIT.usage);
    }
    // Where the wizard draws, through the run's redaction like every other write.
    const draw = drawStream(where.draw, (s) => redacting(s, secrets));
    let checked: Promise<TfaStatus> | null = null;
    if (askKey !== null) {
      const { askForKey } = await import('./key/ask-key.js');
      const wrapKey = wordWrapper(() => draw.columns || 80);
      // Nothing can change while the key is asked for: a signal ends the question as a cancel
      // (raw mode restored, the line ended, the signal's status), as it would on the first screen.
      // holdSignals also marks the terminal gone on SIGHUP, so the exit does not abort (signals.ts).
      const stop = new AbortController();
      const hold = holdSignals(() => stop.abort());
      const given = await askForKey({
        signal: stop.signal,
        input: process.stdin,
        output: { write: (t: string) => draw.write(wrapKey(t)) },
        // A signal while the key is checked ends the wait too (the status call changes nothing).
        check: (k) => untilAborted(clientFor({ key: k, from: 'prompt' }).status(), stop.signal),
        keyFile: askKey.apiKeyPath,
        keyFileShown: askKey.apiKeyPath.startsWith(`${home}/`)
          ? `~${askKey.apiKeyPath.slice(home.length)}`
          : askKey.apiKeyPath,
        learned: (k) => secrets.add(k, 'key'),
      });
      hold.release();
      const stoppedBy = hold.caught();
      given?.status.catch(() => undefined); // its failure is the wizard's to show; here only not unhandled
      if (given === null || stoppedBy !== null) {
        // SIGHUP: the terminal is gone, nobody reads it.
        if (stoppedBy !== 'SIGHUP') draw.write(`${CANCELLED}\n`);
        return stoppedBy ? signalExit(stoppedBy) : EXIT.cancelled;
      }
      api = clientFor({ key: given.key, from: 'prompt' });
      checked = given.status;
    }
    const statusPromise = checked ?? api.status();
    statusPromise.catch(() => undefined); // the wizard handles the failure; this only avoids an unhandled rejection
    if (where.plain) {
      // TERM=dumb: the plain line-by-line wizard, the same flow without Ink (plain/run-plain.ts).
      const { runPlain } = await import('./plain/run-plain.js');
      const code = await runPlain({
        api,
        statusPromise,
        preset: options.preset,
        home,
        stdin: process.stdin,
        out: draw,
        stderr,
        env: helperEnv(process.env, secrets),
        codesOut:
          where.draw === 'stdout' ? null : { stream: stdout, kind: stdoutKind(), stdoutOnly: options.stdoutOnly },
        notices: notices.getSnapshot(),
        demo: demo ? { fetchInbox: async () => (await import('./demo/index.js')).fetchInbox(demo!.baseUrl) } : null,
      });
      if (trace.length > 0) stderr.write(`API calls (--explain):\n${trace.join('\n')}\n`);
      if (code >= 128 || isTerminalGone()) {
        if (demo) await demo.close();
        exitProcess(code);
      }
      return code;
    }
    // Before the wizard's import compiles anything (see wizard-v8-flags.ts). node:v8 is loaded
    // here, not at the top: it brings 8 native modules (heap utils, serdes, …) a headless run never uses.
    (await import('node:v8')).setFlagsFromString(WIZARD_V8_FLAGS);
    const { runWizard } = await import('./ui/run-wizard.js');
    let demoInbox: { fetchInbox: () => ReturnType<typeof import('./demo/inbox.js').fetchInbox> } | null = null;
    if (demo) {
      const { fetchInbox } = await import('./demo/index.js');
      const { baseUrl } = demo;
      demoInbox = { fetchInbox: () => fetchInbox(baseUrl) };
      // Printed once on the terminal's own screen, so it is still there after the wizard (whose
      // screens, on the alternate screen, show the inbox at every height).
      draw.write(`${demoInboxLine(baseUrl)}\n`);
    }
    const code = await runWizard({
      api,
      statusPromise,
      preset: options.preset,
      demo: demoInbox,
      color: options.color,
      notices,
      home,
      env: helperEnv(process.env, secrets),
      stdout: draw,
      stderr,
      codesOut: where.draw === 'stdout' ? null : { stream: stdout, kind: stdoutKind(), stdoutOnly: options.stdoutOnly },
      taken,
    });
    if (trace.length > 0) stderr.write(`API calls (--explain):\n${trace.join('\n')}\n`);
    if (code >= 128 || isTerminalGone()) {
      // Cancelled or stopped by a signal: a request still in flight (Ctrl+C while the status loads
      // or a code is being sent) must not hold the terminal until it answers or times out. A
      // terminal that is gone must not make Node abort on the way out (flow/signals.ts).
      await new Promise<void>((resolve) => stdout.write('', () => resolve()));
      if (demo) await demo.close();
      exitProcess(code);
    }
    return code;
  } finally {
    if (demo) await demo.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (isTerminalGone()) exitProcess(code);
    process.exitCode = code;
  },
  (e: unknown) => {
    // Never a stack trace with secrets in it: a short line only.
    stderr.write(`Error: unexpected failure: ${inert(e instanceof Error ? e.message : e)}\n`);
    process.exitCode = EXIT.failed;
  },
);
