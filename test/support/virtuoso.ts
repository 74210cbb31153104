// Test helpers for the Virtuoso started by test/setup/virtuoso.ts: the endpoints, and plain SPARQL reads.

import { inject } from 'vitest';
import type { Term } from 'n3';
import type { VirtuosoInfo } from '../setup/virtuoso.js';

export type Virtuoso = Extract<VirtuosoInfo, { ok: true }>;

/** The running Virtuoso, or an error saying why there is none (so the tests fail, never pass silently). */
export function requireVirtuoso(): Virtuoso {
  const info = inject('virtuoso') as VirtuosoInfo | undefined;
  if (info === undefined) {
    throw new Error(
      "Virtuoso was not started: vitest.config.ts must list 'test/setup/virtuoso.ts' in test.globalSetup",
    );
  }
  if (!info.ok) throw new Error(`Virtuoso is not available: ${info.reason}`);
  return info;
}

export interface Binding {
  type: 'uri' | 'literal' | 'typed-literal' | 'bnode';
  value: string;
  datatype?: string;
  'xml:lang'?: string;
}

/** SELECT through plain fetch (not the code under test), JSON results. */
export async function select(vt: Virtuoso, query: string): Promise<Record<string, Binding>[]> {
  const res = await fetch(vt.sparql, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/sparql-results+json' },
    body: new URLSearchParams({ query }).toString(),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`SELECT failed: HTTP ${res.status}: ${text.slice(0, 300)}`);
  return (JSON.parse(text) as { results: { bindings: Record<string, Binding>[] } }).results.bindings;
}

/** Every triple of a graph as sorted N-Triples-like strings (blank nodes shown as _:), read with plain SELECT. */
export async function graphContent(vt: Virtuoso, graph: string): Promise<string[]> {
  const rows = await select(vt, `SELECT ?s ?p ?o WHERE { GRAPH <${graph}> { ?s ?p ?o } }`);
  const show = (b: Binding | undefined): string => {
    if (!b) return '?';
    if (b.type === 'uri') return `<${b.value}>`;
    if (b.type === 'bnode') return '_:';
    const lang = b['xml:lang'];
    if (lang) return `${JSON.stringify(b.value)}@${lang}`;
    return b.datatype ? `${JSON.stringify(b.value)}^^<${b.datatype}>` : JSON.stringify(b.value);
  };
  return rows.map((r) => `${show(r.s)} ${show(r.p)} ${show(r.o)}`).sort();
}

export async function countTriples(vt: Virtuoso, graph: string): Promise<number> {
  const rows = await select(vt, `SELECT (COUNT(*) AS ?n) WHERE { GRAPH <${graph}> { ?s ?p ?o } }`);
  return Number(rows[0]?.n?.value);
}

/** Puts a graph in place behind the loader's back (plain fetch, anonymous Graph Store). */
export async function putRaw(vt: Virtuoso, graph: string, ntriples: string): Promise<void> {
  const res = await fetch(`${vt.graphCrud}?graph=${encodeURIComponent(graph)}`, {
    method: 'PUT',
    headers: { 'content-type': 'text/turtle' },
    body: ntriples,
  });
  if (!res.ok) throw new Error(`PUT failed: HTTP ${res.status}`);
}

/** A graph name unique to this test run, so test files never see each other's graphs. */
export function graphName(name: string): string {
  return `http://test.pathway-kg.example/${process.pid}/${name}`;
}

const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';
const LANG_STRING = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString';

/** An n3 term written as graphContent() shows what Virtuoso gives back (blank nodes as `_:`, plain strings untyped). */
export function showTerm(t: Term): string {
  if (t.termType === 'NamedNode') return `<${t.value}>`;
  if (t.termType === 'BlankNode') return '_:';
  if (t.termType !== 'Literal') throw new Error(`unexpected term ${t.termType}`);
  if (t.language) return `${JSON.stringify(t.value)}@${t.language.toLowerCase()}`;
  const dt = t.datatype.value;
  return dt === XSD_STRING || dt === LANG_STRING ? JSON.stringify(t.value) : `${JSON.stringify(t.value)}^^<${dt}>`;
}
