// The library API: the same pipeline the CLI runs, and its pure steps for use on their own.

export { runPipeline, type Progress, type RunHooks } from './pipeline.js';
export { checkRunConfig, DATASET_GRAPH, ONTOLOGY_GRAPH, type RunConfig } from './config.js';
export { DEFAULT_LIMITS, type Limits } from './limits.js';
export { PipelineError, ERROR_CODES, type ErrorCode, type ReportedError } from './errors.js';
export type { Diagnostic, DiagnosticDetails } from './diagnostics.js';
export { loadMappings, makeIri, term, type Mappings } from './mappings.js';
export { loadReference, type Reference } from './reference/loadReference.js';
export { listSources } from './extract/listSources.js';
export { readSources } from './extract/readSources.js';
export { parsePage } from './transform/parsePage.js';
export {
  transformContext,
  transformPage,
  type TransformContext,
  type TransformResult,
} from './transform/transformPage.js';
export { toTurtle, toNQuads, toNTriples } from './load/serialize/serializer.js';
export { EndpointSink } from './load/endpointSink.js';
export { SparqlLoader } from './load/sparql/loader.js';
export type { EndpointOptions } from './load/sparql/options.js';
export type { RunReport } from './report.js';
export type * from './types.js';
