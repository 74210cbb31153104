// `pathway-kg reference fetch` against an in-process host serving the shared reference files (read in
// place): first fetch, conditional re-fetch, an update, and downloads that must not replace a good file.

import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMappings } from '../../../../src/mappings.js';
import { fetchReference } from '../../../../src/reference/fetch/fetchReference.js';
import { checkReferenceFile } from '../../../../src/reference/fetch/sanity.js';
import { loadReferenceSources, type ReferenceSource } from '../../../../src/reference/fetch/sources.js';
import { loadReference } from '../../../../src/reference/loadReference.js';
import { runCli } from '../../../support/cli.js';
import { CORPUS, describeCorpus, PROJECT_ROOT } from '../../../support/corpus.js';

const SOURCES = loadReferenceSources(path.join(PROJECT_ROOT, 'mappings', 'reference-sources.json'));
const source = (name: string) => SOURCES.find((s) => s.name === name)!;

describeCorpus('reference fetch', () => {
  const ref = (p: string) => readFileSync(path.join(CORPUS.reference, p));
  // name -> what the host serves now
  const served = new Map<string, Buffer>();
  const log: { url: string; status: number }[] = [];
  let override: ((req: IncomingMessage, res: ServerResponse) => boolean) | undefined;
  const server = createServer((req, res) => {
    const name = decodeURIComponent((req.url ?? '').slice(1));
    const answer = (status: number, body: Buffer | string = '', headers: Record<string, string> = {}) => {
      log.push({ url: req.url!, status });
      res.writeHead(status, headers).end(body);
    };
    if (override?.(req, res)) return void log.push({ url: req.url!, status: -1 });
    // PW is reached through a redirect, as ontology PURLs are.
    if (name === 'purl/PW') return answer(302, '', { location: '/files/PW' });
    const body = served.get(name.replace(/^files\//, ''));
    if (body === undefined) return answer(404, 'not found');
    const etag = `"${createHash('sha1').update(body).digest('hex')}"`;
    if (req.headers['if-none-match'] === etag) return answer(304, '', { etag });
    answer(200, body, { etag, 'last-modified': 'Mon, 01 Dec 2026 00:00:00 GMT', 'content-type': 'text/plain' });
  });
  let sourcesFile: string;
  let into: string;
  const fetchCli = (...extra: string[]) =>
    runCli(['reference', 'fetch', '--into', into, '--sources', sourcesFile, ...extra]);

  beforeAll(async () => {
    served.set('hgnc', gunzipSync(ref('hgnc/hgnc_complete_set.txt.gz')));
    served.set('PW', ref('ontology/pathway.obo'));
    served.set('DOID', gunzipSync(ref('ontology/doid.obo.gz')));
    served.set('CL', ref('ontology/cl-basic.obo'));
    served.set('DOID.newerLabels', ref('ontology/HumanDO.tsv'));
    served.set('CL.newerLabels', ref('ontology/cl_synonyms_report.tsv'));
    served.set('organisms', ref('taxonomy/bridgedb_organisms.tsv'));
    served.set('schemaContext', ref('schemaorg/schemaorgcontext.jsonld'));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const dir = await mkdtemp(path.join(tmpdir(), 'pkg-reffetch-'));
    into = path.join(dir, 'reference');
    sourcesFile = path.join(dir, 'sources.json');
    // The package's list with every URL pointed at this host: the real checks, no internet.
    const list = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'mappings', 'reference-sources.json'), 'utf8'));
    for (const f of list.files) f.url = f.name === 'PW' ? `${base}/purl/PW` : `${base}/${f.name}`;
    await writeFile(sourcesFile, JSON.stringify(list));
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('first fetch: every file, in the layout a run reads, with the versions found', async () => {
    const r = await fetchCli();
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.slice(0, -1).map((l) => l.split(/\s+/).slice(0, 3))).toEqual(
      SOURCES.map((s) => [s.name, s.path, 'new']),
    );
    expect(r.stdout).toContain('version 2024-10-18');
    expect(r.stdout).toContain('version 7.97');
    expect(r.stdout).toContain('version releases/2024-01-31/doid.obo');
    expect(r.stdout).toContain('version cl/releases/2022-11-25/cl-basic.owl');
    for (const s of SOURCES) expect((await readFile(path.join(into, s.path))).equals(served.get(s.name)!)).toBe(true);
    const reference = await loadReference(into, loadMappings());
    expect(reference.versions).toMatchObject({ hgnc: '2024-10-18', PW: '7.97', DOID: 'releases/2024-01-31/doid.obo' });
  });

  it('a second fetch asks conditionally and downloads nothing', async () => {
    const before = log.length;
    const r = await fetchCli();
    expect(r.status).toBe(0);
    const answers = log.slice(before);
    // PW: the redirect, then 304.
    expect(answers.filter((a) => a.status === 304)).toHaveLength(SOURCES.length);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(0);
    expect(r.stdout.split('\n').filter((l) => / unchanged /.test(l))).toHaveLength(SOURCES.length);
  });

  it('a changed file replaces the old one and its new version is printed', async () => {
    served.set(
      'PW',
      Buffer.from(served.get('PW')!.toString('utf8').replace('data-version: 7.97', 'data-version: 7.98')),
    );
    const r = await fetchCli();
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^PW\s+ontology\/pathway\.obo\s+updated\s+version 7\.98, /m);
    expect(await readFile(path.join(into, 'ontology/pathway.obo'), 'utf8')).toContain('data-version: 7.98');
  });

  it('an HTML page from the host does not replace a good file (status 2)', async () => {
    const good = await readFile(path.join(into, 'hgnc/hgnc_complete_set.txt'));
    override = (req, res) => {
      if (req.url !== '/hgnc') return false;
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end(`<!DOCTYPE html><html><body>${'Service temporarily unavailable. '.repeat(200000)}</body></html>`);
      return true;
    };
    const r = await fetchCli('--only', 'hgnc');
    override = undefined;
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /^hgnc: FAILED: hgnc: http:\/\/127\.0\.0\.1:\d+\/hgnc gave an HTML or XML page, not the data file \(an error or login page\?\); the previous hgnc\/hgnc_complete_set\.txt is kept \[REFERENCE_INVALID\]\n$/,
    );
    expect((await readFile(path.join(into, 'hgnc/hgnc_complete_set.txt'))).equals(good)).toBe(true);
    // And the next fetch still knows the good file: a conditional request, answered 304.
    const before = log.length;
    expect((await fetchCli('--only', 'hgnc')).status).toBe(0);
    expect(log.slice(before).map((a) => a.status)).toEqual([304]);
  });

  it('a host that stays down leaves every file as it was (SOURCE_UNREACHABLE)', async () => {
    const good = await readFile(path.join(into, 'ontology/cl-basic.obo'));
    override = (_req, res) => (res.writeHead(503).end(), true);
    const sources = loadReferenceSources(sourcesFile).filter((s) => s.name === 'CL');
    const result = await fetchReference(into, sources, { sleep: async () => undefined });
    override = undefined;
    expect(result.outcomes.map((o) => [o.status, o.error?.code])).toEqual([['failed', 'SOURCE_UNREACHABLE']]);
    expect((await readFile(path.join(into, 'ontology/cl-basic.obo'))).equals(good)).toBe(true);
  });
});

describe('checkReferenceFile', () => {
  const obo = Buffer.from(`format-version: 1.2\ndata-version: 2026-01-01\n\n[Term]\nid: X:1\nname: x\n`);
  const small = (s: ReferenceSource): ReferenceSource => ({ ...s, minBytes: 10 });
  it.each([
    ['an empty file', source('PW'), Buffer.alloc(0), 'empty file'],
    [
      'an OBO without format-version',
      source('PW'),
      Buffer.from('data-version: 1\n\n[Term]\nid: X:1\n'),
      'no format-version in the OBO header',
    ],
    [
      'an OBO without [Term]',
      source('PW'),
      Buffer.from('format-version: 1.2\n\n[Typedef]\nid: x\n'),
      'no [Term] stanza',
    ],
    [
      'an OBO cut off mid-line',
      source('PW'),
      obo.subarray(0, obo.length - 3),
      'the last line is not complete: cut off?',
    ],
    [
      'a table without its header',
      source('organisms'),
      Buffer.from('Homo\tsapiens\tHs\tHs\t9606\n'),
      'the first line is not the expected header (missing genus, species, ncbi)',
    ],
    [
      'a table cut mid-row',
      source('organisms'),
      Buffer.from('genus\tspecies\tshort name\tsymbol\tncbi\nHomo\tsapiens\tHs\tHs\t9606\nMus\tmus'),
      "the last row has fewer cells than the header's 5: cut off?",
    ],
    [
      'an HTML page',
      source('organisms'),
      Buffer.from('\n  <html><head><title>404</title></head></html>\n'),
      'an HTML or XML page, not the data file (an error or login page?)',
    ],
    [
      'a JSON error body',
      source('schemaContext'),
      Buffer.from('{"error":"rate limited"}'),
      'JSON without an "@context" object holding "@vocab"',
    ],
  ])('refuses %s', (_what, s, bytes, reason) => {
    expect(checkReferenceFile(small(s), bytes)).toEqual({ ok: false, reason });
  });
  it('refuses a file smaller than minBytes (a cut-off download)', () => {
    expect(checkReferenceFile({ ...source('PW'), minBytes: 1000 }, obo)).toEqual({
      ok: false,
      reason: `${obo.length} bytes, less than the 1000 expected: cut off?`,
    });
  });
  it('accepts a good OBO and reads its data-version', () => {
    expect(checkReferenceFile(small(source('PW')), obo)).toEqual({ ok: true, version: '2026-01-01' });
  });
  it('reads quoted headers (HumanDO.tsv quotes every field)', () => {
    expect(
      checkReferenceFile(
        small(source('DOID.newerLabels')),
        Buffer.from('"id"\t"label"\t"subClassOf"\n"DOID:1"\t"x"\t"y"\n'),
      ),
    ).toEqual({ ok: true });
  });
});
