// SPARQL 1.1 Protocol content negotiation: the Accept header (or a `format` parameter) to a serializer.

import type { QueryForm } from '../query/scanQuery.js';

/** A response format: its media type and the name the query worker serializes it by. */
export interface ResultType {
  mediaType: string;
  /** Oxigraph's results_format (`turtle` is written by n3, with prefixes, as `pathway-kg query` writes it). */
  format: string;
}

/** For SELECT and ASK, the default first (what a client that accepts anything gets). */
export const SOLUTION_TYPES: readonly ResultType[] = [
  { mediaType: 'application/sparql-results+json', format: 'json' },
  { mediaType: 'application/sparql-results+xml', format: 'xml' },
  { mediaType: 'text/csv', format: 'csv' },
  { mediaType: 'text/tab-separated-values', format: 'tsv' },
];

/** For CONSTRUCT and DESCRIBE, the default first. */
export const GRAPH_TYPES: readonly ResultType[] = [
  { mediaType: 'text/turtle', format: 'turtle' },
  { mediaType: 'application/n-triples', format: 'application/n-triples' },
  { mediaType: 'application/ld+json', format: 'application/ld+json' },
];

/** Media types clients send for the same formats (the first of each pair is what is answered). */
const ALIASES: Record<string, string> = {
  'application/json': 'application/sparql-results+json',
  'application/xml': 'application/sparql-results+xml',
  'text/xml': 'application/sparql-results+xml',
  'application/x-turtle': 'text/turtle',
  'text/plain': 'application/n-triples',
};

/** Short names accepted in a `format` parameter, as Virtuoso and Fuseki accept them. */
const SHORT: Record<string, string> = {
  json: 'application/sparql-results+json',
  xml: 'application/sparql-results+xml',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  turtle: 'text/turtle',
  ttl: 'text/turtle',
  ntriples: 'application/n-triples',
  nt: 'application/n-triples',
  jsonld: 'application/ld+json',
};

interface Range {
  type: string;
  subtype: string;
  q: number;
  order: number;
}

function parseAccept(accept: string): Range[] {
  const ranges: Range[] = [];
  accept.split(',').forEach((part, order) => {
    const [range, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (range === undefined || range === '') return;
    const [type, subtype] = range.split('/');
    if (type === undefined || subtype === undefined) return;
    let q = 1;
    for (const p of params) {
      const m = /^q=([0-9.]+)$/.exec(p);
      if (m !== null) q = Math.min(1, Number(m[1]));
    }
    if (Number.isFinite(q)) ranges.push({ type, subtype, q, order });
  });
  return ranges;
}

/** How much a client wants `mediaType`: the q of the most specific range that covers it, 0 if none. */
function quality(ranges: Range[], mediaType: string): { q: number; order: number } {
  const [type, subtype] = mediaType.split('/') as [string, string];
  let best: { q: number; order: number; specificity: number } = { q: 0, order: Infinity, specificity: -1 };
  for (const r of ranges) {
    const named =
      Object.entries(ALIASES).find(([alias, target]) => target === mediaType && alias === `${r.type}/${r.subtype}`) !==
      undefined;
    const specificity =
      (r.type === type && r.subtype === subtype) || named
        ? 2
        : r.type === type && r.subtype === '*'
          ? 1
          : r.type === '*' && r.subtype === '*'
            ? 0
            : -1;
    if (specificity > best.specificity) best = { q: r.q, order: r.order, specificity };
  }
  return { q: best.q, order: best.order };
}

/**
 * The response format for a query of `form`: a `format` parameter wins, else the Accept header's
 * most wanted type this endpoint writes (ties go to the client's first), else the default. Undefined
 * when the client accepts none of them (406).
 */
export function negotiate(
  form: QueryForm | undefined,
  accept: string | undefined,
  format?: string,
): ResultType | undefined {
  const types = form === 'CONSTRUCT' || form === 'DESCRIBE' ? GRAPH_TYPES : SOLUTION_TYPES;
  if (format !== undefined && format !== '') {
    const wanted = SHORT[format.toLowerCase()] ?? ALIASES[format.toLowerCase()] ?? format.toLowerCase();
    return types.find((t) => t.mediaType === wanted);
  }
  if (accept === undefined || accept.trim() === '') return types[0];
  const ranges = parseAccept(accept);
  let chosen: ResultType | undefined;
  let chosenRank = { q: 0, order: Infinity };
  for (const t of types) {
    const rank = quality(ranges, t.mediaType);
    if (rank.q > chosenRank.q || (rank.q === chosenRank.q && rank.q > 0 && rank.order < chosenRank.order)) {
      chosen = t;
      chosenRank = rank;
    }
  }
  return chosen;
}

/** Whether the client asked for HTML (a browser opening /sparql): it then gets the query page. */
export function wantsHtml(accept: string | undefined): boolean {
  return accept !== undefined && parseAccept(accept).some((r) => r.type === 'text' && r.subtype === 'html' && r.q > 0);
}
