// Pages carrying hostile and odd IRIs through the whole run: every output parses back with rapper, no injected triple.

import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkRunConfig } from '../../../src/config.js';
import { runPipeline } from '../../../src/pipeline.js';
import type { RunReport } from '../../../src/report.js';
import { PROJECT_ROOT } from '../../support/corpus.js';

const FIXTURES = path.join(PROJECT_ROOT, 'test', 'fixtures', 'iris');
const EVIL = 'http://evil/p';

/** rapper's N-Triples for a file, or the test fails with rapper's own complaint. */
function rapper(file: string, syntax: 'nquads' | 'turtle'): string[] {
  const r = spawnSync('rapper', ['-q', '-i', syntax, '-o', 'ntriples', file], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.error) throw new Error(process.env.PATHWAY_KG_RAPPER_MISSING ?? `rapper could not run: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`rapper rejected ${file}: ${r.stderr}`);
  return r.stdout.split('\n').filter((line) => line !== '');
}

/** The predicate of an N-Triples line as rapper writes it (`<s> <p> o .` or `_:b <p> o .`). */
function predicate(line: string): string {
  return /^\S+ <([^>]*)> /.exec(line)![1]!;
}

describe('IRIs built from page text', () => {
  let out: string;
  let report: RunReport;
  let files: string[];

  beforeAll(async () => {
    out = path.join(await mkdtemp(path.join(tmpdir(), 'pkg-iris-')), 'out');
    const config = checkRunConfig({
      source: path.join(FIXTURES, 'pages'),
      datanodes: [path.join(FIXTURES, 'datanodes')],
      reference: path.join(PROJECT_ROOT, 'examples', 'reference'),
      out,
    });
    report = await runPipeline(config);
    files = [
      'all.nq',
      'ontologies.ttl',
      'dataset.ttl',
      ...(await readdir(path.join(out, 'pathways'))).map((f) => path.join('pathways', f)),
    ];
  });

  it('converts both pages and writes a Turtle file for each', () => {
    expect(report.pages).toEqual({ read: 2, converted: 2, rejected: 0, unchanged: 0 });
    expect(files).toEqual(['all.nq', 'ontologies.ttl', 'dataset.ttl', 'pathways/WP901.ttl', 'pathways/WP902.ttl']);
  });

  it('writes files that rapper parses, with no triple of the injected predicate', () => {
    for (const file of files) {
      const lines = rapper(path.join(out, file), file.endsWith('.nq') ? 'nquads' : 'turtle');
      expect(lines.length, file).toBeGreaterThan(0);
      expect(
        lines.filter((line) => predicate(line) === EVIL),
        file,
      ).toEqual([]);
    }
  });

  it('reads back the same number of statements from all.nq as the run wrote', () => {
    expect(rapper(path.join(out, 'all.nq'), 'nquads')).toHaveLength(report.triples);
  });

  it('percent-encodes < and > in DOIs (a real SICI DOI and the attack) and in JSON-LD IRIs and datatypes', async () => {
    const nq = await readFile(path.join(out, 'all.nq'), 'utf8');
    const ttl = await readFile(path.join(out, 'pathways', 'WP901.ttl'), 'utf8');
    const g = '<https://identifiers.org/wikipathways/WP901>';
    for (const line of [
      `<https://identifiers.org/wikipathways/WP901> <http://purl.org/spar/cito/isCitedBy> <https://doi.org/10.1002/(SICI)1097-4636(199606)31:2%3C171::AID-JBM3%3E3.0.CO;2-F> ${g} .`,
      `<https://identifiers.org/wikipathways/WP901> <http://purl.org/spar/cito/isCitedBy> <https://doi.org/10.1234/a%3E;%3Chttp://evil/p%3E%3Chttp://evil/o> ${g} .`,
      `<https://doi.org/10.1234/a%3E;%3Chttp://evil/p%3E%3Chttp://evil/o> <http://www.w3.org/2000/01/rdf-schema#seeAlso> <https://doi.org/10.1234/b%3E;%3Chttp://evil/p%3E%3Chttp://evil/o> ${g} .`,
      `<https://例え.jp/パスウェイ/WP901> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://example.org/T%3E;%3Chttp://evil/p%3E%3Chttp://evil/o> ${g} .`,
      `<https://例え.jp/パスウェイ/WP901> <http://schema.org/description> "v"^^<http://a/%3E;%3Chttp://evil/p%3E%3Chttp://evil/o> ${g} .`,
      `<https://例え.jp/パスウェイ/WP901> <http://schema.org/isBasedOn> <http://example.org/y%3E;%3Chttp://evil/p%3E%3Chttp://evil/o> ${g} .`,
      `<https://例え.jp/パスウェイ/WP901> <http://schema.org/license> <http://example.org/licence%3C1%3E> ${g} .`,
      `<https://例え.jp/パスウェイ/WP901> <http://schema.org/url> <http://example.org/q%22uote%7Bb%7D%7Cc%5Ed%60e%5Cf> ${g} .`,
      // A valid escape is kept, a bare % is escaped, a second # is escaped, non-ASCII stays as it is.
      `<https://例え.jp/パスウェイ/WP901> <http://schema.org/url> <http://example.org/already%20encoded/100%25/ü#a%23b> ${g} .`,
      // Brackets belong in an IPv6 host only.
      `<https://例え.jp/パスウェイ/WP901> <http://schema.org/url> <https://[2001:db8::1]/%5Bx%5D> ${g} .`,
    ]) {
      // The triple, whichever graph holds it: the schema.org block's node here is not the page's own URL, so its
      // facts are in a shared-node graph (test/load/layout/).
      const triple = (l: string) => l.slice(0, l.lastIndexOf(' <'));
      expect(nq.split('\n').map(triple)).toContain(triple(line));
    }
    // The unicode IRI is valid (RFC 3987) and stays readable in the files too (a shared-node graph's, here).
    const shared = readdirSync(path.join(out, 'shared'))
      .map((n) => readFileSync(path.join(out, 'shared', n), 'utf8'))
      .join('');
    expect(shared).toContain(
      '<https://例え.jp/パスウェイ/WP901> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://example.org/T%3E;%3Chttp://evil/p%3E%3Chttp://evil/o> .',
    );
    expect(ttl).toContain(
      'cito:isCitedBy <https://doi.org/10.1234/a%3E;%3Chttp://evil/p%3E%3Chttp://evil/o>, <https://doi.org/10.1002/(SICI)1097-4636(199606)31:2%3C171::AID-JBM3%3E3.0.CO;2-F>',
    );
  });

  it('drops what cannot become an IRI with a located warning, and keeps the rest of the page', () => {
    const warnings = report.warnings.items.map((w) => [w.code, path.basename(w.file ?? ''), w.key, w.message]);
    expect(warnings).toEqual([
      // `<`, `>` and `"` cannot be in a wiki user name, so the author is no User IRI.
      [
        'PAGE_VALUE_IGNORED',
        'WP901.md',
        'authors',
        'Ignored author "Iris <Tester> \\"quoted\\"": not a wiki user name',
      ],
      [
        'PAGE_VALUE_IGNORED',
        'WP901.md',
        'communities',
        'Ignored community "evil\\"><http://evil/p>": not a valid community name',
      ],
      [
        'PAGE_VALUE_IGNORED',
        'WP901.md',
        'citedin',
        'Ignored citation "https://doi.org/10.1000/has space": neither a PMC id nor a DOI',
      ],
      ['PAGE_VALUE_IGNORED', 'WP901.md', 'citedin', 'Ignored citation "10.1000/quote\\"d": neither a PMC id nor a DOI'],
      [
        'PAGE_VALUE_IGNORED',
        'WP901.md',
        'citedin',
        'Ignored citation "10.1000/new\\nline": neither a PMC id nor a DOI',
      ],
      [
        'PAGE_VALUE_IGNORED',
        'WP901.md',
        'ndex',
        'Ignored ndex "x>;<http://evil/p><http://evil/o": not an NDEx network UUID',
      ],
      [
        'TABLE_ROW_INVALID',
        'WP901-datanodes.tsv',
        'hgnc.symbol',
        '"A>B" is not a valid hgnc.symbol identifier; left out',
      ],
      [
        'TABLE_ROW_INVALID',
        'WP901-datanodes.tsv',
        'hgnc.symbol',
        '"A\\"><http://evil/p>" is not a valid hgnc.symbol identifier; left out',
      ],
      [
        'PAGE_JSONLD_INVALID',
        'WP902.md',
        'schema-jsonld',
        'schema-jsonld: Safe mode validation error (relative object reference: "http://example.org/new\\nline")',
      ],
    ]);
  });
});
