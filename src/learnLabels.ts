// Learns label usage from human pathways' participant tables into a label-usage.tsv (`pathway-kg learn-labels`).

import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { PipelineError } from './errors.js';
import { listSources } from './extract/listSources.js';
import { readSources } from './extract/readSources.js';
import { writeFileAtomic } from './load/atomicFile.js';
import { loadMappings } from './mappings.js';
import type { HgncTable } from './reference/hgnc.js';
import { loadReference } from './reference/loadReference.js';
import { parsePage } from './transform/parsePage.js';
import { UsageCounter } from './transform/participants/labelUsage.js';
import { formatLabelUsage } from './transform/participants/labelUsageFile.js';
import { learnFromOtherOrganism, learnFromTable, usefulVerdicts } from './transform/participants/learnUsage.js';
import type { ParticipantMappings } from './transform/participants/model.js';
import { HUMAN } from './transform/participants/participantQuads.js';
import { parseTable } from './transform/participants/parseTable.js';

/** One snapshot: a folder of pages and the folders of their tables. */
export interface LabelSource {
  source: string;
  datanodes: string[];
}

export interface LearnLabelsOptions {
  /** One per snapshot; a pathway found in several counts once. */
  sources: readonly LabelSource[];
  /** The reference folder (HGNC is used). */
  reference: string;
  /** The label-usage.tsv to write. */
  out: string;
  /** Mapping tables; default the package's mappings/. */
  mappings?: string;
}

export interface LearnLabelsResult {
  /** Human pathways with a table, counted once across snapshots. */
  pathways: number;
  /** Labels seen in those tables. */
  labels: number;
  /** Verdicts written to `out`. */
  verdicts: number;
  /** Pages that could not be parsed. */
  skipped: number;
}

/** Learns from every snapshot, then writes the verdicts that change how a label alone resolves to `out`. */
export async function learnLabels(options: LearnLabelsOptions): Promise<LearnLabelsResult> {
  const folders: [string, string][] = [
    ...options.sources.map(({ source }): [string, string] => ['--source', source]),
    ...options.sources.flatMap(({ datanodes }) => datanodes.map((d): [string, string] => ['--datanodes', d])),
    ['--reference', options.reference],
  ];
  for (const [flag, dir] of folders) {
    if (existsSync(dir) && statSync(dir).isDirectory()) continue;
    throw new PipelineError('CONFIG_INVALID', `${flag} ${path.resolve(dir)} is not a folder`, { key: flag, file: dir });
  }
  const mappings = loadMappings(options.mappings);
  const pm = mappings.participants;
  const reference = await loadReference(path.resolve(options.reference), mappings);
  const resolved = options.sources.map(({ source, datanodes }) => ({
    source: path.resolve(source),
    datanodes: datanodes.map((d) => path.resolve(d)),
  }));
  const { counter, pathways, skipped } = await learnFromSources(resolved, reference.hgnc, pm);
  const verdicts = usefulVerdicts(counter, reference.hgnc);
  const comments = [
    'Label usage learned by "pathway-kg learn-labels" from the participant tables of human pathways: the HGNC',
    'record (or "not a gene") that rows with the label name through their identifiers (or their non-gene type or',
    "unlisted ids, unless another organism's tables name a gene product so). sense: HGNC:<id> or",
    `"not a gene"; pathways: votes for it; of: pathways using the label. Only verdicts that change how a label`,
    `alone resolves are kept. HGNC ${reference.hgnc.version}; ${pathways} pathways; ${counter.labels().length} labels.`,
  ];
  await writeFileAtomic(path.resolve(options.out), formatLabelUsage(verdicts, comments));
  return { pathways, labels: counter.labels().length, verdicts: verdicts.size, skipped };
}

export interface LearnedUsage {
  counter: UsageCounter;
  /** Human pathways with a table, counted once across snapshots. */
  pathways: number;
  /** Pages that could not be parsed. */
  skipped: number;
}

/** Reads every human page with a table under each source (one snapshot each) and learns from its rows. */
export async function learnFromSources(
  sources: readonly LabelSource[],
  hgnc: HgncTable,
  pm: ParticipantMappings,
): Promise<LearnedUsage> {
  const counter = new UsageCounter();
  const pathways = new Set<string>();
  let skipped = 0;
  for (const { source, datanodes } of sources) {
    for await (const read of readSources(await listSources(source, datanodes))) {
      if (!read.ok || read.page.table === undefined) continue;
      try {
        const record = parsePage(read.page);
        if (record.organisms[0] !== HUMAN) {
          learnFromOtherOrganism(counter, parseTable(read.page.table, pm).participants, pm);
          continue;
        }
        learnFromTable(counter, record.wpid, parseTable(read.page.table, pm).participants, hgnc, pm);
        pathways.add(record.wpid);
      } catch {
        skipped++; // a page "run" would reject teaches nothing
      }
    }
  }
  return { counter, pathways: pathways.size, skipped };
}
