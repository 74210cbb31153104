// Stops a run or a load before it removes anything when its input lists far fewer pathways than were there before
// (an unmounted or half-synced folder must not empty the output and the store).

import { isSharedGraph } from './layout/bucket.js';
import { DEFAULT_MIN_SOURCE_SHARE, isRunWideGraph, type RunConfig } from '../config.js';
import { PipelineError } from '../errors.js';
import type { RunState } from './state.js';

/** A pathway's own graph: neither a run-wide graph nor a shared-node graph (src/load/layout/). */
export const isPathwayGraph = (graph: string): boolean => !isRunWideGraph(graph) && !isSharedGraph(graph);

export interface RemovalPolicy {
  /** The input must list at least this share of the pathways there were before (0 turns the check off). */
  minSourceShare: number;
  /** Remove whatever is missing, however much (--allow-removals). */
  allowRemovals: boolean;
}

/** Pathways the last run left behind: in its files, or loaded into any target (the run-wide graphs aside). */
export function previousPathways(state: RunState): number {
  let most = Object.keys(state.pathways).length;
  for (const graphs of Object.values(state.targets)) {
    const n = Object.keys(graphs).filter(isPathwayGraph).length;
    if (n > most) most = n;
  }
  return most;
}

/**
 * Throws SOURCE_SHRUNK when `listed` is under the policy's share of `previous`.
 * `input` says what was counted ("--source /data lists"), `before` what it is compared with.
 */
export function checkRemovals(
  listed: number,
  previous: number,
  policy: RemovalPolicy,
  input: string,
  before: string,
  key: string,
): void {
  if (policy.allowRemovals || previous === 0 || listed >= policy.minSourceShare * previous) return;
  throw new PipelineError(
    'SOURCE_SHRUNK',
    `${input} ${listed} pathways, fewer than --min-source-share ${policy.minSourceShare} of the ${previous} ${before}: nothing was removed. ` +
      'If the folder is complete and those pathways are really gone, run again with --allow-removals',
    { key, details: { listed, previous, minSourceShare: policy.minSourceShare } },
  );
}

/** The run's check: the pages --source lists against the pathways of the previous state. */
export function checkSourceShrink(config: RunConfig, listed: number, previous: RunState): void {
  const policy = {
    minSourceShare: config.minSourceShare ?? DEFAULT_MIN_SOURCE_SHARE,
    allowRemovals: config.allowRemovals ?? false,
  };
  checkRemovals(
    listed,
    previousPathways(previous),
    policy,
    `--source ${config.source} lists`,
    'the last run left in --out',
    '--source',
  );
}

/** --min-source-share as a number from 0 to 1. */
export function parseMinSourceShare(value: string | undefined): number {
  if (value === undefined) return DEFAULT_MIN_SOURCE_SHARE;
  const share = Number(value);
  if (value.trim() === '' || !Number.isFinite(share) || share < 0 || share > 1) {
    throw new PipelineError(
      'USAGE',
      `Expected \`--min-source-share\` to be a number from 0 to 1, got ${JSON.stringify(value)}`,
      { key: '--min-source-share' },
    );
  }
  return share;
}
