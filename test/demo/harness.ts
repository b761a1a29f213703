// Shared by the demo tests: a demo server on loopback with a movable clock, and a tiny fetch wrapper.
import { startDemoServer, type DemoServer } from '../../src/demo/server.js';

export const T0 = 1_700_000_000_000;

export interface Harness {
  server: DemoServer;
  url: string;
  clock: { t: number };
  /** API call with the demo key; body sent as JSON when given (strings are sent as-is). */
  call(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: any; headers: Headers }>;
  close(): Promise<void>;
}

export async function harness(): Promise<Harness> {
  const clock = { t: T0 };
  const server = await startDemoServer({ now: () => clock.t });
  const call: Harness['call'] = async (method, path, body, headers = {}) => {
    const res = await fetch(server.url + path, {
      method,
      headers: { Authorization: 'Bearer vastai-demo-key', 'Content-Type': 'application/json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* raw */
    }
    return { status: res.status, body: parsed, headers: res.headers };
  };
  return { server, url: server.url, clock, call, close: () => server.close() };
}
