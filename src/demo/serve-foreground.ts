import { isIP } from 'node:net';
import { isLoopback, startDemoServer } from './server.js';

/** A --host that only this machine can reach: a loopback address, or `localhost`. */
function loopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  return h.toLowerCase() === 'localhost' || (isIP(h) !== 0 && isLoopback(h));
}

export interface ServeForegroundOptions {
  /** Default 8787. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Where the banner goes; default process.stdout. */
  out?: { write(s: string): unknown };
  /** Stops the server like a signal would (tests). */
  stop?: AbortSignal;
}

/**
 * `--demo-server`: serves the demo API until SIGINT/SIGTERM (or `stop`), then closes it and
 * resolves. The first two lines printed are the base URL and the key. Rejects with a plain
 * Error when the port cannot be used (e.g. already in use).
 */
export async function serveDemoForeground(o: ServeForegroundOptions = {}): Promise<void> {
  const { port = 8787, host = '127.0.0.1', out = process.stdout, stop } = o;
  let server;
  try {
    server = await startDemoServer({ port, host });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      throw new Error(`Port ${port} on ${host} is already in use. Choose another with --port N.`);
    if (code === 'EACCES')
      throw new Error(`Not allowed to listen on port ${port} on ${host}. Choose another with --port N.`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
      throw new Error(`Cannot listen on host ${host}: no such local address.`);
    throw new Error(`Cannot start the demo API on ${host}:${port}: ${(e as Error).message}`);
  }
  const exposed = loopbackHost(host)
    ? []
    : [
        `Warning: --host ${host} is not loopback: other machines that reach this address can use the demo API ` +
          '(the demo key is public, printed above). ' +
          'Its control endpoints (/__demo/...) still answer this machine only.',
        '',
      ];
  out.write(
    [
      `Demo API: ${server.url}`,
      `API key:  ${server.apiKey}`,
      '',
      `Try it:   vastai-regen-codes --url ${server.url} --api-key ${server.apiKey}`,
      `Inbox:    ${server.url}/__demo/inbox  (demo SMS/email codes, current authenticator code)`,
      'Press Ctrl+C to stop.',
      '',
      ...exposed,
    ].join('\n'),
  );
  await new Promise<void>((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      stop?.removeEventListener('abort', done);
      resolve();
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
    if (stop?.aborted) return done();
    stop?.addEventListener('abort', done);
  });
  await server.close();
}
