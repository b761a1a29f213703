import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { homedir } from 'node:os';

/** Where the API key came from; the order is the official CLI's, first match wins. */
export type KeyOrigin = 'flag' | 'env' | 'tfa_key_file' | 'api_key_file' | 'demo' | 'prompt';

export interface KeySource {
  key: string;
  from: KeyOrigin;
  /** The file it was read from, for the key files. */
  path?: string;
}

export interface ResolvedConfig {
  baseUrl: string;
  key: KeySource;
  /** vast_api_key, kept when the key in use is a 2FA session key that may have expired. */
  fallbackKey: KeySource | null;
  /** Things the user should know before anything is sent (e.g. an unencrypted URL). */
  warnings: string[];
}

export const DEFAULT_URL = 'https://console.vast.ai';
/** Vast's page where API keys are created and copied: the one address every message names. */
export const KEYS_URL = 'https://cloud.vast.ai/manage-keys/';

/** No key anywhere, or an unusable URL: a usage problem (exit 2). */
export class ConfigError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** No key from any source: the wizard can ask for one (key/ask-key.ts); a script gets the message (exit 2). */
export class NoKeyError extends ConfigError {
  constructor(
    message: string,
    readonly baseUrl: string,
    readonly warnings: string[],
    /** Where the official CLI reads the key (and where the wizard offers to save it). */
    readonly apiKeyPath: string,
  ) {
    super(message);
    this.name = 'NoKeyError';
  }
}

export interface ConfigInput {
  apiKey?: string;
  url?: string;
  /** --allow-http: a plain-http URL that is not loopback is used (with a warning) instead of refused. */
  allowHttp?: boolean;
  env?: NodeJS.ProcessEnv;
  home?: string;
}

/** `$XDG_CONFIG_HOME/vastai`, else `~/.config/vastai`. A relative XDG_CONFIG_HOME is ignored, as the XDG spec says. */
export function configDir(env: NodeJS.ProcessEnv, home: string): string {
  const xdg = env.XDG_CONFIG_HOME?.trim();
  return join(xdg && isAbsolute(xdg) ? xdg : join(home, '.config'), 'vastai');
}

/** The key file of old vastai versions; the official CLI moves it into the config folder when that has none. */
export const LEGACY_KEY_FILE = '.vast_api_key';

function readKeyFile(path: string): string | null {
  try {
    const text = readFileSync(path, 'utf8').trim();
    return text === '' ? null : text;
  } catch {
    return null;
  }
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\]|::1)$/i;

/**
 * Normalises the base URL (no trailing slash, no /api/vN suffix). Plain http to another machine
 * would carry the key and code in clear: refused before any request, unless `allowHttp` (then a
 * warning).
 */
export function resolveUrl(
  given: string | undefined,
  env: NodeJS.ProcessEnv,
  allowHttp = false,
): { baseUrl: string; warnings: string[] } {
  const raw = (given ?? env.VAST_URL ?? '').trim() || DEFAULT_URL;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // Not repeated: what was given may hold a password (user:pass@) or a key.
    throw new ConfigError(`--url (or $VAST_URL) is not a URL; expected something like ${DEFAULT_URL}.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`--url: only http and https URLs are supported, not ${url.protocol}`);
  }
  if (url.username || url.password) {
    throw new ConfigError('--url: credentials in the URL are not supported; use --api-key.');
  }
  const path = url.pathname.replace(/\/+$/, '').replace(/\/api\/v\d+$/, '');
  const baseUrl = `${url.protocol}//${url.host}${path}`;
  const warnings: string[] = [];
  if (url.protocol === 'http:' && !LOOPBACK.test(url.hostname)) {
    if (!allowHttp) {
      throw new ConfigError(
        `--url ${baseUrl} is plain http to another machine: your API key and codes would travel unencrypted. ` +
          'Use an https:// URL, or add --allow-http to send them in clear anyway.',
      );
    }
    warnings.push(`Warning: ${baseUrl} is plain http; your API key and codes travel unencrypted (--allow-http).`);
  }
  return { baseUrl, warnings };
}

/**
 * The API key and base URL, resolved as the official CLI does: --api-key, $VAST_API_KEY,
 * then the files vast_tfa_key and vast_api_key in the config dir (contents trimmed), the latter
 * replaced by the legacy ~/.vast_api_key when the config dir has none.
 */
export function resolveConfig(input: ConfigInput): ResolvedConfig {
  const env = input.env ?? process.env;
  const home = input.home ?? homedir();
  const { baseUrl, warnings } = resolveUrl(input.url, env, input.allowHttp);
  const dir = configDir(env, home);
  const apiKeyPath = join(dir, 'vast_api_key');
  const tfaKeyPath = join(dir, 'vast_tfa_key');

  // --api-key wins even when empty, as in the official CLI: the server then refuses it.
  if (input.apiKey !== undefined)
    return { baseUrl, warnings, key: { key: input.apiKey.trim(), from: 'flag' }, fallbackKey: null };
  const fromEnv = env.VAST_API_KEY?.trim();
  if (fromEnv) return { baseUrl, warnings, key: { key: fromEnv, from: 'env' }, fallbackKey: null };

  // Where the official CLI would find vast_api_key: after it has moved a legacy ~/.vast_api_key
  // there when the config folder had none (read in place here: nothing is moved).
  const apiPath = existsSync(apiKeyPath) ? apiKeyPath : join(home, LEGACY_KEY_FILE);
  const apiFileKey = readKeyFile(apiPath);
  const apiFile: KeySource | null = apiFileKey ? { key: apiFileKey, from: 'api_key_file', path: apiPath } : null;
  const tfaFileKey = readKeyFile(tfaKeyPath);
  if (tfaFileKey) {
    return {
      baseUrl,
      warnings,
      key: { key: tfaFileKey, from: 'tfa_key_file', path: tfaKeyPath },
      fallbackKey: apiFile,
    };
  }
  if (apiFile) return { baseUrl, warnings, key: apiFile, fallbackKey: null };

  throw new NoKeyError(
    [
      'No Vast.ai API key found. Give one in any of these ways (first found wins):',
      '  --api-key KEY',
      '  the VAST_API_KEY environment variable',
      `  the file ${tfaKeyPath} (written by \`vastai tfa login\`)`,
      `  the file ${apiKeyPath} (written by \`vastai set api-key KEY\`; older versions wrote ~/${LEGACY_KEY_FILE})`,
      `Create or copy a key at ${KEYS_URL} . To try this tool without an account: --demo`,
    ].join('\n'),
    baseUrl,
    warnings,
    apiKeyPath,
  );
}
