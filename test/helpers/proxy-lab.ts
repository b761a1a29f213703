/**
 * A forward proxy on loopback (the `proxy` package, from the same project as the agents the
 * client uses, with Basic authentication), an https front for a demo API (a certificate signed by
 * a test certificate authority), and a port nothing listens on: what the proxy tests need.
 */
import { createServer as createHttpServer, request as httpRequest, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createProxy } from 'proxy';

/** A test certificate authority (EC P-256, made for these tests only; its key is not kept). */
export const TEST_CA = `-----BEGIN CERTIFICATE-----
MIIBsjCCAVegAwIBAgIUdtdnAmkDwkV2BvBaf5hbJtQ4LgUwCgYIKoZIzj0EAwIw
JTEjMCEGA1UEAwwadmFzdGFpLXJlZ2VuLWNvZGVzIHRlc3QgQ0EwIBcNMjYxMjAy
MTE1MzQyWhgPMjEyNjExMDgxMTUzNDJaMCUxIzAhBgNVBAMMGnZhc3RhaS1yZWdl
bi1jb2RlcyB0ZXN0IENBMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEOf3/YOkM
cW0RRy6ZPlQjF9T/XCauX8RtJaID0CWsaisQ0ERi2kBDpthD0o8HhPp8oOy7ELKb
zQBMeq8XhF/dNqNjMGEwHQYDVR0OBBYEFKSuf7f5BNXFgYFH/y1/6t9FkfnVMB8G
A1UdIwQYMBaAFKSuf7f5BNXFgYFH/y1/6t9FkfnVMA8GA1UdEwEB/wQFMAMBAf8w
DgYDVR0PAQH/BAQDAgIEMAoGCCqGSM49BAMCA0kAMEYCIQDQsYBa6Zf+2zpFOk+C
fXPptwwkMfil5xIRhyq/61FD+gIhAP57XnLP6gWQzNd3xWIgFJnuJ7P7eaODea9r
j6beJk0b
-----END CERTIFICATE-----
`;

/** For `localhost` and 127.0.0.1, signed by TEST_CA. */
const SERVER_CERT = `-----BEGIN CERTIFICATE-----
MIIBvDCCAWGgAwIBAgIUeeDswZ1tiMT51ojZb+ZRSdR2eWAwCgYIKoZIzj0EAwIw
JTEjMCEGA1UEAwwadmFzdGFpLXJlZ2VuLWNvZGVzIHRlc3QgQ0EwIBcNMjYxMjAy
MTE1MzQyWhgPMjEyNjExMDgxMTUzNDJaMBQxEjAQBgNVBAMMCWxvY2FsaG9zdDBZ
MBMGByqGSM49AgEGCCqGSM49AwEHA0IABM7xI9FbDhZb+g6TiOFgfw1rlgmMhMyj
jiSnJqNvUqoc4J+UoTIGols+ckZ17OO+bplyESHC4cSlGCpeKb5b8ymjfjB8MBoG
A1UdEQQTMBGCCWxvY2FsaG9zdIcEfwAAATAJBgNVHRMEAjAAMBMGA1UdJQQMMAoG
CCsGAQUFBwMBMB0GA1UdDgQWBBT/CwlYWkVgNOh5fmSXqP0J80M5hDAfBgNVHSME
GDAWgBSkrn+3+QTVxYGBR/8tf+rfRZH51TAKBggqhkjOPQQDAgNJADBGAiEAhr8k
V/0+RHvgTcxSbpF2/U10U2QIbJTslQJ8mChIPGICIQC7j+kC9hlvpwWfavKRz3vt
GxR13bfXEGaS4uI6lIOuHQ==
-----END CERTIFICATE-----
`;
const SERVER_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgkc9bCvzo3mwOsW6V
0vQOf5OAMDrT4TnQhpbAuNQttPmhRANCAATO8SPRWw4WW/oOk4jhYH8Na5YJjITM
o44kpyajb1KqHOCflKEyBqJbPnJGdezjvm6ZchEhwuHEpRgqXim+W/Mp
-----END PRIVATE KEY-----
`;

/** Writes TEST_CA into `dir` and returns its path, for NODE_EXTRA_CA_CERTS. */
export function writeTestCa(dir: string): string {
  const path = join(dir, 'test-ca.pem');
  writeFileSync(path, TEST_CA);
  return path;
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

function closer(server: Server): () => Promise<void> {
  return () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
}

export interface LabProxy {
  /** `http://127.0.0.1:PORT`, without credentials. */
  url: string;
  port: number;
  /** `CONNECT host:port` targets, and the absolute URLs of plain-http requests, in order. */
  seen: string[];
  /** Requests refused with 407. */
  refused: number;
  close(): Promise<void>;
}

/** A forward proxy on loopback; with `auth`, Basic credentials are required (407 otherwise). */
export async function startProxy(auth?: { user: string; password: string }): Promise<LabProxy> {
  const server = createProxy(createHttpServer());
  const lab = { seen: [] as string[], refused: 0 };
  const expected = auth ? `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}` : null;
  server.authenticate = (req) => {
    const ok = expected === null || req.headers['proxy-authorization'] === expected;
    if (!ok) lab.refused++;
    return ok;
  };
  server.prependListener('connect', (req) => lab.seen.push(`CONNECT ${req.url ?? ''}`));
  server.prependListener('request', (req) => lab.seen.push(`${req.method ?? ''} ${req.url ?? ''}`));
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    get seen() {
      return lab.seen;
    },
    get refused() {
      return lab.refused;
    },
    close: closer(server),
  };
}

export interface TlsFront {
  /** `https://localhost:PORT` */
  url: string;
  /** Requests it received. */
  requests: () => number;
  close(): Promise<void>;
}

/** An https server (certificate for localhost from TEST_CA) that forwards every request to `target`. */
export async function startTlsFront(target: string): Promise<TlsFront> {
  const up = new URL(target);
  let requests = 0;
  const server = createHttpsServer({ key: SERVER_KEY, cert: SERVER_CERT }, (req, res) => {
    requests++;
    const fwd = httpRequest(
      { host: up.hostname, port: up.port, method: req.method, path: req.url, headers: req.headers },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      },
    );
    // The demo dropped the connection (drop_after_apply): so does the front.
    fwd.on('error', () => res.socket?.destroy());
    req.pipe(fwd);
  });
  const port = await listen(server);
  return { url: `https://localhost:${port}`, requests: () => requests, close: closer(server) };
}

/** A loopback port nothing listens on (taken, then freed). */
export async function closedPort(): Promise<number> {
  const server = createHttpServer();
  const port = await listen(server);
  await closer(server)();
  return port;
}
