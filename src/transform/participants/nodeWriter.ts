// A pathway's participant nodes as GPML2RDF makes them: one wp:DataNode per row identifier, in the pathway's graph.
//
// Node IRIs: a row is named by its own identifier (the Identifier / ID + Database) and typed wp:DataNode
// plus its row's type, nothing more; resolution to one HGNC record adds that record's ids as wp:bdb links
// and a link to https://identifiers.org/hgnc/<n>. A participant with no valid identifier of its own (a
// keyword, an id-less row) linked to one HGNC record is that hgnc/<n> node (shared by every pathway that
// has the gene); otherwise it is named by its first valid id in nodeIdOrder. Rows without a usable
// identifier, and rows whose type maps to no class (Event), make no node; neither does a keyword that
// resolves to nothing. Non-human pathways are never linked to HGNC and carry no HGNC links.

import { DataFactory, type Literal, type NamedNode, type Quad } from 'n3';
import { diagnostic, type Diagnostic } from '../../diagnostics.js';
import { makeIri, term, type Mappings } from '../../mappings.js';
import type { IdSystem, Participant, ParticipantMappings, ResolvedParticipant } from './model.js';
import { typeRule } from './participantMappings.js';

const { quad, literal } = DataFactory;

/** What the nodes of one pathway are written with. */
export interface NodeContext {
  mappings: Mappings;
  pm: ParticipantMappings;
  /** A human pathway: only then are HGNC links written. */
  human: boolean;
  graph: NamedNode;
  pathwaySubject: NamedNode;
  /** The participant table, when there is one (where a row's warnings point). */
  tableFile: string | undefined;
  /** The page (where a keyword's warnings point). */
  pageFile: string;
}

/** Collects the quads of every node, in participant order, each quad once. */
export class NodeWriter {
  private readonly out: Quad[] = [];
  /** Node IRI -> the quads written for it so far: a node has a few, scanned for repeats. */
  private readonly byNode = new Map<string, Quad[]>();
  /** For a node with many quads (a row of thousands of ids), their keys: scanning would be quadratic. */
  private readonly keysByNode = new Map<string, Set<string>>();
  private readonly iriWarned = new Set<string>();

  private readonly pm: ParticipantMappings;

  constructor(
    private readonly context: NodeContext,
    private readonly warnings: Diagnostic[],
  ) {
    this.pm = context.pm;
  }

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
    const named =
      this.ownNode(p, ids) ??
      (linked !== undefined && hgncNode !== undefined
        ? { node: hgncNode, system: 'hgnc', id: linked.id }
        : this.fallbackNode(ids));
    if (named === undefined) return;
    const { node } = named;
    const { mappings, pathwaySubject } = this.context;
    let written = this.byNode.get(node.value);
    if (written === undefined) this.byNode.set(node.value, (written = []));
    const rdfType = term(mappings, 'rdf', 'type');
    this.add(written, node, rdfType, term(mappings, 'wp', 'DataNode'));
    if (className !== 'DataNode') this.add(written, node, rdfType, term(mappings, 'wp', className));
    if (p.origin.kind === 'table')
      for (const also of rule?.also ?? []) this.add(written, node, rdfType, term(mappings, 'wp', also));
    if (p.label !== '') this.add(written, node, term(mappings, 'rdfs', 'label'), literal(p.label));
    this.add(written, node, term(mappings, 'dc', 'identifier'), node);
    const source = this.pm.sources.get(named.system);
    if (source !== undefined) this.add(written, node, term(mappings, 'dc', 'source'), literal(source));
    this.add(written, node, term(mappings, 'dcterms', 'identifier'), literal(named.id));
    this.add(written, node, term(mappings, 'dcterms', 'isPartOf'), pathwaySubject);
    // Links: the row's own ids (its mapped columns), then the HGNC record's: the union, each once.
    for (const [system, id] of ids) {
      if (!this.context.human && (system === 'hgnc' || system === 'hgnc.symbol')) continue; // no human gene links on other species
      this.link(written, node, system, id);
    }
    if (linked !== undefined) {
      this.link(written, node, 'hgnc.symbol', linked.symbol);
      this.link(written, node, 'ensembl', linked.ensembl);
      this.link(written, node, 'ncbigene', linked.entrez);
      for (const u of linked.uniprot) this.link(written, node, 'uniprot', u);
      if (hgncNode !== undefined && hgncNode.value !== node.value)
        this.add(written, node, term(mappings, this.pm.hgncLink.prefix, this.pm.hgncLink.local), hgncNode);
    }
  }

  /** The node's link to the id's IRI, when the id is valid and the system has a wp: property. */
  private link(written: Quad[], node: NamedNode, system: IdSystem, id: string | undefined): void {
    const local = this.pm.predicates.get(system);
    if (id === undefined || local === undefined) return;
    const iri = this.iri(this.pm.linkIris.get(system) ?? system, id);
    if (iri !== undefined) this.add(written, node, term(this.context.mappings, 'wp', local), iri);
  }

  /** Every id of the row that passes its system's pattern; the others are reported once and dropped. */
  private validIds(p: Participant): [IdSystem, string][] {
    const out: [IdSystem, string][] = [];
    for (const system of Object.keys(p.ids)) {
      for (const id of p.ids[system] ?? []) {
        if (this.context.mappings.iris[system]!.pattern.test(id)) out.push([system, id]);
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
    return makeIri(this.context.mappings, system, id);
  }

  private warnInvalid(p: Participant, system: IdSystem, id: string): void {
    const key = `${system}\u0000${id}`;
    if (this.iriWarned.has(key)) return;
    this.iriWarned.add(key);
    const { tableFile, pageFile } = this.context;
    const where =
      p.origin.kind === 'table' && tableFile !== undefined
        ? { file: tableFile, line: p.origin.line, key: system }
        : { file: pageFile, key: system };
    this.warnings.push(
      diagnostic('TABLE_ROW_INVALID', `${JSON.stringify(id)} is not a valid ${system} identifier; left out`, where),
    );
  }

  /**
   * The quad, unless the node already has one with the same predicate and object (a literal and an IRI never match).
   */
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
    const q = quad(s, p, o, this.context.graph);
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
