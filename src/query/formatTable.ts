// Writes SELECT and ASK results as an aligned text table for people (the default on a terminal).

import { termText, type JsonResults } from './sparqlJson.js';

/**
 * One column per variable, values written as in a query (`"Homo sapiens"`, `obo:NCBITaxon_9606`,
 * `2`), unbound values left empty, and a row count at the end. ASK prints `true` or `false`.
 */
export function formatTable(results: JsonResults, prefixes: Record<string, string>): string {
  if (typeof results.boolean === 'boolean') return `${results.boolean}\n`;
  const vars = results.head.vars ?? [];
  const bindings = results.results?.bindings ?? [];
  const rows = bindings.map((binding) =>
    vars.map((v) => {
      const term = binding[v];
      return term === undefined ? '' : termText(term, prefixes);
    }),
  );
  const widths = vars.map((v, i) => Math.max(width(v), ...rows.map((row) => width(row[i]!))));
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) => ` ${cell}${' '.repeat(widths[i]! - width(cell))} `)
      .join('|')
      .trimEnd();
  const out: string[] = [];
  if (vars.length > 0) {
    out.push(line(vars));
    out.push(widths.map((w) => '-'.repeat(w + 2)).join('+'));
    for (const row of rows) out.push(line(row));
  }
  out.push(`(${rows.length} ${rows.length === 1 ? 'row' : 'rows'})`);
  return `${out.join('\n')}\n`;
}

/** Characters as a terminal counts them (code points, not UTF-16 units). */
function width(text: string): number {
  let n = 0;
  for (const _ of text) n += 1;
  return n;
}
