// The run's configuration: flags and environment, checked once at start-up.

import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { PipelineError } from './errors.js';
import type { ExtractedSource } from './extract/github/sync.js';

export const DATASET_GRAPH = 'urn:pathway-kg:dataset';
export const ONTOLOGY_GRAPH = 'urn:pathway-kg:ontologies';

export interface RunConfig {
  source: string;
  datanodes: string[];
  reference: string;
  out: string;
  mappingsDir?: string;
  /** Transform and load every pathway, whatever the state says (default false). */
  full: boolean;
  /** Set when --source is a GitHub repository: its provenance and the files that could not be used. */
  extracted?: Pick<ExtractedSource, 'provenance' | 'rejects'>;
}

export function checkRunConfig(input: Partial<RunConfig>): RunConfig {
  const need = (flag: string, value: string | undefined): string => {
    if (value === undefined || value === '') throw new PipelineError('USAGE', `Missing --${flag} <dir>`, { key: `--${flag}` });
    return path.resolve(value);
  };
  const source = need('source', input.source);
  const reference = need('reference', input.reference);
  const out = need('out', input.out);
  for (const [flag, dir] of [['source', source], ['reference', reference], ...(input.datanodes ?? []).map((d) => ['datanodes', path.resolve(d)])] as [string, string][]) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new PipelineError('CONFIG_INVALID', `--${flag} ${dir} is not a folder`, { key: `--${flag}`, file: dir });
  }
  if (existsSync(out) && !statSync(out).isDirectory()) throw new PipelineError('CONFIG_INVALID', `--out ${out} exists and is not a folder`, { key: '--out', file: out });
  const config: RunConfig = { source, reference, out, datanodes: (input.datanodes ?? []).map((d) => path.resolve(d)), full: input.full ?? false };
  if (input.mappingsDir !== undefined) config.mappingsDir = path.resolve(input.mappingsDir);
  if (input.extracted !== undefined) config.extracted = input.extracted;
  return config;
}
