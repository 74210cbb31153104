// `pathway-kg query` as the CLI runs it: arguments, default format, exit statuses and messages on stderr.

import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { queryCommand } from '../../../src/cli/query.js';
import { PROJECT_ROOT } from '../../support/corpus.js';
import { FIXTURE_OUT as FIXTURE_STORE } from '../../support/queryFixture.js';

function sink(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

async function cli(argv: string[], isTTY = false): Promise<{ status: number; stdout: string; stderr: string }> {
  const out = sink();
  const err = sink();
  const status = await queryCommand(argv, { stdout: out.stream, stderr: err.stream, isTTY });
  return { status, stdout: out.text(), stderr: err.text() };
}

const COUNT = 'SELECT (count(DISTINCT ?p) AS ?n) WHERE { ?p a wp:Pathway , skos:Collection . }';
const USAGE_HINT = 'Run `pathway-kg query --help` for usage.\n';

describe('pathway-kg query', () => {
  it('prints tsv when stdout is not a terminal', async () => {
    expect(await cli(['--out', FIXTURE_STORE, COUNT])).toEqual({ status: 0, stdout: '?n\n3\n', stderr: '' });
  });

  it('prints a table on a terminal', async () => {
    expect(await cli(['--out', FIXTURE_STORE, COUNT], true)).toEqual({
      status: 0,
      stdout: ' n\n---\n 3\n(1 row)\n',
      stderr: '',
    });
  });

  it('reads the query from --file and takes --format', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pathway-kg-q-'));
    const file = path.join(dir, 'wp1800.rq');
    writeFileSync(
      file,
      '# ontology tags of one pathway\nSELECT ?tag WHERE { ?rev wp:ontologyTag ?tag ; dcterms:identifier "WP1800" . }\n',
    );
    expect(await cli(['--out', FIXTURE_STORE, '--format', 'csv', '--file', file])).toEqual({
      status: 0,
      stdout: 'tag\r\nhttp://purl.obolibrary.org/obo/PW_0000272\r\n',
      stderr: '',
    });
  });

  it('takes the predefined prefixes from --mappings', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pathway-kg-mappings-'));
    cpSync(path.join(PROJECT_ROOT, 'mappings'), dir, { recursive: true });
    const prefixes = JSON.parse(readFileSync(path.join(dir, 'prefixes.json'), 'utf8')) as Record<string, string>;
    writeFileSync(
      path.join(dir, 'prefixes.json'),
      JSON.stringify({ ...prefixes, hgnc: 'https://identifiers.org/hgnc/' }),
    );
    const q = 'SELECT DISTINCT ?l WHERE { hgnc:1403 rdfs:label ?l }';
    expect(await cli(['--out', FIXTURE_STORE, '--mappings', dir, q])).toEqual({
      status: 0,
      stdout: '?l\n"CACNB3"\n',
      stderr: '',
    });
    const without = await cli(['--out', FIXTURE_STORE, q]);
    expect(without.status).toBe(2);
    expect(without.stderr).toBe(
      'pathway-kg query: Undefined prefix "hgnc:" on line 1; declare it with PREFIX hgnc: <namespace IRI> [QUERY_INVALID]\n',
    );
  });

  it('prints help with the predefined prefixes', async () => {
    const r = await cli(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout.startsWith("Usage: pathway-kg query --out <dir> [--format <format>] '<SPARQL query>'\n")).toBe(
      true,
    );
    // prefixes.json, then query-prefixes.json (the endpoint's others).
    expect(r.stdout).toContain(
      '\n  wp dc dcterms skos rdf rdfs pav foaf schema xsd obo prov void bibo cito owl pq sh cur gpml wprdf fn biopax freq wpq\n',
    );
    expect(r.stderr).toBe('');
  });

  it('exits 2 with a clear message when the store is missing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pathway-kg-none-'));
    expect(await cli(['--out', dir, COUNT])).toEqual({
      status: 2,
      stdout: '',
      stderr: `pathway-kg query: ${dir}/all.nq: No embedded store: run \`pathway-kg run --out ${dir}\` first to create it. [STORE_INVALID]\n`,
    });
  });

  it('exits 2 on a syntax error, reported before the store is even looked for', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pathway-kg-none-'));
    expect(await cli(['--out', dir, 'SELECT * WHERE {\n  ?s ?p ?o '])).toEqual({
      status: 2,
      stdout: '',
      stderr:
        'pathway-kg query: SPARQL syntax error at line 2, column 12: expected one of ",", ".", ";", "{", "{|", "}", "~", [_] [QUERY_INVALID]\n',
    });
  });

  it('names the query file and line of an error', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pathway-kg-q-'));
    const file = path.join(dir, 'bad.rq');
    writeFileSync(file, 'SELECT * WHERE {\n  ?s cas:x ?o }\n');
    const r = await cli(['--out', FIXTURE_STORE, '--file', file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `pathway-kg query: ${file}:2: Undefined prefix "cas:" on line 2; declare it with PREFIX cas: <namespace IRI> [QUERY_INVALID]\n`,
    );
  });

  it('exits 2 on usage errors, with a pointer to --help', async () => {
    expect(await cli([COUNT])).toEqual({
      status: 2,
      stdout: '',
      stderr: `pathway-kg query: Expected --out <dir>, the output directory of a run [USAGE]\n${USAGE_HINT}`,
    });
    expect((await cli(['--out', FIXTURE_STORE])).stderr).toBe(
      `pathway-kg query: Expected one query argument (quote it), got 0 [USAGE]\n${USAGE_HINT}`,
    );
    expect((await cli(['--out', FIXTURE_STORE, 'SELECT', '*'])).stderr).toBe(
      `pathway-kg query: Expected one query argument (quote it), got 2 [USAGE]\n${USAGE_HINT}`,
    );
    expect((await cli(['--out', FIXTURE_STORE, '--file', 'q.rq', COUNT])).stderr).toBe(
      `pathway-kg query: Expected either a query or --file, not both [USAGE]\n${USAGE_HINT}`,
    );
    expect((await cli(['--out', FIXTURE_STORE, '--format', 'xml', COUNT])).stderr).toBe(
      `pathway-kg query: Expected --format to be one of table, csv, tsv, json, turtle, ntriples, got "xml" [USAGE]\n${USAGE_HINT}`,
    );
    expect((await cli(['--out', FIXTURE_STORE, '  '])).stderr).toBe(
      `pathway-kg query: Expected a SPARQL query, got an empty argument [USAGE]\n${USAGE_HINT}`,
    );
    const unknown = await cli(['--out', FIXTURE_STORE, '--limit', '3', COUNT]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^pathway-kg query: Unknown option '--limit'/);
  });

  it('exits 2 when the query file cannot be read', async () => {
    const r = await cli(['--out', FIXTURE_STORE, '--file', '/nonexistent/q.rq']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `pathway-kg query: /nonexistent/q.rq: Cannot read the query file: ENOENT: no such file or directory, open '/nonexistent/q.rq' [USAGE]\n${USAGE_HINT}`,
    );
  });

  it('runs a WikiPathways-style query pasted as it is', async () => {
    const r = await cli([
      '--out',
      FIXTURE_STORE,
      `SELECT DISTINCT ?pathway (str(?label) AS ?geneProduct) WHERE {
  ?pathwayRev dcterms:identifier "WP1800" ; a wp:Pathway ; dc:identifier ?pathway .
  ?geneProduct dcterms:isPartOf ?pathwayRev ; a wp:GeneProduct ; rdfs:label ?label .
} ORDER BY ?label`,
    ]);
    expect(r).toEqual({
      status: 0,
      stdout:
        '?pathway\t?geneProduct\n<https://identifiers.org/wikipathways/WP1800>\t"CACNA1A"\n<https://identifiers.org/wikipathways/WP1800>\t"CACNB3"\n',
      stderr: '',
    });
  });
});

describe('pathway-kg query | head', () => {
  it('treats a reader that went away (EPIPE) as the end of the output, not an error', async () => {
    const closed = new Writable({
      write(_chunk, _encoding, done) {
        done(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
      },
    });
    const err = sink();
    const status = await queryCommand(['--out', FIXTURE_STORE, COUNT], {
      stdout: closed,
      stderr: err.stream,
      isTTY: false,
    });
    expect(status).toBe(0);
    expect(err.text()).toBe('');
  });

  it('reports any other write error', async () => {
    const full = new Writable({
      write(_chunk, _encoding, done) {
        done(Object.assign(new Error('no space left on device'), { code: 'ENOSPC' }));
      },
    });
    const err = sink();
    const status = await queryCommand(['--out', FIXTURE_STORE, COUNT], {
      stdout: full,
      stderr: err.stream,
      isTTY: false,
    });
    expect(status).toBe(1);
    expect(err.text()).toBe('pathway-kg query: no space left on device [INTERNAL]\n');
  });
});
