// A pathway's participants as RDF, as GPML2RDF makes them: one wp:DataNode per row identifier, in the pathway's graph.
//
// Node IRIs: a row is named by its own identifier (the Identifier / ID + Database) and typed wp:DataNode
// plus its row's type, nothing more; resolution to one HGNC record adds that record's ids as wp:bdb links
// and a link to https://identifiers.org/hgnc/<n>. A participant with no valid identifier of its own (a
// keyword, an id-less row) linked to one HGNC record is that hgnc/<n> node (shared by every pathway that
// has the gene); otherwise it is named by its first valid id in nodeIdOrder. Rows without a usable
// identifier, and rows whose type maps to no class (Event), make no node; neither does a keyword that
// resolves to nothing. Non-human pathways are never linked to HGNC and carry no HGNC links.

import { DataFactory, type Literal, type NamedNode, type Quad } from 'n3';
import { PipelineError } from '../../errors.js';
import type { Limits } from '../../limits.js';
import { makeIri, term, type Mappings } from '../../mappings.js';
import type { HgncTable } from '../../reference/hgnc.js';
import type { ParticipantCoverage, PathwayRecord, SourceTable } from '../../types.js';
import { keywordParticipants, keywordsNotInTable } from './keywords.js';
import type { IdSystem, Participant, ParticipantMappings, ResolvedParticipant, TableParse } from './model.js';
import { parseTable } from './parseTable.js';
import { participantMappings, typeRule } from './participantMappings.js';
import { resolveParticipants } from './resolveParticipants.js';
import { ambiguityWarning, labelMismatchWarning, labelNamesOtherGene } from './warnings.js';

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
  /** Defaults to DEFAULT_LIMITS. */
  limits?: Limits;
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
  if (input.table !== undefined) table = parseTable(input.table, pm, input.limits);
  if (table !== undefined && table.format !== 'unknown') {
    // One by one: a spread of a large array overflows the call stack.
    for (const w of table.warnings) warnings.push(w);
    participants = unique(table.participants);
    notInTable = keywordsNotInTable(record.keywords, table.participants);
  } else {
    if (table !== undefined) for (const w of table.warnings) warnings.push(w);
    participants = keywordParticipants(record.keywords);
  }
  const resolved = resolveParticipants(participants, { hgnc: input.reference.hgnc, pm, human });
  const writer = new NodeWriter(input, pm, human, warnings);
  const coverage: ParticipantCoverage = { participants: participants.length, linked: 0, byLabelUsage: 0, ambiguous: 0, unresolved: 0, unresolvedLabels: [] };
  const unresolvedLabels = new Set<string>();
  for (const r of resolved) {
    const where = r.participant.origin.kind === 'table' && input.table !== undefined ? { file: input.table.file, line: r.participant.origin.line, key: 'Label' } : { file: record.file, ...(record.jsonldLine !== undefined ? { line: record.jsonldLine } : {}), key: 'keywords' };
    const resolution = r.resolution;
    if (resolution !== undefined && !(resolution.kind === 'unresolved' && resolution.reason === 'small molecule' && r.participant.origin.kind === 'keyword')) {
      if (resolution.kind === 'linked') {
        coverage.linked++;
        if (resolution.via === 'label usage') coverage.byLabelUsage++;
        const named = resolution.via === 'identifier' ? labelNamesOtherGene(r.participant.label, resolution.record, input.reference.hgnc) : undefined;
        if (named !== undefined) warnings.push(labelMismatchWarning(r.participant.label, resolution.record, named, where));
      }
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
  // Label -> the participants kept with that label (nearly always one).
  const kept = new Map<string, Participant | Participant[]>();
  return participants.filter((p) => {
    const known = kept.get(p.label);
    if (known === undefined) {
      kept.set(p.label, p);
      return true;
    }
    if (Array.isArray(known)) {
      if (known.some((k) => sameParticipant(k, p))) return false;
      known.push(p);
    } else {
      if (sameParticipant(known, p)) return false;
      kept.set(p.label, [known, p]);
    }
    return true;
  });
}

/** Same type, own identifier and ids (systems in any order, each system's ids in the same order); labels are equal. */
function sameParticipant(a: Participant, b: Participant): boolean {
  if (a.type !== b.type) return false;
  if (a.primary === undefined || b.primary === undefined) {
    if (a.primary !== b.primary) return false;
  } else if (a.primary.system !== b.primary.system || a.primary.id !== b.primary.id) return false;
  const systems = Object.keys(a.ids);
  if (systems.length !== Object.keys(b.ids).length) return false;
  for (const system of systems) {
    if (!Object.hasOwn(b.ids, system)) return false;
    const x = a.ids[system];
    const y = b.ids[system];
    if (x === undefined || y === undefined) {
      if (x !== y) return false;
      continue;
    }
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  }
  return true;
}

/** Collects the quads of every node, in participant order, each quad once. */
class NodeWriter {
  private readonly out: Quad[] = [];
  /** Node IRI -> the quads written for it so far: a node has a few, scanned for repeats. */
  private readonly byNode = new Map<string, Quad[]>();
  /** For a node with many quads (a row of thousands of ids), their keys: scanning would be quadratic. */
  private readonly keysByNode = new Map<string, Set<string>>();
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
    const ids = this.validIds(p);
    // The row's own identifier names the node; HGNC resolution only adds links to it. A participant
    // with nothing of its own to go by (a keyword, an id-less row) is the gene's numeric HGNC node.
    const hgncNode = linked === undefined ? undefined : this.iri('hgnc', linked.id);
    const named = this.ownNode(p, ids) ?? (linked !== undefined && hgncNode !== undefined ? { node: hgncNode, system: 'hgnc', id: linked.id } : this.fallbackNode(ids));
    if (named === undefined) return;
    const { node } = named;
    const { mappings, pathwaySubject } = this.input;
    let written = this.byNode.get(node.value);
    if (written === undefined) this.byNode.set(node.value, (written = []));
    const rdfType = term(mappings, 'rdf', 'type');
    this.add(written, node, rdfType, term(mappings, 'wp', 'DataNode'));
    if (className !== 'DataNode') this.add(written, node, rdfType, term(mappings, 'wp', className));
    if (p.origin.kind === 'table') for (const also of rule?.also ?? []) this.add(written, node, rdfType, term(mappings, 'wp', also));
    if (p.label !== '') this.add(written, node, term(mappings, 'rdfs', 'label'), literal(p.label));
    this.add(written, node, term(mappings, 'dc', 'identifier'), node);
    const source = this.pm.sources.get(named.system);
    if (source !== undefined) this.add(written, node, term(mappings, 'dc', 'source'), literal(source));
    this.add(written, node, term(mappings, 'dcterms', 'identifier'), literal(named.id));
    this.add(written, node, term(mappings, 'dcterms', 'isPartOf'), pathwaySubject);
    // Links: the row's own ids (its mapped columns), then the HGNC record's: the union, each once.
    for (const [system, id] of ids) {
      if (!this.human && (system === 'hgnc' || system === 'hgnc.symbol')) continue; // no human gene links on other species
      this.link(written, node, system, id);
    }
    if (linked !== undefined) {
      this.link(written, node, 'hgnc.symbol', linked.symbol);
      this.link(written, node, 'ensembl', linked.ensembl);
      this.link(written, node, 'ncbigene', linked.entrez);
      for (const u of linked.uniprot) this.link(written, node, 'uniprot', u);
      if (hgncNode !== undefined && hgncNode.value !== node.value) this.add(written, node, term(mappings, this.pm.hgncLink.prefix, this.pm.hgncLink.local), hgncNode);
    }
  }

  /** The node's link to the id's IRI, when the id is valid and the system has a wp: property. */
  private link(written: Quad[], node: NamedNode, system: IdSystem, id: string | undefined): void {
    const local = this.pm.predicates.get(system);
    if (id === undefined || local === undefined) return;
    const iri = this.iri(this.pm.linkIris.get(system) ?? system, id);
    if (iri !== undefined) this.add(written, node, term(this.input.mappings, 'wp', local), iri);
  }

  /** Every id of the row that passes its system's pattern; the others are reported once and dropped. */
  private validIds(p: Participant): [IdSystem, string][] {
    const out: [IdSystem, string][] = [];
    for (const system of Object.keys(p.ids)) {
      for (const id of p.ids[system] ?? []) {
        if (this.input.mappings.iris[system]!.pattern.test(id)) out.push([system, id]);
        else this.warnInvalid(p, system, id);
      }
    }
    return out;
  }

  /** The node named by the row's own identifier (Identifier / ID + Database), when it is valid. */
  private ownNode(p: Participant, ids: [IdSystem, string][]): NamedId | undefined {
    if (p.primary === undefined) return undefined;
    const { system, id } = p.primary;
    return ids.some(([s, i]) => s === system && i === id) ? this.named(system, id) : undefined;
  }

  /** A row with no valid identifier of its own and no HGNC record: named by the first valid id in nodeIdOrder. */
  private fallbackNode(ids: [IdSystem, string][]): NamedId | undefined {
    for (const system of this.pm.nodeIdOrder) {
      const found = ids.find(([s]) => s === system);
      if (found !== undefined) return this.named(found[0], found[1]);
    }
    return undefined;
  }

  private named(system: IdSystem, id: string): NamedId | undefined {
    const node = this.iri(system, id);
    return node === undefined ? undefined : { node, system, id };
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

  /** The quad, unless the node already has one with the same predicate and object (a literal and an IRI never match). */
  private add(written: Quad[], s: NamedNode, p: NamedNode, o: NamedNode | Literal): void {
    let keys = this.keysByNode.get(s.value);
    if (keys !== undefined) {
      const key = quadKey(p, o);
      if (keys.has(key)) return;
      keys.add(key);
    } else {
      for (let i = 0; i < written.length; i++) {
        const q = written[i]!;
        if (q.predicate.value === p.value && q.object.value === o.value && q.object.termType === o.termType) return;
      }
      if (written.length >= SCAN_LIMIT) {
        keys = new Set(written.map((q) => quadKey(q.predicate, q.object)));
        keys.add(quadKey(p, o));
        this.keysByNode.set(s.value, keys);
      }
    }
    const q = quad(s, p, o, this.input.graph);
    written.push(q);
    this.out.push(q);
  }
}

/** A node IRI with the system and raw id it was made from (its dc:source and dcterms:identifier). */
interface NamedId {
  node: NamedNode;
  system: IdSystem;
  id: string;
}

/** Quads a node holds before its repeats are looked up in a set rather than scanned. */
const SCAN_LIMIT = 32;

function quadKey(p: { value: string }, o: { termType: string; value: string }): string {
  return `${p.value}\u0000${o.termType}\u0000${o.value}`;
}
