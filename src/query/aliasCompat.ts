// Reads `SELECT (str(?label) AS ?x) WHERE { ?x … }` the way Virtuoso (the WikiPathways endpoint) does.

import { maskQuery } from './scanQuery.js';

const VAR_CHAR = '[\\p{L}\\p{N}_\\u00B7\\u0300-\\u036F\\u203F\\u2040]';

/**
 * SPARQL 1.1 forbids an `AS ?x` whose ?x is already bound in the WHERE clause, but Virtuoso accepts
 * it and the WikiPathways example queries use it: the projected value replaces the pattern's. This
 * returns the query with such a variable renamed inside the top-level WHERE clause and inside the
 * projection's expressions (so `(str(?x) AS ?x)` reads the pattern's ?x, and the alias keeps its
 * name in the results), or undefined when the query has no such alias.
 */
export function renameShadowedAliases(query: string): string | undefined {
  let current = query;
  for (let pass = 0; pass < 100; pass += 1) {
    const next = renameOne(current);
    if (next === undefined) break;
    current = next;
  }
  return current === query ? undefined : current;
}

function renameOne(query: string): string | undefined {
  const masked = maskQuery(query); // same length as the query, so indexes carry over
  const select = /(?<![\p{L}\p{N}_.?$:-])SELECT(?![\p{L}\p{N}_:-])/iu.exec(masked);
  if (select === null) return undefined;
  const open = masked.indexOf('{', select.index);
  const close = open === -1 ? -1 : matchingBrace(masked, open);
  if (close === -1) return undefined;
  const projection = masked.slice(select.index, open);
  const aliasMatches = [...projection.matchAll(new RegExp(`(?<!${VAR_CHAR})AS\\s+([?$])(${VAR_CHAR}+)`, 'giu'))];
  const aliases = aliasMatches.map((m) => m[2]!);
  // Where each alias itself is written (`AS ?x`): the one place in the projection that keeps its name.
  const targets = new Set(aliasMatches.map((m) => select.index + m.index + m[0].length - m[2]!.length - 1));
  const where = masked.slice(open, close);
  for (const alias of new Set(aliases)) {
    const hits = [...where.matchAll(new RegExp(`[?$]${alias}(?!${VAR_CHAR})`, 'gu'))].map((m) => open + m.index);
    if (hits.length === 0) continue;
    // In `(str(?label) AS ?label)` the expression reads the pattern's ?label: renamed with it, or the
    // expression would read the (unbound) alias and the column come back empty.
    for (const m of projection.matchAll(new RegExp(`(?<!${VAR_CHAR})[?$]${alias}(?!${VAR_CHAR})`, 'gu'))) {
      const at = select.index + m.index;
      if (!targets.has(at) && depthAt(masked, select.index, at) > 0) hits.push(at);
    }
    hits.sort((a, b) => a - b);
    const fresh = freshName(query, alias);
    let out = query;
    // From the end, so that the indexes still to do are not shifted by the longer name.
    for (const at of hits.reverse()) out = `${out.slice(0, at)}?${fresh}${out.slice(at + 1 + alias.length)}`;
    return out; // one alias per pass: the next pass masks the changed text again
  }
  return undefined;
}

/** How many parentheses are open at `at`, counted from `from`: 0 for a plain projected variable. */
function depthAt(text: string, from: number, at: number): number {
  let depth = 0;
  for (let i = from; i < at; i += 1) {
    if (text[i] === '(') depth += 1;
    else if (text[i] === ')') depth -= 1;
  }
  return depth;
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i += 1) {
    if (text[i] === '{') depth += 1;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function freshName(query: string, base: string): string {
  let name = `${base}_matched`;
  while (new RegExp(`[?$]${name}(?!${VAR_CHAR})`, 'u').test(query)) name += '_';
  return name;
}
