import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the server received it; `body` parsed as JSON (undefined when empty). */
export interface Recorded {
  method: string;
  path: string;
  body: unknown;
}

/** How the recorder answers one route: a JSON body with 200, or a function of the request body. */
export type Answers = Record<string, unknown | ((body: unknown) => unknown)>;

/**
 * A loopback server that answers each route (`METHOD /path`) the same way every time and records
 * every request in order. It answers 404 to anything it has no answer for, so a wrong path or a
 * missing trailing slash shows up in the test.
 */
export async function recorder(answers: Answers) {
  const seen: Recorded[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', () => {
      const body = text === '' ? undefined : JSON.parse(text);
      const path = req.url ?? '';
      seen.push({ method: req.method ?? '', path, body });
      const a = answers[`${req.method} ${path}`];
      const out = typeof a === 'function' ? (a as (b: unknown) => unknown)(body) : a;
      const json = JSON.stringify(out === undefined ? { error: 'not_found', msg: `No route for ${path}` } : out);
      res.writeHead(out === undefined ? 404 : 200, { 'Content-Type': 'application/json' });
      res.end(json);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
