// One graph's quads as checked, de-duplicated N-Triples lines, and the batches an Update endpoint gets.

import { DataFactory, type Quad, type Term } from 'n3';
import { PipelineError } from '../../errors.js';
import { isSafeIri } from '../../transform/safeIri.js';
import { NTriplesEncoder } from '../serialize/nTriples.js';

const LANGUAGE = /^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$/;

export interface GraphTriples {
  /** Triples without blank nodes, one N-Triples line each (with its newline). */
  ground: string[];
  /** Triples that share blank nodes, grouped so that a group is always sent in one request. */
  blankGroups: string[][];
  /** Distinct triples: what the store must hold afterwards. */
  count: number;
}

/**
 * Checks every term and writes it as all.nq does (canonical N-Triples escapes, every literal escaped); graph names are
 * dropped.
 */
export function graphTriples(quads: Iterable<Quad>, graph: string): GraphTriples {
  const lines = new NTriplesEncoder();
  const labels = new Map<string, string>();
  const seen = new Set<string>();
  const ground: string[] = [];
  const withBlanks: { line: string; blanks: string[] }[] = [];
  const relabel = (term: Term): Term => {
    if (term.termType !== 'BlankNode') return term;
    let label = labels.get(term.value);
    if (label === undefined) labels.set(term.value, (label = `b${labels.size}`));
    return DataFactory.blankNode(label);
  };
  for (const quad of quads) {
    checkTerm(quad.subject, 'subject', graph);
    checkTerm(quad.predicate, 'predicate', graph);
    checkTerm(quad.object, 'object', graph);
    const s = relabel(quad.subject);
    const o = relabel(quad.object);
    const line = lines.triple(s, quad.predicate, o);
    if (seen.has(line)) continue;
    seen.add(line);
    const blanks = [s, o].filter((t) => t.termType === 'BlankNode').map((t) => t.value);
    if (blanks.length === 0) ground.push(line);
    else withBlanks.push({ line, blanks });
  }
  return { ground, blankGroups: groupByBlankNodes(withBlanks), count: seen.size };
}

function checkTerm(term: Term, position: 'subject' | 'predicate' | 'object', graph: string): void {
  const allowed =
    position === 'predicate'
      ? ['NamedNode']
      : position === 'subject'
        ? ['NamedNode', 'BlankNode']
        : ['NamedNode', 'BlankNode', 'Literal'];
  if (!allowed.includes(term.termType)) {
    throw new PipelineError(
      'INTERNAL',
      `Graph <${graph}>: a ${term.termType} cannot be the ${position} of a triple sent to a SPARQL store`,
      { key: graph },
    );
  }
  if (term.termType === 'NamedNode') checkIri(term.value, graph);
  if (term.termType === 'Literal') {
    if (term.language !== '' && !LANGUAGE.test(term.language)) {
      throw new PipelineError(
        'INTERNAL',
        `Graph <${graph}>: language tag ${JSON.stringify(term.language)} is not a valid BCP 47 tag`,
        { key: graph },
      );
    }
    checkIri(term.datatype.value, graph);
  }
}

/**
 * An absolute IRI that can be written between `<` and `>` as it is: a valid RFC 3987 IRI (safeIri), so
 * it holds none of the characters an IRIREF may not (SPARQL 1.1 / N-Triples) and cannot close its `<…>`.
 */
export function checkIri(iri: string, graph: string): void {
  if (!isSafeIri(iri)) {
    throw new PipelineError(
      'INTERNAL',
      `Graph <${graph}>: ${JSON.stringify(iri)} is not an absolute IRI that can be sent to a SPARQL store`,
      { key: graph },
    );
  }
}

/** Connected components over shared blank nodes (union-find on labels). */
function groupByBlankNodes(triples: { line: string; blanks: string[] }[]): string[][] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    for (let up = parent.get(root); up !== undefined && up !== root; up = parent.get(root)) root = up;
    parent.set(x, root);
    return root;
  };
  for (const { blanks } of triples) {
    for (const b of blanks) if (!parent.has(b)) parent.set(b, b);
    if (blanks.length === 2) {
      const [a, b] = [find(blanks[0]!), find(blanks[1]!)];
      if (a !== b) parent.set(a, b);
    }
  }
  const groups = new Map<string, string[]>();
  for (const { line, blanks } of triples) {
    const root = find(blanks[0]!);
    const group = groups.get(root);
    if (group) group.push(line);
    else groups.set(root, [line]);
  }
  return [...groups.values()];
}

/** Lines in runs of at most `size`; a blank-node group is never split (a larger group goes alone). */
export function batches(lines: string[], size: number): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < lines.length; i += size) out.push(lines.slice(i, i + size));
  return out;
}

export function packGroups(groups: string[][], size: number): string[][] {
  const out: string[][] = [];
  let current: string[] = [];
  for (const group of groups) {
    if (current.length > 0 && current.length + group.length > size) {
      out.push(current);
      current = [];
    }
    current = current.concat(group);
  }
  if (current.length > 0) out.push(current);
  return out;
}
