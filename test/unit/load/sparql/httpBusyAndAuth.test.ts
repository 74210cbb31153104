// The endpoint client against an in-process server on 127.0.0.1: busy answers (408, 429, 503 + Retry-After) and
// authentication decided per origin.

import { afterEach, describe, expect, it } from 'vitest';
import { DataFactory, type Quad } from 'n3';
import { EndpointHttp, type HttpSettings } from '../../../../src/load/sparql/http.js';
import { Authenticator, isLoopback } from '../../../../src/load/sparql/auth.js';
import { authFailure, isRetryable } from '../../../../src/load/sparql/failures.js';
import { SparqlLoader } from '../../../../src/load/sparql/loader.js';
import { PipelineError } from '../../../../src/errors.js';
import {
  digestGate,
  startServer,
  type Answer,
  type SeenRequest,
  type TestServer,
} from '../../../support/httpServer.js';

const { namedNode, literal, quad } = DataFactory;
const USER = 'loader';
const PASSWORD = 'Pa55-w0rd';
const BASIC_TOKEN = Buffer.from(`${USER}:${PASSWORD}`).toString('base64');

const servers: TestServer[] = [];
const clients: EndpointHttp[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(handle: (req: SeenRequest, index: number) => Answer): Promise<TestServer> {
  const server = await startServer(handle);
  servers.push(server);
  return server;
}

function client(extra: Partial<HttpSettings> = {}): { http: EndpointHttp; delays: number[] } {
  const delays: number[] = [];
  // Backoff of 10-20 ms: any wait near a second can only come from Retry-After.
  const http = new EndpointHttp({
    timeoutMs: 5000,
    retries: 2,
    retryBaseMs: 10,
    retryMaxMs: 20,
    connections: 2,
    onRetry: (_e, _a, ms) => delays.push(ms),
    ...extra,
  });
  clients.push(http);
  return { http, delays };
}

function get(http: EndpointHttp, url: string, what = 'testing') {
  return http.send({ method: 'GET', url, endpoint: url, what });
}

async function failure(promise: Promise<unknown>): Promise<PipelineError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PipelineError) return error;
    throw error;
  }
  throw new Error('expected a PipelineError');
}

describe('busy answers are retried after their Retry-After', () => {
  it('429 with Retry-After: 1 waits a second, then succeeds', async () => {
    const s = await serve((_r, i) =>
      i === 0 ? { status: 429, headers: { 'retry-after': '1' }, body: 'slow down' } : { status: 200, body: 'ok' },
    );
    const { http, delays } = client();
    const res = await get(http, `${s.url}/sparql`);
    expect(res).toEqual({ status: 200, body: 'ok' });
    expect(s.seen).toHaveLength(2);
    expect(delays).toEqual([1000]);
    // Measured at the server: the retry arrived a second after the refusal (timers may round by a millisecond).
    expect(s.seen[1]!.at - s.seen[0]!.at).toBeGreaterThanOrEqual(998);
  });

  it('408 without Retry-After is retried after the backoff', async () => {
    const s = await serve((_r, i) => (i === 0 ? { status: 408 } : { status: 200, body: 'ok' }));
    const { http, delays } = client();
    expect((await get(http, `${s.url}/sparql`)).status).toBe(200);
    expect(s.seen).toHaveLength(2);
    expect(delays[0]).toBeLessThanOrEqual(20);
  });

  it('503 with an HTTP-date waits until that date', async () => {
    // A whole second at least 1.5 s ahead (HTTP-dates have no fraction).
    const until = new Date(Math.ceil((Date.now() + 1500) / 1000) * 1000);
    const s = await serve((_r, i) =>
      i === 0 ? { status: 503, headers: { 'retry-after': until.toUTCString() } } : { status: 200, body: 'ok' },
    );
    const { http } = client();
    expect((await get(http, `${s.url}/sparql`)).status).toBe(200);
    expect(s.seen).toHaveLength(2);
    expect(s.seen[1]!.at).toBeGreaterThanOrEqual(until.getTime() - 2);
  });

  it('a Retry-After longer than the cap fails at once, saying so, instead of sleeping', async () => {
    const s = await serve(() => ({ status: 503, headers: { 'retry-after': '3600' }, body: 'maintenance' }));
    const { http, delays } = client();
    const started = Date.now();
    const error = await failure(get(http, `${s.url}/sparql`));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(s.seen).toHaveLength(1);
    expect(delays).toEqual([]);
    expect(error.code).toBe('ENDPOINT_HTTP_STATUS');
    expect(error.message).toBe(
      `Endpoint ${s.url}/sparql answered HTTP 503 while testing (1 attempt) and asked to be retried after 3600 s, longer than the 120 s this tool waits (--max-retry-after 120000)`,
    );
    expect(error.details).toMatchObject({ status: 503, retryAfterMs: 3_600_000, maxRetryAfterMs: 120_000 });
  });

  it('the cap is configurable, and a 429 past it fails the same way', async () => {
    const s = await serve(() => ({ status: 429, headers: { 'retry-after': '1' } }));
    const { http } = client({ maxRetryAfterMs: 500 });
    const error = await failure(get(http, `${s.url}/sparql`));
    expect(s.seen).toHaveLength(1);
    expect(error.message).toContain(
      'answered HTTP 429 while testing (1 attempt) and asked to be retried after 1 s, longer than the 0.5 s this tool waits (--max-retry-after 500)',
    );
  });

  it('a 429 that never ends stops after --retries, naming the attempts', async () => {
    const s = await serve(() => ({ status: 429, body: 'quota' }));
    const { http } = client();
    const error = await failure(get(http, `${s.url}/sparql`));
    expect(s.seen).toHaveLength(3);
    expect(error.message).toBe(`Endpoint ${s.url}/sparql answered HTTP 429 while testing (3 attempts): quota`);
  });

  it('other 4xx are not retried, Retry-After or not', async () => {
    const s = await serve(() => ({ status: 400, headers: { 'retry-after': '1' }, body: 'bad query' }));
    const { http } = client();
    const error = await failure(get(http, `${s.url}/sparql`));
    expect(s.seen).toHaveLength(1);
    expect(error.message).toBe(`Endpoint ${s.url}/sparql answered HTTP 400 while testing (1 attempt): bad query`);
  });
});

describe('authentication is decided per origin, and never falls from Digest to Basic', () => {
  const credentials = { user: USER, password: PASSWORD };

  /** A Digest-only store; the requests `basicAt` picks get a lone Basic 401 instead (a proxy in the path). */
  async function digestStore(basicAt: (i: number) => boolean): Promise<TestServer> {
    const gate = digestGate(USER, PASSWORD);
    return serve((req, i) => {
      if (basicAt(i)) return { status: 401, headers: { 'www-authenticate': 'Basic realm="proxy"' } };
      return gate.accepts(req.method, req.authorization)
        ? { status: 200, body: 'ok' }
        : { status: 401, headers: { 'www-authenticate': gate.challenge } };
    });
  }

  it('one Basic 401 in a Digest session: the password is never sent as Basic and every request succeeds', async () => {
    const s = await digestStore((i) => i === 3);
    const { http } = client({ credentials });
    for (let n = 0; n < 6; n++) expect((await get(http, `${s.url}/sparql?n=${n}`)).status).toBe(200);
    const auths = s.seen.map((r) => r.authorization ?? '');
    expect(auths.filter((a) => a.startsWith('Basic'))).toEqual([]);
    expect(auths.join('\n')).not.toContain(BASIC_TOKEN);
    // The request after the Basic 401, and every later one, answered Digest.
    expect(auths.slice(4).every((a) => a.startsWith('Digest '))).toBe(true);
  });

  it('Basic asked for again and again after Digest: ENDPOINT_AUTH after the retries, still no Basic sent', async () => {
    const s = await digestStore((i) => i >= 2);
    const { http } = client({ credentials });
    expect((await get(http, `${s.url}/sparql`)).status).toBe(200);
    const error = await failure(get(http, `${s.url}/sparql`));
    expect(error.code).toBe('ENDPOINT_AUTH');
    expect(error.message).toBe(
      `Endpoint ${s.url}/sparql asked for Basic authentication (HTTP 401) while testing (3 attempts) after Digest had been answered at this origin: ` +
        'the password is not sent in Basic form after a Digest exchange (a proxy or a misconfigured path?)',
    );
    expect(s.seen.filter((r) => r.authorization?.startsWith('Basic'))).toEqual([]);
  });

  it('a Basic origin and a Digest origin in one run each keep their own scheme', async () => {
    const digest = await digestStore(() => false);
    const basic = await serve((req) =>
      req.authorization === `Basic ${BASIC_TOKEN}`
        ? { status: 200, body: 'ok' }
        : { status: 401, headers: { 'www-authenticate': 'Basic realm="b"' } },
    );
    const { http } = client({ credentials });
    for (let n = 0; n < 3; n++) {
      expect((await get(http, `${digest.url}/sparql`)).status).toBe(200);
      expect((await get(http, `${basic.url}/crud`)).status).toBe(200);
    }
    expect(digest.seen.filter((r) => r.authorization?.startsWith('Basic'))).toEqual([]);
    expect(basic.seen.filter((r) => r.authorization?.startsWith('Digest'))).toEqual([]);
    // One 401 per origin, then each origin's own scheme up front.
    expect(digest.seen.filter((r) => r.authorization === undefined)).toHaveLength(1);
    expect(basic.seen.filter((r) => r.authorization === undefined)).toHaveLength(1);
  });

  it('Basic is answered over https and to this machine, never in clear to another host unless allowed', () => {
    const basic = 'Basic realm="r"';
    expect(
      new Authenticator(credentials).onUnauthorized(new URL('http://store.example.org/sparql'), basic, false),
    ).toEqual({
      retry: false,
      reason: 'basic-in-clear',
      schemes: ['basic'],
    });
    expect(
      new Authenticator(credentials).onUnauthorized(new URL('http://10.0.0.7:8890/sparql'), basic, false),
    ).toMatchObject({ reason: 'basic-in-clear' });
    expect(
      new Authenticator(credentials).onUnauthorized(new URL('http://127.0.0.1:8890/sparql'), basic, false),
    ).toEqual({ retry: true });
    expect(new Authenticator(credentials).onUnauthorized(new URL('http://[::1]:8890/sparql'), basic, false)).toEqual({
      retry: true,
    });
    expect(
      new Authenticator(credentials).onUnauthorized(new URL('https://store.example.org/sparql'), basic, false),
    ).toEqual({ retry: true });
    expect(
      new Authenticator({ ...credentials, basicOverHttp: true }).onUnauthorized(
        new URL('http://store.example.org/sparql'),
        basic,
        false,
      ),
    ).toEqual({ retry: true });
    // Digest is fine in clear: the password does not travel.
    expect(
      new Authenticator(credentials).onUnauthorized(
        new URL('http://store.example.org/sparql'),
        'Digest realm="r", nonce="n"',
        false,
      ),
    ).toEqual({ retry: true });
  });

  it('loopback addresses, however written, count as this machine', () => {
    for (const host of [
      'localhost',
      'LOCALHOST.',
      'db.localhost',
      '127.0.0.1',
      '127.1',
      '[::1]',
      '[0:0:0:0:0:0:0:1]',
      '[::ffff:127.0.0.1]',
    ]) {
      expect([host, isLoopback(new URL(`http://${host}:8890/`).hostname)]).toEqual([host, true]);
    }
    for (const host of ['10.0.0.1', '128.0.0.1', 'localhost.example.org', '[::2]', '[::ffff:10.0.0.1]', '0.0.0.0']) {
      expect([host, isLoopback(new URL(`http://${host}:8890/`).hostname)]).toEqual([host, false]);
    }
  });

  it('the Basic-in-clear refusal is ENDPOINT_AUTH, not retried, and says what to do', () => {
    const error = authFailure('basic-in-clear', ['basic'], {
      endpoint: 'http://store.example.org/sparql',
      what: 'testing',
      attempt: 1,
      timeoutMs: 1000,
    });
    expect([error.code, isRetryable(error)]).toEqual(['ENDPOINT_AUTH', false]);
    expect(error.message).toBe(
      'Endpoint http://store.example.org/sparql asks for Basic authentication (HTTP 401) over plain http while testing: the password would cross the network readable; ' +
        'use https (or digest), or set PATHWAY_KG_ENDPOINT_BASIC_OVER_HTTP=allow',
    );
  });

  it('a wrong Basic password to this machine: ENDPOINT_AUTH after one answer', async () => {
    const s = await serve(() => ({ status: 401, headers: { 'www-authenticate': 'Basic realm="r"' } }));
    const { http } = client({ credentials });
    const error = await failure(get(http, `${s.url}/sparql`));
    expect(error.code).toBe('ENDPOINT_AUTH');
    expect(error.message).toBe(
      `Endpoint ${s.url}/sparql rejected the credentials in PATHWAY_KG_ENDPOINT_USER / PATHWAY_KG_ENDPOINT_PASSWORD (HTTP 401) while testing`,
    );
    expect(s.seen.map((r) => r.authorization)).toEqual([undefined, `Basic ${BASIC_TOKEN}`]);
  });
});

describe('a whole load through a busy, Digest-protected graph store', () => {
  const graphs = [1, 2, 3, 4, 5].map((n) => `https://example.org/graph/${n}`);
  const quadsOf = (g: string, n: number): Quad[] =>
    Array.from({ length: n }, (_, i) =>
      quad(namedNode(`${g}#s${i}`), namedNode('https://example.org/p'), literal(`v${i}`)),
    );

  it('every graph loads and counts right despite a 429 + Retry-After and a stray Basic 401', async () => {
    const gate = digestGate(USER, PASSWORD);
    const stored = new Map<string, number>();
    let puts = 0;
    const s = await serve((req) => {
      if (!gate.accepts(req.method, req.authorization))
        return { status: 401, headers: { 'www-authenticate': gate.challenge } };
      const url = new URL(req.url, 'http://x');
      if (req.method === 'PUT') {
        puts++;
        if (puts === 2) return { status: 429, headers: { 'retry-after': '1' } };
        if (puts === 4) return { status: 401, headers: { 'www-authenticate': 'Basic realm="proxy"' } };
        stored.set(url.searchParams.get('graph')!, req.body.split('\n').filter((l) => l !== '').length);
        return { status: 201 };
      }
      const query = new URLSearchParams(req.body).get('query') ?? '';
      const graph = /GRAPH <([^>]+)>/.exec(query)?.[1];
      // One graph's count, or every graph's (GROUP BY ?g: how a load confirms its graphs).
      const bindings =
        graph !== undefined
          ? [{ n: { value: String(stored.get(graph) ?? 0) } }]
          : [...stored].map(([g, n]) => ({ g: { type: 'uri', value: g }, n: { value: String(n) } }));
      return {
        status: 200,
        headers: { 'content-type': 'application/sparql-results+json' },
        body: JSON.stringify({ results: { bindings } }),
      };
    });
    const loader = new SparqlLoader({
      query: `${s.url}/sparql`,
      graphStore: `${s.url}/crud`,
      credentials: { user: USER, password: PASSWORD },
      concurrency: 1,
      retryBaseMs: 10,
      retryMaxMs: 20,
    });
    try {
      const started = Date.now();
      const confirmed: [string, number][] = [];
      for (const [i, g] of graphs.entries())
        await loader.replace(g, quadsOf(g, i + 1), { confirmed: (n) => confirmed.push([g, n]) });
      const summary = await loader.finish();
      expect(loader.notLoadedError(summary)).toBeUndefined();
      expect(confirmed).toEqual(graphs.map((g, i) => [g, i + 1]));
      expect(summary).toMatchObject({ loaded: 5, triples: 15, failed: [], notStarted: [] });
      expect(Date.now() - started).toBeGreaterThanOrEqual(998);
      expect(s.seen.filter((r) => r.authorization?.startsWith('Basic'))).toEqual([]);
    } finally {
      await loader.close();
    }
  });
});
