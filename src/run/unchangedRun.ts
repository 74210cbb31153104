// A run with nothing to do: every input is as the last run recorded it (src/run/snapshot.ts), its output is in place,
// and an endpoint, if any, holds that output and passes the start-of-run count check. Then no reference table is
// loaded and no page read; the output and the store are left as they are, and report.json says what the last run
// said, marked `unchangedSince`. Anything else (a stamp that differs, a racy page whose hash differs, a journal left by
// a run that died, a graph the store lost) returns undefined, and the run reads everything as usual.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DATASET_GRAPH, ONTOLOGY_GRAPH, type RunConfig } from '../config.js';
import { readOne } from '../extract/readSources.js';
import { writeFileAtomic } from '../load/atomicFile.js';
import type { EndpointSink, EndpointSummary } from '../load/endpointSink.js';
import { acquireLock } from '../load/lock.js';
import { allNqMatches, inputHash, readState, type RunState } from '../load/state.js';
import { finishReport, reportBodyHash, reportJson, type RunReport } from '../report.js';
import type { RunHooks } from './hooks.js';
import { compareSnapshot, pagesToRead, type InputSnapshot } from './snapshot.js';
import { turtleFilesIn } from './turtleFiles.js';

/**
 * The report of a run with nothing to do; otherwise what this check already did that the run must still report, and
 * `toRead`, the pages the usual path will read as the state's stamps tell (snapshot.ts pagesToRead), when it read the
 * state.
 */
export type UnchangedOutcome = { report: RunReport } | { report: undefined; stagingDropped: number; toRead?: number };

export async function unchangedRun(
  config: RunConfig,
  hooks: RunHooks,
  snapshot: InputSnapshot,
  startedAt: Date,
): Promise<UnchangedOutcome> {
  const out = config.out;
  let toRead: number | undefined;
  /** The usual path takes over; `stagingDropped`: staging graphs the count check dropped before work was found. */
  const fallback = (stagingDropped = 0): UnchangedOutcome =>
    toRead === undefined ? { report: undefined, stagingDropped } : { report: undefined, stagingDropped, toRead };
  // An empty source, a run that died (its journal), a first run: the usual path says or does what is needed.
  if (
    snapshot.listing.pages.length === 0 ||
    !existsSync(path.join(out, 'state.json')) ||
    existsSync(path.join(out, 'state.journal'))
  )
    return fallback();
  hooks.signal?.throwIfAborted();
  const lock = await acquireLock(out);
  let sink: EndpointSink | undefined;
  try {
    let state: RunState;
    try {
      state = readState(out);
    } catch {
      return fallback(); // STATE_INVALID, reported by the usual path
    }
    toRead = pagesToRead(snapshot, state.fingerprint);
    const same = compareSnapshot(snapshot, state.fingerprint);
    if (!same.same || !allNqMatches(out, state)) return fallback();
    // A pathway's Turtle file deleted by hand: the usual path writes it again.
    const hasTurtle = turtleFilesIn(out);
    if (!Object.keys(state.pathways).every(hasTurtle)) return fallback();
    const previous = previousReport(out, state.fingerprint!.report);
    if (previous === undefined) return fallback();
    const files = new Map(snapshot.listing.pages.map((p) => [p.wpid, p.file]));
    if (!same.recheck.every((wpid) => pageHashUnchanged(wpid, files.get(wpid), snapshot, config, state)))
      return fallback();
    let load: EndpointSummary | undefined;
    if (hooks.endpoint) {
      sink = hooks.endpoint(state);
      if (!(await endpointHolds(sink, state, config))) return fallback();
      // The count check of every run: a graph damaged or emptied behind the tool's back is loaded again (usual path).
      await sink.verify();
      if (sink.verified.repaired.length > 0) return fallback(sink.verified.stagingDropped);
      load = await sink.finish();
      sink = undefined;
    }
    const report: RunReport = {
      ...previous,
      startedAt: startedAt.toISOString(),
      pages: { ...previous.pages, unchanged: previous.pages.converted },
      unchangedSince: previous.unchangedSince ?? previous.startedAt,
    };
    delete report.load;
    if (load !== undefined) report.load = { ...load };
    finishReport(report);
    await writeFileAtomic(path.join(out, 'report.json'), reportJson(report));
    return { report };
  } finally {
    await sink?.finish().catch(() => undefined); // closes its connections when the usual path takes over
    await lock.release();
  }
}

/** report.json as the run that recorded the fingerprint wrote it; undefined when it is missing or was changed since. */
function previousReport(out: string, bodyHash: string): RunReport | undefined {
  try {
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as RunReport;
    return reportBodyHash(report) === bodyHash ? report : undefined;
  } catch {
    return undefined;
  }
}

/** A page whose stamp could hide an edit: its inputs hashed as the usual path would, against the state. */
function pageHashUnchanged(
  wpid: string,
  file: string | undefined,
  snapshot: InputSnapshot,
  config: RunConfig,
  state: RunState,
): boolean {
  const entry = state.pathways[wpid];
  if (entry === undefined || file === undefined) return false;
  const read = readOne(wpid, file, snapshot.listing.tables.get(wpid), snapshot.listing.policy, config.limits);
  return read.ok && inputHash(state.fingerprint!.runInputs, read.page.text, read.page.table?.text) === entry.hash;
}

/**
 * Whether the state says the endpoint holds exactly this output: every pathway and shared-node graph in its version,
 * the run-wide graphs, nothing else.
 */
async function endpointHolds(sink: EndpointSink, state: RunState, config: RunConfig): Promise<boolean> {
  const { loadMappings, makeIri } = await import('../mappings.js');
  const mappings = loadMappings(config.mappingsDir);
  const expected = new Map<string, string>([
    [ONTOLOGY_GRAPH, 'run'],
    [DATASET_GRAPH, 'run'],
  ]);
  for (const [wpid, p] of Object.entries(state.pathways)) {
    const graph = makeIri(mappings, 'wikipathways', wpid);
    if (graph === undefined) return false;
    expected.set(graph.value, p.hash);
  }
  // The shared-node graphs, each in the version of its content (src/load/layout/).
  const { sharedGraphHashes } = await import('../load/layout/layoutState.js');
  const { PreviousLayout } = await import('../load/layout/previousLayout.js');
  const { sharedGraph } = await import('../load/layout/bucket.js');
  for (const [graph, digest] of sharedGraphHashes(PreviousLayout.read(config.out)?.shared, sharedGraph))
    expected.set(graph, digest);
  const loaded = sink.loadedGraphs();
  return loaded.length === expected.size && loaded.every((g) => sink.loadedHash(g) === expected.get(g));
}
