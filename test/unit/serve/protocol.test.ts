// `pathway-kg serve` speaks the SPARQL 1.1 Protocol: every way to send a query, content negotiation,
// the service description, errors with their statuses, the limits, CORS and a clean stop.

import { Parser } from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureOut, serve, type Served } from '../../support/serve.js';

const WP = 'https://identifiers.org/wikipathways/';
const PATHWAYS = 'SELECT ?p WHERE { ?p a wp:Pathway } ORDER BY ?p';
const PATHWAY_IRIS = [`${WP}WP1800_r137182`, `${WP}WP1_r117873`, `${WP}WP382`];
/** 110^4 rows to count: far beyond a 1 s limit. */
const ENDLESS = 'SELECT (count(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }';

let server: Served;
const get = (query: string, headers: Record<string, string> = {}, extra = ''): Promise<Response> =>
  fetch(`${server.endpoint}?query=${encodeURIComponent(query)}${extra}`, { headers });
const iris = async (response: Response): Promise<string[]> => {
  const json = (await response.json()) as { results: { bindings: { p: { value: string } }[] } };
  return json.results.bindings.map((b) => b.p.value);
};

describe('pathway-kg serve: the SPARQL 1.1 Protocol', () => {
  beforeAll(async () => {
    // 2000 characters: the fixture's pathway list fits, all its quads do not.
    server = await serve(fixtureOut(), ['--time-limit', '1', '--result-limit', '0.002']);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('answers a query by GET, by POST form and by POST application/sparql-query, with the predefined prefixes', async () => {
    const byGet = await get(PATHWAYS);
    expect(byGet.status).toBe(200);
    expect(byGet.headers.get('content-type')).toBe('application/sparql-results+json; charset=utf-8');
    expect(await iris(byGet)).toEqual(PATHWAY_IRIS);
    const byForm = await fetch(server.endpoint, { method: 'POST', body: new URLSearchParams({ query: PATHWAYS }) });
    expect(byForm.status).toBe(200);
    expect(await iris(byForm)).toEqual(PATHWAY_IRIS);
    const byBody = await fetch(server.endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/sparql-query' },
      body: PATHWAYS,
    });
    expect(byBody.status).toBe(200);
    expect(await iris(byBody)).toEqual(PATHWAY_IRIS);
  });

  it('predefines the prefixes as `pathway-kg query` does, and lets a query re-declare one', async () => {
    const r = await get(
      'PREFIX wp: <http://vocabularies.wikipathways.org/wp#>\nSELECT (str(?t) AS ?title) WHERE { ?p a wp:Pathway ; dc:title ?t } ORDER BY ?title',
      { Accept: 'text/csv' },
    );
    expect(r.status).toBe(200);
    expect(await r.text()).toBe(
      'title\r\nMAPK signaling pathway\r\nPresynaptic depolarization and calcium channel opening\r\nStatin pathway\r\n',
    );
  });

  it('predefines the query-only prefixes too (cur:, gpml:, fn:), as `pathway-kg query` does', async () => {
    // Unbound prefixes would be a 400; the query only has to parse and run.
    const r = await get(
      'SELECT ?p WHERE { ?p wp:ontologyTag cur:Lipids . OPTIONAL { ?p gpml:x ?y } FILTER(fn:string-length("a") = 1) }',
      { Accept: 'text/csv' },
    );
    expect(r.status).toBe(200);
    expect(await r.text()).toBe('p\r\n');
  });

  it('negotiates the results format from Accept, with q-values, or a format parameter', async () => {
    const count = 'SELECT (count(*) AS ?n) WHERE { ?p a wp:Pathway }';
    const csv = await get(count, { Accept: 'text/csv' });
    expect([csv.headers.get('content-type'), await csv.text()]).toEqual(['text/csv; charset=utf-8', 'n\r\n3\r\n']);
    const tsv = await get(count, { Accept: 'text/tab-separated-values' });
    expect([tsv.headers.get('content-type'), await tsv.text()]).toEqual([
      'text/tab-separated-values; charset=utf-8',
      '?n\n3\n',
    ]);
    const xml = await get(count, { Accept: 'text/csv;q=0.5, application/sparql-results+xml' });
    expect(xml.headers.get('content-type')).toBe('application/sparql-results+xml; charset=utf-8');
    expect(await xml.text()).toContain(
      '<binding name="n"><literal datatype="http://www.w3.org/2001/XMLSchema#integer">3</literal></binding>',
    );
    const browserish = await get(count, { Accept: 'text/html,application/xhtml+xml,*/*;q=0.8' });
    expect(browserish.headers.get('content-type')).toBe('application/sparql-results+json; charset=utf-8');
    const byParam = await get(count, { Accept: 'application/sparql-results+json' }, '&format=tsv');
    expect(await byParam.text()).toBe('?n\n3\n');
    const ask = await get('ASK { ?p a wp:Pathway }');
    expect(await ask.json()).toEqual({ head: {}, boolean: true });
    const refused = await get(count, { Accept: 'image/png' });
    expect(refused.status).toBe(406);
    const graphTypeForSelect = await get(count, { Accept: 'text/turtle' });
    expect(graphTypeForSelect.status).toBe(406);
  });

  it('answers CONSTRUCT and DESCRIBE as Turtle, N-Triples or JSON-LD', async () => {
    const construct = 'CONSTRUCT WHERE { ?p a wp:Pathway }';
    const expected = PATHWAY_IRIS.map(
      (p) =>
        `<${p}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://vocabularies.wikipathways.org/wp#Pathway> .`,
    ).sort();
    const turtle = await get(construct);
    expect(turtle.headers.get('content-type')).toBe('text/turtle; charset=utf-8');
    const fromTurtle = new Parser()
      .parse(await turtle.text())
      .map((q) => `<${q.subject.value}> <${q.predicate.value}> <${q.object.value}> .`)
      .sort();
    expect(fromTurtle).toEqual(expected);
    const nt = await get(construct, { Accept: 'application/n-triples' });
    expect(nt.headers.get('content-type')).toBe('application/n-triples; charset=utf-8');
    expect(
      (await nt.text())
        .trim()
        .split('\n')
        .map((l) => l.trim())
        .sort(),
    ).toEqual(expected);
    const jsonld = await get(construct, { Accept: 'application/ld+json' });
    expect(jsonld.headers.get('content-type')).toBe('application/ld+json; charset=utf-8');
    const nodes = (await jsonld.json()) as { '@id': string; '@type'?: string[]; [k: string]: unknown }[];
    expect(nodes.map((n) => n['@id']).sort()).toEqual([...PATHWAY_IRIS].sort());
    const describe = await get(`DESCRIBE <${WP}WP382>`, { Accept: 'application/n-triples' });
    expect(await describe.text()).toContain(
      `<${WP}WP382> <http://purl.org/dc/elements/1.1/title> "MAPK signaling pathway"@en .`,
    );
  });

  it('describes itself (SPARQL 1.1 Service Description) at /sparql without a query', async () => {
    const r = await fetch(server.endpoint);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/turtle; charset=utf-8');
    const triples = new Parser().parse(await r.text());
    const sd = 'http://www.w3.org/ns/sparql-service-description#';
    const has = (p: string, o: string): boolean =>
      triples.some((t) => t.subject.value === server.endpoint && t.predicate.value === p && t.object.value === o);
    expect(has(`${sd}endpoint`, server.endpoint)).toBe(true);
    expect(has(`${sd}supportedLanguage`, `${sd}SPARQL11Query`)).toBe(true);
    expect(has(`${sd}resultFormat`, 'http://www.w3.org/ns/formats/SPARQL_Results_CSV')).toBe(true);
    expect(triples.find((t) => t.predicate.value === 'http://rdfs.org/ns/void#triples')?.object.value).toBe('110');
  });

  it('answers 400 with the line and column, in the query as sent, for a bad query', async () => {
    const r = await get('SELECT ?p WHERE {\n  ?p a wp:Pathway\n  FILTER(?p = ) }');
    expect(r.status).toBe(400);
    expect(await r.text()).toMatch(/^SPARQL syntax error at line 3, column \d+: /);
    const prefix = await get('SELECT ?p WHERE {\n  ?p a nope:Pathway }');
    expect(prefix.status).toBe(400);
    expect(await prefix.text()).toMatch(/^Undefined prefix "nope:" on line 2/);
  });

  it('refuses updates (read-only) and what the protocol does not allow', async () => {
    const byForm = await fetch(server.endpoint, {
      method: 'POST',
      body: new URLSearchParams({ update: 'DELETE WHERE { ?s ?p ?o }' }),
    });
    expect(byForm.status).toBe(403);
    expect(await byForm.text()).toMatch(/read-only/);
    const byBody = await fetch(server.endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/sparql-update' },
      body: 'DELETE WHERE { ?s ?p ?o }',
    });
    expect(byBody.status).toBe(403);
    const asQuery = await get('DELETE WHERE { ?s ?p ?o }');
    expect(asQuery.status).toBe(400);
    // Nothing was deleted.
    expect(await iris(await get(PATHWAYS))).toEqual(PATHWAY_IRIS);
    expect((await fetch(server.endpoint, { method: 'PUT', body: PATHWAYS })).status).toBe(405);
    expect(
      (await fetch(server.endpoint, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: PATHWAYS }))
        .status,
    ).toBe(415);
    expect((await get(PATHWAYS, {}, `&query=${encodeURIComponent(PATHWAYS)}`)).status).toBe(400);
    expect((await get(PATHWAYS, {}, '&default-graph-uri=urn%3Ax')).status).toBe(400);
    expect((await fetch(`${server.base}nothing`)).status).toBe(404);
  });

  it('stops a query over the time limit with 503 and answers the next one', async () => {
    const started = performance.now();
    const r = await get(ENDLESS);
    expect(r.status).toBe(503);
    expect(await r.text()).toMatch(/time limit of 1 s/);
    expect(performance.now() - started).toBeLessThan(5000);
    const next = await get(PATHWAYS);
    expect(next.status).toBe(200);
    expect(await iris(next)).toEqual(PATHWAY_IRIS);
  });

  it('refuses an answer over the result-size limit', async () => {
    const r = await get('SELECT * WHERE { ?s ?p ?o }');
    expect(r.status).toBe(500);
    expect(await r.text()).toMatch(/larger than the limit of 0.002 MB/);
    const graph = await get('CONSTRUCT WHERE { ?s ?p ?o }');
    expect(graph.status).toBe(500);
  });

  it('sends CORS headers, and answers a preflight', async () => {
    const r = await get(PATHWAYS, { Origin: 'https://example.org' });
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    const preflight = await fetch(server.endpoint, {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://example.org',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('content-type');
  });
});

describe('pathway-kg serve: start and stop', () => {
  it('stops cleanly on SIGTERM and on SIGINT (status 0)', async () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const s = await serve(fixtureOut());
      const exited = new Promise<number | null>((resolve) => s.child.once('exit', (code) => resolve(code)));
      s.child.kill(signal);
      expect(await exited).toBe(0);
      expect(s.log()).toContain(`${signal}: stopping`);
    }
  });

  it('exits 2, not left running, when the port is in use', async () => {
    const first = await serve(fixtureOut());
    try {
      await expect(serve(fixtureOut(), ['--port', String(new URL(first.endpoint).port)])).rejects.toThrow(
        /exited with 2[\s\S]*Cannot listen on 127\.0\.0\.1:\d+: listen EADDRINUSE/,
      );
    } finally {
      await first.stop();
    }
  });

  it('exits 2 with a message when --out holds no store', async () => {
    const empty = fixtureOut().replace(/$/, '-none');
    await expect(serve(empty)).rejects.toThrow(/exited with 2[\s\S]*No embedded store/);
  });
});
