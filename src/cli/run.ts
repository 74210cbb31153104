// `pathway-kg run`: pages -> RDF in --out (Turtle, N-Quads, report), optionally loaded into a SPARQL store.

import { parseArgs } from 'node:util';
import { checkRunConfig } from '../config.js';
import { PipelineError } from '../errors.js';
import { runPipeline, type Progress } from '../pipeline.js';
import { summaryLine, type RunReport } from '../report.js';
import { ENDPOINT_HELP, ENDPOINT_OPTIONS, endpointFromFlags } from './endpointOptions.js';
import { EXIT } from './exitCodes.js';
import type { CliIO } from './io.js';
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
  --quiet             no progress or summary
  -h, --help          this help

Load into a SPARQL 1.1 store as well (optional):
${ENDPOINT_HELP}
Exit status: 0 every page converted (and loaded); 3 run completed, some pages rejected (see
report.json); 2 usage or configuration error; 4 endpoint unreachable or timing out; 5 endpoint
refused the credentials; 6 some graphs not loaded (HTTP error or count mismatch); 7 another run
holds --out; 130/143 stopped by SIGINT/SIGTERM (cleaned up, run again to finish); 1 any other fatal error.
`;

export async function runCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      source: { type: 'string' },
      datanodes: { type: 'string', multiple: true },
      reference: { type: 'string' },
      out: { type: 'string' },
      mappings: { type: 'string' },
      full: { type: 'boolean' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      ...ENDPOINT_OPTIONS,
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    io.stdout.write(RUN_HELP);
    return EXIT.OK;
  }
  const config = checkRunConfig({
    source: values.source,
    datanodes: values.datanodes ?? [],
    reference: values.reference,
    out: values.out,
    full: Boolean(values.full),
    ...(values.mappings !== undefined ? { mappingsDir: values.mappings } : {}),
  });
  const endpoint = endpointFromFlags(values, io.env);
  const quiet = Boolean(values.quiet);
  const progress = progressPrinter(io.stderr, quiet);
  // The SPARQL loader (undici, p-queue) is imported only when a store is to be loaded.
  const sink = endpoint ? (await import('./endpointFlags.js')).endpointSinkFactory(endpoint, config.out, quiet ? undefined : (m) => io.stderr.write(`\n${m}\n`)) : undefined;
  let last: Progress | undefined;
  const onProgress = (p: Progress) => progress.update((last = p));
  const log = quiet ? {} : { log: (line: string) => io.stderr.write(`${line}\n`) };
  const report = await runPipeline(config, { onProgress, ...log, ...(sink ? { endpoint: sink } : {}), ...(io.signal ? { signal: io.signal } : {}) }).catch((error: unknown) => {
    progress.done();
    throw isStopped(error) ? error.explain(stopSummary(last, Boolean(sink))) : error;
  });
  progress.done();
  if (!quiet) printSummary(report, io);
  if (report.pages.read === 0) throw new PipelineError('CONFIG_INVALID', `No WPn.md pages found under --source ${config.source}`, { key: '--source' });
  return report.pages.rejected > 0 ? EXIT.REJECTED : EXIT.OK;
}

/** One line on what a stopped run left: the pipeline cleaned up as after a failure. */
function stopSummary(last: Progress | undefined, endpoint: boolean): string {
  const where = last === undefined ? ' before the first page' : ` after ${last.done} of ${last.total} pages`;
  const loaded = endpoint ? ', the graphs the endpoint confirmed are recorded in state.json' : '';
  return `${where}: this run's files were abandoned (all.nq and state.json are as before this run${loaded}), temporary files removed, lock released; run again to finish`;
}

function printSummary(report: RunReport, io: CliIO): void {
  io.stderr.write(`${summaryLine(report)}\n`);
  for (const r of report.rejects.slice(0, 10)) io.stderr.write(`rejected: ${r.file ?? ''}${r.line ? `:${r.line}` : ''}: ${r.message} [${r.code}]\n`);
  if (report.rejects.length > 10) io.stderr.write(`… and ${report.rejects.length - 10} more rejects in ${report.out}/report.json\n`);
  io.stderr.write(`output in ${report.out}\n`);
}
