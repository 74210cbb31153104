// Diagnostics: what a run reports about its input (a page's warnings, a page's reject), as plain data.
//
// A PipelineError is what is thrown; a Diagnostic is what is recorded (report.json, state.json) and carried from
// one run to the next. Its details are typed: each shape below is what one producer attaches.

import { toReported, type ErrorCode, type PipelineError } from './errors.js';

/** A table's warnings past its limit, counted in one warning of their code (transform/participants/tableWarnings.ts). */
export interface OmittedDetails {
  omitted: number;
}

/** IRI_INVALID: the IRI that was refused. */
export interface InvalidIriDetails {
  iri: string;
}

/** PAGE_LIMIT_EXCEEDED, TABLE_LIMIT_EXCEEDED: the limit and its value (limits.ts). */
export interface LimitDetails {
  /** As the --limit flag names it (table-lines, …). */
  limit: string;
  value: number;
}

export interface GeneRef {
  hgnc: string;
  symbol: string;
}

/** GENE_AMBIGUOUS: the label and the records it could name. */
export interface GeneAmbiguousDetails {
  label: string;
  reason: string;
  via: string;
  candidates: GeneRef[];
}

/** GENE_LABEL_MISMATCH: the record the label names and the one the row's identifiers name. */
export interface GeneLabelMismatchDetails {
  label: string;
  labelNames: GeneRef;
  identifiersName: GeneRef;
}

/** PAGE_JSONLD_INVALID for a construct the fast converter does not model. */
export interface JsonldUnsupportedDetails {
  unsupported: true;
}

export type DiagnosticDetails = OmittedDetails | InvalidIriDetails | LimitDetails | GeneAmbiguousDetails | GeneLabelMismatchDetails | JsonldUnsupportedDetails;

export interface Diagnostic {
  code: ErrorCode;
  message: string;
  file?: string;
  line?: number;
  /** The frontmatter key, table column or flag it is about. */
  key?: string;
  details?: DiagnosticDetails;
}

/**
 * The diagnostic a page's error or warning records. The one place where an error's free-form details become typed:
 * every producer of a page diagnostic attaches one of the shapes above (thrown errors of the load carry others, and
 * are never recorded as page diagnostics).
 */
export function toDiagnostic(error: PipelineError): Diagnostic {
  return toReported(error) as Diagnostic;
}

/** How many warnings a diagnostic stands for: one, or the count of those it says were not listed. */
export function diagnosticCount(d: Diagnostic): number {
  return d.details !== undefined && 'omitted' in d.details ? d.details.omitted : 1;
}
