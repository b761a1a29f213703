/**
 * A loopback HTTP proxy in front of a demo server that reports each request as it arrives, and can
 * hold requests (not forwarded until released), so a test can act at an exact moment ("the PUT has
 * reached the server", "status is still unanswered") and then make the server vanish (close()
 * drops every connection) without any timing guesses.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TapProxyOptions {
  /** Requests for which this returns true are held (not forwarded) until release(). */
  hold?: (method: string, path: string) => boolean;
}

export interface TapProxy {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** Resolves when a request with this method (and path part, when given) has arrived. */
  arrived(method: string, pathPart?: string): Promise<void>;
  /** How many requests are held right now. */
  held(): number;
  /** Stops holding: held requests are forwarded now, later ones go straight through. */
  release(): void;
  /** Stops listening and destroys every connection (in-flight requests get no answer). */
  close(): Promise<void>;
}

/** Starts a proxy forwarding everything to `target` (a demo server URL). */
export async function startTapProxy(target: string, o: TapProxyOptions = {}): Promise<TapProxy> {
  const seen: { method: string; path: string }[] = [];
  const waiters: { method: string; pathPart: string; resolve: () => void }[] = [];
  let holding = o.hold ?? null;
  const queue: (() => void)[] = [];
  const notify = () => {
    for (const w of [...waiters]) {
      if (seen.some((r) => r.method === w.method && r.path.includes(w.pathPart))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  const up = new URL(target);
  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const fwd = httpRequest(
      { host: up.hostname, port: up.port, method: req.method, path: req.url, headers: req.headers },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      },
    );
    fwd.on('error', () => res.destroy());
    res.on('close', () => fwd.destroy());
    fwd.end(body);
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', path: req.url ?? '' });
      const go = () => forward(req, res, Buffer.concat(chunks));
      if (holding && holding(req.method ?? '', req.url ?? '')) queue.push(go);
      else go();
      notify();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    arrived: (method, pathPart = '') =>
      new Promise<void>((resolve) => {
        waiters.push({ method, pathPart, resolve });
        notify();
      }),
    held: () => queue.length,
    release: () => {
      holding = null;
      for (const go of queue.splice(0)) go();
    },
    close: () =>
      new Promise<void>((resolve) => {
        queue.length = 0;
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
