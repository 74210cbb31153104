// Loads the dataset an earlier run wrote (<out>/all.nq) into a SPARQL store, incrementally against the state in <out>.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { isRunWideGraph } from '../config.js';
import { PipelineError } from '../errors.js';
import type { EndpointSink, EndpointSummary } from './endpointSink.js';
import { sharedGraph } from './layout/bucket.js';
import { sharedGraphHashes } from './layout/layoutState.js';
import { PreviousLayout } from './layout/previousLayout.js';
import { acquireLock } from './lock.js';
import { readGraphs } from './readGraphs.js';
import { checkRemovals, isPathwayGraph, type RemovalPolicy } from './removalGuard.js';
import { allNqMatches, readState, writeState, type RunState } from './state.js';

export interface LoadFolderOptions {
  /** Replace every graph, whatever the state says. */
  full: boolean;
  removal: RemovalPolicy;
  /** The sink for the store, built on the folder's state (it records each confirmed load there). */
  sink: (state: RunState) => EndpointSink;
  /** Once the folder is locked and its state read: the file, how many graphs it holds when known, and the target. */
  onStart?: (nq: string, total: number | undefined, target: string) => void;
  /** After each graph read from all.nq. */
  onGraph?: (done: number, total: number | undefined) => void;
  /** Stops the load between two graphs (SIGINT, SIGTERM). */
  signal?: AbortSignal;
}

export interface LoadFolderResult {
  summary: EndpointSummary;
  /** Graphs all.nq holds. */
  graphs: number;
}

/** The folder's all.nq; CONFIG_INVALID when there is none (checked before the endpoint flags, by the CLI too). */
export function requireAllNq(out: string): string {
  const nq = path.join(out, 'all.nq');
  if (!existsSync(nq))
    throw new PipelineError('CONFIG_INVALID', `No all.nq in ${out}: run "pathway-kg run --out ${out}" first`, {
      key: '--from',
      file: nq,
    });
  return nq;
}

/**
 * Each pathway graph is replaced when the store does not hold its version, graphs of pathways gone from all.nq are
 * dropped (unless all.nq lost most of them), the run-wide graphs are replaced. The state records every confirmed load,
 * also when the load stops half-way.
 */
export async function loadFolder(out: string, options: LoadFolderOptions): Promise<LoadFolderResult> {
  const nq = requireAllNq(out);
  const lock = await acquireLock(out);
  try {
    const state = readState(out, { ignoreInvalid: options.full });
    // Input hashes describe all.nq only when it is the file the state was written with.
    const described = allNqMatches(out, state);
    const hashes = described ? state.pathways : {};
    // Shared-node graph -> content digest.
    const shared = sharedGraphHashes(PreviousLayout.read(out)?.shared, sharedGraph);
    const sink = options.sink(state);
    const present = new Set<string>();
    // The pathways the state lists, the shared-node graphs and the two run-wide graphs, when the state describes this
    // all.nq.
    const total = described ? Object.keys(state.pathways).length + 2 + shared.size : undefined;
    options.onStart?.(nq, total, sink.target);
    try {
      await sink.verify(); // graphs the store holds differently from the state are loaded again
      for await (const { graph, quads } of readGraphs(nq)) {
        present.add(graph);
        options.onGraph?.(present.size, total);
        const runWide = isRunWideGraph(graph);
        const wpid = /\/(WP[0-9]+)$/.exec(graph)?.[1];
        const hash = runWide
          ? 'run'
          : ((described ? shared.get(graph) : undefined) ?? ((wpid && hashes[wpid]?.hash) || 'unknown'));
        if (!options.full && !runWide && hash !== 'unknown' && sink.loadedHash(graph) === hash) continue;
        await sink.replace(graph, quads, hash);
        if (sink.stopped) throw sink.stopped;
        options.signal?.throwIfAborted();
      }
      // Nothing is dropped when all.nq lost most of the pathways the store holds (an --out from a half-empty run).
      const pathways = (graphs: Iterable<string>) => [...graphs].filter(isPathwayGraph).length;
      checkRemovals(
        pathways(present),
        pathways(sink.loadedGraphs()),
        options.removal,
        `all.nq in ${out} holds`,
        `pathway graphs loaded into ${sink.target}`,
        '--from',
      );
      for (const g of sink.loadedGraphs()) if (!present.has(g)) await sink.drop(g);
      return { summary: await sink.finish(), graphs: present.size };
    } catch (error) {
      // Let the graphs in flight land (and be recorded) first; the sink's error names every graph not loaded.
      const notLoaded: unknown = await sink.finish().then(
        () => undefined,
        (e: unknown) => e,
      );
      if (error === sink.stopped && notLoaded !== undefined) throw notLoaded;
      throw error;
    } finally {
      await writeState(out, state);
    }
  } finally {
    await lock.release();
  }
}
