// Limits on one page's YAML, keywords and one table's lines, in process: each hostile input is
// rejected with a located PAGE_/TABLE_LIMIT_EXCEEDED before the work it would make expensive.

import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PipelineError } from '../../../src/errors.js';
import { DEFAULT_LIMITS, limitsFromFlags, type Limits } from '../../../src/limits.js';
import { parsePage } from '../../../src/transform/parsePage.js';
import { parseTable } from '../../../src/transform/participants/parseTable.js';
import { loadMappings } from '../../../src/mappings.js';
import { runCli } from '../../support/cli.js';
import { PROJECT_ROOT } from '../../support/corpus.js';
import { HEADER_CURRENT, hostilePage, laughs, ROW_CURRENT } from '../../support/hostile.js';

function rejection(text: string, limits: Limits = DEFAULT_LIMITS): PipelineError {
  const started = Date.now();
  try {
    parsePage({ file: 'pages/WP1.md', fileWpid: 'WP1', text }, limits);
  } catch (error) {
    // Rejected before any expansion: well under a second even for 10^9 strings.
    expect(Date.now() - started).toBeLessThan(2000);
    if (error instanceof PipelineError) return error;
    throw error;
  }
  throw new Error('page was not rejected');
}

describe('YAML aliases ("billion laughs")', () => {
  for (const [key, yaml] of [
    ['authors', `authors:\n${laughs(9)}`],
    ['annotations', `annotations:\n${laughs(9)}`],
    ['schema-jsonld', `schema-jsonld:\n- '@context': https://schema.org/\n  name: x\n  keywords:\n${laughs(9, '  ')}`],
  ] as const) {
    // Level i holds 1 + 10 * (level i-1) values (level 0: 11), the key's list one more: 1 + (11 + 111 + … +
    // 111,111,111).
    it(`in ${key}: rejected at once, naming the key, its line and the limit`, () => {
      const e = rejection(hostilePage('WP1', yaml));
      expect([e.code, e.key, e.line]).toEqual(['PAGE_LIMIT_EXCEEDED', key, 6]);
      expect(e.message).toBe(
        `Frontmatter holds over 100,000 values (aliases expanded); "${key}" alone holds ${key === 'schema-jsonld' ? '1,234,567,904' : '1,234,567,900'}; the limit is 100,000 (raise it with --limit yaml-values=<n>)`,
      );
      expect(e.details).toEqual({ limit: 'yaml-values', value: 100_000 });
    });
  }

  it('a long string aliased many times counts its characters each time', () => {
    const text = 'x'.repeat(100_000);
    const e = rejection(hostilePage('WP1', `description: &d ${text}\nauthors: [${Array(20).fill('*d').join(', ')}]`));
    expect([e.code, e.key, e.details?.limit]).toEqual(['PAGE_LIMIT_EXCEEDED', 'authors', 'page-bytes']);
  });

  it('an alias to itself is invalid YAML, not an endless walk', () => {
    const e = rejection(hostilePage('WP1', 'authors: &a\n- x\n- *a'));
    expect([e.code, e.key, e.message]).toEqual([
      'PAGE_YAML_INVALID',
      'authors',
      'Invalid YAML in frontmatter: "authors" holds an alias to itself',
    ]);
  });

  it('a few aliases under the limits are read as their values', () => {
    const record = parsePage({
      file: 'pages/WP1.md',
      fileWpid: 'WP1',
      text: hostilePage('WP1', 'communities: &c [A, B]\nauthors: *c'),
    });
    expect(record.authors).toEqual(['A', 'B']);
  });
});

describe('YAML nesting', () => {
  it('100,000 nested flow lists: rejected while parsing, with the line', () => {
    const e = rejection(hostilePage('WP1', `authors: ${'['.repeat(100_000)}${']'.repeat(100_000)}`));
    expect([e.code, e.line, e.details?.limit]).toEqual(['PAGE_LIMIT_EXCEEDED', 6, 'yaml-depth']);
    expect(e.message).toBe(
      'Frontmatter nests deeper than 50 levels; the limit is 50 (raise it with --limit yaml-depth=<n>)',
    );
  });

  // authors (1) > l60 (2) > … > l0 (62) > x (63)
  it('a chain of aliases nests as deep as it expands', () => {
    const chain = ['- &l0 [x]', ...Array.from({ length: 60 }, (_, i) => `- &l${i + 1} [*l${i}]`)].join('\n');
    const e = rejection(hostilePage('WP1', `authors:\n${chain}`));
    expect([e.code, e.key, e.message]).toEqual([
      'PAGE_LIMIT_EXCEEDED',
      'authors',
      'Frontmatter "authors" nests 63 levels deep (aliases expanded); the limit is 50 (raise it with --limit yaml-depth=<n>)',
    ]);
  });
});

describe('text and list sizes', () => {
  it('a description longer than string-length', () => {
    const e = rejection(hostilePage('WP1', `description: ${'a'.repeat(200_001)}`));
    expect([e.code, e.key, e.line, e.message]).toEqual([
      'PAGE_LIMIT_EXCEEDED',
      'description',
      6,
      'Frontmatter "description" holds a text of 200,001 characters; the limit is 200,000 (raise it with --limit string-length=<n>)',
    ]);
  });

  it('more keywords than the limit, before any keyword is read', () => {
    const keywords = Array.from({ length: 10_001 }, (_, i) => `k${i}`).join(', ');
    const e = rejection(
      hostilePage('WP1', `schema-jsonld:\n- '@context': https://schema.org/\n  keywords: [${keywords}]`),
    );
    expect([e.code, e.key, e.line, e.message]).toEqual([
      'PAGE_LIMIT_EXCEEDED',
      'schema-jsonld',
      6,
      'schema-jsonld has 10,001 keywords; the limit is 10,000 (raise it with --limit keywords=<n>)',
    ]);
  });

  it('a JSON-LD array of 400,000 items within page-bytes is over yaml-values', () => {
    const e = rejection(
      hostilePage('WP1', `schema-jsonld:\n- '@context': https://schema.org/\n  about: [${'1,'.repeat(400_000)}1]`),
    );
    expect([e.code, e.key, e.details?.limit]).toEqual(['PAGE_LIMIT_EXCEEDED', 'schema-jsonld', 'yaml-values']);
  });

  it('a raised limit lets the same page through', () => {
    const keywords = Array.from({ length: 10_001 }, (_, i) => `k${i}`).join(', ');
    const record = parsePage(
      {
        file: 'pages/WP1.md',
        fileWpid: 'WP1',
        text: hostilePage('WP1', `schema-jsonld:\n- '@context': https://schema.org/\n  keywords: [${keywords}]`),
      },
      limitsFromFlags(['keywords=20000']),
    );
    expect(record.keywords).toHaveLength(10_001);
  });
});

describe('table lines', () => {
  const pm = loadMappings().participants;
  it('a table of 1,000,000 lines is rejected at the line past the limit, before it is split', () => {
    const text = HEADER_CURRENT + 'x\n'.repeat(1_000_000);
    let error: unknown;
    try {
      parseTable({ file: 'dn/WP1-datanodes.tsv', text }, pm);
    } catch (e) {
      error = e;
    }
    const e = error as PipelineError;
    expect([e.code, e.file, e.line, e.message]).toEqual([
      'TABLE_LIMIT_EXCEEDED',
      'dn/WP1-datanodes.tsv',
      10_002,
      'Participant table has more than 10,000 lines after its header; the limit is 10,000 (raise it with --limit table-lines=<n>)',
    ]);
  });

  it('a table of exactly the limit is read', () => {
    const text = HEADER_CURRENT + `${ROW_CURRENT}\n`.repeat(10_000);
    expect(parseTable({ file: 'dn/WP1-datanodes.tsv', text }, pm).stats.rows).toBe(10_000);
  });
});

describe('--limit flags', () => {
  it('reads name=n over the defaults', () => {
    expect(limitsFromFlags(['page-bytes=5', 'table-lines=7'])).toEqual({
      ...DEFAULT_LIMITS,
      pageBytes: 5,
      tableLines: 7,
    });
  });

  for (const bad of [
    'pages=5',
    'page-bytes',
    'page-bytes=0',
    'page-bytes=-1',
    'page-bytes=1e9',
    'page-bytes=99999999999999999999',
  ]) {
    it(`refuses ${bad} as a usage error`, () => {
      expect(() => limitsFromFlags([bad])).toThrow(expect.objectContaining({ code: 'USAGE', key: '--limit' }));
    });
  }
});

describe('pathway-kg run --limit', () => {
  it('exits 2 naming the flag for an unknown limit, before anything is read', async () => {
    const r = await runCli([
      'run',
      '--source',
      'examples/pages',
      '--reference',
      'examples/reference',
      '--out',
      '/nonexistent/out',
      '--limit',
      'pages=5',
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      'pathway-kg run: Expected --limit <name>=<n> with a name among page-bytes, yaml-values, yaml-depth, string-length, keywords, table-bytes, table-lines, table-warnings, got "pages=5" [USAGE]\n',
    );
  });

  it('rejects a page over a lowered page-bytes and converts the others', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'pkg-limit-flag-'));
    const pages = path.join(PROJECT_ROOT, 'examples', 'pages');
    const sizes = await Promise.all(
      ['WP9001', 'WP9002', 'WP9003', 'WP9004'].map(
        async (w) => [w, (await stat(path.join(pages, `${w}.md`))).size] as const,
      ),
    );
    const [largest, size] = sizes.reduce((a, b) => (b[1] > a[1] ? b : a));
    const r = await runCli([
      'run',
      '--source',
      pages,
      '--reference',
      path.join(PROJECT_ROOT, 'examples', 'reference'),
      '--out',
      out,
      '--quiet',
      '--limit',
      `page-bytes=${size - 1}`,
    ]);
    const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8'));
    expect(r.status).toBe(3);
    expect(report.rejects).toEqual([
      {
        code: 'PAGE_LIMIT_EXCEEDED',
        message: `Page is ${size.toLocaleString('en-US')} bytes, not read; the limit is ${(size - 1).toLocaleString('en-US')} (raise it with --limit page-bytes=<n>)`,
        file: path.join(pages, `${largest}.md`),
        details: { limit: 'page-bytes', value: size - 1 },
      },
    ]);
    expect(report.pages.converted).toBe(3);
  });
});
