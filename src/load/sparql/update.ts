// SPARQL 1.1 Update: DROP SILENT GRAPH, then INSERT DATA in batches, halving a batch the server finds too large.

import { PipelineError } from '../../errors.js';
import type { EndpointHttp } from './http.js';
import { batches, packGroups, type GraphTriples } from './triples.js';

/** The batch size in use, shared by every graph of a loader: it only shrinks. */
export interface BatchSize {
  triples: number;
}

export async function sendUpdate(http: EndpointHttp, endpoint: string, graph: string, what: string, text: string): Promise<void> {
  await http.send({
    method: 'POST',
    url: endpoint,
    endpoint,
    what,
    graph,
    headers: { 'content-type': 'application/sparql-update; charset=utf-8' },
    body: text,
  });
}

export async function dropGraphUpdate(http: EndpointHttp, endpoint: string, graph: string, what = `dropping graph <${graph}>`): Promise<void> {
  await sendUpdate(http, endpoint, graph, what, `DROP SILENT GRAPH <${graph}>`);
}

/** Replaces the graph: drop, then ground triples with INSERT DATA and blank-node groups with INSERT … WHERE {}. */
export async function replaceGraphUpdate(http: EndpointHttp, endpoint: string, graph: string, triples: GraphTriples, size: BatchSize): Promise<void> {
  await dropGraphUpdate(http, endpoint, graph, `loading graph <${graph}>`);
  for (const batch of batches(triples.ground, size.triples)) await insert(http, endpoint, graph, batch, false, size);
  // Virtuoso 7 refuses blank nodes in INSERT DATA; an INSERT template makes fresh ones, as INSERT DATA would.
  for (const batch of packGroups(triples.blankGroups, size.triples)) await insert(http, endpoint, graph, batch, true, size);
}

async function insert(http: EndpointHttp, endpoint: string, graph: string, lines: string[], blank: boolean, size: BatchSize): Promise<void> {
  const body = lines.join('');
  const text = blank ? `INSERT { GRAPH <${graph}> {\n${body}} } WHERE {}` : `INSERT DATA { GRAPH <${graph}> {\n${body}} }`;
  try {
    await sendUpdate(http, endpoint, graph, `loading graph <${graph}>`, text);
  } catch (error) {
    if (blank || lines.length < 2 || !tooLarge(error)) throw error;
    const half = Math.ceil(lines.length / 2);
    size.triples = Math.min(size.triples, half);
    await insert(http, endpoint, graph, lines.slice(0, half), false, size);
    await insert(http, endpoint, graph, lines.slice(half), false, size);
  }
}

/** 413, or a 400 saying the request is too large (Virtuoso: "exceeded 10000 lines", "memory exhausted"). */
export function tooLarge(error: unknown): boolean {
  if (!(error instanceof PipelineError) || error.code !== 'ENDPOINT_HTTP_STATUS') return false;
  const status = error.details?.status;
  const body = String(error.details?.body ?? '');
  return status === 413 || (status === 400 && /exceeded|memory exhausted|too large|too long/i.test(body));
}
