/**
 * The agent that carries requests through a proxy (loaded by the client only when one is in use):
 * a CONNECT tunnel (https-proxy-agent), TLS to the API inside it, so the proxy sees only the host
 * and port. A plain-http URL (loopback, or --allow-http) goes through a tunnel too, where Python
 * requests would send the request itself to the proxy: http-proxy-agent 9.1, which does that,
 * writes the request line and headers twice when got has already written a body (a PUT).
 *
 * https-proxy-agent answers a tunnel the proxy refused with a stand-in socket that replays the
 * proxy's answer as if the API had sent it; here a refused tunnel is an error instead
 * (ProxyRefusedError), so a proxy's 502 is never taken for the API's and the request is known
 * never to have left.
 */
import type { ClientRequest, Agent as HttpAgent } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import type { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { UNSENT, type Proxy } from './proxy.js';

/** The proxy refused to open a tunnel to the API (407: its credentials were refused). */
export class ProxyRefusedError extends Error {
  readonly code = 'ERR_PROXY_TUNNEL';
  constructor(readonly statusCode: number) {
    super(`the proxy refused the tunnel (HTTP ${statusCode})`);
  }
}

class Tunnel extends HttpsProxyAgent<string> {
  override async connect(req: ClientRequest, opts: Parameters<HttpsProxyAgent<string>['connect']>[1]): Promise<Socket> {
    let status = 0;
    const seen = (c: { statusCode: number }) => (status = c.statusCode);
    req.once('proxyConnect', seen);
    const socket = await super.connect(req, opts);
    req.off('proxyConnect', seen);
    if (status !== 200) {
      socket.destroy();
      throw new ProxyRefusedError(status);
    }
    if (socket instanceof TLSSocket) await handshake(socket);
    return socket;
  }
}

/**
 * The TLS session with the API, inside the tunnel, before the request is handed the socket: a
 * certificate refused here is a failure before anything was sent (marked so), and any failure
 * after it may have reached the API. (got's connection timings cannot tell the two apart for a
 * socket it receives already connected, as a tunnel's is.)
 */
function handshake(socket: TLSSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (e: Error) => {
      socket.off('secureConnect', done);
      socket.destroy();
      reject(Object.assign(e, { [UNSENT]: true }));
    };
    const done = () => {
      socket.off('error', fail);
      resolve();
    };
    socket.once('secureConnect', done);
    socket.once('error', fail);
  });
}

/** Agents for got's `agent` option; `keepAlive: false` for a request that must use a new connection. */
export function proxyAgents(p: Proxy, keepAlive: boolean): { http: HttpAgent; https: HttpsAgent } {
  const tunnel = new Tunnel(p.url.href, { keepAlive });
  // agent-base's Agent serves both kinds (an https request gets TLS inside the tunnel).
  return { http: tunnel, https: tunnel as unknown as HttpsAgent };
}
