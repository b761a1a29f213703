import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted answer: status + JSON/text body, or 'drop' to destroy the connection unanswered. */
export type Scripted =
  | {
      status: number;
      json?: unknown;
      text?: string;
      headers?: Record<string, string>;
      /** Raw bytes (e.g. gzip), sent as they are; `chunks` splits them into that many writes (no Content-Length). */
      bytes?: Buffer;
      chunks?: number;
    }
  | 'drop';

export interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/**
 * A loopback HTTP server that answers each request with the next scripted answer, and records
 * what it was sent. For exact retry and error-mapping tests; the demo API covers the behaviour.
 */
export async function stubServer(script: Scripted[]) {
  const seen: Seen[] = [];
  const queue = [...script];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const next = queue.shift() ?? { status: 500, json: { error: 'script_exhausted', msg: 'no more answers' } };
      if (next === 'drop') {
        req.socket.destroy();
        return;
      }
      const text = next.text ?? (next.json === undefined ? '' : JSON.stringify(next.json));
      res.writeHead(next.status, {
        'Content-Type': next.text !== undefined ? 'text/html' : 'application/json',
        ...next.headers,
      });
      if (next.bytes && next.chunks) {
        const size = Math.ceil(next.bytes.length / next.chunks);
        for (let i = 0; i < next.bytes.length; i += size) res.write(next.bytes.subarray(i, i + size));
        res.end();
        return;
      }
      res.end(next.bytes ?? text);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    remaining: () => queue.length,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
