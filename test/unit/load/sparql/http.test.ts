// EndpointHttp (src/load/sparql/http.ts) on its own, against servers on 127.0.0.1: what a request sends, which
// failures are retried, and how each becomes a coded, redacted PipelineError. (Busy answers with Retry-After and
// authentication are in httpBusyAndAuth.test.ts.)

import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { EndpointHttp, type HttpSettings } from '../../../../src/load/sparql/http.js';
import { PipelineError } from '../../../../src/errors.js';
import { TOOL } from '../../../../src/version.js';
import { startServer, type Answer, type SeenRequest, type TestServer } from '../../../support/httpServer.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

async function serve(handle: (req: SeenRequest, index: number) => Answer): Promise<TestServer> {
  const server = await startServer(handle);
  closers.push(() => server.close());
  return server;
}

function client(extra: Partial<HttpSettings> = {}): { http: EndpointHttp; retried: unknown[] } {
  const retried: unknown[] = [];
  const http = new EndpointHttp({
    timeoutMs: 2000,
    retries: 2,
    retryBaseMs: 1,
    retryMaxMs: 2,
    connections: 2,
    onRetry: (e) => retried.push(e),
    ...extra,
  });
  closers.push(() => http.close());
  return { http, retried };
}

/** A raw server: `onRequest` decides what happens to each request (never answering, dropping the socket…). */
async function rawServer(onRequest: Parameters<typeof createServer>[1]): Promise<string> {
  const server: Server = createServer(onRequest);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  const a = server.address();
  return `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
}

/** A port on 127.0.0.1 nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const s = createTcpServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const a = s.address();
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return typeof a === 'object' && a ? a.port : 0;
}

async function failure(p: Promise<unknown>): Promise<PipelineError> {
  try {
    await p;
  } catch (error) {
    if (error instanceof PipelineError) return error;
    throw error;
  }
  throw new Error('expected a PipelineError');
}

describe('EndpointHttp sends what it is given', () => {
  it('method, body, headers and its user-agent; a 2xx answer comes back as status and body', async () => {
    const heard: { ua: string | undefined; type: string | undefined }[] = [];
    const url = await rawServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        heard.push({ ua: req.headers['user-agent'], type: req.headers['content-type'] });
        res.writeHead(201).end(`${req.method} ${body}`);
      });
    });
    const { http } = client();
    const res = await http.send({
      method: 'PUT',
      url: `${url}/crud?graph=x`,
      endpoint: `${url}/crud`,
      what: 'testing',
      headers: { 'content-type': 'text/turtle' },
      body: '<a> <b> <c> .',
    });
    expect(res).toEqual({ status: 201, body: 'PUT <a> <b> <c> .' });
    expect(heard).toEqual([{ ua: `${TOOL.name}/${TOOL.version}`, type: 'text/turtle' }]);
  });

  it('a status listed in alsoOk is a success (404 for a DELETE of a graph that is not there); without it, a failure', async () => {
    const s = await serve(() => ({ status: 404, body: 'no such graph' }));
    const { http } = client();
    const req = {
      method: 'DELETE' as const,
      url: `${s.url}/crud?graph=x`,
      endpoint: `${s.url}/crud`,
      what: 'dropping graph <x>',
    };
    expect(await http.send({ ...req, alsoOk: [404] })).toEqual({ status: 404, body: 'no such graph' });
    const error = await failure(http.send(req));
    expect([error.code, error.message]).toEqual([
      'ENDPOINT_HTTP_STATUS',
      `Endpoint ${s.url}/crud answered HTTP 404 while dropping graph <x> (1 attempt): no such graph`,
    ]);
  });
});

describe('EndpointHttp failures: retried or not, coded, located', () => {
  it('a 500 is retried up to --retries, then fails naming the attempts, the graph, and a one-line excerpt of the body', async () => {
    const s = await serve(() => ({
      status: 500,
      body: '<html><body>\n<h1>Error</h1>\n  SR325: deadlock\n</body></html>',
    }));
    const { http, retried } = client();
    const error = await failure(
      http.send({
        method: 'POST',
        url: `${s.url}/sparql`,
        endpoint: `${s.url}/sparql`,
        what: 'loading graph <g>',
        graph: 'g',
      }),
    );
    expect(s.seen).toHaveLength(3);
    expect(retried).toHaveLength(2);
    expect(error.code).toBe('ENDPOINT_HTTP_STATUS');
    expect(error.message).toBe(
      `Endpoint ${s.url}/sparql answered HTTP 500 while loading graph <g> (3 attempts): Error SR325: deadlock`,
    );
    expect([error.key, error.details]).toEqual([
      'g',
      { endpoint: `${s.url}/sparql`, attempts: 3, graph: 'g', status: 500, body: 'Error SR325: deadlock' },
    ]);
  });

  it('a 400 is not retried', async () => {
    const s = await serve(() => ({ status: 400, body: 'syntax error' }));
    const { http, retried } = client();
    const error = await failure(
      http.send({ method: 'POST', url: `${s.url}/sparql`, endpoint: `${s.url}/sparql`, what: 'testing' }),
    );
    expect([error.code, s.seen.length, retried.length]).toEqual(['ENDPOINT_HTTP_STATUS', 1, 0]);
  });

  it('a 403 is ENDPOINT_AUTH, not retried', async () => {
    const s = await serve(() => ({ status: 403, body: 'forbidden' }));
    const { http } = client();
    const error = await failure(
      http.send({ method: 'POST', url: `${s.url}/sparql`, endpoint: `${s.url}/sparql`, what: 'testing' }),
    );
    expect([error.code, error.message, s.seen.length]).toEqual([
      'ENDPOINT_AUTH',
      `Endpoint ${s.url}/sparql refused access (HTTP 403) while testing: forbidden`,
      1,
    ]);
  });

  it('a server that does not answer within the timeout: ENDPOINT_TIMEOUT after every attempt', async () => {
    let requests = 0;
    const url = await rawServer(() => void requests++); // never answers
    const { http, retried } = client({ timeoutMs: 150, retries: 1 });
    const error = await failure(
      http.send({ method: 'POST', url: `${url}/sparql`, endpoint: `${url}/sparql`, what: 'counting' }),
    );
    expect(error.code).toBe('ENDPOINT_TIMEOUT');
    expect(error.message).toBe(`Endpoint ${url}/sparql did not answer within 150 ms while counting (2 attempts)`);
    expect([requests, retried.length]).toEqual([2, 1]);
  });

  it('a connection dropped mid-request is retried, and succeeds when the server answers again', async () => {
    let n = 0;
    const url = await rawServer((req, res) => {
      if (n++ === 0) return void req.socket.destroy();
      res.writeHead(200).end('ok');
    });
    const { http, retried } = client();
    expect(
      await http.send({ method: 'GET', url: `${url}/sparql`, endpoint: `${url}/sparql`, what: 'testing' }),
    ).toEqual({ status: 200, body: 'ok' });
    expect(retried).toHaveLength(1);
    expect((retried[0] as PipelineError).code).toBe('ENDPOINT_UNREACHABLE');
    expect((retried[0] as PipelineError).message).toMatch(
      /^Lost the connection to endpoint http:\/\/127\.0\.0\.1:\d+\/sparql while testing: /,
    );
  });

  it('a refused connection: ENDPOINT_UNREACHABLE after the retries', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/sparql`;
    const { http, retried } = client();
    const error = await failure(http.send({ method: 'GET', url, endpoint: url, what: 'testing' }));
    expect(error.code).toBe('ENDPOINT_UNREACHABLE');
    expect(error.message).toMatch(
      new RegExp(`^Cannot reach endpoint ${url.replace(/\./g, '\\.')} while testing: .*\\(3 attempts\\)$`),
    );
    expect(error.details).toMatchObject({ cause: 'ECONNREFUSED', attempts: 3 });
    expect(retried).toHaveLength(2);
  });

  it('the password never appears in a failure, even when the server echoes it in its body', async () => {
    const password = 'S3cret-pa55';
    const s = await serve(() => ({ status: 500, body: `internal error for user loader with password ${password}` }));
    const { http } = client({ retries: 0, credentials: { user: 'loader', password } });
    const error = await failure(
      http.send({ method: 'GET', url: `${s.url}/sparql`, endpoint: `${s.url}/sparql`, what: 'testing' }),
    );
    expect(error.message).toContain('with password ***');
    expect(JSON.stringify(error.details)).not.toContain(password);
    expect(error.message).not.toContain(password);
  });
});
