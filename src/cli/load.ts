// `pathway-kg load`: pushes an already-transformed --out folder into a SPARQL 1.1 store, incrementally.

import path from 'node:path';
import { parseArgs } from 'node:util';
import { PipelineError } from '../errors.js';
import { loadFolder, requireAllNq } from '../load/loadFolder.js';
import { parseMinSourceShare } from '../load/removalGuard.js';
import { loadSingleGraph } from '../load/layout/singleGraph.js';
import { endpointSinkFactory } from '../load/endpointSink.js';
import { ENDPOINT_HELP, ENDPOINT_OPTIONS, endpointFromFlags } from './endpointFlags.js';
import { EXIT } from './exitCodes.js';
import { SINGLE_GRAPH_HELP, SINGLE_GRAPH_OPTIONS, singleGraphFromFlags } from './graphFlag.js';
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
${ENDPOINT_HELP}${SINGLE_GRAPH_HELP}
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
      ...SINGLE_GRAPH_OPTIONS, // --graph
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
  requireAllNq(out);
  const options = endpointFromFlags(values, io.env);
  if (options === undefined) throw new PipelineError('USAGE', 'Missing --endpoint <url>', { key: '--endpoint' });
  const single = singleGraphFromFlags(values.graph, true); // everything as one graph
  if (single !== undefined) {
    const { summary, sent } = await loadSingleGraph(out, single, endpointSinkFactory(options, out), {
      full: Boolean(values.full),
    });
    if (!values.quiet)
      io.stderr.write(
        `${sent ? `loaded ${summary.triples} triples into` : 'unchanged:'} <${single}> at ${printable(summary.target)}, dropped ${summary.dropped} other graphs\n`,
      );
    return EXIT.OK;
  }
  const removal = {
    minSourceShare: parseMinSourceShare(values['min-source-share']),
    allowRemovals: Boolean(values['allow-removals']),
  };
  const quiet = Boolean(values.quiet);
  const progress = progressPrinter(io.stderr, quiet, 'graphs');
  try {
    const { summary, graphs } = await loadFolder(out, {
      full: Boolean(values.full),
      removal,
      sink: endpointSinkFactory(options, out),
      onStart: (nq, total, target) => {
        if (!quiet)
          io.stderr.write(
            `loading ${printable(nq)} (${total ?? 'an unknown number of'} graphs) into ${printable(target)}\n`,
          );
      },
      onGraph: (done, total) => progress.update({ done, total }),
      ...(io.signal ? { signal: io.signal } : {}),
    });
    progress.done();
    if (!quiet)
      io.stderr.write(
        `loaded ${summary.loaded} graphs (${summary.triples} triples) into ${printable(summary.target)}, dropped ${summary.dropped}, ${graphs - summary.loaded} unchanged\n`,
      );
  } catch (error) {
    progress.done();
    if (isStopped(error))
      error.explain(
        `: the graphs the endpoint confirmed are recorded in state.json, lock released; run again to finish`,
      );
    throw error;
  }
  return EXIT.OK;
}
