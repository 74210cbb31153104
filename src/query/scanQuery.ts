// Reads the shape of a SPARQL query without parsing it: its form and the prefixes it uses and declares.

/** The four SPARQL query forms. */
export type QueryForm = 'SELECT' | 'ASK' | 'CONSTRUCT' | 'DESCRIBE';

export interface PrefixUse {
  /** The prefix without its colon; '' for the empty prefix. */
  prefix: string;
  /** 1-based line in the query. */
  line: number;
}

const IRIREF = /<[^<>"{}|^`\\\u0000-\u0020]*>/y;
const NAME_CHAR = /[\p{L}\p{N}_.-]/u;

/**
 * The query with its comments, string literals and IRIs replaced by spaces (line breaks kept), so
 * that keywords and prefixed names can be found with patterns without matching inside them.
 */
export function maskQuery(query: string): string {
  let out = '';
  let i = 0;
  const blank = (text: string): string => text.replace(/[^\n]/g, ' ');
  while (i < query.length) {
    const c = query[i]!;
    if (c === '#') {
      const end = query.indexOf('\n', i);
      const stop = end === -1 ? query.length : end;
      out += blank(query.slice(i, stop));
      i = stop;
    } else if (c === '"' || c === "'") {
      const long = query.startsWith(c.repeat(3), i);
      const stop = stringEnd(query, i, c, long);
      out += blank(query.slice(i, stop));
      i = stop;
    } else if (c === '<') {
      IRIREF.lastIndex = i;
      const m = IRIREF.exec(query);
      const stop = m === null ? i + 1 : i + m[0].length;
      out += m === null ? c : blank(m[0]);
      i = stop;
    } else {
      out += c;
      i += 1;
    }
  }
  return out;
}

/** Index just after the string literal opening at `start` (or the end of the text when unterminated). */
function stringEnd(query: string, start: number, quote: string, long: boolean): number {
  let i = start + (long ? 3 : 1);
  while (i < query.length) {
    const c = query[i]!;
    if (c === '\\') i += 2;
    else if (long && query.startsWith(quote.repeat(3), i)) return i + 3;
    else if (!long && (c === quote || c === '\n')) return i + 1;
    else i += 1;
  }
  return query.length;
}

/** SELECT, ASK, CONSTRUCT or DESCRIBE; undefined when the text has none of them (not a query). */
export function queryForm(query: string): QueryForm | undefined {
  const m = /(?<![\p{L}\p{N}_.?$:-])(SELECT|ASK|CONSTRUCT|DESCRIBE)(?![\p{L}\p{N}_:-])/iu.exec(maskQuery(query));
  return m === null ? undefined : (m[1]!.toUpperCase() as QueryForm);
}

/** Whether the query names its own dataset with FROM or FROM NAMED (which then replaces the union default graph). */
export function hasDatasetClause(query: string): boolean {
  return /(?<![\p{L}\p{N}_.?$:-])FROM(?![\p{L}\p{N}_:-])/iu.test(maskQuery(query));
}

/** Every prefixed name's prefix, and every prefix the query declares itself with PREFIX. */
export function scanPrefixes(query: string): { used: PrefixUse[]; declared: Set<string> } {
  const masked = maskQuery(query);
  const used: PrefixUse[] = [];
  const declared = new Set<string>();
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < masked.length; i += 1) {
    if (masked[i] === '\n') {
      line += 1;
      lineStart = i + 1;
      continue;
    }
    if (masked[i] !== ':') continue;
    let start = i;
    while (start > lineStart && NAME_CHAR.test(masked[start - 1]!)) start -= 1;
    const before = start > 0 ? masked[start - 1]! : ' ';
    const prefix = masked.slice(start, i);
    // A colon inside a local name (ex:a:b, ex:a\:b), a blank node (_:b) or a variable is no prefix.
    if (before === ':' || before === '?' || before === '$' || before === '\\') continue;
    if (prefix !== '' && !/^\p{L}/u.test(prefix)) continue;
    if (/PREFIX\s+$/i.test(masked.slice(Math.max(0, start - 40), start))) declared.add(prefix);
    else used.push({ prefix, line });
  }
  return { used, declared };
}

/** The first prefix used but declared neither in the query nor among the predefined ones. */
export function undeclaredPrefix(query: string, predefined: Record<string, string>): PrefixUse | undefined {
  const { used, declared } = scanPrefixes(query);
  return used.find((u) => !declared.has(u.prefix) && !Object.hasOwn(predefined, u.prefix));
}
