// The run: extract -> transform -> load, one pathway at a time, with a report at the end.

import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { DataFactory, type Quad } from 'n3';
import type { RunConfig } from './config.js';
import { DATASET_GRAPH } from './config.js';
import { asPipelineError, PipelineError } from './errors.js';
import { listSources } from './extract/listSources.js';
import { readSources } from './extract/readSources.js';
import { writeFileAtomic } from './load/atomicFile.js';
import { NQuadsFileSink, TurtleDirSink } from './load/fileSinks.js';
import type { Sink } from './load/sink.js';
import { loadMappings, term, type Mappings } from './mappings.js';
import { loadReference } from './reference/loadReference.js';
import { addCoverage, addReject, addWarnings, finishReport, newReport, type RunReport } from './report.js';
import { transformPage, type TransformContext } from './transform/transformPage.js';
import { TOOL } from './version.js';

const { quad, namedNode, literal } = DataFactory;

export interface Progress {
  done: number;
  total: number;
  wpid: string;
}

export interface RunHooks {
  onProgress?: (p: Progress) => void;
  /** Extra sinks (embedded store, SPARQL endpoint) after the file sinks. */
  sinks?: Sink[];
}

/** Runs the whole pipeline for one configuration and writes report.json; returns the report. */
export async function runPipeline(config: RunConfig, hooks: RunHooks = {}): Promise<RunReport> {
  const report = newReport({ tool: TOOL, source: config.source, datanodes: config.datanodes, reference: config.reference, out: config.out });
  const mappings = loadMappings(config.mappingsDir);
  const reference = await loadReference(config.reference, mappings);
  report.versions = { ...reference.versions, mappings: mappings.version };
  const ctx: TransformContext = { mappings, reference };

  await mkdir(config.out, { recursive: true }).catch((cause) => {
    throw new PipelineError('OUTPUT_UNWRITABLE', `Cannot create --out ${config.out}`, { file: config.out, cause });
  });
  const sinks: Sink[] = [
    ...(config.turtle ? [new TurtleDirSink(config.out, mappings.prefixes)] : []),
    new NQuadsFileSink(path.join(config.out, 'all.nq')),
    ...(hooks.sinks ?? []),
  ];
  report.sinks = sinks.map((s) => s.name);

  const listing = await listSources(config.source, config.datanodes);
  for (const d of listing.duplicates) {
    addReject(report, new PipelineError('PAGE_DUPLICATE_WPID', `Second page for ${d.wpid} (first: ${d.kept}); not read`, { file: d.file }));
    report.pages.read++;
  }
  report.tables.found = listing.pages.filter((p) => listing.tables.has(p.wpid)).length;
  const total = listing.pages.length;
  const termIds = new Set<string>();
  try {
    let done = 0;
    for await (const read of readSources(listing)) {
      report.pages.read++;
      done++;
      if (!read.ok) {
        addReject(report, read.error);
      } else {
        let result;
        try {
          result = transformPage(read.page, ctx);
        } catch (error) {
          // A bug on one page must not stop the others: it is reported like a rejection.
          addReject(report, asPipelineError(error, 'INTERNAL', { file: read.page.file }));
        }
        if (result !== undefined) {
          for (const sink of sinks) await sink.writePathway(result);
          report.pages.converted++;
          report.triples += result.quads.length;
          addWarnings(report, result.warnings);
          if (result.coverage) addCoverage(report, result.wpid, result.coverage);
          for (const id of result.termIds) termIds.add(id);
        }
      }
      hooks.onProgress?.({ done, total, wpid: read.ok ? read.page.fileWpid : read.wpid });
    }

    const ontology = ontologyQuads(termIds, ctx);
    if (ontology) {
      for (const sink of sinks) await sink.writeGraph(ontology.graph, 'ontologies', ontology.quads);
      report.triples += ontology.quads.length;
    }
    const dataset = datasetQuads(report, mappings);
    report.triples += dataset.length;
    for (const sink of sinks) await sink.writeGraph(DATASET_GRAPH, 'dataset', dataset);
    for (const sink of sinks) await sink.commit();
  } catch (error) {
    for (const sink of sinks) await sink.abort().catch(() => undefined);
    throw error;
  }
  finishReport(report);
  await writeFileAtomic(path.join(config.out, 'report.json'), JSON.stringify(report, null, 2) + '\n');
  return report;
}

function ontologyQuads(termIds: Set<string>, ctx: TransformContext): { graph: string; quads: Quad[] } | undefined {
  void termIds;
  void ctx;
  return undefined;
}

/** Facts about the run itself, replaced on every run. */
function datasetQuads(report: RunReport, mappings: Mappings): Quad[] {
  const g = namedNode(DATASET_GRAPH);
  const ds = g;
  const t = (p: string, l: string) => term(mappings, p, l);
  const xsd = (l: string) => t('xsd', l);
  const out: Quad[] = [
    quad(ds, t('rdf', 'type'), t('void', 'Dataset'), g),
    quad(ds, t('dcterms', 'title'), literal('WikiPathways pathways converted by pathway-kg'), g),
    quad(ds, t('dcterms', 'created'), literal(report.startedAt, xsd('dateTime')), g),
    quad(ds, t('pav', 'createdWith'), literal(`${report.tool.name} ${report.tool.version}`), g),
    quad(ds, t('void', 'entities'), literal(String(report.pages.converted), xsd('integer')), g),
    quad(ds, t('void', 'triples'), literal(String(report.triples + 0), xsd('integer')), g),
    quad(ds, t('dcterms', 'source'), literal(report.source), g),
  ];
  for (const [name, version] of Object.entries(report.versions).sort()) {
    const input = namedNode(`${DATASET_GRAPH}:input:${encodeURIComponent(name)}`);
    out.push(quad(ds, t('pav', 'importedFrom'), input, g), quad(input, t('rdfs', 'label'), literal(name), g), quad(input, t('pav', 'version'), literal(version), g));
  }
  return out;
}
