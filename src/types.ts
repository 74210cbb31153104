// The records that travel between the stages: raw page, validated pathway, participant.

import type { Quad } from 'n3';
import type { Diagnostic } from './diagnostics.js';

/** A page as read from disk: raw text and where it came from. Produced by extract. */
export interface SourcePage {
  /** Path as given to the run (relative to the working directory when possible). */
  file: string;
  /** WPn taken from the file name. */
  fileWpid: string;
  text: string;
  /** The participant table found for this page, if any. */
  table?: SourceTable;
  /** Set when a table was found but could not be read. */
  tableError?: Diagnostic;
}

export interface SourceTable {
  file: string;
  text: string;
}

export type OntologyKind = 'PW' | 'DOID' | 'CL';

/** One ontology annotation as written on the page. */
export interface AnnotationInput {
  kind: OntologyKind;
  /** `PW:0000272` on current pages; absent on 2022 pages. */
  id?: string;
  /** The label; may be absent on current pages. */
  label?: string;
  /** 1-based line in the page where this annotation starts. */
  line?: number;
}

export interface Citation {
  /** `PMC8635790` or a DOI `10.3390/nu17050757`. */
  link: string;
  title?: string;
  archived?: string;
}

/** The validated page: everything the transform needs, typed, both page formats folded into one. */
export interface PathwayRecord {
  file: string;
  wpid: string;
  /** `r141191` when the page has one. */
  revision?: string;
  title: string;
  description?: string;
  organisms: string[];
  /** ISO `YYYY-MM-DD`. */
  lastEdited?: string;
  authors: string[];
  annotations: AnnotationInput[];
  /** schema-jsonld keywords, trimmed, empties dropped, first occurrence kept. */
  keywords: string[];
  communities: string[];
  citations: Citation[];
  /** NDEx network UUID, when the page links one. */
  ndex?: string;
  /** The first schema-jsonld object, untouched. */
  jsonld?: Record<string, unknown>;
  /** 1-based line of the `schema-jsonld` key, for located errors. */
  jsonldLine?: number;
  /** Top-level frontmatter key -> 1-based line, for located warnings. */
  keyLines?: Map<string, number>;
  /** Problems on a page that still converts. */
  warnings: Diagnostic[];
}

/** What transform hands to load for one pathway. */
export interface PathwayGraph {
  wpid: string;
  /** Versionless pathway IRI, also the named graph. */
  graph: string;
  /** The IRI the pathway's facts hang from: versioned when the page has a revision. */
  subject: string;
  file: string;
  quads: Quad[];
  warnings: Diagnostic[];
  coverage?: ParticipantCoverage;
}

export interface ParticipantCoverage {
  participants: number;
  linked: number;
  /** Of `linked`, how many by label usage (mappings/label-usage.tsv) rather than identifiers or the HGNC table. */
  byLabelUsage: number;
  ambiguous: number;
  unresolved: number;
  unresolvedLabels: string[];
}
