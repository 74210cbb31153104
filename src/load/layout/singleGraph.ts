// `--graph <iri>`: the whole dataset loaded into one named graph, as the public endpoint's
// http://rdf.wikipathways.org/.
//
// all.nq stays as every run writes it (a graph per pathway, the shared-node buckets, the run-wide graphs): since no
// triple is in two of its graphs, their union is exactly the single graph's content. The target gets that union
// as one graph, replaced as a whole (Graph Store PUT, or the staged Update swap) when its content changed: a
// no-change night sends nothing, any change sends the whole dataset again. Graphs of an earlier multi-graph load
// into the same target are dropped.

import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { StreamParser, type Quad } from 'n3';
import { DATASET_GRAPH } from '../../config.js';
import type { EndpointSink, EndpointSummary } from '../endpointSink.js';
import { acquireLock } from '../lock.js';
import { readState, writeState, type RunState } from '../state.js';

export interface SingleGraphLoad {
  summary: EndpointSummary;
  /** False when the target already held this content. */
  sent: boolean;
}

/** Loads `<out>/all.nq` into `graph` of the sink's target, under the --out lock; records it in state.json. */
export async function loadSingleGraph(
  out: string,
  graph: string,
  makeSink: (state: RunState) => EndpointSink,
  { full = false } = {},
): Promise<SingleGraphLoad> {
  const nq = path.join(out, 'all.nq');
  const lock = await acquireLock(out);
  try {
    const state = readState(out, { ignoreInvalid: full });
    const sink = makeSink(state);
    try {
      await sink.verify();
      const digest = await contentDigest(nq);
      const sent = full || sink.loadedHash(graph) !== digest;
      if (sent) await sink.replace(graph, await readQuads(nq), digest);
      if (sink.stopped) throw sink.stopped;
      for (const g of sink.loadedGraphs()) if (g !== graph) await sink.drop(g);
      return { summary: await sink.finish(), sent };
    } catch (error) {
      // Let a request in flight land (and be recorded) first; the sink's error names the graph not loaded.
      const notLoaded: unknown = await sink.finish().then(
        () => undefined,
        (e: unknown) => e,
      );
      throw error === sink.stopped && notLoaded !== undefined ? notLoaded : error;
    } finally {
      await writeState(out, state);
    }
  } finally {
    await lock.release();
  }
}

/** The dataset graph says when the run was: those lines do not make the content differ. */
const RUN_TIME = /^<urn:pathway-kg:dataset> <http:\/\/(?:purl\.org\/dc\/terms\/created|purl\.org\/pav\/createdOn)> /;

/** A digest of all.nq's lines, the run's time aside. */
async function contentDigest(file: string): Promise<string> {
  const hash = createHash('sha256');
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.endsWith(`<${DATASET_GRAPH}> .`) && RUN_TIME.test(line)) continue;
    hash.update(line).update('\n');
  }
  return `single:${hash.digest('hex').slice(0, 32)}`;
}

/** Every quad of all.nq (the loader takes one graph's quads at once: the whole dataset, here). */
async function readQuads(file: string): Promise<Quad[]> {
  const parser = new StreamParser({ format: 'N-Quads' });
  createReadStream(file)
    .on('error', (e) => parser.destroy(e))
    .pipe(parser);
  const quads: Quad[] = [];
  for await (const q of parser as AsyncIterable<Quad>) quads.push(q);
  return quads;
}
