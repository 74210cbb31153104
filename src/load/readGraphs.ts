// Reads an N-Quads file graph by graph (all.nq keeps each graph's quads together), one graph in memory at a time.

import { createReadStream } from 'node:fs';
import { StreamParser, type Quad } from 'n3';

export async function* readGraphs(file: string): AsyncGenerator<{ graph: string; quads: Quad[] }> {
  const parser = new StreamParser({ format: 'N-Quads' });
  createReadStream(file)
    .on('error', (e) => parser.destroy(e))
    .pipe(parser);
  let graph: string | undefined;
  let quads: Quad[] = [];
  for await (const q of parser as AsyncIterable<Quad>) {
    if (q.graph.value !== graph) {
      if (graph !== undefined && quads.length > 0) yield { graph, quads };
      graph = q.graph.value;
      quads = [];
    }
    quads.push(q);
  }
  if (graph !== undefined && quads.length > 0) yield { graph, quads };
}
