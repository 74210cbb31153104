// `pathway-kg learn-labels`: learns label usage from human pathways' participant tables into a label-usage.tsv.

import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PipelineError } from '../errors.js';
import { listSources } from '../extract/listSources.js';
import { readSources } from '../extract/readSources.js';
import { writeFileAtomic } from '../load/atomicFile.js';
import { loadMappings } from '../mappings.js';
import type { HgncTable } from '../reference/hgnc.js';
import { loadReference } from '../reference/loadReference.js';
import { parsePage } from '../transform/parsePage.js';
import { formatLabelUsage, USAGE_SHARE, UsageCounter } from '../transform/participants/labelUsage.js';
import { learnFromTable, usefulVerdicts } from '../transform/participants/learnUsage.js';
import { participantMappings, type ParticipantMappings } from '../transform/participants/participant.js';
import { HUMAN } from '../transform/participants/participantQuads.js';
import { parseTable } from '../transform/participants/parseTable.js';
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
  if (values.reference === undefined) throw new PipelineError('USAGE', 'Missing --reference <dir>', { key: '--reference' });
  if (values.out === undefined) throw new PipelineError('USAGE', 'Missing --out <file>', { key: '--out' });
  if (datanodes.length > sources.length) throw new PipelineError('USAGE', `${datanodes.length} --datanodes for ${sources.length} --source: give one per --source, in the same order`, { key: '--datanodes' });
  for (const [flag, dir] of [...sources.map((s) => ['--source', s]), ...datanodes.map((d) => ['--datanodes', d]), ['--reference', values.reference]] as [string, string][]) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new PipelineError('CONFIG_INVALID', `${flag} ${path.resolve(dir)} is not a folder`, { key: flag, file: dir });
  }
  const mappings = loadMappings(values.mappings);
  const pm = participantMappings(mappings);
  const reference = await loadReference(path.resolve(values.reference), mappings);
  const { counter, pathways, skipped } = await learnFromSources(
    sources.map((source, i) => ({ source: path.resolve(source), datanodes: datanodes[i] === undefined ? [] : [path.resolve(datanodes[i]!)] })),
    reference.hgnc,
    pm,
  );
  const verdicts = usefulVerdicts(counter, reference.hgnc);
  const comments = [
    'Label usage learned by "pathway-kg learn-labels" from the participant tables of human pathways: the HGNC',
    'record (or "not a gene") that rows with the label name through their identifiers. sense: HGNC:<id> or',
    `"not a gene"; pathways: votes for it; of: pathways using the label. Only verdicts that change how a label`,
    `alone resolves are kept. HGNC ${reference.hgnc.version}; ${pathways} pathways; ${counter.labels().length} labels.`,
  ];
  await writeFileAtomic(path.resolve(values.out), formatLabelUsage(verdicts, comments));
  io.stderr.write(`learn-labels: ${pathways} human pathways with a table, ${counter.labels().length} labels, ${verdicts.size} verdicts written to ${values.out}${skipped > 0 ? `; ${skipped} pages skipped (they would be rejected by run)` : ''}\n`);
  return EXIT.OK;
}

export interface LearnedUsage {
  counter: UsageCounter;
  /** Human pathways with a table, counted once across snapshots. */
  pathways: number;
  /** Pages that could not be parsed. */
  skipped: number;
}

/** Reads every human page with a table under each source (one snapshot each) and learns from its rows. */
export async function learnFromSources(sources: readonly { source: string; datanodes: string[] }[], hgnc: HgncTable, pm: ParticipantMappings): Promise<LearnedUsage> {
  const counter = new UsageCounter();
  const pathways = new Set<string>();
  let skipped = 0;
  for (const { source, datanodes } of sources) {
    for await (const read of readSources(await listSources(source, datanodes))) {
      if (!read.ok || read.page.table === undefined) continue;
      try {
        const record = parsePage(read.page);
        if (record.organisms[0] !== HUMAN) continue;
        learnFromTable(counter, record.wpid, parseTable(read.page.table, pm).participants, hgnc, pm);
        pathways.add(record.wpid);
      } catch {
        skipped++; // a page "run" would reject teaches nothing
      }
    }
  }
  return { counter, pathways: pathways.size, skipped };
}
