// `--serve-from`: graphs loaded by the store pulling them. Many graphs go into one N-Quads document served by this
// process (documentServer.ts), and one SPARQL Update request replaces them all:
//   DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { VALUES ?g { <g1> … <gn> } GRAPH ?g { ?s ?p ?o } } ;
//   LOAD <http://client:port/<token>/7.nq>
// Virtuoso parses the document with its own RDF loader and puts each quad into its own graph (checked on 7.2.5, with
// or without INTO GRAPH), instead of compiling INSERT DATA, and the requests fall from one or two per graph to one per
// document. The loader confirms the graphs of a document with one count of the whole store.

import type { GraphTriples } from './triples.js';

/**
 * Bytes of N-Quads per document: Virtuoso refuses a LOAD over 20 MiB ("Content length … is over the limit
 * 20971520"); 4 MiB (about 25,000 quads of WikiPathways) keeps the documents in memory small, and 16 MiB cost
 * Virtuoso no less CPU (13.5 s against 12.3 s for the current snapshot; the counts per document are about 0.4 s).
 */
export const DOCUMENT_BYTES = 4 << 20;

/**
 * The graph's triples as N-Quads lines in `graph`, its blank-node labels made unique in the document by `prefix`
 * (graphTriples labels every graph's blank nodes b0, b1, …, and one document holds many graphs).
 */
export function quadLines(triples: GraphTriples, graph: string, prefix: string): string {
  const tail = ` <${graph}> .\n`;
  let out = '';
  for (const line of triples.ground) out += line.slice(0, -3) + tail;
  for (const group of triples.blankGroups) {
    for (const line of group) {
      // A line is `s p o .\n`: a blank node is the subject at the start, or the object just before ` .\n` (a literal
      // ends with `"`, a language tag or `>`, so it never ends in a blank-node label).
      let quad = line.startsWith('_:') ? `_:${prefix}${line.slice(2)}` : line;
      quad = quad.replace(/ _:(b\d+) \.\n$/, ` _:${prefix}$1 .\n`);
      out += quad.slice(0, -3) + tail;
    }
  }
  return out;
}

/**
 * The one Update request of a document: its graphs emptied, then the document loaded (`;` joins operations). One
 * DELETE with the graphs in VALUES, not a DROP SILENT GRAPH each: the DROPs took a quarter of Virtuoso's CPU for a
 * load of the current snapshot (1,930 graphs, 3 s of 12 s), the DELETE a tenth of that.
 */
export function loadUpdate(graphs: readonly string[], documentUrl: string): string {
  const values = graphs.map((g) => `<${g}>`).join(' ');
  return `DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { VALUES ?g { ${values} } GRAPH ?g { ?s ?p ?o } } ;\nLOAD <${documentUrl}>`;
}

/** A graph waiting for its document to be sent. */
export interface PendingGraph {
  graph: string;
  triples: GraphTriples;
  /** Its N-Quads lines until the document is published (then emptied: the server holds the bytes). */
  text: string;
  beforeChange: () => void;
  settle: (outcome: { counted: number } | { error: unknown } | 'not started') => void;
}

/** Graphs collected into documents of about DOCUMENT_BYTES; take() hands the current one over. */
export class DocumentBatch {
  private graphs: PendingGraph[] = [];
  private bytes = 0;
  private documents = 0;
  private graphsAdded = 0;

  constructor(private readonly limit = DOCUMENT_BYTES) {}

  /** Adds a graph; returns the document to send when it is full. */
  add(graph: string, triples: GraphTriples, rest: Omit<PendingGraph, 'graph' | 'triples' | 'text'>): PendingGraph[] {
    const text = quadLines(triples, graph, `g${this.graphsAdded++}`);
    this.graphs.push({ graph, triples, text, ...rest });
    this.bytes += text.length;
    return this.bytes >= this.limit ? this.take() : [];
  }

  has(graph: string): boolean {
    return this.graphs.some((g) => g.graph === graph);
  }

  /** The graphs collected so far (maybe none), and a fresh document. */
  take(): PendingGraph[] {
    const out = this.graphs;
    this.graphs = [];
    this.bytes = 0;
    if (out.length > 0) this.documents++;
    return out;
  }

  /** Documents handed over so far. */
  get taken(): number {
    return this.documents;
  }
}
