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
    throw new PipelineError('ENDPOINT_HTTP_STATUS', `Endpoint ${http.redact(endpoint)} answered the count query with no count while ${what}: ${bodyExcerpt(res.body, http.redact)}`, {
      key: graph,
      details: { endpoint: http.redact(endpoint), graph, status: res.status },
    });
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
