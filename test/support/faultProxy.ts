// A fault-injecting HTTP proxy on 127.0.0.1 for the loader tests: 5xx, slow answers, dropped connections.

import http, { type IncomingMessage, type ServerResponse } from 'node:http';

export type Fault =
  | 'pass'
  /** Answer with this status without asking the server. */
  | { status: number; body?: string; headers?: Record<string, string> }
  /** Forward, then hold the server's answer back this long (the server has applied the request). */
  | { delayMs: number }
  /** Hold the request this long, then forward it (a server that executes a request after the client gave up on it). */
  | { holdMs: number }
  /** Close the connection without forwarding. */
  | 'drop'
  /** Forward, then close the connection instead of answering (the server has applied the request). */
  | 'drop-after-forward';

export interface ProxiedRequest {
  index: number;
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface FaultProxy {
  /** http://127.0.0.1:<port> */
  base: string;
  log: (ProxiedRequest & { fault: string })[];
  /**
   * Resolves once every request the proxy has begun to take (held or not, its body read or still arriving) has been
   * forwarded and answered by the server, and none has come in for QUIET_MS: a client killed half-way leaves no
   * request for the server to run later.
   */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/** How long no request may come in before the proxy is settled (a killed client's last bytes still in a socket). */
const QUIET_MS = 300;

function describeFault(f: Fault): string {
  if (typeof f === 'string') return f;
  if ('holdMs' in f) return `hold ${f.holdMs}`;
  return 'status' in f ? String(f.status) : `delay ${f.delayMs}`;
}

/**
 * `plan` picks the fault for each request (index counts from 0). `target` is the real server's base URL.
 * `stripAuthorization` keeps the client's Authorization header from the server (when the proxy checks it itself).
 */
export async function startFaultProxy(
  target: string,
  plan: (req: ProxiedRequest) => Fault,
  options: { stripAuthorization?: boolean } = {},
): Promise<FaultProxy> {
  const upstream = new URL(target);
  const agent = new http.Agent({ keepAlive: true });
  const log: FaultProxy['log'] = [];
  let index = 0;
  /** Every request taken and not yet done with: being read, held, forwarded or answered. */
  const taking = new Set<Promise<unknown>>();

  const forward = (req: ProxiedRequest): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> =>
    new Promise((resolve, reject) => {
      const headers = { ...req.headers, host: upstream.host };
      if (options.stripAuthorization) delete headers.authorization;
      const out = http.request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers, agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }),
          );
          res.on('error', reject);
        },
      );
      out.on('error', reject);
      out.end(req.body);
    });

  const answer = (
    res: ServerResponse,
    up: { status: number; headers: http.IncomingHttpHeaders; body: Buffer },
  ): void => {
    const headers = { ...up.headers };
    delete headers['transfer-encoding'];
    delete headers.connection;
    headers['content-length'] = String(up.body.length);
    res.writeHead(up.status, headers);
    res.end(up.body);
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let done: () => void = () => undefined;
    const taken = new Promise<void>((resolve) => (done = resolve));
    taking.add(taken);
    void taken.then(() => taking.delete(taken));
    // A request whose client went away before its body was read is never forwarded.
    req.on('close', () => {
      if (!req.complete) done();
    });
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const seen: ProxiedRequest = {
        index: index++,
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      const fault = plan(seen);
      log.push({ ...seen, fault: describeFault(fault) });
      void handle(fault, seen, req, res).finally(done);
    });
  });

  /** What the plan says to do with one request, done; never rejects. */
  async function handle(fault: Fault, seen: ProxiedRequest, req: http.IncomingMessage, res: ServerResponse) {
    try {
      if (fault === 'drop') {
        req.socket.destroy();
      } else if (typeof fault === 'object' && 'holdMs' in fault) {
        await new Promise((resolve) => setTimeout(resolve, fault.holdMs));
        const up = await forward(seen);
        if (!res.destroyed) answer(res, up);
      } else if (typeof fault === 'object' && 'status' in fault) {
        const body = fault.body ?? 'injected fault';
        res.writeHead(fault.status, {
          'content-type': 'text/plain',
          'content-length': String(Buffer.byteLength(body)),
          ...fault.headers,
        });
        res.end(body);
      } else {
        const up = await forward(seen);
        if (fault === 'drop-after-forward') req.socket.destroy();
        else if (fault === 'pass') answer(res, up);
        else setTimeout(() => (res.destroyed ? undefined : answer(res, up)), fault.delayMs);
      }
    } catch (error) {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`proxy error: ${(error as Error).message}`);
    }
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    base: `http://127.0.0.1:${port}`,
    log,
    settled: async () => {
      for (;;) {
        while (taking.size > 0) await Promise.allSettled([...taking]);
        const seen = index;
        await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
        if (taking.size === 0 && index === seen) return;
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        agent.destroy();
        server.close(() => resolve());
      }),
  };
}
