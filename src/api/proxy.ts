/**
 * Proxies as people configure them for the official CLI (Python requests): `HTTPS_PROXY`,
 * `HTTP_PROXY`, `ALL_PROXY` and `NO_PROXY`, either case, with requests' precedence and NO_PROXY
 * matching. The agents come from https-proxy-agent (CONNECT, for https) and http-proxy-agent
 * (absolute URLs, for plain http), loaded only when a proxy is in use (proxy-agents.ts).
 */
import { isIPv4 } from 'node:net';
import { ApiError } from './errors.js';

export interface Proxy {
  /** The proxy's URL, credentials included (never shown). */
  url: URL;
  /** The same with any credentials masked, for --explain and messages. */
  shown: string;
  /** Which variable named it, e.g. `HTTPS_PROXY`. */
  from: string;
}

/** A proxy setting that cannot be used: a usage problem (exit 2), named without its credentials. */
export class ProxyConfigError extends Error {}

/**
 * The environment's `*_proxy` variables as urllib's getproxies_environment reads them: a lower-case
 * name wins over any other spelling, and an empty lower-case one removes the setting. Keys are the
 * lower-cased prefixes (`https`, `http`, `all`, `no`); values keep the variable's name.
 */
function environmentProxies(env: NodeJS.ProcessEnv): Map<string, { value: string; name: string }> {
  const found = new Map<string, { value: string; name: string }>();
  for (const [name, value] of Object.entries(env)) {
    const lower = name.toLowerCase();
    if (value && lower.endsWith('_proxy')) found.set(lower.slice(0, -6), { value, name });
  }
  // CVE-2016-1000110: in a CGI script, HTTP_PROXY may come from a client's "Proxy:" header.
  if (env.REQUEST_METHOD !== undefined) found.delete('http');
  for (const [name, value] of Object.entries(env)) {
    if (!name.endsWith('_proxy')) continue;
    const key = name.toLowerCase().slice(0, -6);
    if (value) found.set(key, { value, name });
    else found.delete(key);
  }
  return found;
}

/** The 32-bit value of a dotted IPv4 address. */
function ipv4Number(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

/** requests' is_valid_cidr and address_in_network: `10.0.0.0/8` holds `ip`. */
function inCidr(ip: string, cidr: string): boolean | null {
  const parts = cidr.split('/');
  if (parts.length !== 2 || !/^\d+$/.test(parts[1]) || !isIPv4(parts[0])) return null;
  const bits = Number(parts[1]);
  if (bits < 1 || bits > 32) return null;
  const mask = bits === 32 ? 0xffffffff : (0xffffffff << (32 - bits)) >>> 0;
  return (ipv4Number(ip) & mask) >>> 0 === (ipv4Number(parts[0]) & mask) >>> 0;
}

/**
 * requests' should_bypass_proxies: true when `target` goes direct. An IPv4 host matches an entry
 * that is the same address or a CIDR block holding it; any other host matches an entry it ends
 * with, with or without its port (`example.com`, `.example.com`, `example.com:8443`); then urllib's
 * proxy_bypass_environment: `*` alone, or an entry (leading dots ignored) equal to the host or a
 * domain suffix of it, case ignored.
 */
export function bypassesProxy(target: URL, env: NodeJS.ProcessEnv): boolean {
  const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === '') return true;
  const first = env.no_proxy || env.NO_PROXY;
  if (first) {
    const entries = first
      .replace(/ /g, '')
      .split(',')
      .filter((e) => e !== '');
    if (isIPv4(host)) {
      for (const e of entries) if (inCidr(host, e) ?? e === host) return true;
    } else {
      const withPort = target.port ? `${host}:${target.port}` : host;
      for (const e of entries) if (host.endsWith(e) || withPort.endsWith(e)) return true;
    }
  }
  const no = environmentProxies(env).get('no')?.value;
  if (!no) return false;
  if (no === '*') return true;
  for (const raw of no.split(',')) {
    const name = raw.trim().replace(/^\.+/, '').toLowerCase();
    if (name === '') continue;
    if (host === name || host.endsWith(`.${name}`)) return true;
  }
  return false;
}

/** A proxy URL with its user and password replaced, e.g. `http://***:***@proxy.corp:3128`. */
export function maskProxy(url: URL): string {
  const auth = url.username || url.password ? '***:***@' : '';
  const path = url.pathname === '/' ? '' : url.pathname;
  return `${url.protocol}//${auth}${url.host}${path}`;
}

/**
 * The proxy a request to `target` goes through, as requests chooses it (select_proxy): the
 * scheme's own variable (`HTTPS_PROXY` for https, `HTTP_PROXY` for http), else `ALL_PROXY`; none
 * when NO_PROXY says so. A value without a scheme is taken as `http://`, as requests does.
 */
export function proxyFor(target: string, env: NodeJS.ProcessEnv = process.env): Proxy | null {
  const url = new URL(target);
  const scheme = url.protocol.replace(/:$/, '');
  const proxies = environmentProxies(env);
  const chosen = proxies.get(scheme) ?? proxies.get('all');
  if (!chosen || bypassesProxy(url, env)) return null;
  const value = /^[a-z][a-z0-9+.-]*:\/\//i.test(chosen.value) ? chosen.value : `http://${chosen.value}`;
  let proxy: URL;
  try {
    proxy = new URL(value);
  } catch {
    // Not repeated: it may hold a password.
    throw new ProxyConfigError(`${chosen.name} is not a URL; expected something like http://proxy.example:3128.`);
  }
  if (proxy.protocol !== 'http:' && proxy.protocol !== 'https:') {
    throw new ProxyConfigError(
      `${chosen.name}: ${proxy.protocol.replace(/:$/, '')} proxies are not supported; ` +
        'use an http:// or https:// proxy.',
    );
  }
  return { url: proxy, shown: maskProxy(proxy), from: chosen.name };
}

/** The credentials a proxy URL holds (decoded and as written), to be kept out of all output. */
export function proxySecrets(p: Proxy | null): string[] {
  if (!p) return [];
  const out = [p.url.username, p.url.password];
  for (const v of [p.url.username, p.url.password]) {
    try {
      out.push(decodeURIComponent(v));
    } catch {
      // kept as written
    }
  }
  return out.filter((v) => v !== '');
}

/**
 * The mark proxy-agents.ts sets on an error that happened before any byte of the request was
 * written (a TLS handshake refused inside the tunnel). A registered symbol, so that module (a
 * chunk loaded only with a proxy) needs nothing from this one.
 */
export const UNSENT = Symbol.for('vastai-regen-codes.unsent');

/**
 * Through a proxy, a request provably never left when the proxy could not be reached or refused
 * the tunnel, the TLS session inside the tunnel failed, or Node refused a header. Anything else
 * (a connection broken after the tunnel was up, a timeout) may have reached the API.
 */
export function unsentThroughProxy(p: Proxy, e: unknown): boolean {
  const c = causeOf(e) as { [UNSENT]?: boolean } | null;
  return (
    Boolean(c?.[UNSENT]) ||
    (e as { [UNSENT]?: boolean })[UNSENT] === true ||
    proxyFailure(p, e) !== null ||
    headerRefused(e)
  );
}

/** Connection errors that mean no connection to the proxy was made. */
const PROXY_UNREACHABLE = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL'];

/** The error got wrapped, or the error itself. */
function causeOf(e: unknown): { code?: string; statusCode?: number } | null {
  if (!e || typeof e !== 'object') return null;
  const c = (e as { cause?: unknown }).cause;
  return (c && typeof c === 'object' ? c : e) as { code?: string; statusCode?: number };
}

/** The proxy refused its credentials (a 407 to the tunnel): asking again gets the same answer. */
export function proxyAuthRefused(e: unknown): boolean {
  const c = causeOf(e);
  return c?.code === 'ERR_PROXY_TUNNEL' && c.statusCode === 407;
}

/**
 * What a failure becomes when the proxy is why, or null: it could not be reached, it refused the
 * tunnel, or (407, `status` for a plain-http request it answered) it refused its credentials.
 * In each case the request never reached the API.
 */
export function proxyFailure(p: Proxy | null, e: unknown, status?: number): ApiError | null {
  if (!p) return null;
  const c = causeOf(e);
  const tunnel = c?.code === 'ERR_PROXY_TUNNEL' ? (c.statusCode ?? 0) : null;
  const at = { url: p.shown, neverSent: true, context: {} };
  if (status === 407 || tunnel === 407) return new ApiError({ code: 'proxy_auth_failed', status: 407, ...at });
  if (tunnel !== null) return new ApiError({ code: 'proxy_refused', status: tunnel, detail: `HTTP ${tunnel}`, ...at });
  const code = (e as { code?: string } | null)?.code ?? '';
  if (PROXY_UNREACHABLE.includes(code))
    return new ApiError({ code: 'proxy_unreachable', status: null, detail: code, ...at });
  return null;
}

/** Node's codes for a header value it refuses to send (a newline or other control character in the key). */
const HEADER_REFUSED = ['ERR_INVALID_CHAR', 'ERR_HTTP_INVALID_HEADER_VALUE', 'ERR_INVALID_HTTP_TOKEN'];

/** Node refused a header before anything was written: sending it again changes nothing. */
export function headerRefused(e: unknown): boolean {
  return (
    HEADER_REFUSED.includes((e as { code?: string } | null)?.code ?? '') ||
    HEADER_REFUSED.includes(causeOf(e)?.code ?? '')
  );
}

/** A header Node refused (the API key holds a character a header cannot carry): nothing left. */
export function headerFailure(e: unknown): ApiError | null {
  if (!headerRefused(e)) return null;
  return new ApiError({ code: 'malformed_key', status: null, neverSent: true });
}
