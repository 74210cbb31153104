// The linking benchmark's ground truth for every link the pipeline can make: one rule per kind of row.
//
// A link joins a participant (a table row, or a keyword of a page read without its table) to one HGNC
// record. Its truth is read from what the curator wrote apart from the label wherever there is such a
// thing, and from the label only where there is nothing else; a link nothing can judge is counted as
// unjudged, never dropped. The rules are written here, independently of the resolver's own rules
// (src/transform/participants): the system lists below are the bench's, not mappings/participants.json.
//
// A table row (rowTruth):
// - a type that says non-gene (Metabolite, Complex, Pathway, Event, CellularComponent): no gene link;
// - HGNC-mappable ids (Ensembl, NCBI Gene, HGNC id, HGNC symbol; else UniProt) naming one record: that
//   record (Ensembl versions and UniProt isoform suffixes dropped, as HGNC writes ids); naming several
//   (one UniProt accession of a histone cluster, Ensembl and NCBI Gene disagreeing): any of them;
//   unjudged when the label is written exactly as another record's approved symbol that HGNC does not
//   give the named records as a previous or alias symbol (FZD4 carrying SFRP4's ids): the row
//   contradicts itself and nothing else says which half is wrong (`PDK1` with PDPK1's ids is PDPK1);
// - an own identifier of a system that never names a gene product (ChEBI, PubChem, WikiPathways, …):
//   no gene link; of another organism's system or id form (MGI, a mouse Ensembl gene, a viral RefSeq
//   protein): no human gene link, on a human page too: the node is that organism's gene, and a human
//   gene that happens to share its label is not it (a human page drawn with mouse ids keeps mouse nodes);
// - an own identifier of a system HGNC indexes (Ensembl, NCBI Gene, UniProt) that HGNC does not list (a
//   TrEMBL accession, a viral UniProt entry, a human Ensembl transcript): the identifier says what the
//   row is and HGNC cannot confirm it is human; a label link is right when the label is written exactly
//   as that record's approved symbol or, but for letter case, its approved name (the curator wrote the
//   official human symbol or name: `Annexin A2` under a TrEMBL accession; Reactome's residue
//   range `(1-?)` after a fragment's symbol aside), else as the label alone reads (below), and wrong
//   when the label alone gives no reading (influenza NS1 under UniProt P03496: no human gene), unless the
//   id is a human Ensembl one by its form (a transcript, a protein, a retired gene, an LRG): HGNC lists
//   none of those, and the id says the row is human, so the label alone decides;
// - no identifier, a malformed one, one of a system that names no organism's product (Reactome, EC,
//   InterPro, GO…) or one HGNC does not index (RefSeq, Wikidata, miRBase: HGNC can neither confirm nor
//   deny it), and the types that say nothing (Unknown, empty): the label alone (labelTruth).
// A keyword (keywordTruthOf): what the page's own table rows with the same label say by the rules above;
// rows that disagree leave it unjudged; with no such row, the label alone, and so does a row named by
// another organism's id (the keyword of a human page names the human participant).
// The label alone (labelTruth), two readings: the label written exactly as one record's approved symbol,
// and what the rows with the same label in OTHER pathways' tables say by their identifiers or types
// (when they all agree). One reading: that one. Both, agreeing: that. Disagreeing, or none: unjudged.

import type { HgncRecord, HgncTable } from '../src/reference/hgnc.js';
import type { Participant } from '../src/transform/participants/model.js';

/** Where a truth comes from: `own ids`, `type`, `non-gene id`, `another organism's id`, `id HGNC does not list`,
 * `approved symbol`, `other tables`, `approved symbol and other tables`; a keyword's: `page rows (<the rows' source>)`.
 * */
export type TruthSource = string;

export type Truth =
  | { kind: 'gene'; record: HgncRecord; by: TruthSource }
  /**
   * The row's own ids name several records (one UniProt accession for a histone cluster): a link to any of them is
   * right.
   */
  | { kind: 'genes'; records: readonly HgncRecord[]; by: TruthSource }
  | { kind: 'no gene'; by: TruthSource }
  | { kind: 'unjudged'; why: string };

/**
 * A row's truth before the label is read: a verdict, or "ask the label"; `otherwise`: the verdict
 * ("no gene" by that source) when the label gives no reading either.
 */
export type RowTruth = Truth | { kind: 'label'; otherwise?: TruthSource };

const ANOTHER_ORGANISM = "another organism's id";
const ID_NOT_LISTED = 'id HGNC does not list';

const GENE_TYPES = new Set(['geneproduct', 'protein', 'rna']);
/** Types that say nothing about what the row is. */
const SILENT_TYPES = new Set(['', 'unknown']);

export function isGeneType(type: string): boolean {
  return GENE_TYPES.has(type.toLowerCase());
}

/** Systems whose ids name chemicals, pathways, complexes, events, ontology qualities: never one gene product. */
export const NON_GENE_SYSTEMS: ReadonlySet<string> = new Set([
  'chebi',
  'hmdb',
  'pubchem.compound',
  'pubchem.substance',
  'kegg.compound',
  'kegg.glycan',
  'kegg.drug',
  'lipidmaps',
  'chemspider',
  'inchikey',
  'cas',
  'drugbank',
  'knapsack',
  'chembl.compound',
  'metabolights',
  'chemidplus',
  'pharmgkb.drug',
  'ttd.drug',
  'npo',
  'wikipathways',
  'kegg.pathway',
  'pid.pathway',
  'complexportal',
  'aop.events',
  'aop.stressor',
  'biomodels.db',
]);

/** Systems whose ids name one non-human organism's genes. */
export const OTHER_ORGANISM_SYSTEMS: ReadonlySet<string> = new Set([
  'mgi',
  'rgd',
  'sgd',
  'zfin',
  'flybase',
  'wormbase',
  'tair.locus',
  'ensembl.plant',
  'maizegdb.locus',
  'myco.tuber',
  'ecogene',
]);

/**
 * Systems with ids of many organisms: the forms that are not human (a mouse Ensembl gene, a viral RefSeq protein, a
 * mouse miRNA).
 */
const OTHER_ORGANISM_FORMS: Readonly<Record<string, RegExp>> = {
  ensembl: /^ENS[A-Z]{3,}[GTPE][0-9]/,
  refseq: /^(YP|AP|NC)_/,
  ncbiprotein: /^(YP|AP)_/,
  'mirbase.mature': /^(?!hsa-)[a-z]{3}-/,
};

/**
 * Systems HGNC indexes (its table lists their ids): an own id of one of them that HGNC does not list
 * is judged by the approved-symbol rule (a TrEMBL accession of a human gene under its symbol: right;
 * a viral UniProt entry under a word that is some human gene's alias: wrong).
 */
export const HGNC_INDEXED_SYSTEMS: ReadonlySet<string> = new Set(['ensembl', 'ncbigene', 'uniprot']);

/**
 * Systems that can name a human gene product but that HGNC's table does not index (RefSeq, Wikidata,
 * miRBase, ENA): HGNC can neither confirm nor deny such an id, so the label is read as for a row
 * without one. Their other organisms' forms are caught above (a viral RefSeq protein).
 */
export const UNINDEXED_PRODUCT_SYSTEMS: ReadonlySet<string> = new Set([
  'refseq',
  'ncbiprotein',
  'wikidata',
  'mirbase',
  'mirbase.mature',
  'insdc',
  'ena.embl',
]);

/** The records a row's Ensembl / NCBI Gene / HGNC / HGNC symbol ids name (versions dropped). */
export function strongRecords(ids: Partial<Record<string, string[]>>, hgnc: HgncTable): Set<HgncRecord> {
  const found = new Set<HgncRecord>();
  const add = (r: HgncRecord | undefined): void => void (r && found.add(r));
  for (const id of ids.ensembl ?? []) for (const r of hgnc.byEnsembl.get(id.replace(/\.[0-9]+$/, '')) ?? []) add(r);
  for (const id of ids.ncbigene ?? []) for (const r of hgnc.byEntrez.get(id) ?? []) add(r);
  for (const id of ids.hgnc ?? []) add(hgnc.byId.get(id.replace(/^HGNC:/i, '')));
  for (const id of ids['hgnc.symbol'] ?? []) add(hgnc.bySymbol.get(id));
  return found;
}

/** Truth for a row, read only from its identifiers: the one record its gene ids agree on, else its UniProt ids. */
export function truthOf(ids: Partial<Record<string, string[]>>, hgnc: HgncTable): HgncRecord | undefined {
  const strong = strongRecords(ids, hgnc);
  if (strong.size === 1) return [...strong][0];
  if (strong.size > 1) return undefined;
  const weak = new Set<HgncRecord>();
  for (const id of ids.uniprot ?? []) for (const r of hgnc.byUniprot.get(id.replace(/-[0-9]+$/, '')) ?? []) weak.add(r);
  return weak.size === 1 ? [...weak][0] : undefined;
}

/** Every record the row's ids name, strong ids first (UniProt only when there are none). */
function namedRecords(ids: Partial<Record<string, string[]>>, hgnc: HgncTable): HgncRecord[] {
  const strong = strongRecords(ids, hgnc);
  if (strong.size > 0) return [...strong];
  const weak = new Set<HgncRecord>();
  for (const id of ids.uniprot ?? []) for (const r of hgnc.byUniprot.get(id.replace(/-[0-9]+$/, '')) ?? []) weak.add(r);
  return [...weak];
}

/**
 * The record whose approved symbol the label is, written exactly. Two endings say which product of the
 * gene the box is, not another gene: Reactome's residue range after a fragment's symbol (`IGLV1-36(1-?)`,
 * `INS(25-54)`, `KIF5C(?-?)`) and one word naming the product (`CDKN1A mRNA`, `SOD2 gene`, `TP53 protein`).
 */
export function approvedSymbol(label: string, hgnc: HgncTable): HgncRecord | undefined {
  const bare = label
    .replace(/\((?:[0-9]+|\?)-(?:[0-9]+|\?)\)$/, '')
    .replace(/ (?:mRNA|gene|protein|transcript)$/i, '')
    .trimEnd();
  return hgnc.bySymbol.get(label) ?? hgnc.bySymbol.get(bare);
}

const NAMES = new WeakMap<HgncTable, Map<string, HgncRecord | null>>();

/**
 * The record whose approved name the label is, written exactly but for letter case (`Annexin A2` is
 * ANXA2's "annexin A2", `Emerin` EMD's "emerin"); undefined when no name or two records' names match.
 */
export function approvedName(label: string, hgnc: HgncTable): HgncRecord | undefined {
  let names = NAMES.get(hgnc);
  if (names === undefined) {
    names = new Map();
    for (const r of hgnc.records) {
      const key = r.name.toLowerCase();
      names.set(key, names.has(key) ? null : r);
    }
    NAMES.set(hgnc, names);
  }
  return names.get(label.trim().toLowerCase()) ?? undefined;
}

export const SELF_CONTRADICTION = "the row's label is another gene's approved symbol";

/**
 * Human Ensembl ids by their form: genes, transcripts, proteins, exons (`ENSG…`, `ENST…`, `ENSP…`) and
 * Locus Reference Genomic records (`LRG_482`, RUNX1). HGNC lists one current gene id per record and no
 * transcript or protein, so one it does not list is still a human gene's: its label is read alone.
 */
const HUMAN_ENSEMBL = /^(?:ENS[GTPE][0-9]|LRG_[0-9])/;

/**
 * Whether a row says two different things: its label is written exactly as one record's approved symbol
 * (FZD4) while its own ids name others (SFRP4's), none of which HGNC knows under that label as a
 * previous or alias symbol. The curator either pasted the wrong ids or relabelled a copied box; nothing
 * independent of both says which, so the row's links are unjudged. A label that is one gene's symbol and
 * the named gene's alias (`PDK1` with PDPK1's ids) is consistent: the ids decide.
 */
function contradictsItself(label: string, named: readonly HgncRecord[], hgnc: HgncTable): boolean {
  const written = approvedSymbol(label, hgnc);
  if (written === undefined || named.includes(written)) return false;
  const upper = written.symbol.toUpperCase();
  const knownAs = (r: HgncRecord): boolean =>
    [...r.prevSymbols, ...r.aliasSymbols].some((s) => s.toUpperCase() === upper);
  return !named.some(knownAs);
}

/**
 * `validId`: whether an own identifier is well formed (mappings/iris.json's pattern); a malformed one names nothing.
 */
export function rowTruth(
  row: Participant,
  hgnc: HgncTable,
  validId: (system: string, id: string) => boolean,
): RowTruth {
  const type = row.type.toLowerCase();
  if (!GENE_TYPES.has(type) && !SILENT_TYPES.has(type)) return { kind: 'no gene', by: 'type' };
  const record = truthOf(row.ids, hgnc);
  const several = record === undefined ? namedRecords(row.ids, hgnc) : [record];
  if (several.length > 0 && contradictsItself(row.label, several, hgnc))
    return { kind: 'unjudged', why: SELF_CONTRADICTION };
  if (record !== undefined) return { kind: 'gene', record, by: 'own ids' };
  if (several.length > 1) return { kind: 'genes', records: several, by: 'own ids, several records' };
  const own = row.primary;
  if (own === undefined || !validId(own.system, own.id)) return { kind: 'label' };
  if (NON_GENE_SYSTEMS.has(own.system)) return { kind: 'no gene', by: 'non-gene id' };
  if (OTHER_ORGANISM_SYSTEMS.has(own.system) || OTHER_ORGANISM_FORMS[own.system]?.test(own.id) === true)
    return { kind: 'no gene', by: ANOTHER_ORGANISM };
  if (UNINDEXED_PRODUCT_SYSTEMS.has(own.system)) return { kind: 'label' };
  if (HGNC_INDEXED_SYSTEMS.has(own.system)) {
    const symbol = approvedSymbol(row.label, hgnc) ?? approvedName(row.label, hgnc);
    if (symbol !== undefined) return { kind: 'gene', record: symbol, by: ID_NOT_LISTED };
    // A human Ensembl id says the row is a human gene's product: HGNC not listing it denies nothing.
    return HUMAN_ENSEMBL.test(own.id) ? { kind: 'label' } : { kind: 'label', otherwise: ID_NOT_LISTED };
  }
  return { kind: 'label' };
}

/** What one label means by the rows of other pathways: a record key (`HGNC:n`) or `no gene`, per pathway. */
export class LabelEvidence {
  private readonly byLabel = new Map<string, Map<string, Set<string>>>();

  /**
   * Only verdicts read from identifiers or a type count: a row judged by the approved-symbol rule
   * (an id HGNC does not list) says nothing the label does not.
   */
  add(wpid: string, row: Participant, truth: RowTruth): void {
    if (
      truth.kind === 'label' ||
      truth.kind === 'unjudged' ||
      truth.kind === 'genes' ||
      truth.by === ID_NOT_LISTED ||
      truth.by === ANOTHER_ORGANISM
    )
      return;
    const sense = truth.kind === 'gene' ? `HGNC:${truth.record.id}` : 'no gene';
    let pathways = this.byLabel.get(row.label);
    if (pathways === undefined) this.byLabel.set(row.label, (pathways = new Map()));
    let senses = pathways.get(wpid);
    if (senses === undefined) pathways.set(wpid, (senses = new Set()));
    senses.add(sense);
  }

  /** What every other pathway says the label is, when they agree: leave-one-out. */
  sense(label: string, exceptWpid: string): { sense: string } | { disagree: true } | undefined {
    const pathways = this.byLabel.get(label);
    if (pathways === undefined) return undefined;
    const all = new Set<string>();
    for (const [wpid, senses] of pathways) if (wpid !== exceptWpid) for (const s of senses) all.add(s);
    if (all.size === 0) return undefined;
    return all.size === 1 ? { sense: [...all][0]! } : { disagree: true };
  }
}

/**
 * The label alone: the approved symbol written exactly, and the other pathways' tables; `otherwise` when neither reads
 * it.
 */
export function labelTruth(
  label: string,
  wpid: string,
  hgnc: HgncTable,
  evidence: LabelEvidence,
  otherwise?: TruthSource,
): Truth {
  const symbol = approvedSymbol(label, hgnc);
  const elsewhere = evidence.sense(label, wpid);
  if (elsewhere !== undefined && 'disagree' in elsewhere)
    return symbol !== undefined
      ? { kind: 'gene', record: symbol, by: 'approved symbol' }
      : { kind: 'unjudged', why: "other pathways' tables disagree" };
  const other: Truth | undefined =
    elsewhere === undefined
      ? undefined
      : elsewhere.sense === 'no gene'
        ? { kind: 'no gene', by: 'other tables' }
        : (() => {
            const r = hgnc.byId.get(elsewhere.sense.slice(5));
            return r === undefined ? undefined : ({ kind: 'gene', record: r, by: 'other tables' } as const);
          })();
  if (symbol === undefined)
    return (
      other ??
      (otherwise !== undefined
        ? { kind: 'no gene', by: otherwise }
        : { kind: 'unjudged', why: 'no identifier, no approved symbol, no other table' })
    );
  if (other === undefined) return { kind: 'gene', record: symbol, by: 'approved symbol' };
  if (other.kind === 'gene' && other.record === symbol)
    return { kind: 'gene', record: symbol, by: 'approved symbol and other tables' };
  return { kind: 'unjudged', why: "approved symbol and other pathways' tables disagree" };
}

/**
 * A keyword's truth: the page's own rows with that label, else the label alone. A row named by another
 * organism's id (a human page drawn with mouse ids) says which organism's gene the curator pasted into
 * the table; the keyword of a human page read without its table names the human participant, so such
 * a row leaves the keyword to the label alone (it says nothing about the human gene either way).
 */
export function keywordTruthOf(
  rowTruths: readonly RowTruth[],
  label: string,
  wpid: string,
  hgnc: HgncTable,
  evidence: LabelEvidence,
): Truth {
  const said = rowTruths.filter(
    (t): t is Truth => t.kind !== 'label' && !(t.kind === 'no gene' && t.by === ANOTHER_ORGANISM),
  );
  // A row that contradicts itself says nothing; when it is the only one, neither can the keyword be judged.
  const verdicts = said.filter((t): t is Exclude<Truth, { kind: 'unjudged' }> => t.kind !== 'unjudged');
  const unjudged = said.find((t) => t.kind === 'unjudged');
  if (verdicts.length === 0 && unjudged !== undefined) return unjudged;
  const keys = new Set(
    verdicts.map((t) =>
      t.kind === 'gene'
        ? t.record.id
        : t.kind === 'genes'
          ? t.records
              .map((r) => r.id)
              .sort()
              .join(' ')
          : 'no gene',
    ),
  );
  if (keys.size > 1) return { kind: 'unjudged', why: 'the page rows with this label disagree' };
  const first = verdicts[0];
  if (first === undefined) {
    const otherwise = rowTruths.find(
      (t): t is Extract<RowTruth, { kind: 'label' }> => t.kind === 'label' && t.otherwise !== undefined,
    )?.otherwise;
    return labelTruth(label, wpid, hgnc, evidence, otherwise === undefined ? undefined : `page rows (${otherwise})`);
  }
  const by = `page rows (${first.by})`;
  if (first.kind === 'gene') return { kind: 'gene', record: first.record, by };
  if (first.kind === 'genes') return { kind: 'genes', records: first.records, by };
  return { kind: 'no gene', by };
}

/** Right, wrong or unjudged: a link to `linked` against `truth`. */
export function judge(linked: HgncRecord, truth: Truth): 'right' | 'wrong' | 'unjudged' {
  if (truth.kind === 'unjudged') return 'unjudged';
  if (truth.kind === 'no gene') return 'wrong';
  if (truth.kind === 'genes') return truth.records.includes(linked) ? 'right' : 'wrong';
  return truth.record === linked ? 'right' : 'wrong';
}
