/**
 * A loopback HTTP proxy in front of a demo server that reports each request as it arrives, so a
 * test can act at an exact moment ("the PUT has reached the server") and then make the server
 * vanish (close() drops every connection) without any timing guesses.
 */
import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TapProxy {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** Resolves when a request with this method (and path part, when given) has arrived. */
  arrived(method: string, pathPart?: string): Promise<void>;
  /** Stops listening and destroys every connection (in-flight requests get no answer). */
  close(): Promise<void>;
}

/** Starts a proxy forwarding everything to `target` (a demo server URL). */
export async function startTapProxy(target: string): Promise<TapProxy> {
  const seen: { method: string; path: string }[] = [];
  const waiters: { method: string; pathPart: string; resolve: () => void }[] = [];
  const notify = () => {
    for (const w of [...waiters]) {
      if (seen.some((r) => r.method === w.method && r.path.includes(w.pathPart))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  const up = new URL(target);
  const server = createServer((req: IncomingMessage, res) => {
    seen.push({ method: req.method ?? '', path: req.url ?? '' });
    notify();
    const fwd = httpRequest({ host: up.hostname, port: up.port, method: req.method, path: req.url, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    fwd.on('error', () => res.destroy());
    req.pipe(fwd);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    arrived: (method, pathPart = '') => new Promise<void>((resolve) => {
      waiters.push({ method, pathPart, resolve });
      notify();
    }),
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
