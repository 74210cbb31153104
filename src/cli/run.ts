// `pathway-kg run`: pages -> RDF in --out (Turtle, N-Quads, report), optionally loaded into a SPARQL store.

import { parseArgs } from 'node:util';
import path from 'node:path';
import { checkRunConfig } from '../config.js';
import { checkOutDir } from '../outDir.js';
import { parseMinSourceShare } from '../load/removalGuard.js';
import { LIMITS_HELP, limitsFromFlags } from '../limits.js';
import { steadyHeapGrowth } from '../heap.js';
import { runPipeline, type Progress } from '../pipeline.js';
import { summaryLine, type RunReport } from '../report.js';
import { ENDPOINT_HELP, ENDPOINT_OPTIONS, endpointFromFlags } from './endpointFlags.js';
import { EXIT } from './exitCodes.js';
import { SINGLE_GRAPH_HELP, SINGLE_GRAPH_OPTIONS, singleGraphFromFlags } from './graphFlag.js';
import { GITHUB_HELP, GITHUB_OPTIONS, prepareGithubSource, recordGithubSource } from './githubSource.js';
import type { CliIO } from './io.js';
import { printable } from './printable.js';
import { progressPrinter } from './progress.js';
import { isStopped } from './signals.js';

export const RUN_HELP = `Usage: pathway-kg run --source <dir> --reference <dir> --out <dir> [options]

Turns WikiPathways pages (WPn.md) and participant tables (WPn-datanodes.tsv) into RDF.
Re-runs transform and load only the pathways whose inputs changed (state in --out).

  --source <dir>      searched recursively for WPn.md pages (and WPn-datanodes.tsv tables)
  --datanodes <dir>   another folder searched for WPn-datanodes.tsv (repeatable)
  --reference <dir>   reference tables: hgnc/, ontology/, taxonomy/, schemaorg/
  --out <dir>         output: pathways/WPn.ttl, all.nq (also the embedded store), report.json, state.json
  --mappings <dir>    mapping tables (default: the package's mappings/)
  --full              transform and load every pathway, whatever changed
  --min-source-share <x>
                      stop before removing anything (exit 8) when --source lists fewer than this
                      share of the pathways the last run left (default 0.5; 0 turns the check off)
  --allow-removals    remove the pathways missing from --source, however many
  --follow-symlinks   read pages and tables that are links to files outside --source and --datanodes
${GITHUB_HELP}
  --quiet             no progress or summary
${LIMITS_HELP}  -h, --help          this help

Load into a SPARQL 1.1 store as well (optional):
${ENDPOINT_HELP}${SINGLE_GRAPH_HELP}
Exit status: 0 every page converted (and loaded); 3 run completed, some pages rejected (see
report.json); 2 usage or configuration error; 4 endpoint unreachable or timing out; 5 endpoint
refused the credentials; 6 some graphs not loaded (HTTP error or count mismatch); 7 another run
holds --out; 8 --source lists far fewer pathways than the last run (nothing changed); 130/143
stopped by SIGINT/SIGTERM (cleaned up, run again to finish); 1 any other fatal error.
`;

export async function runCommand(argv: string[], io: CliIO): Promise<number> {
  steadyHeapGrowth(); // the heap near its live size over a long run (src/heap.ts)
  const { values } = parseArgs({
    args: argv,
    options: {
      source: { type: 'string' },
      datanodes: { type: 'string', multiple: true },
      reference: { type: 'string' },
      out: { type: 'string' },
      mappings: { type: 'string' },
      full: { type: 'boolean' },
      'min-source-share': { type: 'string' },
      'allow-removals': { type: 'boolean' },
      'follow-symlinks': { type: 'boolean' },
      quiet: { type: 'boolean' },
      limit: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
      ...ENDPOINT_OPTIONS,
      ...SINGLE_GRAPH_OPTIONS, // --graph
      ...GITHUB_OPTIONS,
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    io.stdout.write(RUN_HELP);
    return EXIT.OK;
  }
  // Every flag is checked before a GitHub source is synced: a typo must not cost a whole snapshot.
  const checked = {
    minSourceShare: parseMinSourceShare(values['min-source-share']),
    limits: limitsFromFlags(values.limit),
  };
  const endpoint = endpointFromFlags(values, io.env);
  // --graph: everything loaded after the run, as one graph (src/load/layout/singleGraph.ts).
  const single = singleGraphFromFlags(values.graph, endpoint !== undefined);
  if (values.out !== undefined && values.out !== '') checkOutDir(path.resolve(values.out));
  const extracted = await prepareGithubSource(values, io);
  const config = checkRunConfig({
    source: extracted?.dir ?? values.source,
    ...(extracted ? { extracted } : {}),
    datanodes: values.datanodes ?? [],
    reference: values.reference,
    out: values.out,
    full: Boolean(values.full),
    minSourceShare: checked.minSourceShare,
    allowRemovals: Boolean(values['allow-removals']),
    followSymlinks: Boolean(values['follow-symlinks']),
    limits: checked.limits,
    ...(values.mappings !== undefined ? { mappingsDir: values.mappings } : {}),
  });
  const quiet = Boolean(values.quiet);
  const progress = progressPrinter(io.stderr, quiet);
  // The SPARQL loader (undici, p-queue) is imported only when a store is to be loaded.
  const sinks = endpoint
    ? (await import('../load/endpointSink.js')).endpointSinkFactory(
        endpoint,
        config.out,
        quiet ? undefined : (m) => io.stderr.write(`\n${printable(m)}\n`),
      )
    : undefined;
  // With --graph the store gets the whole dataset as one graph after the run, not graph by graph during it.
  const sink = single === undefined ? sinks : undefined;
  let last: Progress | undefined;
  const onProgress = (p: Progress) => progress.update((last = p));
  // The reference folder's name comes from the command line: escaped like every other log line.
  const log = quiet ? {} : { log: (line: string) => io.stderr.write(`${printable(line)}\n`) };
  const report = await runPipeline(config, {
    onProgress,
    ...log,
    ...(sink ? { endpoint: sink } : {}),
    ...(io.signal ? { signal: io.signal } : {}),
  }).catch((error: unknown) => {
    progress.done();
    throw isStopped(error) ? error.explain(stopSummary(last, Boolean(sink))) : error;
  });
  progress.done();
  if (single !== undefined) {
    const { loadSingleGraph } = await import('../load/layout/singleGraph.js');
    await loadSingleGraph(config.out, single, sinks!, { full: config.full });
  }
  await recordGithubSource(extracted, config.out);
  if (!quiet) printSummary(report, io);
  return report.pages.rejected > 0 ? EXIT.REJECTED : EXIT.OK;
}

/** One line on what a stopped run left: the pipeline cleaned up as after a failure. */
function stopSummary(last: Progress | undefined, endpoint: boolean): string {
  const where = last === undefined ? ' before the first page' : ` after ${last.done} of ${last.total} pages`;
  const loaded = endpoint ? ', the graphs the endpoint confirmed are recorded in state.json' : '';
  return `${where}: this run's files were abandoned (all.nq and state.json are as before this run${loaded}), temporary files removed, lock released; run again to finish`;
}

function printSummary(report: RunReport, io: CliIO): void {
  io.stderr.write(`${printable(summaryLine(report))}\n`);
  // File names and messages come from the pages: escaped, so that a name cannot forge or colour a log line.
  for (const r of report.rejects.slice(0, 10))
    io.stderr.write(
      `rejected: ${printable(`${r.file ?? ''}${r.line ? `:${r.line}` : ''}: ${r.message}`)} [${r.code}]\n`,
    );
  // A skipped folder may hold pages: said in the log, not only in report.json.
  // Only then: a run's warnings are read back from report.json when asked for (report.ts: writeReport).
  for (const w of report.warnings.byCode.FOLDER_UNREADABLE ? report.warnings.items : [])
    if (w.code === 'FOLDER_UNREADABLE')
      io.stderr.write(`warning: ${printable(`${w.file}: ${w.message}`)} [${w.code}]\n`);
  if (report.rejects.length > 10)
    io.stderr.write(`… and ${report.rejects.length - 10} more rejects in ${printable(report.out)}/report.json\n`);
  io.stderr.write(`output in ${printable(report.out)}\n`);
}
