// Limits on what one page or table may hold, checked before the work they would make expensive.
//
// Defaults sit far above the largest page and table of both WikiPathways snapshots (in brackets:
// the measured maximum) so that no real page meets them, and low enough that one hostile page
// cannot take the run's memory: a page over a limit is rejected (its previous version is kept).

import { PipelineError, type ErrorCode } from './errors.js';

export interface Limits {
  /** Bytes of a page file; also what its frontmatter may expand to through YAML aliases [32,745]. */
  pageBytes: number;
  /** Values (strings, numbers, list items, mappings) in a page's frontmatter, aliases expanded [949]. */
  yamlValues: number;
  /** Nesting depth of the frontmatter, aliases expanded [4]. */
  yamlDepth: number;
  /** Characters of any one text value (description, title, keyword …) [12,965]. */
  stringLength: number;
  /** schema-jsonld keywords of a page [918]. */
  keywords: number;
  /** Bytes of a participant table file [172,488]. */
  tableBytes: number;
  /** Lines of a participant table after its header [3,169]. */
  tableLines: number;
  /** Table warnings listed per table; the rest are counted in one warning [154]. */
  tableWarnings: number;
}

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  pageBytes: 1024 * 1024,
  yamlValues: 100_000,
  yamlDepth: 50,
  stringLength: 200_000,
  keywords: 10_000,
  tableBytes: 2 * 1024 * 1024,
  tableLines: 10_000,
  tableWarnings: 2_000,
});

/** `--limit <name>=<n>` names, in the order the help lists them. */
const NAMES: Readonly<Record<string, keyof Limits>> = {
  'page-bytes': 'pageBytes',
  'yaml-values': 'yamlValues',
  'yaml-depth': 'yamlDepth',
  'string-length': 'stringLength',
  keywords: 'keywords',
  'table-bytes': 'tableBytes',
  'table-lines': 'tableLines',
  'table-warnings': 'tableWarnings',
};

const FLAG_OF = new Map(Object.entries(NAMES).map(([flag, key]) => [key, flag]));

/** The `--limit` name of a limit, as messages quote it. */
export function limitName(key: keyof Limits): string {
  return FLAG_OF.get(key)!;
}

export const LIMITS_HELP = `  --limit <name>=<n>  set one limit (repeatable); a page over a limit is rejected (table-warnings
                      only caps the warnings listed per table):
${Object.entries(NAMES)
  .map(([flag, key]) => `                        ${flag.padEnd(14)} default ${DEFAULT_LIMITS[key]}`)
  .join('\n')}
`;

/** Limits from `--limit name=n` flags over the defaults; a bad flag is a USAGE error naming it. */
export function limitsFromFlags(flags: readonly string[] = []): Limits {
  const out: Limits = { ...DEFAULT_LIMITS };
  for (const flag of flags) {
    const m = /^([a-z-]+)=([0-9]+)$/.exec(flag.trim());
    const key = m ? NAMES[m[1]!] : undefined;
    if (!m || key === undefined) {
      throw new PipelineError(
        'USAGE',
        `Expected --limit <name>=<n> with a name among ${Object.keys(NAMES).join(', ')}, got ${JSON.stringify(flag)}`,
        { key: '--limit' },
      );
    }
    const value = Number(m[2]);
    if (!Number.isSafeInteger(value) || value < 1)
      throw new PipelineError('USAGE', `Expected --limit ${m[1]} to be a whole number from 1 and up, got ${m[2]}`, {
        key: '--limit',
      });
    out[key] = value;
  }
  return out;
}

/** Checks a limits object given by a library caller: every field a whole number from 1 and up. */
export function checkLimits(input: Partial<Limits> = {}): Limits {
  const out: Limits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(DEFAULT_LIMITS) as (keyof Limits)[]) {
    const value = input[key];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value < 1)
      throw new PipelineError(
        'CONFIG_INVALID',
        `Expected limit ${key} to be a whole number from 1 and up, got ${String(value)}`,
        { key: '--limit' },
      );
    out[key] = value;
  }
  return out;
}

/**
 * `Table has more than 50,000 lines (limit table-lines, raise it with --limit table-lines=<n>)`:
 * the reject for something over a limit, naming the limit and how to raise it.
 */
export function overLimit(
  code: Extract<ErrorCode, 'PAGE_LIMIT_EXCEEDED' | 'TABLE_LIMIT_EXCEEDED'>,
  what: string,
  key: keyof Limits,
  limits: Limits,
  where: { file: string; line?: number; key?: string },
): PipelineError {
  const name = limitName(key);
  const message = `${what}; the limit is ${limits[key].toLocaleString('en-US')} (raise it with --limit ${name}=<n>)`;
  return new PipelineError(code, message, { ...where, details: { limit: name, value: limits[key] } });
}
