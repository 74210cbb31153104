// Reads the Virtuoso forms of the published WikiPathways queries as standard SPARQL 1.1, or refuses them.

import { maskQuery } from './scanQuery.js';

const VAR = /[?$][\p{L}\p{N}_\u00B7\u0300-\u036F\u203F\u2040]+/uy;
const AGGREGATE = /(?<![\p{L}\p{N}_:])(COUNT|SUM|MIN|MAX|AVG|SAMPLE|GROUP_CONCAT)\s*\(/iu;
const XPATH_FUNCTIONS = 'http://www.w3.org/2005/xpath-functions#';

/** XPath functions (`fn:`) the examples call, as the SPARQL 1.1 built-ins that do the same. */
const FN_BUILTINS: Readonly<Record<string, string>> = {
  substring: 'SUBSTR',
  'string-length': 'STRLEN',
  'upper-case': 'UCASE',
  'lower-case': 'LCASE',
  contains: 'CONTAINS',
  'starts-with': 'STRSTARTS',
  'ends-with': 'STRENDS',
  'substring-before': 'STRBEFORE',
  'substring-after': 'STRAFTER',
  concat: 'CONCAT',
  replace: 'REPLACE',
  matches: 'REGEX',
  abs: 'ABS',
  round: 'ROUND',
  ceiling: 'CEIL',
  floor: 'FLOOR',
  'encode-for-uri': 'ENCODE_FOR_URI',
  'year-from-dateTime': 'YEAR',
  'month-from-dateTime': 'MONTH',
  'day-from-dateTime': 'DAY',
};

export type VirtuosoReading = { query: string } | { refused: string; index: number };

interface Edit {
  start: number;
  end: number;
  text: string;
}

/**
 * The query with Virtuoso's forms written in SPARQL 1.1, or why it cannot be (with the index in the
 * query where the form is), or undefined when it holds none of them:
 * - `count(?x) as ?n` without parentheses in a projection: `(count(?x) AS ?n)`;
 * - aggregates beside other projected values and no GROUP BY: Virtuoso groups by those values, so
 *   `GROUP BY` them is added (a projected expression `(str(?l) AS ?n)` becomes `?n`, grouped by
 *   `(str(?l) AS ?n)`: the same groups Virtuoso makes);
 * - `group_concat(?x, ",")`: `group_concat(?x; separator=",")`;
 * - XPath `fn:substring(…)` and the like: the SPARQL built-in that does the same.
 * Refused: Virtuoso's own functions (`bif:`, `sql:`), XPath functions with no built-in, and a
 * projected expression without a name, whose column SPARQL 1.1 cannot give.
 */
export function readVirtuosoForms(query: string): VirtuosoReading | undefined {
  const masked = maskQuery(query);
  const edits: Edit[] = [];

  const own = /(?<![\p{L}\p{N}_.:?$-])(bif|sql):([\p{L}\p{N}_-]+)/iu.exec(masked);
  if (own !== null)
    return {
      refused: `Virtuoso's own function ${own[0]} has no SPARQL 1.1 equivalent; rewrite the query without it`,
      index: own.index,
    };

  const fnDeclared = /PREFIX\s+fn:\s*<([^>]*)>/i.exec(query);
  if (fnDeclared === null || fnDeclared[1] === XPATH_FUNCTIONS) {
    for (const m of masked.matchAll(/(?<![\p{L}\p{N}_.:?$-])fn:([A-Za-z-]+)(?=\s*\()/gu)) {
      const builtin = Object.hasOwn(FN_BUILTINS, m[1]!) ? FN_BUILTINS[m[1]!] : undefined;
      if (builtin === undefined)
        return {
          refused: `The XPath function ${m[0]} is not supported here; use a SPARQL 1.1 built-in function`,
          index: m.index,
        };
      edits.push({ start: m.index, end: m.index + m[0].length, text: builtin });
    }
  }

  for (const m of masked.matchAll(/(?<![\p{L}\p{N}_:])GROUP_CONCAT\s*\(/giu)) {
    const open = m.index + m[0].length - 1;
    const close = matching(masked, open, '(', ')');
    if (close === -1) continue;
    const comma = topLevel(masked, open + 1, close, ',');
    if (comma !== -1 && topLevel(masked, open + 1, close, ';') === -1)
      edits.push({ start: comma, end: comma + 1, text: ' ; separator=' });
  }

  // Projections are read after the function edits, so that an expression moved into GROUP BY has them.
  const functionsDone = applyEdits(query, edits);
  const maskedDone = maskQuery(functionsDone);
  const projectionEdits: Edit[] = [];
  for (const select of maskedDone.matchAll(/(?<![\p{L}\p{N}_.?$:-])SELECT(?![\p{L}\p{N}_:-])/giu)) {
    const result = readProjection(functionsDone, maskedDone, select.index + select[0].length);
    if (result === undefined) continue;
    // The index is in the edited text: function edits change no line breaks, so its line is the user's.
    if ('refused' in result) return result;
    projectionEdits.push(...result.edits);
  }
  if (edits.length === 0 && projectionEdits.length === 0) return undefined;
  return { query: applyEdits(functionsDone, projectionEdits) };
}

function applyEdits(text: string, edits: Edit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

type Item =
  | { kind: 'var'; start: number; end: number; name: string }
  | { kind: 'star'; start: number; end: number }
  | { kind: 'expr'; start: number; end: number; expr: string; alias?: string; wrapped: boolean };

/** The edits one SELECT's projection needs (and its WHERE's GROUP BY); undefined when it is not one we read. */
function readProjection(
  query: string,
  masked: string,
  from: number,
): { edits: Edit[] } | { refused: string; index: number } | undefined {
  let i = skipSpace(masked, from);
  const modifier = /^(DISTINCT|REDUCED)(?![\p{L}\p{N}_])/iu.exec(masked.slice(i, i + 9));
  if (modifier !== null) i = skipSpace(masked, i + modifier[0].length);
  const items: Item[] = [];
  while (i < masked.length && masked[i] !== '{' && !/^(WHERE|FROM)(?![\p{L}\p{N}_:])/iu.test(masked.slice(i, i + 6))) {
    VAR.lastIndex = i;
    const v = VAR.exec(masked);
    if (v !== null) {
      items.push({ kind: 'var', start: i, end: i + v[0].length, name: v[0].slice(1) });
      i = skipSpace(masked, i + v[0].length);
      continue;
    }
    if (masked[i] === '*') {
      items.push({ kind: 'star', start: i, end: i + 1 });
      i = skipSpace(masked, i + 1);
      continue;
    }
    let exprEnd: number;
    const wrapped = masked[i] === '(';
    if (wrapped) {
      exprEnd = matching(masked, i, '(', ')') + 1;
    } else {
      const call = /^[\p{L}_][\p{L}\p{N}_.:-]*\s*\(/u.exec(masked.slice(i, i + 200));
      if (call === null) return undefined;
      exprEnd = matching(masked, i + call[0].length - 1, '(', ')') + 1;
    }
    if (exprEnd === 0) return undefined;
    const start = i;
    i = skipSpace(masked, exprEnd);
    if (wrapped) {
      const inner = query.slice(start + 1, exprEnd - 1);
      const as = /^([\s\S]*?)\s+AS\s+([?$][\p{L}\p{N}_\u00B7\u0300-\u036F\u203F\u2040]+)\s*$/iu.exec(inner);
      items.push(
        as === null
          ? { kind: 'expr', start, end: exprEnd, expr: inner, wrapped }
          : { kind: 'expr', start, end: exprEnd, expr: as[1]!.trim(), alias: as[2]!.slice(1), wrapped },
      );
      continue;
    }
    const as = /^AS\s+/i.exec(masked.slice(i, i + 3 + 10));
    if (as === null)
      return {
        refused: `Expected \`(expression AS ?name)\` in SELECT, got \`${query.slice(start, exprEnd)}\`: a column without a name cannot be given`,
        index: start,
      };
    VAR.lastIndex = i + as[0].length;
    const alias = VAR.exec(masked);
    if (alias === null) return undefined;
    items.push({
      kind: 'expr',
      start,
      end: VAR.lastIndex,
      expr: query.slice(start, exprEnd),
      alias: alias[0].slice(1),
      wrapped,
    });
    i = skipSpace(masked, VAR.lastIndex);
  }
  const open = masked.indexOf('{', i);
  const close = open === -1 ? -1 : matching(masked, open, '{', '}');
  if (close === -1) return undefined;

  const edits: Edit[] = [];
  const aggregated = items.some((it) => it.kind === 'expr' && AGGREGATE.test(it.expr));
  const grouped = /^\s*GROUP\s+BY(?![\p{L}\p{N}_])/iu.test(masked.slice(close + 1, close + 40));
  const addGroupBy =
    aggregated && !grouped && items.some((it) => it.kind === 'var' || (it.kind === 'expr' && !AGGREGATE.test(it.expr)));
  const groupBy: string[] = [];
  for (const it of items) {
    if (it.kind === 'star') {
      if (addGroupBy) return { refused: 'SELECT * with aggregates needs GROUP BY', index: it.start };
      continue;
    }
    if (it.kind === 'var') {
      if (addGroupBy) groupBy.push(`?${it.name}`);
      continue;
    }
    if (it.alias === undefined) {
      if (!it.wrapped)
        return { refused: `Expected \`(expression AS ?name)\` in SELECT, got \`${it.expr}\``, index: it.start };
      continue; // `(expr)` without AS: SPARQL's own error stands
    }
    if (addGroupBy && !AGGREGATE.test(it.expr)) {
      edits.push({ start: it.start, end: it.end, text: `?${it.alias}` });
      groupBy.push(`(${it.expr} AS ?${it.alias})`);
    } else if (!it.wrapped) {
      edits.push({ start: it.start, end: it.end, text: `(${it.expr} AS ?${it.alias})` });
    }
  }
  if (groupBy.length > 0) edits.push({ start: close + 1, end: close + 1, text: ` GROUP BY ${groupBy.join(' ')}` });
  return { edits };
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && /\s/.test(text[i]!)) i += 1;
  return i;
}

/** Index of the bracket closing the one at `open`, or -1. */
function matching(text: string, open: number, opening: string, closing: string): number {
  let depth = 0;
  for (let i = open; i < text.length; i += 1) {
    if (text[i] === opening) depth += 1;
    else if (text[i] === closing && --depth === 0) return i;
  }
  return -1;
}

/** First `char` between `from` and `to` outside any nested brackets, or -1. */
function topLevel(text: string, from: number, to: number, char: string): number {
  let depth = 0;
  for (let i = from; i < to; i += 1) {
    const c = text[i]!;
    if (c === '(' || c === '[' || c === '{') depth += 1;
    else if (c === ')' || c === ']' || c === '}') depth -= 1;
    else if (c === char && depth === 0) return i;
  }
  return -1;
}
