// The run's configuration: flags and environment, checked once at start-up.

import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { PipelineError } from './errors.js';
import { checkOutDir } from './outDir.js';
import { checkLimits, type Limits } from './limits.js';
import type { ExtractedSource } from './extract/github/sync.js';

export const DATASET_GRAPH = 'urn:pathway-kg:dataset';
export const ONTOLOGY_GRAPH = 'urn:pathway-kg:ontologies';

/** The two graphs every run replaces as a whole (the dataset's description, the ontology terms). */
export const isRunWideGraph = (graph: string): boolean => graph === DATASET_GRAPH || graph === ONTOLOGY_GRAPH;
/** A run stops before removing anything when --source lists fewer than this share of the last run's pathways. */
export const DEFAULT_MIN_SOURCE_SHARE = 0.5;

export interface RunConfig {
  source: string;
  datanodes: string[];
  reference: string;
  out: string;
  mappingsDir?: string;
  /** Transform and load every pathway, whatever the state says (default false). */
  full: boolean;
  /** Read pages and tables that are links to files outside --source and --datanodes (default false). */
  followSymlinks?: boolean;
  /**
   * Stop before removing anything when --source lists fewer than this share of the last run's pathways (default 0.5).
   */
  minSourceShare?: number;
  /** Remove the pathways missing from --source, however many (default false). */
  allowRemovals?: boolean;
  /** What one page or table may hold (src/limits.ts); defaults when not given. */
  limits: Limits;
  /** Set when --source is a GitHub repository: its provenance and the files that could not be used. */
  extracted?: Pick<ExtractedSource, 'provenance' | 'rejects'>;
}

export function checkRunConfig(input: Partial<Omit<RunConfig, 'limits'>> & { limits?: Partial<Limits> }): RunConfig {
  const need = (flag: string, value: string | undefined): string => {
    if (value === undefined || value === '')
      throw new PipelineError('USAGE', `Missing --${flag} <dir>`, { key: `--${flag}` });
    return path.resolve(value);
  };
  const source = need('source', input.source);
  const reference = need('reference', input.reference);
  const out = need('out', input.out);
  for (const [flag, dir] of [
    ['source', source],
    ['reference', reference],
    ...(input.datanodes ?? []).map((d) => ['datanodes', path.resolve(d)]),
  ] as [string, string][]) {
    if (!existsSync(dir) || !statSync(dir).isDirectory())
      throw new PipelineError('CONFIG_INVALID', `--${flag} ${dir} is not a folder`, { key: `--${flag}`, file: dir });
  }
  checkOutDir(out);
  const share = input.minSourceShare ?? DEFAULT_MIN_SOURCE_SHARE;
  if (!(share >= 0 && share <= 1))
    throw new PipelineError('USAGE', `Expected \`--min-source-share\` to be a number from 0 to 1, got ${share}`, {
      key: '--min-source-share',
    });
  const config: RunConfig = {
    source,
    reference,
    out,
    datanodes: (input.datanodes ?? []).map((d) => path.resolve(d)),
    full: input.full ?? false,
    followSymlinks: input.followSymlinks ?? false,
    minSourceShare: share,
    allowRemovals: input.allowRemovals ?? false,
    limits: checkLimits(input.limits),
  };
  if (input.mappingsDir !== undefined) config.mappingsDir = path.resolve(input.mappingsDir);
  if (input.extracted !== undefined) config.extracted = input.extracted;
  return config;
}
