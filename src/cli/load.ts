// `pathway-kg load`: pushes an already-transformed --out folder into a SPARQL 1.1 store, incrementally.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DATASET_GRAPH, ONTOLOGY_GRAPH } from '../config.js';
import { PipelineError } from '../errors.js';
import { acquireLock } from '../load/lock.js';
import { readGraphs } from '../load/readGraphs.js';
import { checkRemovals, parseMinSourceShare } from '../load/removalGuard.js';
import { allNqMatches, readState, writeState } from '../load/state.js';
import { endpointSinkFactory } from '../load/endpointSink.js';
import { ENDPOINT_HELP, ENDPOINT_OPTIONS, endpointFromFlags } from './endpointFlags.js';
import { EXIT } from './exitCodes.js';
import type { CliIO } from './io.js';
import { printable } from './printable.js';
import { progressPrinter } from './progress.js';
import { isStopped } from './signals.js';

export const LOAD_HELP = `Usage: pathway-kg load --from <out dir> --endpoint <url> [options]

Loads the dataset a run wrote (<out dir>/all.nq) into a SPARQL 1.1 store: each pathway's named
graph is replaced when it differs from what the store got last time, graphs of pathways that are
gone are dropped, and the run-wide graphs (ontologies, dataset) are replaced.

  --from <dir>        the --out folder of an earlier "pathway-kg run"
  --full              replace every graph, whatever the state says
  --min-source-share <x>
                      drop nothing (exit 8) when all.nq holds fewer than this share of the pathway
                      graphs the store got last time (default 0.5; 0 turns the check off)
  --allow-removals    drop the graphs of every pathway missing from all.nq, however many
  --quiet             no progress or summary
${ENDPOINT_HELP}
Exit status: 0 loaded; 2 usage error; 4 endpoint unreachable; 5 credentials refused; 6 some graphs
not loaded; 7 another run holds the folder; 8 all.nq holds far fewer pathways than the store (nothing
dropped); 130/143 stopped by SIGINT/SIGTERM; 1 any other fatal error.
`;

export async function loadCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      from: { type: 'string' },
      full: { type: 'boolean' },
      'min-source-share': { type: 'string' },
      'allow-removals': { type: 'boolean' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      ...ENDPOINT_OPTIONS,
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    io.stdout.write(LOAD_HELP);
    return EXIT.OK;
  }
  if (values.from === undefined) throw new PipelineError('USAGE', 'Missing --from <out dir>', { key: '--from' });
  const out = path.resolve(values.from);
  const nq = path.join(out, 'all.nq');
  if (!existsSync(nq)) throw new PipelineError('CONFIG_INVALID', `No all.nq in ${out}: run "pathway-kg run --out ${out}" first`, { key: '--from', file: nq });
  const options = endpointFromFlags(values, io.env);
  if (options === undefined) throw new PipelineError('USAGE', 'Missing --endpoint <url>', { key: '--endpoint' });
  const removal = { minSourceShare: parseMinSourceShare(values['min-source-share']), allowRemovals: Boolean(values['allow-removals']) };

  const lock = await acquireLock(out);
  try {
    const state = readState(out, { ignoreInvalid: Boolean(values.full) });
    // Input hashes describe all.nq only when it is the file the state was written with.
    const described = allNqMatches(out, state);
    const hashes = described ? state.pathways : {};
    const sink = endpointSinkFactory(options, out)(state);
    const present = new Set<string>();
    // The pathways the state lists and the two run-wide graphs, when the state describes this all.nq.
    const total = described ? Object.keys(state.pathways).length + 2 : undefined;
    const progress = progressPrinter(io.stderr, Boolean(values.quiet), 'graphs');
    if (!values.quiet) io.stderr.write(`loading ${printable(nq)} (${total ?? 'an unknown number of'} graphs) into ${printable(sink.target)}\n`);
    try {
      await sink.verify(); // graphs the store holds differently from the state are loaded again
      for await (const { graph, quads } of readGraphs(nq)) {
        present.add(graph);
        progress.update({ done: present.size, total });
        const runWide = graph === ONTOLOGY_GRAPH || graph === DATASET_GRAPH;
        const wpid = /\/(WP[0-9]+)$/.exec(graph)?.[1];
        const hash = runWide ? 'run' : (wpid && hashes[wpid]?.hash) || 'unknown';
        if (!values.full && !runWide && hash !== 'unknown' && sink.loadedHash(graph) === hash) continue;
        await sink.replace(graph, quads, hash);
        if (sink.stopped) throw sink.stopped;
        io.signal?.throwIfAborted();
      }
      // Nothing is dropped when all.nq lost most of the pathways the store holds (an --out from a half-empty run).
      const pathways = (graphs: Iterable<string>) => [...graphs].filter((g) => g !== ONTOLOGY_GRAPH && g !== DATASET_GRAPH).length;
      checkRemovals(pathways(present), pathways(sink.loadedGraphs()), removal, `all.nq in ${out} holds`, `pathway graphs loaded into ${sink.target}`, '--from');
      for (const g of sink.loadedGraphs()) if (!present.has(g)) await sink.drop(g);
      progress.done();
      const summary = await sink.finish();
      if (!values.quiet) io.stderr.write(`loaded ${summary.loaded} graphs (${summary.triples} triples) into ${printable(summary.target)}, dropped ${summary.dropped}, ${present.size - summary.loaded} unchanged\n`);
    } catch (error) {
      progress.done();
      // Let the graphs in flight land (and be recorded) first; the sink's error names every graph not loaded.
      const notLoaded: unknown = await sink.finish().then(() => undefined, (e: unknown) => e);
      if (error === sink.stopped && notLoaded !== undefined) throw notLoaded;
      if (isStopped(error)) error.explain(`: the graphs the endpoint confirmed are recorded in state.json, lock released; run again to finish`);
      throw error;
    } finally {
      await writeState(out, state);
    }
  } finally {
    await lock.release();
  }
  return EXIT.OK;
}
