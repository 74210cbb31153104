// `pathway-kg run`: pages -> RDF in --out (Turtle, N-Quads, report), optionally loaded elsewhere.

import { parseArgs } from 'node:util';
import { checkRunConfig } from '../config.js';
import { PipelineError } from '../errors.js';
import { runPipeline } from '../pipeline.js';
import { summaryLine } from '../report.js';
import { EXIT } from './exitCodes.js';
import type { CliIO } from './io.js';
import { progressPrinter } from './progress.js';

export const RUN_HELP = `Usage: pathway-kg run --source <dir> --reference <dir> --out <dir> [options]

Turns WikiPathways pages (WPn.md) and participant tables (WPn-datanodes.tsv) into RDF.

  --source <dir>      searched recursively for WPn.md pages (and WPn-datanodes.tsv tables)
  --datanodes <dir>   another folder searched for WPn-datanodes.tsv (repeatable)
  --reference <dir>   reference tables: hgnc/, ontology/, taxonomy/, schemaorg/
  --out <dir>         output: pathways/WPn.ttl, all.nq, report.json
  --mappings <dir>    mapping tables (default: the package's mappings/)
  --no-turtle         skip pathways/WPn.ttl (all.nq and report.json are still written)
  --quiet             no progress or summary
  -h, --help          this help

Exit status: 0 every page converted; 3 run completed, some pages rejected (see report.json);
2 usage or configuration error; 1 fatal error.
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
      'no-turtle': { type: 'boolean' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
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
    turtle: !values['no-turtle'],
    ...(values.mappings !== undefined ? { mappingsDir: values.mappings } : {}),
  });
  const quiet = Boolean(values.quiet);
  const progress = progressPrinter(io.stderr, quiet);
  const report = await runPipeline(config, { onProgress: progress.update });
  progress.done();
  if (!quiet) {
    io.stderr.write(`${summaryLine(report)}\n`);
    for (const r of report.rejects.slice(0, 10)) io.stderr.write(`rejected: ${r.file ?? ''}${r.line ? `:${r.line}` : ''}: ${r.message} [${r.code}]\n`);
    if (report.rejects.length > 10) io.stderr.write(`… and ${report.rejects.length - 10} more rejects in ${config.out}/report.json\n`);
    io.stderr.write(`output in ${config.out}\n`);
  }
  if (report.pages.read === 0) throw new PipelineError('CONFIG_INVALID', `No WPn.md pages found under --source ${config.source}`, { key: '--source' });
  return report.pages.rejected > 0 ? EXIT.REJECTED : EXIT.OK;
}
