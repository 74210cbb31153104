// The one part of the corpus figures that needs the gene linker: HGNC nodes that id-less human gene rows
// were linked to by their label. Read from the store, bounded by the tables, then added to the counts.

import { fold, type Hgnc } from './corpusFacts.js';
import { PATHWAY_IRI, WP, type CorpusFigures, type NodeFacts } from './corpusFigures.js';

export const HGNC_NODE = 'https://identifiers.org/hgnc/';
const HGNC_SOURCE = 'HGNC Accession number';

/** Facts of one node as the store holds them, DISTINCT (labels too, for the checks). */
export interface StoreNode extends NodeFacts {
  labels: Set<string>;
}

export interface LabelLinked {
  /** The counter's nodes with the label-linked facts added: the expected answers. */
  nodes: Map<string, NodeFacts>;
  /** (node, pathway) pairs that no row's own identifier explains. */
  pairs: number;
  /** Nodes that exist only through label links. */
  newNodes: number;
  /** What the tables cannot explain; empty when every label link is plausible. */
  problems: string[];
}

/**
 * Adds to the counter's nodes what the store's HGNC nodes hold beyond them, and checks every addition
 * against the tables: a label-linked node is part only of human pathways that have id-less (or
 * invalid-id) gene-like rows, no more such nodes per pathway than those rows, typed only with those
 * rows' classes, with dc:source "HGNC Accession number", an HGNC number of the reference table, and
 * labels written in one of its pathways' tables.
 */
export function addLabelLinked(
  fig: CorpusFigures,
  store: Map<string, StoreNode>,
  tableText: (wpid: string) => string,
  hgnc: Hgnc,
): LabelLinked {
  const nodes = new Map<string, NodeFacts>();
  for (const [iri, f] of fig.nodes)
    nodes.set(iri, { types: new Set(f.types), sources: new Set(f.sources), pathways: new Set(f.pathways) });
  const problems: string[] = [];
  const perPathway = new Map<string, number>();
  let pairs = 0;
  let newNodes = 0;
  for (const [iri, s] of store) {
    if (!iri.startsWith(HGNC_NODE)) continue;
    const own = fig.nodes.get(iri);
    const extraPathways = [...s.pathways].filter((p) => !own?.pathways.has(p));
    if (extraPathways.length === 0) continue;
    if (own === undefined) newNodes++;
    pairs += extraPathways.length;
    const number = iri.slice(HGNC_NODE.length);
    if (!hgnc.by.hgnc.has(number)) problems.push(`${iri}: no such HGNC record`);
    const classes = new Set([`${WP}DataNode`]);
    for (const p of extraPathways) {
      const rows = fig.labelLinkable.get(p);
      if (rows === undefined) {
        problems.push(`${iri} is part of ${p}, which has no human gene row without an identifier of its own`);
        continue;
      }
      perPathway.set(p, (perPathway.get(p) ?? 0) + 1);
      for (const r of rows) classes.add(`${WP}${r.type}`);
    }
    for (const t of s.types)
      if (!own?.types.has(t) && !classes.has(t))
        problems.push(`${iri}: type ${t} is the class of none of its label-linkable rows`);
    for (const src of s.sources)
      if (!own?.sources.has(src) && src !== HGNC_SOURCE) problems.push(`${iri}: dc:source ${JSON.stringify(src)}`);
    if (own === undefined) {
      const text = fold(extraPathways.map(tableText).join('\n'));
      for (const l of s.labels) {
        if (!mangled(l).some((form) => text.includes(fold(form))))
          problems.push(`${iri}: label ${JSON.stringify(l)} is in none of the tables of ${extraPathways.join(' ')}`);
      }
    }
    const merged = nodes.get(iri) ?? {
      types: new Set<string>(),
      sources: new Set<string>(),
      pathways: new Set<string>(),
    };
    for (const t of s.types) merged.types.add(t);
    for (const src of s.sources) merged.sources.add(src);
    for (const p of extraPathways) merged.pathways.add(p);
    nodes.set(iri, merged);
  }
  for (const [p, n] of perPathway) {
    const rows = fig.labelLinkable.get(p)?.length ?? 0;
    if (n > rows) problems.push(`${PATHWAY_IRI}${p}: ${n} label-linked HGNC nodes for ${rows} label-linkable rows`);
  }
  return { nodes, pairs, newNodes, problems };
}

/** Windows-1252 bytes 0x80-0x9F (Node's TextDecoder reads them as Latin-1); the rest are Latin-1. */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
const asCp1252 = (text: string): string =>
  [...Buffer.from(text, 'utf8')]
    .map((b) => (b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80]! : String.fromCharCode(b)))
    .join('');

/**
 * A label and the forms UTF-8 text takes when read as Windows-1252 once or twice (`IL1β` is `IL1ÃŽÂ²` in 2022 WP5158).
 */
function mangled(label: string): string[] {
  const once = asCp1252(label);
  return [label, once, asCp1252(once)];
}
