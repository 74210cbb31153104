// SPARQL 1.1 Update: INSERT DATA in batches into a staging graph (halving a batch the server finds too large), then one
// swap.

import { PipelineError } from '../../errors.js';
import type { EndpointHttp } from './http.js';
import { markerLine, swapUpdate } from './staging.js';
import { batches, packGroups, type GraphTriples } from './triples.js';

/** The batch size in use, shared by every graph of a loader: it only shrinks. */
export interface BatchSize {
  triples: number;
}

export async function sendUpdate(
  http: EndpointHttp,
  endpoint: string,
  graph: string,
  what: string,
  text: string,
): Promise<void> {
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

export async function dropGraphUpdate(
  http: EndpointHttp,
  endpoint: string,
  graph: string,
  what = `dropping graph <${graph}>`,
): Promise<void> {
  await sendUpdate(http, endpoint, graph, what, `DROP SILENT GRAPH <${graph}>`);
}

/**
 * Loads the triples into `staging` (a fresh graph, so nothing to drop first): ground triples with INSERT DATA,
 * blank-node groups with INSERT … WHERE {}, the marker that makes the staging graph swappable in the last request
 * (so that it is only there once everything else is). `unsure` in the result: a request whose late execution would
 * matter was retried (`retries` counts this graph's retries): a blank-node group (a late copy adds fresh blank nodes)
 * or the one carrying the marker (a late copy could arm the staging graph again after the swap). A retried INSERT DATA
 * of ground triples is harmless: its
 * late copy inserts triples that are already there. `triples` must hold at least one triple.
 */
export async function stageGraphUpdate(
  http: EndpointHttp,
  endpoint: string,
  graph: string,
  staging: string,
  triples: GraphTriples,
  size: BatchSize,
  retries: () => number,
): Promise<{ unsure: boolean }> {
  let unsure = false;
  const watched = async (send: () => Promise<void>): Promise<void> => {
    const before = retries();
    await send();
    if (retries() > before) unsure = true;
  };
  const ground = batches(triples.ground, size.triples);
  const blank = packGroups(triples.blankGroups, size.triples);
  const last = blank.length > 0 ? blank : ground;
  last[last.length - 1] = [...last[last.length - 1]!, markerLine(staging, graph)];
  for (const [i, batch] of ground.entries()) {
    const send = () => insert(http, endpoint, graph, staging, batch, false, size);
    await (blank.length === 0 && i === ground.length - 1 ? watched(send) : send());
  }
  // Virtuoso 7 refuses blank nodes in INSERT DATA; an INSERT template makes fresh ones, as INSERT DATA would.
  for (const batch of blank) await watched(() => insert(http, endpoint, graph, staging, batch, true, size));
  return { unsure };
}

/**
 * Inserts the triples straight into `graph`, which the caller knows is absent from the store: no staging graph, no
 * staging count, no swap (a small graph takes one request and its count instead of five requests, and no copy). A
 * retried request applied twice can only add blank-node triples again, which the count after it finds; the caller then
 * loads the graph again through staging. One applied late, after that count, is not found (hence opt-in).
 */
export async function insertGraphUpdate(
  http: EndpointHttp,
  endpoint: string,
  graph: string,
  triples: GraphTriples,
  size: BatchSize,
): Promise<void> {
  const blank = triples.blankGroups.flat();
  // A small graph (most pathways) goes in one request of two operations, INSERT DATA then the blank-node INSERT: one
  // request fewer per graph. A server that finds it too large gets them apart, as a larger graph does.
  if (triples.ground.length > 0 && blank.length > 0 && triples.ground.length + blank.length <= size.triples) {
    const text = `${insertText(graph, triples.ground, false)} ;\n${insertText(graph, blank, true)}`;
    try {
      return await sendUpdate(http, endpoint, graph, `loading graph <${graph}>`, text);
    } catch (error) {
      if (!tooLarge(error)) throw error;
    }
  }
  for (const batch of batches(triples.ground, size.triples))
    await insert(http, endpoint, graph, graph, batch, false, size);
  for (const batch of packGroups(triples.blankGroups, size.triples))
    await insert(http, endpoint, graph, graph, batch, true, size);
}

/** One INSERT DATA of ground triples, or an INSERT template of blank-node triples (fresh blank nodes each time). */
function insertText(into: string, lines: string[], blank: boolean): string {
  const body = lines.join('');
  return blank ? `INSERT { GRAPH <${into}> {\n${body}} } WHERE {}` : `INSERT DATA { GRAPH <${into}> {\n${body}} }`;
}

/** Puts the staging graph in place of the graph, in one request that is harmless when run again (see staging.ts). */
export async function swapGraphUpdate(
  http: EndpointHttp,
  endpoint: string,
  graph: string,
  staging: string,
): Promise<void> {
  await sendUpdate(http, endpoint, graph, `loading graph <${graph}>`, swapUpdate(staging, graph));
}

/** Inserts into `into` (the staging graph, or the graph itself); messages name `graph`, the graph being loaded. */
async function insert(
  http: EndpointHttp,
  endpoint: string,
  graph: string,
  into: string,
  lines: string[],
  blank: boolean,
  size: BatchSize,
): Promise<void> {
  try {
    await sendUpdate(http, endpoint, graph, `loading graph <${graph}>`, insertText(into, lines, blank));
  } catch (error) {
    if (blank || lines.length < 2 || !tooLarge(error)) throw error;
    const half = Math.ceil(lines.length / 2);
    size.triples = Math.min(size.triples, half);
    await insert(http, endpoint, graph, into, lines.slice(0, half), false, size);
    await insert(http, endpoint, graph, into, lines.slice(half), false, size);
  }
}

/** 413, or a 400 saying the request is too large (Virtuoso: "exceeded 10000 lines", "memory exhausted"). */
export function tooLarge(error: unknown): boolean {
  if (!(error instanceof PipelineError) || error.code !== 'ENDPOINT_HTTP_STATUS') return false;
  const status = error.details?.status;
  const body = String(error.details?.body ?? '');
  return status === 413 || (status === 400 && /exceeded|memory exhausted|too large|too long/i.test(body));
}
