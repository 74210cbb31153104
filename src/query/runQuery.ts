// Runs one SPARQL query on a store, with the mapped prefixes predefined, and returns the text to print.

import type { Quad as OxQuad, Store } from 'oxigraph';
import { PipelineError } from '../errors.js';
import { UNION_DEFAULT_GRAPH } from '../load/embeddedStore.js';
import { renameShadowedAliases } from './aliasCompat.js';
import { readVirtuosoForms } from './virtuosoCompat.js';
import { formatGraph } from './formatGraph.js';
import { formatTable } from './formatTable.js';
import { userPosition, withPrefixes } from './prefixes.js';
import { hasDatasetClause, queryForm, undeclaredPrefix } from './scanQuery.js';
import type { JsonResults } from './sparqlJson.js';

export const SOLUTION_FORMATS = ['table', 'csv', 'tsv', 'json'] as const;
export const GRAPH_FORMATS = ['turtle', 'ntriples'] as const;
export type OutputFormat = (typeof SOLUTION_FORMATS)[number] | (typeof GRAPH_FORMATS)[number];

export interface RunQueryOptions {
  /** Prefixes declared before the query (mappings/prefixes.json); the query may re-declare them. */
  prefixes: Record<string, string>;
  /** Default: `table` when `isTTY`, `tsv` otherwise; `turtle` for CONSTRUCT and DESCRIBE. */
  format?: OutputFormat;
  isTTY: boolean;
  /** The file the query was read from, for located errors. */
  file?: string;
}

/**
 * SELECT and ASK give a table, or the W3C SPARQL 1.1 Query Results CSV, TSV or JSON format, written
 * by Oxigraph's own serializers; CONSTRUCT and DESCRIBE give Turtle or N-Triples. Without FROM,
 * a pattern outside GRAPH sees the union of all graphs, as on the WikiPathways endpoint; a query
 * that SPARQL 1.1 rejects only for projecting `AS ?x` over a bound ?x is read as that endpoint does.
 */
export async function runQuery(store: Store, query: string, options: RunQueryOptions): Promise<string> {
  const form = queryForm(query);
  const graphForm = form === 'CONSTRUCT' || form === 'DESCRIBE';
  const format =
    options.format === undefined ? (graphForm ? 'turtle' : options.isTTY ? 'table' : 'tsv') : options.format;
  checkFormat(format, form, graphForm);
  const resultsFormat = graphForm ? undefined : format === 'table' ? 'json' : format;
  const result = evaluate(store, query, { ...options, ...(resultsFormat === undefined ? {} : { resultsFormat }) });
  if (graphForm) {
    if (!Array.isArray(result)) throw new PipelineError('INTERNAL', `Expected triples from a ${form} query`);
    return formatGraph(result as OxQuad[], format === 'ntriples' ? 'ntriples' : 'turtle', options.prefixes);
  }
  if (typeof result !== 'string')
    throw new PipelineError('INTERNAL', `Expected serialized results from a ${form ?? 'SELECT'} query`);
  if (format === 'table') return formatTable(JSON.parse(result) as JsonResults, options.prefixes);
  return result.endsWith('\n') ? result : `${result}\n`;
}

export interface EvaluateOptions {
  prefixes: Record<string, string>;
  /** Oxigraph's `results_format` (json, xml, csv, tsv; for CONSTRUCT and DESCRIBE an RDF format); none gives terms. */
  resultsFormat?: string;
  file?: string;
}

/**
 * Oxigraph's answer to `query` with the predefined prefixes, the union default graph unless the query
 * names its dataset, and Virtuoso's reading of `AS ?x` over a bound ?x; QUERY_INVALID, located, otherwise.
 */
export function evaluate(store: Store, query: string, options: EvaluateOptions): ReturnType<Store['query']> {
  // Oxigraph's union option would override FROM, which must restrict the query as the user asked.
  const dataset = hasDatasetClause(query) ? {} : UNION_DEFAULT_GRAPH;
  const { resultsFormat } = options;
  const run = (text: string): ReturnType<Store['query']> =>
    store.query(
      withPrefixes(text, options.prefixes),
      resultsFormat === undefined ? { ...dataset } : { ...dataset, results_format: resultsFormat },
    );
  try {
    return run(query);
  } catch (cause) {
    // WikiPathways' examples project `(str(?label) AS ?x)` over a bound ?x, which Virtuoso allows, and
    // use Virtuoso's other forms (`count(?x) as ?n`, no GROUP BY): read them as Virtuoso does, or refuse.
    const noForm = queryForm(query) === undefined;
    const renamed = renameShadowedAliases(query) ?? query;
    const reading = readVirtuosoForms(renamed);
    if (reading !== undefined && 'refused' in reading)
      throw refusal(reading.refused, renamed, reading.index, cause, options);
    const compat = reading?.query ?? renamed;
    if (compat === query) throw queryError(cause, query, noForm, options);
    try {
      return run(compat);
    } catch (again) {
      // The read query parsed but cannot run (a SERVICE, an unsupported function): that is the reason to give.
      const parsed = !/^error at \d+:\d+:/.test(again instanceof Error ? again.message : String(again));
      throw queryError(parsed ? again : cause, query, noForm, options);
    }
  }
}

export function checkFormat(format: OutputFormat, form: string | undefined, graphForm: boolean): void {
  if (graphForm && format !== 'table' && !(GRAPH_FORMATS as readonly string[]).includes(format)) {
    throw new PipelineError(
      'USAGE',
      `--format ${format} is for SELECT and ASK results; a ${form} query prints --format turtle or ntriples`,
      { key: '--format' },
    );
  }
  if (!graphForm && (GRAPH_FORMATS as readonly string[]).includes(format)) {
    throw new PipelineError(
      'USAGE',
      `--format ${format} is for CONSTRUCT and DESCRIBE results; a ${form ?? 'SELECT'} query prints --format table, csv, tsv or json`,
      { key: '--format' },
    );
  }
}

/** QUERY_INVALID for a Virtuoso form that cannot be read as SPARQL 1.1, at the line where it is. */
function refusal(
  message: string,
  query: string,
  index: number,
  cause: unknown,
  options: { file?: string },
): PipelineError {
  const line = query.slice(0, index).split('\n').length;
  return new PipelineError('QUERY_INVALID', `${message} (line ${line})`, {
    ...(options.file === undefined ? {} : { file: options.file }),
    line,
    cause,
  });
}

/** QUERY_INVALID with Oxigraph's message, its position restated for the user's own text. */
function queryError(
  cause: unknown,
  query: string,
  noForm: boolean,
  options: { prefixes: Record<string, string>; file?: string },
): PipelineError {
  const raw = cause instanceof Error ? cause.message : String(cause);
  const where = options.file === undefined ? {} : { file: options.file };
  const missing = undeclaredPrefix(query, options.prefixes);
  if (missing !== undefined) {
    const message = `Undefined prefix "${missing.prefix}:" on line ${missing.line}; declare it with PREFIX ${missing.prefix}: <namespace IRI>`;
    return new PipelineError('QUERY_INVALID', message, {
      ...where,
      line: missing.line,
      key: `${missing.prefix}:`,
      cause,
    });
  }
  const { message, line } = userPosition(raw);
  const text = noForm
    ? `Expected a SELECT, ASK, CONSTRUCT or DESCRIBE query (updates are not run here): ${message}`
    : message;
  return new PipelineError('QUERY_INVALID', text, line === undefined ? { ...where, cause } : { ...where, line, cause });
}
