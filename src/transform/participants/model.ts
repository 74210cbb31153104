// The participant model: rows and keywords as participants, the mappings that read them, what a table
// parse gives, and how a participant resolves to an HGNC record. Types only, importing nothing else
// from this folder, so every module here can name them without an import cycle.

import type { Diagnostic } from '../../diagnostics.js';
import type { HgncRecord } from '../../reference/hgnc.js';

/** Identifier systems are the keys of mappings/iris.json (`ensembl`, `ncbigene`, `chebi`, …). */
export type IdSystem = string;

export type ParticipantOrigin = { kind: 'table'; line: number } | { kind: 'keyword'; index: number };

/** One data node of a pathway, from a participant-table row or a keyword. */
export interface Participant {
  /** As written, cleaned (controls removed, whitespace runs folded to one space, trimmed). */
  label: string;
  /** The Type column as written (`GeneProduct`, `Metabolite`, …); '' for keywords and empty cells. */
  type: string;
  /** Every identifier the row carries, by system, in row order, without duplicates. */
  ids: Partial<Record<IdSystem, string[]>>;
  /** The row's own identifier (2022: ID + Database; current: Identifier), when it has one with a known system. */
  primary?: { system: IdSystem; id: string };
  origin: ParticipantOrigin;
}

export interface TypeRule {
  /** Local name of the wp: class, or null when rows of this type make no node. */
  class: string | null;
  /** Further wp: classes the node also gets (none shipped: GPML2RDF types a node by its row's type only). */
  also: string[];
  geneLike: boolean;
  /**
   * The type says the row is no gene product (a Complex, a Metabolite): label usage learns "not a gene" from it
   * (labelUsage.ts).
   */
  nonGene: boolean;
}

/** What one label means in curators' tables: an HGNC id (`HGNC:391`) or `not a gene`. */
export type Sense = string;

/** A label's verdict, with the pathways that gave it and the pathways that used the label at all. */
export interface UsageEvidence {
  sense: Sense;
  pathways: number;
  of: number;
}

/** usageKey(label) → evidence. */
export type LabelUsage = ReadonlyMap<string, UsageEvidence>;

/** mappings/participants.json, checked against mappings/iris.json, with mappings/label-usage.tsv. */
export interface ParticipantMappings {
  types: Map<string, TypeRule>;
  /** Current-format column → system. */
  currentColumns: Map<string, IdSystem>;
  /** Compact-URI prefix → system (null: a known prefix with no IRI form here). */
  prefixes: Map<string, IdSystem | null>;
  /** 2022 Database column → system (null: a known database with no IRI form here). */
  databases2022: Map<string, IdSystem | null>;
  /** System → local name of the wp: property. */
  predicates: Map<IdSystem, string>;
  /** System → the node's dc:source: the data source name GPML2RDF writes. */
  sources: Map<IdSystem, string>;
  /** System → the system whose IRI form its wp:bdb links take, when not the node's own form. */
  linkIris: Map<IdSystem, IdSystem>;
  /** The property from a node resolved to one HGNC record to its numeric HGNC IRI. */
  hgncLink: { prefix: string; local: string };
  /** Systems of an own identifier that still let the row's label link it to a human gene. */
  labelLinkableSystems: Set<IdSystem>;
  /**
   * Systems of an own identifier that say the row is no gene product whatever its type (a pathway): its label never
   * links it.
   */
  pathwaySystems: Set<IdSystem>;
  /**
   * Systems whose ids can name a human gene, each with the pattern of its ids that name another
   * organism's (Ensembl ENSMUSG…), if any.
   */
  humanGeneSystems: Map<IdSystem, RegExp | undefined>;
  /** System → the pattern of its valid ids (mappings/iris.json): an own id that fails it is no identifier. */
  idPatterns: Map<IdSystem, RegExp>;
  /** Labels that name nothing (default box texts), upper-cased: never linked by label. */
  placeholderLabels: Set<string>;
  /** Types (lower case) whose `nonGene` is set. */
  nonGeneTypes: Set<string>;
  /** Forms of label that name no one gene (a complex, a multimer, a pathway): never linked by label. */
  nonGeneLabels: RegExp[];
  nodeIdOrder: IdSystem[];
  /** mappings/label-usage.tsv: what curators' tables make of a label (empty when the file is absent). */
  labelUsage: LabelUsage;
}

export interface TableStats {
  /** Physical lines after the header. */
  lines: number;
  rows: number;
  /** Rows whose label spans several lines or holds tabs (2022 format). */
  multiLineRows: number;
  /** Continuation lines that became part of a label / of a comment. */
  labelLines: number;
  commentLines: number;
  /** Non-blank lines that could not be given to any row. */
  lostLines: number;
}

export interface TableParse {
  format: '2022' | 'current' | 'unknown';
  participants: Participant[];
  warnings: Diagnostic[];
  stats: TableStats;
}

/** The label tiers (labelTiers.ts), by the name each link or ambiguity they make is reported with. */
export type TierVia =
  | 'symbol'
  | 'previous symbol'
  | 'alias symbol'
  | 'symbol, any case'
  | 'previous symbol, any case'
  | 'alias symbol, any case'
  | 'isoform'
  | 'symbol, folded'
  | 'previous symbol, folded'
  | 'alias symbol, folded'
  | 'name'
  | 'alias or previous name'
  | 'naming convention'
  | 'qualified symbol'
  | 'described symbol'
  | 'form prefix'
  | 'two names of one gene'
  | 'name words'
  | 'UniProt entry name';

/** How candidates were found: the row's identifiers, a label tier, or each name of a `A/B` label. */
export type FoundVia = 'identifier' | 'each side of a slash' | TierVia;

/** How one record was linked; `pathway context` picks among candidates (see Resolution). */
export type LinkVia = FoundVia | 'identifier and label' | 'label usage';

/**
 * Why a match is not linked: it names several records; it is a two- or three-letter abbreviation found
 * only among previous or alias symbols (those collide with metabolite and method abbreviations: ROS,
 * PS, AA); or it is a family stem held as an alias by a gene outside the family (PKC, an alias of
 * PRRT2, is the stem of PKCA, PKCB, …); or it names several genes itself (`HDAC1/HDAC2`, `ERK1/2`).
 */
export type AmbiguityReason = 'several records' | 'short abbreviation' | 'family name' | 'several genes named';

/** Why the label may not link (LabelBlock); outcomeText.ts words each reason. */
export type BlockReason =
  'placeholder label' | 'non-gene label' | 'several genes listed' | 'own id names no human gene' | 'own id not in HGNC';

/** Why nothing was found or kept; outcomeText.ts words each reason. */
export type UnresolvedReason =
  'empty label' | 'small molecule' | 'identifiers not in HGNC' | 'no label match' | 'used for a non-gene' | BlockReason;

/** What resolving one gene-like participant gave; outcomeText.ts turns it into words. */
export type Resolution =
  | { kind: 'linked'; record: HgncRecord; via: LinkVia }
  /** The one candidate sharing gene groups with the pathway's other genes, among those `foundBy` found. */
  | { kind: 'linked'; record: HgncRecord; via: 'pathway context'; foundBy: FoundVia }
  | { kind: 'ambiguous'; candidates: HgncRecord[]; via: FoundVia; reason: AmbiguityReason }
  | { kind: 'unresolved'; reason: UnresolvedReason };

export type Linked = Extract<Resolution, { kind: 'linked' }>;
export type Ambiguous = Extract<Resolution, { kind: 'ambiguous' }>;

/** How far a participant's label may link it to a human gene (labelBlock). */
export type LabelBlock =
  | { kind: 'none'; reason: Exclude<BlockReason, 'own id not in HGNC'> }
  /** Only when the label is exactly a human gene's approved symbol. */
  | { kind: 'approved symbol only'; reason: 'own id not in HGNC' };

export interface ResolvedParticipant {
  participant: Participant;
  /** Table rows of a gene-like Type, and every keyword (a keyword has no type; its label decides). */
  geneLike: boolean;
  /** Only for gene-like participants of human pathways. */
  resolution?: Resolution;
  /** How far the label may link this participant (labelBlock): label usage is not asked then. */
  labelBlocked?: LabelBlock;
}
