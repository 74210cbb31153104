// A pathway's participants as RDF: one wp:DataNode per gene, protein, metabolite or complex, in the pathway's graph.
//
// Node IRIs: a human gene-like participant linked to one HGNC record is https://identifiers.org/hgnc/<n>
// (shared by every pathway that has the gene); any other participant is named by its own identifier
// (the row's Identifier / ID+Database, else the first valid id in nodeIdOrder). Rows without a usable
// identifier, and rows whose type maps to no class (Pathway, Event), make no node; neither does a
// keyword that resolves to nothing. Non-human pathways are never linked to HGNC and carry no HGNC links.

import { DataFactory, type NamedNode, type Quad } from 'n3';
import { PipelineError } from '../../errors.js';
import { makeIri, term, type Mappings } from '../../mappings.js';
import type { HgncRecord, HgncTable } from '../../reference/hgnc.js';
import type { ParticipantCoverage, PathwayRecord, SourceTable } from '../../types.js';
import { keywordParticipants, keywordsNotInTable } from './keywords.js';
import { parseTable, type TableParse } from './parseTable.js';
import { participantMappings, typeRule, type IdSystem, type Participant, type ParticipantMappings } from './participant.js';
import { resolveParticipants, type ResolvedParticipant } from './resolveParticipants.js';
import { HGNC_SYSTEMS } from './resolveGene.js';
import { ambiguityWarning } from './warnings.js';

const { quad, literal } = DataFactory;

export interface ParticipantQuadsInput {
  record: PathwayRecord;
  table?: SourceTable;
  pathwaySubject: NamedNode;
  graph: NamedNode;
  reference: { hgnc: HgncTable };
  mappings: Mappings;
  /** The pathway's organism as resolved by the caller; defaults to the page's first organism. */
  organismName?: string;
}

export interface ParticipantQuads {
  quads: Quad[];
  warnings: PipelineError[];
  coverage: ParticipantCoverage;
  /** With a table: keywords that match no row label (the cross-check). */
  keywordsNotInTable: string[];
  /** How the table was read, when there is one. */
  table?: Pick<TableParse, 'format' | 'stats'>;
}

export const HUMAN = 'Homo sapiens';

export function participantQuads(input: ParticipantQuadsInput): ParticipantQuads {
  const { record, mappings } = input;
  const pm = participantMappings(mappings);
  const human = (input.organismName ?? record.organisms[0]) === HUMAN;
  const warnings: PipelineError[] = [];
  let participants: Participant[];
  let notInTable: string[] = [];
  let table: TableParse | undefined;
  if (input.table !== undefined) table = parseTable(input.table, pm);
  if (table !== undefined && table.format !== 'unknown') {
    warnings.push(...table.warnings);
    participants = unique(table.participants);
    notInTable = keywordsNotInTable(record.keywords, table.participants);
  } else {
    if (table !== undefined) warnings.push(...table.warnings);
    participants = keywordParticipants(record.keywords);
  }
  const resolved = resolveParticipants(participants, { hgnc: input.reference.hgnc, pm, human });
  const writer = new NodeWriter(input, pm, human, warnings);
  const coverage: ParticipantCoverage = { participants: participants.length, linked: 0, ambiguous: 0, unresolved: 0, unresolvedLabels: [] };
  const unresolvedLabels = new Set<string>();
  for (const r of resolved) {
    const where = r.participant.origin.kind === 'table' && input.table !== undefined ? { file: input.table.file, line: r.participant.origin.line, key: 'Label' } : { file: record.file, ...(record.jsonldLine !== undefined ? { line: record.jsonldLine } : {}), key: 'keywords' };
    const resolution = r.resolution;
    if (resolution !== undefined && !(resolution.kind === 'unresolved' && resolution.reason === 'an ion or small molecule' && r.participant.origin.kind === 'keyword')) {
      if (resolution.kind === 'linked') coverage.linked++;
      else if (resolution.kind === 'ambiguous') {
        coverage.ambiguous++;
        warnings.push(ambiguityWarning(r.participant.label, resolution, where));
      } else {
        coverage.unresolved++;
        if (r.participant.label !== '') unresolvedLabels.add(r.participant.label);
      }
    }
    writer.write(r);
  }
  coverage.unresolvedLabels = [...unresolvedLabels];
  const result: ParticipantQuads = { quads: writer.quads(), warnings, coverage, keywordsNotInTable: notInTable };
  if (table !== undefined) result.table = { format: table.format, stats: table.stats };
  return result;
}

/** Table rows repeat (a gene drawn twice): one participant per distinct label, type and ids; the first row's line is kept. */
function unique(participants: Participant[]): Participant[] {
  const seen = new Set<string>();
  return participants.filter((p) => {
    const key = JSON.stringify([p.label, p.type, p.primary ?? null, Object.entries(p.ids).sort()]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Collects the quads of every node, in participant order, each quad once. */
class NodeWriter {
  private readonly out: Quad[] = [];
  private readonly seen = new Set<string>();
  private readonly iriWarned = new Set<string>();

  constructor(
    private readonly input: ParticipantQuadsInput,
    private readonly pm: ParticipantMappings,
    private readonly human: boolean,
    private readonly warnings: PipelineError[],
  ) {}

  quads(): Quad[] {
    return this.out;
  }

  write(r: ResolvedParticipant): void {
    const p = r.participant;
    const linked = r.resolution?.kind === 'linked' ? r.resolution.record : undefined;
    if (p.origin.kind === 'keyword' && linked === undefined) return; // a keyword that resolves to nothing stays a literal
    const rule = typeRule(this.pm, p.type);
    const className = p.origin.kind === 'keyword' ? 'GeneProduct' : rule === undefined ? 'DataNode' : rule.class;
    if (className === null) return;
    const iris = this.validIris(p);
    const node = linked !== undefined ? this.iri('hgnc', linked.id) : this.ownNode(p, iris);
    if (node === undefined) return;
    const { mappings, pathwaySubject } = this.input;
    const wp = (local: string): NamedNode => term(mappings, 'wp', local);
    this.add(node, term(mappings, 'rdf', 'type'), wp('DataNode'));
    if (className !== 'DataNode') this.add(node, term(mappings, 'rdf', 'type'), wp(className));
    if (p.origin.kind === 'table') for (const also of rule?.also ?? []) this.add(node, term(mappings, 'rdf', 'type'), wp(also));
    if (p.label !== '') this.add(node, term(mappings, 'rdfs', 'label'), literal(p.label));
    this.add(node, term(mappings, 'dc', 'identifier'), node);
    this.add(node, term(mappings, 'dcterms', 'isPartOf'), pathwaySubject);
    const links: [IdSystem, NamedNode][] = [];
    if (linked !== undefined) links.push(...this.recordLinks(linked));
    for (const [system, iri] of iris) {
      if (linked !== undefined && HGNC_SYSTEMS.has(system)) continue; // the HGNC record supplies these
      if (!this.human && (system === 'hgnc' || system === 'hgnc.symbol')) continue; // no human gene links on other species
      links.push([system, iri]);
    }
    for (const [system, iri] of links) {
      const local = this.pm.predicates.get(system);
      if (local !== undefined) this.add(node, wp(local), iri);
    }
  }

  /** wp:bdbHgncSymbol, bdbEnsembl, bdbEntrezGene, bdbUniprot from the HGNC record. */
  private recordLinks(record: HgncRecord): [IdSystem, NamedNode][] {
    const out: [IdSystem, NamedNode][] = [];
    const push = (system: IdSystem, id: string | undefined): void => {
      const iri = id === undefined ? undefined : this.iri(system, id);
      if (iri !== undefined) out.push([system, iri]);
    };
    push('hgnc.symbol', record.symbol);
    push('ensembl', record.ensembl);
    push('ncbigene', record.entrez);
    for (const u of record.uniprot) push('uniprot', u);
    return out;
  }

  /** Every id of the row that passes its system's pattern; the others are reported once and dropped. */
  private validIris(p: Participant): [IdSystem, NamedNode][] {
    const out: [IdSystem, NamedNode][] = [];
    for (const [system, ids] of Object.entries(p.ids)) {
      for (const id of ids ?? []) {
        const iri = makeIri(this.input.mappings, system, id);
        if (iri !== undefined) out.push([system, iri]);
        else this.warnInvalid(p, system, id);
      }
    }
    return out;
  }

  /** The node named by the row's own identifier, else by the first valid id in nodeIdOrder. */
  private ownNode(p: Participant, iris: [IdSystem, NamedNode][]): NamedNode | undefined {
    if (p.primary !== undefined) {
      const own = iris.find(([system, iri]) => system === p.primary!.system && iri.value === makeIri(this.input.mappings, system, p.primary!.id)?.value);
      if (own !== undefined) return own[1];
    }
    for (const system of this.pm.nodeIdOrder) {
      const found = iris.find(([s]) => s === system);
      if (found !== undefined) return found[1];
    }
    return undefined;
  }

  private iri(system: IdSystem, id: string): NamedNode | undefined {
    return makeIri(this.input.mappings, system, id);
  }

  private warnInvalid(p: Participant, system: IdSystem, id: string): void {
    const key = `${system}\u0000${id}`;
    if (this.iriWarned.has(key)) return;
    this.iriWarned.add(key);
    const where = p.origin.kind === 'table' && this.input.table !== undefined ? { file: this.input.table.file, line: p.origin.line, key: system } : { file: this.input.record.file, key: system };
    this.warnings.push(new PipelineError('TABLE_ROW_INVALID', `${JSON.stringify(id)} is not a valid ${system} identifier; left out`, where));
  }

  private add(s: NamedNode, p: NamedNode, o: NamedNode | ReturnType<typeof literal>): void {
    const q = quad(s, p, o, this.input.graph);
    const key = `${s.value} ${p.value} ${o.termType === 'Literal' ? JSON.stringify(o.value) : o.value}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.out.push(q);
  }
}
