// `pathway-kg learn-labels`: learns label usage from human pathways' participant tables into a label-usage.tsv.

import { parseArgs } from 'node:util';
import { PipelineError } from '../errors.js';
import { learnLabels } from '../learnLabels.js';
import { USAGE_SHARE } from '../transform/participants/labelUsage.js';
import { EXIT } from './exitCodes.js';
import type { CliIO } from './io.js';

export const LEARN_HELP = `Usage: pathway-kg learn-labels --source <dir> [--datanodes <dir>] ... --reference <dir> --out <file>

Learns what curators mean by a label from the participant tables of human pathways: the HGNC
record the rows with that label name through their identifiers (never their labels), or "not a
gene" for rows of other types. A label gets a verdict when at least ${USAGE_SHARE * 100}% of the pathways
using it agree; a family name or a bare abbreviation of up to five letters also needs the votes of
two pathways. The verdicts that change how a label alone resolves are written to --out (the
package's own is mappings/label-usage.tsv; "run" reads the one in --mappings).

  --source <dir>      pages (WPn.md) with their tables; repeatable: one snapshot per --source
  --datanodes <dir>   tables of the --source at the same position (optional for each)
  --reference <dir>   reference tables (HGNC is used)
  --out <file>        the label-usage.tsv to write
  --mappings <dir>    mapping tables (default: the package's mappings/)
  -h, --help          this help

A pathway found in several snapshots counts once. Exit status: 0 written; 2 usage error; 1 fatal error.
`;

export async function learnLabelsCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      source: { type: 'string', multiple: true },
      datanodes: { type: 'string', multiple: true },
      reference: { type: 'string' },
      out: { type: 'string' },
      mappings: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    io.stdout.write(LEARN_HELP);
    return EXIT.OK;
  }
  const sources = values.source ?? [];
  const datanodes = values.datanodes ?? [];
  if (sources.length === 0) throw new PipelineError('USAGE', 'Missing --source <dir>', { key: '--source' });
  if (values.reference === undefined)
    throw new PipelineError('USAGE', 'Missing --reference <dir>', { key: '--reference' });
  if (values.out === undefined) throw new PipelineError('USAGE', 'Missing --out <file>', { key: '--out' });
  if (datanodes.length > sources.length)
    throw new PipelineError(
      'USAGE',
      `${datanodes.length} --datanodes for ${sources.length} --source: give one per --source, in the same order`,
      { key: '--datanodes' },
    );
  const learned = await learnLabels({
    sources: sources.map((source, i) => ({ source, datanodes: datanodes[i] === undefined ? [] : [datanodes[i]!] })),
    reference: values.reference,
    out: values.out,
    mappings: values.mappings,
  });
  io.stderr.write(
    `learn-labels: ${learned.pathways} human pathways with a table, ${learned.labels} labels, ${learned.verdicts} verdicts written to ${values.out}${learned.skipped > 0 ? `; ${learned.skipped} pages skipped (they would be rejected by run)` : ''}\n`,
  );
  return EXIT.OK;
}
