// The run that reads every page: extract -> transform -> load, one pathway at a time, incremental against the state in
// --out.

import { DataFactory } from 'n3';
import { DATASET_GRAPH, isRunWideGraph, ONTOLOGY_GRAPH, type RunConfig } from '../config.js';
import { asPipelineError, PipelineError } from '../errors.js';
import { listSources } from '../extract/listSources.js';
import { readSources, type ReadResult } from '../extract/readSources.js';
import { openRunOutput, startOutputThread, type OutputThread } from '../load/outputThread.js';
import { checkSourceShrink } from '../load/removalGuard.js';
import { acquireLock } from '../load/lock.js';
import { allNqMatches, inputHash, readState, runInputs, writeState } from '../load/state.js';
import { PathwayStateLog } from '../load/stateLog.js';
import { loadMappings, makeIri } from '../mappings.js';
import { makeOutDir } from '../outDir.js';
import { loadReferenceCached, referenceCacheFile } from '../reference/cache/referenceCache.js';
import {
  addDiagnostics,
  dropReportSpill,
  finishReport,
  newReport,
  reportBodyHash,
  writeReport,
  type RunReport,
} from '../report.js';
import { decidePage, type PageAction, type PageFacts } from './decidePage.js';
import { RunLedger, type PageInput } from './ledger.js';
import type { RunHooks } from './hooks.js';
import { fingerprintOf, unreadPages, type InputSnapshot } from './snapshot.js';
import { wantsOutputThread } from './threadChoice.js';
import { turtleFilesIn } from './turtleFiles.js';
import { datasetQuads } from '../transform/datasetQuads.js';
import { ontologyGraphQuads } from '../transform/ontologyGraph.js';
import { SharedLayout } from '../load/layout/sharedLayout.js';
import { startTransformPool, type TransformPool } from '../transform/pool.js';
import { transformContext, transformPage, type TransformContext } from '../transform/transformPage.js';
import { TOOL } from '../version.js';

const { namedNode } = DataFactory;

/**
 * Reads every page, reuses what did not change, converts the rest. `snapshot` (the inputs listed and stamped before
 * anything was read) is recorded in the state for the next run; without one the sources are listed here. `toRead`:
 * the pages to read as the last state's stamps tell, when known (unchangedRun).
 */
export async function convertRun(
  config: RunConfig,
  hooks: RunHooks,
  snapshot: InputSnapshot | undefined,
  stagingDropped = 0,
  toRead?: number,
): Promise<RunReport> {
  // Pages transformed in worker threads too, when PATHWAY_KG_POOL asks (src/transform/pool.ts).
  const pool = startTransformPool(config);
  // The output thread (src/load/outputThread.ts) boots while the reference tables load; not for a few pages
  // (threadChoice.ts).
  const thread = wantsOutputThread(toRead) ? startOutputThread() : undefined;
  try {
    return await convertWith(config, hooks, snapshot, stagingDropped, pool, thread);
  } finally {
    await pool?.close();
    await thread?.close();
  }
}

/** `stagingDropped`: staging graphs the count check before this run (unchangedRun) already dropped, reported here. */
async function convertWith(
  config: RunConfig,
  hooks: RunHooks,
  snapshot: InputSnapshot | undefined,
  stagingDropped: number,
  pool: TransformPool | undefined,
  thread: OutputThread | undefined,
): Promise<RunReport> {
  const report = newReport({
    tool: TOOL,
    source: config.extracted?.provenance.source ?? config.source,
    datanodes: config.datanodes,
    reference: config.reference,
    out: config.out,
  });
  const mappings = loadMappings(config.mappingsDir);
  // Parsed once and kept in --out (src/reference/cache/): a run that changes a page does not parse HGNC again.
  const cached = await loadReferenceCached(config.reference, mappings, referenceCacheFile(config.out), hooks.log);
  const reference = cached.reference;
  report.versions = { ...reference.versions, mappings: mappings.version };
  const ctx = transformContext(mappings, reference, config.limits);
  const listing =
    snapshot?.listing ??
    (await listSources(config.source, config.datanodes, { followSymlinks: config.followSymlinks ?? false }));
  // Checked before --out is touched: an empty (unmounted) source must change nothing.
  if (listing.pages.length === 0)
    throw new PipelineError('CONFIG_INVALID', `No WPn.md pages found under --source ${config.source}`, {
      key: '--source',
    });
  addDiagnostics(report, listing.warnings);
  hooks.signal?.throwIfAborted();

  makeOutDir(config.out);
  const lock = await acquireLock(config.out);
  try {
    const previous = readState(config.out, { ignoreInvalid: config.full });
    // Before the first file is written or graph dropped: a half-synced source must not empty the output.
    checkSourceShrink(config, listing.pages.length, previous);
    const hasTurtle = turtleFilesIn(config.out); // before the run writes any
    // Only when the tables were read from the files. With the output thread, after the last page, while that thread
    // makes the shared graphs (this one helps it when done): here it held back the first page while the output thread
    // waited (a third of the time before the first page on 2022). Without it, now, while the heap holds little but
    // the tables (not at the end, on top of the layout's peak).
    const saveCache = once(cached.save);
    if (thread === undefined) await saveCache();
    // Also under --full: a page that is rejected now keeps its previous version (decidePage).
    // Shared-node facts go to graphs of their own, once (src/load/layout/); all.nq is reused only in this layout.
    // Split, serialised and written by the output thread when it runs (src/load/outputThread.ts).
    const output = await openRunOutput(
      thread,
      config.out,
      mappings.prefixes,
      allNqMatches(config.out, previous),
      (w) => makeIri(mappings, 'wikipathways.page', w)?.value,
    );
    // A pathway's previous output, when it can be reused.
    const previousOf = (wpid: string) => (output.reusable && hasTurtle(wpid) ? previous.pathways[wpid] : undefined);
    const ledger = new RunLedger(report, previous, config.out, output, PathwayStateLog.open(config.out));
    const endpoint = hooks.endpoint?.(ledger.state);
    // The layout's tag is an input: graphs written in another layout are redone.
    // The tables' bytes too: an edit that keeps a table's version still converts the pages again.
    const inputs = runInputs(`${TOOL.name} ${TOOL.version} ${SharedLayout.TAG}`, {
      ...report.versions,
      ...cached.digests,
    });
    let pagesNotRead = 0;
    // Pages whose state entry is the output of their content as read now (fingerprintOf).
    const current: string[] = [];
    try {
      await endpoint?.verify(); // graphs the store holds differently from the state are loaded again
      for (const d of listing.duplicates)
        ledger.rejectDuplicate(
          new PipelineError('PAGE_DUPLICATE_WPID', `Second page for ${d.wpid} (first: ${d.kept}); not read`, {
            file: d.file,
          }),
        );
      for (const e of config.extracted?.rejects ?? []) ledger.rejectDownload(e); // downloads that could not be used
      report.tables.found = listing.pages.filter((p) => listing.tables.has(p.wpid)).length;
      const total = listing.pages.length;
      let done = 0;
      // Pages as the last run read them, with nothing else changed: reused without reading them (snapshot.ts).
      const unread = unreadPages(snapshot, previous.fingerprint, inputs);
      const reused = (wpid: string, graph: string) => {
        const hash = unread.has(wpid) ? previousOf(wpid)?.hash : undefined;
        const facts = { hash, previousHash: hash, full: config.full ?? false };
        const endpointFacts = endpoint && { loaded: endpoint.loadedHash(graph) };
        return hash !== undefined && decidePage({ ...facts, endpoint: endpointFacts }).kind === 'reuse';
      };
      const graphOf = (wpid: string) => makeIri(mappings, 'wikipathways', wpid)!.value;
      const skipped = new Set(listing.pages.filter((p) => reused(p.wpid, graphOf(p.wpid))).map((p) => p.wpid));
      const toRead = { ...listing, pages: listing.pages.filter((p) => !skipped.has(p.wpid)) };
      const read = readSources(toRead, config.limits);
      // Pages whose input changed go to the pool's workers ahead of time; any other page that needs it is converted
      // here.
      const changed = (r: { page: { fileWpid: string; text: string; table?: { text: string } } }) =>
        config.full || previous.pathways[r.page.fileWpid]?.hash !== inputHash(inputs, r.page.text, r.page.table?.text);
      const reads = (pool?.ahead(read, changed) ?? read)[Symbol.asyncIterator]();
      try {
        for (const listed of listing.pages) {
          done++;
          const graph = graphOf(listed.wpid);
          const previousEntry = previousOf(listed.wpid);
          if (skipped.has(listed.wpid)) {
            await ledger.apply(
              { wpid: listed.wpid, graph, previous: previousEntry, outcome: { hash: previousEntry!.hash } },
              { kind: 'reuse' },
              endpoint,
            );
            current.push(listed.wpid);
          } else {
            const next = await reads.next();
            if (next.done === true || (next.value.ok ? next.value.page.fileWpid : next.value.wpid) !== listed.wpid)
              throw new PipelineError('INTERNAL', `The pages were read out of order at ${listed.wpid}`);
            hooks.onRead?.(listed.wpid);
            const facts = {
              previousHash: previousEntry?.hash,
              endpoint: endpoint && { loaded: endpoint.loadedHash(graph) },
              full: config.full ?? false,
            };
            const { outcome, action } = await convertIfNeeded(next.value, facts, inputs, ctx, pool);
            await ledger.apply({ wpid: listed.wpid, graph, previous: previousEntry, outcome }, action, endpoint);
            if (action.kind === 'reuse' || action.kind === 'transform') current.push(listed.wpid);
          }
          if (endpoint?.stopped) {
            pagesNotRead = total - done;
            throw endpoint.stopped;
          }
          hooks.onProgress?.({ done, total, wpid: listed.wpid });
          hooks.signal?.throwIfAborted();
        }
      } finally {
        await reads.return?.(undefined);
      }
      report.pages.unchanged = ledger.unchangedPages;

      // The shared-node graphs.
      // Awaited before it is added: the pages' counts arrive while it runs (the output thread's replies).
      const sharedTriples = await output.finish(endpoint, ledger.graphs, config.full ?? false, saveCache);
      report.triples += sharedTriples;
      const ontology = ontologyGraphQuads(ledger.termIds, reference.ontologies, mappings, namedNode(ONTOLOGY_GRAPH));
      await output.writeGraph('ontologies', ontology);
      report.triples += ontology.length;
      const dataset = datasetQuads(report, mappings, config.extracted?.provenance, DATASET_GRAPH);
      await output.writeGraph('dataset', dataset);
      report.triples += dataset.length;

      if (endpoint) {
        // Graphs the target holds whose pages are gone, then the run-wide graphs, replaced every run.
        for (const g of endpoint.loadedGraphs())
          if (!ledger.graphs.has(g) && !isRunWideGraph(g)) await endpoint.drop(g);
        await endpoint.replace(ONTOLOGY_GRAPH, ontology, 'run');
        await endpoint.replace(DATASET_GRAPH, dataset, 'run');
        const summary = await endpoint.finish();
        report.load = { ...summary, stagingDropped: summary.stagingDropped + stagingDropped };
      }
      const removed = await output.commit();
      if (removed.length > 0) report.load = { ...report.load, filesRemoved: removed };
    } catch (error) {
      // Each clean-up runs whatever the one before it met (a full disk, say); the error said is the run's own.
      await output.abort().catch(() => undefined);
      await ledger.log?.drop().catch(() => undefined); // the previous state.json stays
      await dropReportSpill(report).catch(() => undefined);
      // A first run that stops still leaves the parsed tables for the next one (a cache, not output).
      await saveCache();
      // Whatever was confirmed loaded goes into the state, even when the run stops half-way.
      if (endpoint) {
        const notLoaded: unknown = await endpoint.finish({ pagesNotRead }).then(
          () => undefined,
          (e: unknown) => e,
        );
        await writeState(config.out, { ...previous, targets: ledger.state.targets }).catch(() => undefined);
        // The sink's error names every graph not loaded, where the first failure names one.
        if (error === endpoint.stopped && notLoaded !== undefined) throw notLoaded;
      }
      throw error;
    }
    // The inputs as stamped before anything was read: a next run that finds the same stamps has nothing to do.
    if (snapshot !== undefined)
      ledger.state.fingerprint = fingerprintOf(snapshot, inputs, reportBodyHash(report), current);
    await writeState(config.out, ledger.state, { allNqWritten: true, log: ledger.log });
  } finally {
    await lock.release();
  }
  finishReport(report);
  await writeReport(config.out, report);
  return report;
}

/**
 * Decides what to do with one page and, when that is to convert it, converts it; a page that fails to convert is
 * decided again as unreadable.
 */
async function convertIfNeeded(
  read: ReadResult,
  facts: Omit<PageFacts, 'hash'>,
  inputs: string,
  ctx: TransformContext,
  pool: TransformPool | undefined,
): Promise<{ outcome: PageInput['outcome']; action: PageAction }> {
  if (!read.ok) return { outcome: { error: read.error }, action: decidePage({ ...facts, hash: undefined }) };
  const hash = inputHash(inputs, read.page.text, read.page.table?.text);
  const action = decidePage({ ...facts, hash });
  if (action.kind !== 'transform') return { outcome: { hash }, action };
  try {
    const result = await (pool
      ? pool.result(read, () => transformPage(read.page, ctx))
      : transformPage(read.page, ctx));
    return { outcome: { hash, result }, action };
  } catch (error) {
    // A bug on one page must not stop the others: it is reported like a rejection.
    return {
      outcome: { error: asPipelineError(error, 'INTERNAL', { file: read.page.file }) },
      action: decidePage({ ...facts, hash: undefined }),
    };
  }
}

/** `f` run once: later calls get the first call's promise. */
function once(f: () => Promise<void>): () => Promise<void> {
  let started: Promise<void> | undefined;
  return () => (started ??= f());
}
