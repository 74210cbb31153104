// The run: extract -> transform -> load, one pathway at a time, incremental against the state in --out.

import path from 'node:path';
import { DataFactory } from 'n3';
import { DATASET_GRAPH, ONTOLOGY_GRAPH, type RunConfig } from './config.js';
import { asPipelineError, PipelineError, toReported } from './errors.js';
import { listSources } from './extract/listSources.js';
import { readSources } from './extract/readSources.js';
import { writeFileAtomic } from './load/atomicFile.js';
import type { EndpointSink } from './load/endpointSink.js';
import { openRunFiles } from './load/runFiles.js';
import { checkSourceShrink } from './load/removalGuard.js';
import { acquireLock } from './load/lock.js';
import { startWriterThread, type WriterThread } from './load/writerThread.js';
import { allNqMatches, emptyState, inputHash, readKeptQuads, readState, runInputs, writeState, type PathwayState, type RunState } from './load/state.js';
import { SharedLayout } from './load/layout/sharedLayout.js';
import { loadMappings, makeIri } from './mappings.js';
import { makeOutDir } from './outDir.js';
import { loadReference } from './reference/loadReference.js';
import { addCoverage, addReject, addReportedWarnings, addWarnings, finishReport, newReport, type RunReport } from './report.js';
import { datasetQuads } from './transform/datasetQuads.js';
import { ontologyGraphQuads } from './transform/ontologyGraph.js';
import { transformContext, transformPage, type TransformResult } from './transform/transformPage.js';
import { TOOL } from './version.js';

const { namedNode } = DataFactory;

export interface Progress {
  done: number;
  total: number;
  wpid: string;
}

export interface RunHooks {
  onProgress?: (p: Progress) => void;
  /** A SPARQL endpoint loaded as the run goes (built by the caller from the endpoint flags). */
  endpoint?: (state: RunState) => EndpointSink;
  /** A line on each long step (the reference tables as they are read), for a log. */
  log?: (line: string) => void;
  /** Stops the run between two pages (SIGINT, SIGTERM): it cleans up as a failed run does and throws the signal's reason. */
  signal?: AbortSignal;
}

/** Runs the whole pipeline for one configuration and writes report.json; returns the report. */
export async function runPipeline(config: RunConfig, hooks: RunHooks = {}): Promise<RunReport> {
  // Started first: the thread loads its modules while this one loads the reference tables.
  const thread = startWriterThread();
  try {
    return await run(config, hooks, thread);
  } finally {
    await thread?.close();
  }
}

async function run(config: RunConfig, hooks: RunHooks, thread: WriterThread | undefined): Promise<RunReport> {
  const report = newReport({ tool: TOOL, source: config.extracted?.provenance.source ?? config.source, datanodes: config.datanodes, reference: config.reference, out: config.out });
  const mappings = loadMappings(config.mappingsDir);
  const reference = await loadReference(config.reference, mappings, hooks.log);
  report.versions = { ...reference.versions, mappings: mappings.version };
  const ctx = transformContext(mappings, reference, config.limits);
  const listing = await listSources(config.source, config.datanodes, { followSymlinks: config.followSymlinks ?? false });
  // Checked before --out is touched: an empty (unmounted) source must change nothing.
  if (listing.pages.length === 0) throw new PipelineError('CONFIG_INVALID', `No WPn.md pages found under --source ${config.source}`, { key: '--source' });
  addWarnings(report, listing.warnings);
  hooks.signal?.throwIfAborted();

  makeOutDir(config.out);
  const lock = await acquireLock(config.out);
  try {
    const previous = readState(config.out, { ignoreInvalid: config.full });
    // Before the first file is written or graph dropped: a half-synced source must not empty the output.
    checkSourceShrink(config, listing.pages.length, previous);
    // Also under --full: a page that is rejected now keeps its previous version (filesCurrent below is false).
    const layout = SharedLayout.open(config.out, allNqMatches(config.out, previous), (w) => makeIri(mappings, 'wikipathways.page', w)?.value); // layout: shared-node graphs
    const reuseFiles = layout.reusable; // layout: all.nq matches the state and is in this layout
    const state: RunState = { ...emptyState(), targets: previous.targets, targetTriples: (previous.targetTriples ??= {}) };
    const endpoint = hooks.endpoint?.(state);
    const files = await openRunFiles(config.out, mappings.prefixes, thread);
    const inputs = runInputs(`${TOOL.name} ${TOOL.version} ${SharedLayout.TAG}`, report.versions); // layout: graphs of another layout are redone
    const termIds = new Set<string>();
    const graphs = new Set<string>();
    try {
      await endpoint?.verify(); // graphs the store holds differently from the state are loaded again
      for (const d of listing.duplicates) {
        report.pages.read++;
        addReject(report, new PipelineError('PAGE_DUPLICATE_WPID', `Second page for ${d.wpid} (first: ${d.kept}); not read`, { file: d.file }));
      }
      for (const e of config.extracted?.rejects ?? []) addReject(report, e); // downloads that could not be used
      report.tables.found = listing.pages.filter((p) => listing.tables.has(p.wpid)).length;
      const total = listing.pages.length;
      let done = 0;
      let unchanged = 0;
      for await (const read of readSources(listing, config.limits)) {
        done++;
        report.pages.read++;
        const wpid = read.ok ? read.page.fileWpid : read.wpid;
        const graph = makeIri(mappings, 'wikipathways', wpid)!.value;
        graphs.add(graph);
        const prev = reuseFiles ? previous.pathways[wpid] : undefined;
        // A page that cannot be converted now keeps its last good version: a bad edit loses nothing.
        const keepPrevious = async (error: PipelineError) => {
          addReject(report, error);
          if (prev) {
            await keep(prev, false); // the reject is tonight's news, not the kept version's warnings
            // A target without that version (a new one, or --full) gets it from the previous all.nq.
            if (endpoint && (config.full || endpoint.loadedHash(graph) !== prev.hash)) await endpoint.replace(graph, readKeptQuads(config.out, prev.nq), prev.hash);
          } else graphs.delete(graph);
        };
        const keep = async (p: PathwayState, reportWarnings: boolean) => {
          const kept: PathwayState = { ...p };
          layout.keep(wpid); // layout: its shared facts stay in the buckets
          // An unchanged page says what it said when it was converted: the same input, the same report.
          if (reportWarnings && p.warnings) addReportedWarnings(report, p.warnings);
          await files.keep(wpid, p.nq, (range) => (kept.nq = range));
          state.pathways[wpid] = kept;
          report.triples += p.triples;
          for (const id of p.termIds) termIds.add(id);
          if (p.coverage) addCoverage(report, wpid, p.coverage);
        };

        if (!read.ok) {
          await keepPrevious(read.error);
        } else {
          const hash = inputHash(inputs, read.page.text, read.page.table?.text);
          const filesCurrent = !config.full && prev?.hash === hash;
          const endpointCurrent = endpoint === undefined || (!config.full && endpoint.loadedHash(graph) === hash);
          if (filesCurrent && endpointCurrent) {
            await keep(prev!, true);
            report.pages.converted++;
            unchanged++;
          } else {
            let result: TransformResult | undefined;
            try {
              result = layout.take(await transformPage(read.page, ctx)); // layout: own statements only; shared facts to the buckets
            } catch (error) {
              // A bug on one page must not stop the others: it is reported like a rejection.
              await keepPrevious(asPipelineError(error, 'INTERNAL', { file: read.page.file }));
            }
            if (result !== undefined) {
              report.pages.converted++;
              const reported = result.warnings.map(toReported);
              addReportedWarnings(report, reported);
              if (filesCurrent) {
                await keep(prev!, false); // its warnings were just reported from the transform
              } else {
                const entry: PathwayState = { hash, nq: { offset: 0, length: 0 }, triples: result.quads.length, termIds: result.termIds };
                await files.write(result, (range) => (entry.nq = range)); // the range is known once written
                if (result.coverage) entry.coverage = result.coverage;
                if (reported.length > 0) entry.warnings = reported;
                state.pathways[wpid] = entry;
                report.triples += result.quads.length;
                for (const id of result.termIds) termIds.add(id);
                if (result.coverage) addCoverage(report, wpid, result.coverage);
              }
              if (!endpointCurrent) await endpoint!.replace(graph, result.quads, hash);
            }
          }
        }
        if (endpoint?.stopped) {
          endpoint.pagesNotRead = total - done;
          throw endpoint.stopped;
        }
        hooks.onProgress?.({ done, total, wpid });
        hooks.signal?.throwIfAborted();
      }
      report.pages.unchanged = unchanged;

      report.triples += await layout.finish(files, endpoint, graphs, config.full); // layout: the shared-node graphs
      const ontology = ontologyGraphQuads(termIds, reference.ontologies, mappings, namedNode(ONTOLOGY_GRAPH));
      await files.writeGraph('ontologies', ontology);
      report.triples += ontology.length;
      const dataset = datasetQuads(report, mappings, config.extracted?.provenance, DATASET_GRAPH);
      await files.writeGraph('dataset', dataset);
      report.triples += dataset.length;

      if (endpoint) {
        // Graphs the target holds whose pages are gone, then the run-wide graphs, replaced every run.
        for (const g of endpoint.loadedGraphs()) if (!graphs.has(g) && g !== ONTOLOGY_GRAPH && g !== DATASET_GRAPH) await endpoint.drop(g);
        await endpoint.replace(ONTOLOGY_GRAPH, ontology, 'run');
        await endpoint.replace(DATASET_GRAPH, dataset, 'run');
        report.load = { ...(await endpoint.finish()) };
      }
      const removed = await files.commit();
      await layout.commit(); // layout:
      if (removed.length > 0) report.load = { ...report.load, filesRemoved: removed };
    } catch (error) {
      await files.abort();
      await layout.abort(); // layout:
      // Whatever was confirmed loaded goes into the state, even when the run stops half-way.
      if (endpoint) {
        const notLoaded: unknown = await endpoint.finish().then(() => undefined, (e: unknown) => e);
        await writeState(config.out, { ...previous, targets: state.targets }).catch(() => undefined);
        // The sink's error names every graph not loaded, where the first failure names one.
        if (error === endpoint.stopped && notLoaded !== undefined) throw notLoaded;
      }
      throw error;
    }
    await writeState(config.out, state, { allNqWritten: true });
  } finally {
    await lock.release();
  }
  finishReport(report);
  await writeFileAtomic(path.join(config.out, 'report.json'), JSON.stringify(report, null, 2) + '\n');
  return report;
}
