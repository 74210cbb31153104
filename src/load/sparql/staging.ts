// Staging graphs for the SPARQL Update path: each attempt at a graph is loaded into a graph of its own,
// counted there, then swapped into place by one guarded request.
//
// Why: a request that timed out may still be executed by the server later. Loaded straight into the real
// graph, a late DROP empties a graph already confirmed and a late blank-node INSERT duplicates triples. A
// late request into a staging graph nobody reads is harmless, and the swap only acts while the staging
// graph holds its marker, which the swap itself removes: a late copy of a swap that already ran does nothing.

import { randomBytes } from 'node:crypto';

/** Every staging graph's name starts with this; a run drops the ones a previous run left behind. */
export const STAGING_PREFIX = 'urn:pathway-kg:staging:';

/** Marks a staging graph as complete and says which graph it is for: `<staging> MARKER <graph>`. */
export const STAGING_MARKER = 'urn:pathway-kg:staging-of';

/** A fresh staging graph name, unique per attempt (so a late request of an earlier attempt cannot reach it). */
export function stagingGraph(): string {
  return `${STAGING_PREFIX}${randomBytes(12).toString('hex')}`;
}

export function isStagingGraph(graph: string): boolean {
  return graph.startsWith(STAGING_PREFIX);
}

/** The marker triple, as an N-Triples line. */
export function markerLine(staging: string, graph: string): string {
  return `<${staging}> <${STAGING_MARKER}> <${graph}> .\n`;
}

/**
 * One request, every step guarded by the marker: empty the graph, copy the staging graph into it (marker
 * included), remove the copied marker, drop the staging graph. Virtuoso runs one update request in one
 * transaction, so readers see the old graph or the new one. A late copy of a swap that already ran finds no
 * marker and changes nothing, even if a late INSERT has put triples into the dead staging graph since.
 * (MOVE is not used: Virtuoso's MOVE from a graph that no longer exists empties the target.)
 */
export function swapUpdate(staging: string, graph: string): string {
  const marker = `<${staging}> <${STAGING_MARKER}> <${graph}>`;
  return [
    `DELETE { GRAPH <${graph}> { ?s ?p ?o } } WHERE { GRAPH <${staging}> { ${marker} } GRAPH <${graph}> { ?s ?p ?o } }`,
    `INSERT { GRAPH <${graph}> { ?s ?p ?o } } WHERE { GRAPH <${staging}> { ${marker} . ?s ?p ?o } }`,
    `DELETE DATA { GRAPH <${graph}> { ${marker} } }`,
    `DROP SILENT GRAPH <${staging}>`,
  ].join(' ;\n');
}
