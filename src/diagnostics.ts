// Diagnostics: what a run reports about its input (a page's warnings, a page's reject), as plain data.
//
// A PipelineError is what is thrown; a Diagnostic is what is recorded (report.json, state.json) and carried from
// one run to the next. Its details are typed: each shape below is what one producer attaches.

import { toReported, type ErrorCode, type ErrorLocation, type PipelineError } from './errors.js';

/**
 * A table's warnings past its limit, counted in one warning of their code (transform/participants/tableWarnings.ts).
 */
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

export type DiagnosticDetails =
  OmittedDetails | InvalidIriDetails | LimitDetails | GeneAmbiguousDetails | GeneLabelMismatchDetails;

export interface Diagnostic {
  code: ErrorCode;
  message: string;
  file?: string;
  line?: number;
  /** The frontmatter key, table column or flag it is about. */
  key?: string;
  details?: DiagnosticDetails;
}

/** Where a diagnostic points and what it carries besides its message. */
export interface DiagnosticInit extends ErrorLocation {
  details?: DiagnosticDetails;
}

/**
 * A warning as the transform makes it. Fields left undefined are left out, and the fields are always in the same
 * order (code, message, file, line, key, details), so that report.json and state.json do not depend on how the
 * producer spelled its location.
 */
export function diagnostic(code: ErrorCode, message: string, init: DiagnosticInit = {}): Diagnostic {
  const d: Diagnostic = { code, message };
  if (init.file !== undefined) d.file = init.file;
  if (init.line !== undefined) d.line = init.line;
  if (init.key !== undefined) d.key = init.key;
  if (init.details !== undefined) d.details = init.details;
  return d;
}

/**
 * What a thrown error records: a page's reject, or a schema-jsonld block that costs the page only that block.
 * The only thrown page errors with details are the limits' (LimitDetails, limits.ts); the load's errors carry
 * others and are never recorded as page diagnostics.
 */
export function toDiagnostic(error: PipelineError): Diagnostic {
  return toReported(error) as Diagnostic;
}

/** How many warnings a diagnostic stands for: one, or the count of those it says were not listed. */
export function diagnosticCount(d: Diagnostic): number {
  return d.details !== undefined && 'omitted' in d.details ? d.details.omitted : 1;
}
