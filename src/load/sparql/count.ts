// Counts the triples of one named graph with a SPARQL SELECT, for the check after a load.

import { PipelineError } from '../../errors.js';
import type { EndpointHttp } from './http.js';
import { bodyExcerpt } from './failures.js';

export function countQuery(graph: string): string {
  return `SELECT (COUNT(*) AS ?n) WHERE { GRAPH <${graph}> { ?s ?p ?o } }`;
}

export async function countGraphTriples(http: EndpointHttp, endpoint: string, graph: string): Promise<number> {
  const what = `counting the triples of graph <${graph}>`;
  const res = await http.send({
    method: 'POST',
    url: endpoint,
    endpoint,
    what,
    graph,
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/sparql-results+json' },
    body: new URLSearchParams({ query: countQuery(graph) }).toString(),
  });
  const n = parseCount(res.body);
  if (n === undefined) {
    throw new PipelineError(
      'ENDPOINT_HTTP_STATUS',
      `Endpoint ${http.redact(endpoint)} answered the count query with no count while ${what}: ${bodyExcerpt(res.body, http.redact)}`,
      {
        key: graph,
        details: { endpoint: http.redact(endpoint), graph, status: res.status },
      },
    );
  }
  return n;
}

/** `?n` of the first row of SPARQL JSON results, or undefined. */
export function parseCount(body: string): number | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return undefined;
  }
  const value = (json as { results?: { bindings?: { n?: { value?: unknown } }[] } }).results?.bindings?.[0]?.n?.value;
  if (typeof value !== 'string' || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}

/**
 * Triples per named graph of the whole store, in one query (the check at the start of a run). Not restricted
 * with a FILTER on the graph name: Virtuoso answers the plain GROUP BY from its graph index (0.1 s for 2,700
 * graphs and 1.24 M triples) but evaluates a STRSTARTS filter per triple (4.5 s); the caller keeps the graphs it knows.
 */
export async function countAllGraphs(http: EndpointHttp, endpoint: string): Promise<Map<string, number>> {
  const what = 'counting the triples of every graph';
  const res = await http.send({
    method: 'POST',
    url: endpoint,
    endpoint,
    what,
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/sparql-results+json' },
    body: new URLSearchParams({
      query: 'SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g',
    }).toString(),
  });
  const counts = parseGraphCounts(res.body);
  if (counts === undefined) {
    throw new PipelineError(
      'ENDPOINT_HTTP_STATUS',
      `Endpoint ${http.redact(endpoint)} answered the count query with no counts while ${what}: ${bodyExcerpt(res.body, http.redact)}`,
      {
        key: endpoint,
        details: { endpoint: http.redact(endpoint), status: res.status },
      },
    );
  }
  return counts;
}

/** `?g` -> `?n` from SPARQL JSON results, or undefined when the body is not such results. */
export function parseGraphCounts(body: string): Map<string, number> | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return undefined;
  }
  const rows = (json as { results?: { bindings?: unknown } }).results?.bindings;
  if (!Array.isArray(rows)) return undefined;
  const counts = new Map<string, number>();
  for (const row of rows as { g?: { type?: unknown; value?: unknown }; n?: { value?: unknown } }[]) {
    const g = row.g;
    const n = row.n?.value;
    if (g?.type !== 'uri' || typeof g.value !== 'string' || typeof n !== 'string' || !/^\d+$/.test(n)) return undefined;
    counts.set(g.value, Number(n));
  }
  return counts;
}
