/**
 * A loopback Vast.ai 2FA API for the fault matrix: the status of an account with one authenticator
 * method (any 6-digit code verifies), and a regenerate that replaces the codes the moment the
 * request arrives and answers only when the test says so. `issued` then holds the ten codes the
 * account now has: the ones that must never be lost.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';

export interface RegenServer {
  url: string;
  /** The codes the account holds since the regenerate request arrived (empty before). */
  issued: string[];
  /** Resolves when the regenerate request has arrived (and the codes were replaced). */
  arrived: Promise<void>;
  /** Sends the held answer (the new codes). */
  release(): void;
  close(): Promise<void>;
}

function code(): string {
  const a = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  const b = randomBytes(12);
  const s = Array.from(b, (x) => a[x % a.length]).join('');
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`;
}

const STATUS = {
  tfa_enabled: true,
  backup_codes_remaining: 3,
  new_method_authorized: false,
  methods: [
    { id: 101, method: 'totp', label: 'Authenticator app', is_primary: true, fail_count: 0, locked_until: null },
  ],
};

/**
 * `hold`: answer the regenerate only on release() (default), else at once. `body` shapes the
 * answer from the issued codes (default `{msg: 'success', backup_codes}`).
 */
export async function regenServer(
  o: { hold?: boolean; body?: (codes: string[]) => unknown } = {},
): Promise<RegenServer> {
  const hold = o.hold ?? true;
  let arrivedNow!: () => void;
  const arrived = new Promise<void>((r) => {
    arrivedNow = r;
  });
  let releaseNow!: () => void;
  const released = new Promise<void>((r) => {
    releaseNow = r;
  });
  const state: { issued: string[] } = { issued: [] };
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.method === 'GET' && req.url === '/api/v0/tfa/status/') return json(res, 200, STATUS);
      if (req.method === 'PUT' && req.url === '/api/v0/tfa/regen-backup-codes/') {
        state.issued = Array.from({ length: 10 }, code);
        arrivedNow();
        const answer = () =>
          json(res, 200, o.body ? o.body(state.issued) : { msg: 'success', backup_codes: state.issued });
        if (hold) void released.then(answer);
        else answer();
        return;
      }
      json(res, 404, { error: 'not_found', msg: 'no such route' });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get issued() {
      return state.issued;
    },
    arrived,
    release: releaseNow,
    close: () =>
      new Promise<void>((r) => {
        releaseNow();
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
