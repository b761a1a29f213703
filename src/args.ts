/**
 * The command line: the spellings of `vastai tfa regen-codes` plus this program's own options,
 * turned into Options. Pure: no I/O, no environment (NO_COLOR is the caller's business).
 */
import type { Channel } from './api/types.js';
import type { Preset } from './flow/preset.js';
import { entryNameProblem, passEntryOf } from './codes/pass.js';

export interface Options {
  preset: Preset;
  url?: string;
  apiKey?: string;
  /** Attempts for transient failures (--retry), default 3. */
  retry: number;
  raw: boolean;
  /** --stdout-only: a pipe on stdout is trusted to keep the codes (no default file). */
  stdoutOnly: boolean;
  /** --allow-http: a plain-http --url that is not loopback is allowed (the key and code travel in clear). */
  allowHttp: boolean;
  explain: boolean;
  demo: boolean;
  demoServer: boolean;
  port?: number;
  host?: string;
  /** False with --no-color. */
  color: boolean;
}

export type ParsedArgs =
  { kind: 'run'; options: Options } | { kind: 'help' } | { kind: 'version' } | { kind: 'error'; message: string };

export const METHOD_TYPES: readonly Channel[] = ['totp', 'sms', 'email'];
export const DEFAULT_RETRY = 3;

type Key =
  | 'code'
  | 'methodType'
  | 'secret'
  | 'backupCode'
  | 'methodId'
  | 'url'
  | 'retry'
  | 'raw'
  | 'explain'
  | 'apiKey'
  | 'yes'
  | 'save'
  | 'saveCommand'
  | 'replace'
  | 'stdoutOnly'
  | 'allowHttp'
  | 'demo'
  | 'demoServer'
  | 'port'
  | 'host'
  | 'noColor'
  | 'help'
  | 'version';

interface Spec {
  key: Key;
  long: string;
  short?: string;
  value: boolean;
}

const SPECS: Spec[] = [
  { key: 'code', long: '--code', short: '-c', value: true },
  { key: 'methodType', long: '--method-type', short: '-t', value: true },
  { key: 'secret', long: '--secret', short: '-s', value: true },
  { key: 'backupCode', long: '--backup-code', short: '-bc', value: true },
  { key: 'methodId', long: '--method-id', short: '-id', value: true },
  { key: 'url', long: '--url', value: true },
  { key: 'retry', long: '--retry', value: true },
  { key: 'raw', long: '--raw', value: false },
  { key: 'explain', long: '--explain', value: false },
  { key: 'apiKey', long: '--api-key', value: true },
  { key: 'yes', long: '--yes', short: '-y', value: false },
  { key: 'save', long: '--save', value: true },
  { key: 'saveCommand', long: '--save-command', value: true },
  { key: 'replace', long: '--replace', value: false },
  { key: 'stdoutOnly', long: '--stdout-only', value: false },
  { key: 'allowHttp', long: '--allow-http', value: false },
  { key: 'demo', long: '--demo', value: false },
  { key: 'demoServer', long: '--demo-server', value: false },
  { key: 'port', long: '--port', value: true },
  { key: 'host', long: '--host', value: true },
  { key: 'noColor', long: '--no-color', value: false },
  { key: 'help', long: '--help', short: '-h', value: false },
  { key: 'version', long: '--version', short: '-V', value: false },
];

/** How an option is named in messages: `-c/--code`. */
function label(key: Key): string {
  const s = SPECS.find((x) => x.key === key)!;
  return s.short ? `${s.short}/${s.long}` : s.long;
}

class UsageError extends Error {}

function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length]![b.length]!;
}

/** The closest known spelling to `name`, or null when nothing is close. */
export function closestOption(name: string): string | null {
  let best: string | null = null;
  let bestD = Infinity;
  for (const s of SPECS) {
    for (const n of [s.long, s.short]) {
      if (!n) continue;
      const d = distance(name, n) - (n.startsWith(name) ? 0.5 : 0); // a known option that extends it wins ties
      if (d < bestD) {
        bestD = d;
        best = n;
      }
    }
  }
  return bestD <= Math.max(2, Math.floor(name.length / 3)) ? best : null;
}

/**
 * An unknown option as a message may show it: a word of letters and dashes as typed; anything
 * else (`-x<KEY>`, a key pasted in the wrong place) only by its first characters.
 */
function shownOption(name: string): string {
  return /^--?[a-z][a-z-]*$/i.test(name) && name.length <= 24
    ? name
    : `${name.slice(0, name.startsWith('--') ? 3 : 2)}…`;
}

function unknown(name: string): never {
  const near = closestOption(name);
  throw new UsageError(
    `Unknown option ${shownOption(name)}.${near ? ` Did you mean ${near}?` : ''} See --help for every option.`,
  );
}

/** The options a long name can abbreviate (as argparse allows), or the one it spells exactly. */
function candidates(name: string): Spec[] {
  const exact = SPECS.find((s) => s.long === name || s.short === name);
  if (exact) return [exact];
  return name.startsWith('--') && name.length > 3 ? SPECS.filter((s) => s.long.startsWith(name)) : [];
}

/** A short option with its value attached (-c123456, -bcABCD-EFGH-IJKL), the longest spelling first. */
function attachedShort(name: string): Spec | undefined {
  if (name.startsWith('--')) return undefined;
  return SPECS.filter((s) => s.value && s.short && name.startsWith(s.short)).sort(
    (a, b) => b.short!.length - a.short!.length,
  )[0];
}

/** Finds the option for `name`: exact spelling, else an unambiguous prefix of a long option. */
function lookup(name: string): Spec {
  const found = candidates(name);
  if (found.length === 1) return found[0]!;
  if (found.length > 1) {
    throw new UsageError(`Option ${name} is ambiguous: it could be ${found.map((m) => m.long).join(' or ')}.`);
  }
  return unknown(name);
}

/** Which values are secrets, and how they are matched (text/redact.ts). */
const SECRET_VALUES: Partial<Record<Key, 'key' | 'code'>> = {
  apiKey: 'key',
  secret: 'key',
  code: 'code',
  backupCode: 'code',
};

/** One word of the command line as the parse reads it (an option takes its value with it). */
type Word =
  | { kind: 'positional'; token: string }
  /** `value`: attached (`=`, `-c123456`), else the next word when the option takes one and it is not an option. */
  | { kind: 'option'; spec: Spec; value: string | undefined }
  /** An unknown or ambiguous option: the usage error it makes. The walk goes on after it. */
  | { kind: 'refused'; error: UsageError };

/**
 * The command line's words, walked once for both readers: parse() stops at the first refusal,
 * secretValues() reads on past it. One walk, so the two cannot disagree on which word is a value.
 */
function* words(argv: readonly string[]): Generator<Word> {
  let onlyPositionals = false;
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (onlyPositionals || !looksLikeOption(token)) {
      yield { kind: 'positional', token };
      continue;
    }
    if (token === '--') {
      onlyPositionals = true;
      continue;
    }
    const eq = token.indexOf('=');
    const name = eq > 0 ? token.slice(0, eq) : token;
    let value = eq > 0 ? token.slice(eq + 1) : undefined;
    let spec: Spec;
    try {
      spec = lookup(name);
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      // -c123456 / -bcABCD-EFGH-IJKL: a short option with its value attached, as argparse allows.
      const attached = value === undefined ? attachedShort(name) : undefined;
      if (!attached) {
        yield { kind: 'refused', error: e };
        continue;
      }
      spec = attached;
      value = name.slice(attached.short!.length);
    }
    const next = argv[i + 1];
    if (spec.value && value === undefined && next !== undefined && !looksLikeOption(next)) {
      value = next;
      i++;
    }
    yield { kind: 'option', spec, value };
  }
}

/**
 * The secrets a command line holds, found without judging it: values of --api-key, -s, -c and
 * -bc (spaced, `=` or attached), and a bare CODE (a word with a digit). Registered before the
 * parse, so that no usage error can echo them; the walk reads on past an unknown option.
 */
export function secretValues(argv: readonly string[]): ['key' | 'code', string][] {
  const out: ['key' | 'code', string][] = [];
  for (const w of words(argv)) {
    if (w.kind === 'positional') {
      if (/\d/.test(w.token)) out.push(['code', w.token]);
    } else if (w.kind === 'option') {
      const kind = SECRET_VALUES[w.spec.key];
      if (kind && w.value) out.push([kind, w.value]);
    }
  }
  return out;
}

/**
 * Values the official parser passes on even when empty (`--api-key ""`, `-s ""`, `-id ""`): the
 * server then answers, as it does for the official CLI. Codes are still checked before sending.
 */
const EMPTY_ALLOWED = new Set<Key>(['secret', 'methodId', 'apiKey']);

/** A word that is an option rather than a value (values never start with `-`; `--opt=-x` passes one). */
function looksLikeOption(token: string): boolean {
  return token.length > 1 && token.startsWith('-');
}

function positiveInt(opt: Key, v: string, min: number, max: number): number {
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
    throw new UsageError(`${label(opt)} takes a whole number from ${min} to ${max}.`);
  }
  return Number(v);
}

/**
 * Notes for stderr about fields the official parser accepts and this program sends as the
 * official CLI does, although the server will not use them.
 */
export function ignoredFieldNotes(p: Preset): string[] {
  if (p.secret === undefined) return [];
  if (p.backupCode !== undefined) {
    return [
      'Note: -s/--secret is sent as the official CLI sends it, but a backup code needs no secret: the server ' +
        'ignores it.',
    ];
  }
  if (p.methodType === 'totp') {
    return [
      'Note: -s/--secret is sent as the official CLI sends it, but an authenticator (totp) code has no secret: the ' +
        'server ignores it.',
    ];
  }
  return [];
}

/** Parses argv (without `node` and the script). Never throws. */
export function parseArgs(argv: string[]): ParsedArgs {
  // --help and --version win over everything else, as usual.
  const end = argv.indexOf('--');
  const head = end === -1 ? argv : argv.slice(0, end);
  if (head.some((a) => a === '-h' || a === '--help')) return { kind: 'help' };
  if (head.some((a) => a === '-V' || a === '--version')) return { kind: 'version' };
  try {
    return { kind: 'run', options: parse(argv) };
  } catch (e) {
    if (e instanceof UsageError) return { kind: 'error', message: e.message };
    throw e;
  }
}

function parse(argv: string[]): Options {
  const seen = new Set<Key>();
  const values: Partial<Record<Key, string>> = {};
  const positionals: string[] = [];
  let codeWantsPositional = false;

  for (const w of words(argv)) {
    if (w.kind === 'refused') throw w.error;
    if (w.kind === 'positional') {
      positionals.push(w.token);
      continue;
    }
    const { spec, value } = w;
    seen.add(spec.key);

    if (!spec.value) {
      if (value !== undefined) throw new UsageError(`${label(spec.key)} takes no value.`);
      continue;
    }
    if (value === undefined && spec.key === 'code') {
      codeWantsPositional = true;
      delete values.code;
      continue;
    }
    if (value === undefined || (value === '' && !EMPTY_ALLOWED.has(spec.key)))
      throw new UsageError(`${label(spec.key)} needs a value.`);
    if (spec.key === 'code') codeWantsPositional = false;
    values[spec.key] = value;
  }

  // A bare CODE means --code CODE; `--code --method-type totp 123456` takes it too.
  if (positionals.length > 1) {
    throw new UsageError(
      `Only one CODE can be given on the command line; got ${positionals.length} words that are not options.`,
    );
  }
  if (positionals.length === 1) {
    if (values.code !== undefined) {
      throw new UsageError('The code was given twice (with -c/--code and as a bare word). Give it once.');
    }
    values.code = positionals[0]!;
    seen.add('code');
  } else if (codeWantsPositional) {
    throw new UsageError('-c/--code needs a value (the 6-digit code).');
  }

  if (values.code !== undefined && values.backupCode !== undefined) {
    throw new UsageError('-c/--code and -bc/--backup-code cannot be used together: verify with one of them.');
  }
  if (values.methodType !== undefined && values.methodId !== undefined) {
    throw new UsageError(
      '-t/--method-type and -id/--method-id cannot be used together (the official vastai CLI ' +
        'refuses this combination too): give the method id alone, or the type alone.',
    );
  }
  let methodType: Channel | undefined;
  if (values.methodType !== undefined) {
    const t = values.methodType.toLowerCase();
    if (!(METHOD_TYPES as readonly string[]).includes(t)) {
      throw new UsageError(`-t/--method-type must be one of: ${METHOD_TYPES.join(', ')}.`);
    }
    methodType = t as Channel;
  }
  const demo = seen.has('demo');
  const demoServer = seen.has('demoServer');
  if (demo && demoServer) throw new UsageError('--demo and --demo-server cannot be used together.');
  if ((demo || demoServer) && (values.url !== undefined || values.apiKey !== undefined)) {
    throw new UsageError(
      `${demo ? '--demo' : '--demo-server'} uses the embedded demo API: leave out --url and --api-key.`,
    );
  }
  if (!demoServer && (values.port !== undefined || values.host !== undefined)) {
    throw new UsageError(`${values.port !== undefined ? '--port' : '--host'} only applies to --demo-server.`);
  }

  const preset: Preset = { yes: seen.has('yes') };
  if (values.code !== undefined) preset.code = values.code;
  if (methodType !== undefined) preset.methodType = methodType;
  if (values.methodId !== undefined) preset.methodId = values.methodId;
  if (values.secret !== undefined) preset.secret = values.secret;
  if (values.backupCode !== undefined) preset.backupCode = values.backupCode;
  if (values.save !== undefined) {
    const entry = passEntryOf(values.save);
    const problem = entry === null ? null : entryNameProblem(entry);
    if (problem !== null) throw new UsageError(`--save pass:NAME cannot store there: ${problem}.`);
    preset.savePath = values.save;
  }
  if (values.saveCommand !== undefined) {
    if (values.saveCommand.trim() === '') throw new UsageError('--save-command needs a command.');
    preset.saveCommand = values.saveCommand;
  }
  if (seen.has('replace')) {
    if (values.save === undefined) throw new UsageError('--replace only applies to --save (a file or pass:NAME).');
    preset.replace = true;
  }

  const options: Options = {
    preset,
    retry: values.retry !== undefined ? positiveInt('retry', values.retry, 1, 100) : DEFAULT_RETRY,
    raw: seen.has('raw'),
    stdoutOnly: seen.has('stdoutOnly'),
    allowHttp: seen.has('allowHttp'),
    explain: seen.has('explain'),
    demo,
    demoServer,
    color: !seen.has('noColor'),
  };
  if (values.url !== undefined) options.url = values.url;
  if (values.apiKey !== undefined) options.apiKey = values.apiKey;
  if (values.port !== undefined) options.port = positiveInt('port', values.port, 0, 65535);
  if (values.host !== undefined) options.host = values.host;
  return options;
}
