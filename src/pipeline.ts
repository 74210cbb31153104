// The run: nothing to do when no input changed since the last run (decided from cheap facts, before a reference
// table is loaded or a page read); otherwise extract -> transform -> load, incremental against the state in --out.

import type { RunConfig } from './config.js';
import type { RunReport } from './report.js';
import type { RunHooks } from './run/hooks.js';
import { takeSnapshot } from './run/snapshot.js';
import { unchangedRun } from './run/unchangedRun.js';

export type { Progress, RunHooks } from './run/hooks.js';

/** Runs the whole pipeline for one configuration and writes report.json; returns the report. */
export async function runPipeline(config: RunConfig, hooks: RunHooks = {}): Promise<RunReport> {
  const startedAt = new Date();
  const snapshot = await takeSnapshot(config);
  const unchanged = snapshot && !config.full ? await unchangedRun(config, hooks, snapshot, startedAt) : undefined;
  if (unchanged?.report !== undefined) return unchanged.report;
  // The transform and its reference tables are loaded only when there is something to convert.
  const { convertRun } = await import('./run/convertRun.js');
  return convertRun(config, hooks, snapshot, unchanged?.stagingDropped ?? 0, unchanged?.toRead);
}
