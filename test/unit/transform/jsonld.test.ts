// schema-jsonld -> quads on hand-written fixtures: expected graphs, licence coercion, exact errors.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import jsonld from 'jsonld';
import { DataFactory, Parser, Writer, type Quad } from 'n3';
import { describe, expect, it } from 'vitest';
import { PipelineError } from '../../../src/errors.js';
import { isSchemaOrgContextUrl, makeDocumentLoader } from '../../../src/transform/documentLoader.js';
import {
  isUnsupportedJsonld,
  jsonldToQuads,
  jsonldToQuadsAsync,
  jsonldToQuadsReference,
  type JsonldContext,
} from '../../../src/transform/jsonld.js';
import { PROJECT_ROOT } from '../../support/corpus.js';
import { loadMappings } from '../../../src/mappings.js';

const FIXTURES = path.join(PROJECT_ROOT, 'test', 'fixtures', 'jsonld');
const document = JSON.parse(readFileSync(path.join(FIXTURES, 'context.jsonld'), 'utf8')) as object;
const context = { document, licenses: loadMappings().licenses };
const writer = new Writer({ format: 'N-Quads' });
const lines = (quads: Quad[]) =>
  quads.map((q) => writer.quadToString(q.subject, q.predicate, q.object, q.graph).trimEnd());
const sorted = (quads: Quad[]) => lines(quads).sort();
const expected = (name: string) =>
  sorted(
    new Parser({ format: 'N-Quads', blankNodePrefix: '' }).parse(
      readFileSync(path.join(FIXTURES, `${name}.nq`), 'utf8'),
    ),
  );
const blockOf = (name: string): unknown =>
  (
    matter(readFileSync(path.join(FIXTURES, `${name}.md`), 'utf8'), { language: 'yaml' }).data[
      'schema-jsonld'
    ] as unknown[]
  )[0];
const G = DataFactory.namedNode('urn:test:graph');
const PAGE = 'https://wikipathways.github.io/pathways/WP1.html';
const block = (extra: Record<string, unknown>) => ({
  '@context': 'https://schema.org/',
  '@id': PAGE,
  '@type': 'Dataset',
  ...extra,
});

/** Runs all three entry points; each gives quads or the error it threw. */
async function all(
  input: unknown,
): Promise<{ reference: Quad[] | PipelineError; fast: Quad[] | PipelineError; async: Quad[] | PipelineError }> {
  const settle = async (f: () => Quad[] | Promise<Quad[]>) => {
    try {
      return await f();
    } catch (e) {
      if (!(e instanceof PipelineError)) throw e;
      return e;
    }
  };
  return {
    reference: await settle(() => jsonldToQuadsReference(input, G, context, 'P_', 'page.md', 7)),
    fast: await settle(() => jsonldToQuads(input, G, context, 'P_', 'page.md', 7)),
    async: await settle(() => jsonldToQuadsAsync(input, G, context, 'P_', 'page.md', 7)),
  };
}

describe('schema-jsonld -> quads: hand-written pages and their expected graphs', () => {
  for (const [name, graph, prefix] of [
    ['basic', 'https://identifiers.org/wikipathways/WP9001', 'WP9001_'],
    ['empty', 'https://identifiers.org/wikipathways/WP9002', 'WP9002_'],
    ['yaml-types', 'https://identifiers.org/wikipathways/WP9003', 'WP9003_'],
    ['nested', 'urn:test:graph', 'P_'],
  ] as const) {
    it(`${name}: reference, fast and async paths all give the expected graph`, async () => {
      const g = DataFactory.namedNode(graph);
      const want = expected(name);
      const reference = await jsonldToQuadsReference(blockOf(name), g, context, prefix);
      const fast = jsonldToQuads(blockOf(name), g, context, prefix);
      expect(sorted(reference)).toEqual(want);
      expect(sorted(fast)).toEqual(want);
      expect(sorted(await jsonldToQuadsAsync(blockOf(name), g, context, prefix))).toEqual(want);
      expect(lines(fast)).toEqual(lines(reference));
    });
  }

  it('blank node labels carry the prefix, so two pathways never share one', () => {
    const a = jsonldToQuads(blockOf('nested'), G, context, 'WP1_');
    const b = jsonldToQuads(blockOf('nested'), G, context, 'WP2_');
    const labels = (qs: Quad[]) =>
      new Set(
        qs
          .flatMap((q) => [q.subject, q.object])
          .filter((t) => t.termType === 'BlankNode')
          .map((t) => t.value),
      );
    expect([...labels(a)].sort()).toEqual(['WP1_b0', 'WP1_b1', 'WP1_b2', 'WP1_b3', 'WP1_b4']);
    expect([...labels(b)].sort()).toEqual(['WP2_b0', 'WP2_b1', 'WP2_b2', 'WP2_b3', 'WP2_b4']);
  });

  it('rejects a blank node prefix that would not make a valid label', () => {
    expect(() => jsonldToQuads(blockOf('nested'), G, context, 'WP 1')).toThrow(
      'Expected a blank node prefix of letters, digits, "_" and "-", got "WP 1"',
    );
  });
});

describe('licence pre-processing (mappings/licenses.json)', () => {
  it('maps CC0 to the Creative Commons CC0 1.0 IRI', () => {
    expect(loadMappings().licenses.CC0).toBe('http://creativecommons.org/publicdomain/zero/1.0/');
  });

  it('is needed: jsonld.toRDF in safe mode rejects the bare name', async () => {
    const options = { safe: true, documentLoader: makeDocumentLoader(document) } as unknown as Parameters<
      typeof jsonld.toRDF
    >[1];
    await expect(jsonld.toRDF(block({ license: 'CC0' }), options)).rejects.toThrow('Safe mode validation error.');
  });

  it('maps a name with stray spaces, keeps an IRI, and leaves the input block untouched', async () => {
    const input = block({ license: ['CC0 ', 'https://example.org/licence'] });
    const { reference, fast } = await all(input);
    const objects = (qs: Quad[] | PipelineError) =>
      (qs as Quad[]).filter((q) => q.predicate.value === 'http://schema.org/license').map((q) => q.object.value);
    expect(objects(reference)).toEqual([
      'http://creativecommons.org/publicdomain/zero/1.0/',
      'https://example.org/licence',
    ]);
    expect(objects(fast)).toEqual(objects(reference));
    expect(input.license).toEqual(['CC0 ', 'https://example.org/licence']);
  });

  it('uses the licence table of the context when one is given', () => {
    const quads = jsonldToQuads(
      block({ license: 'Mine' }),
      G,
      { document, licenses: { Mine: 'https://example.org/mine' } },
      'P_',
    );
    expect(quads.find((q) => q.predicate.value === 'http://schema.org/license')?.object.value).toBe(
      'https://example.org/mine',
    );
  });
});

describe('schema-jsonld errors: exact messages, same on every path', () => {
  const cases: [string, unknown, string][] = [
    [
      'an unknown licence',
      block({ license: 'MIT-ish' }),
      'schema-jsonld.license: unknown licence "MIT-ish" (add it to mappings/licenses.json or give the licence IRI)',
    ],
    [
      'a YAML .nan keyword',
      block({ keywords: ['x', Number.NaN] }),
      'schema-jsonld.keywords[1]: YAML value .nan is not a finite number',
    ],
    [
      'an invalid date two lists and mappings deep (the path made only for the error)',
      block({ author: [{ name: 'a' }, { name: 'b', knows: [{ born: new Date('x') }] }] }),
      'schema-jsonld.author[1].knows[0].born: invalid YAML date',
    ],
    [
      'an unknown licence in a nested mapping, after a sibling list',
      block({ isPartOf: { keywords: ['k', 'l'], license: 'MIT-ish' } }),
      'schema-jsonld.isPartOf.license: unknown licence "MIT-ish" (add it to mappings/licenses.json or give the licence IRI)',
    ],
    ['a block that is not a mapping', ['x'], 'schema-jsonld: expected a mapping, got a list'],
    [
      'an IRI that no escape can repair (a lone surrogate)',
      block({ '@id': 'https://example.org/a\uD800' }),
      'schema-jsonld: "https://example.org/a\\ud800" is not a valid IRI',
    ],
  ];
  for (const [what, input, message] of cases) {
    it(`rejects ${what}`, async () => {
      const { reference, fast, async } = await all(input);
      for (const error of [reference, fast, async]) {
        expect(error).toBeInstanceOf(PipelineError);
        expect(error).toMatchObject({
          code: 'PAGE_JSONLD_INVALID',
          message,
          file: 'page.md',
          line: 7,
          key: 'schema-jsonld',
        });
        expect(isUnsupportedJsonld(error)).toBe(false);
      }
    });
  }
});

describe('IRIs that RFC 3987 forbids as written: percent-encoded, the same on every path', () => {
  it('encodes < > and quotes in @id, @type, @id values and value datatypes, so no IRI can end its <…> early', async () => {
    const attack = '>;<http://evil/p><http://evil/o';
    const input = block({
      '@id': `https://example.org/a${attack}`,
      '@type': ['Dataset', `https://example.org/T${attack}`],
      isBasedOn: { '@id': 'https://example.org/q"b' },
      description: { '@value': 'v', '@type': `http://a/${attack}` },
    });
    const { reference, fast, async } = await all(input);
    const encoded = '%3E;%3Chttp://evil/p%3E%3Chttp://evil/o';
    const subject = `<https://example.org/a${encoded}>`;
    expect(lines(reference as Quad[])).toEqual(
      expect.arrayContaining([
        `${subject} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://example.org/T${encoded}> <urn:test:graph> .`,
        `${subject} <http://schema.org/isBasedOn> <https://example.org/q%22b> <urn:test:graph> .`,
        `${subject} <http://schema.org/description> "v"^^<http://a/${encoded}> <urn:test:graph> .`,
      ]),
    );
    expect(lines(async as Quad[])).toEqual(lines(reference as Quad[]));
    // The fast path does not model value objects: without one it gives the same quads as jsonld.js.
    delete input.description;
    const again = await all(input);
    expect(lines(again.fast as Quad[])).toEqual(lines(again.reference as Quad[]));
    expect(lines(again.fast as Quad[])).toContain(
      `${subject} <http://schema.org/isBasedOn> <https://example.org/q%22b> <urn:test:graph> .`,
    );
    expect(fast).toBeInstanceOf(PipelineError);
  });

  it('keeps a unicode IRI as it is (valid in RFC 3987)', async () => {
    const { fast, reference } = await all(block({ '@id': 'https://例え.jp/パス' }));
    expect(lines(fast as Quad[])).toEqual(lines(reference as Quad[]));
    expect((fast as Quad[])[0]!.subject.value).toBe('https://例え.jp/パス');
  });
});

describe('constructs the fast path does not model: it refuses, the async path falls back to jsonld.js', () => {
  it('a value object with a language: refused by the fast path, converted by the fallback', async () => {
    const { reference, fast, async } = await all(block({ name: { '@value': 'Titel', '@language': 'de' } }));
    expect(fast).toMatchObject({
      code: 'PAGE_JSONLD_INVALID',
      message: 'schema-jsonld.name.@language: the keyword "@language" is not supported by the fast JSON-LD converter',
      key: 'schema-jsonld',
    });
    expect(isUnsupportedJsonld(fast)).toBe(true);
    expect(lines(reference as Quad[])).toContain(`<${PAGE}> <http://schema.org/name> "Titel"@de <urn:test:graph> .`);
    expect(lines(async as Quad[])).toEqual(lines(reference as Quad[]));
  });

  it('a relative @id: refused by the fast path, rejected by jsonld.js safe mode', async () => {
    const { reference, fast, async } = await all(block({ '@id': 'WP1.html' }));
    expect(fast).toMatchObject({
      message: 'schema-jsonld.@id: the relative IRI "WP1.html" is not supported by the fast JSON-LD converter',
    });
    expect(reference).toMatchObject({
      code: 'PAGE_JSONLD_INVALID',
      message: 'schema-jsonld: Safe mode validation error (relative @id reference: "WP1.html")',
      line: 7,
    });
    expect(async).toMatchObject({ message: (reference as PipelineError).message });
  });

  it('a relative IRI where the context expects one (url: foo)', async () => {
    const { reference, fast } = await all(block({ url: 'foo' }));
    expect(fast).toMatchObject({
      message: 'schema-jsonld.url: the relative IRI "foo" is not supported by the fast JSON-LD converter',
    });
    expect(reference).toMatchObject({
      message: 'schema-jsonld: Safe mode validation error (relative object reference: "foo")',
    });
  });

  it('a context other than schema.org: never fetched', async () => {
    const { reference, fast } = await all(block({ '@context': 'https://example.org/ctx', name: 'x' }));
    expect(fast).toMatchObject({
      message:
        'schema-jsonld.@context: the context "https://example.org/ctx" is not supported by the fast JSON-LD converter',
    });
    expect((reference as PipelineError).message).toMatch(
      /^schema-jsonld: Dereferencing a URL did not result in a valid JSON-LD object\. .*URL: "https:\/\/example\.org\/ctx" \(loading remote context failed\)$/,
    );
    expect(((reference as PipelineError).cause as { details?: { cause?: Error } }).details?.cause?.message).toBe(
      'Refusing to load "https://example.org/ctx": only the schema.org context is served, offline',
    );
  });

  it('a keyword alias from the context (id, type)', () => {
    expect(() => jsonldToQuads(block({ type: 'Thing' }), G, context, 'P_')).toThrow(
      'schema-jsonld.type: the keyword alias "type" is not supported by the fast JSON-LD converter',
    );
  });

  it('a context it cannot compile', () => {
    const odd = { document: { '@context': { '@language': 'en', name: 'http://schema.org/name' } }, licenses: {} };
    expect(() => jsonldToQuads({ '@context': 'https://schema.org/', name: 'x' }, G, odd, 'P_')).toThrow(
      'schema-jsonld: a context with "@language" is not supported by the fast JSON-LD converter',
    );
  });

  it('a block with nothing to convert', () => {
    expect(() =>
      jsonldToQuads({ '@context': 'https://schema.org/', '@id': PAGE, keywords: [] }, G, context, 'P_'),
    ).toThrow('schema-jsonld: a block with nothing to convert is not supported by the fast JSON-LD converter');
  });
});

describe('the term table', () => {
  it('is computed once per JsonldContext and kept with it, not with the document (two runs in one process share nothing)', () => {
    const first: JsonldContext = { document, licenses: {} };
    jsonldToQuads(block({ name: 'x' }), G, first, 'P_');
    const table = first.compiled;
    expect(table?.terms.get('name')).toMatchObject({ kind: 'property', iri: 'http://schema.org/name' });
    jsonldToQuads(block({ name: 'y' }), G, first, 'P_');
    expect(first.compiled).toBe(table);
    const second: JsonldContext = { document, licenses: {} };
    jsonldToQuads(block({ name: 'z' }), G, second, 'P_');
    expect(second.compiled).not.toBe(table);
  });
});

describe('offline document loader', () => {
  it('serves the given context for every schema.org spelling', async () => {
    const load = makeDocumentLoader(document);
    for (const url of [
      'https://schema.org/',
      'http://schema.org/',
      'https://schema.org',
      'http://schema.org',
      'https://www.schema.org/',
      'https://schema.org/docs/jsonldcontext.json',
      'http://schema.org/docs/jsonldcontext.jsonld',
    ]) {
      expect(isSchemaOrgContextUrl(url)).toBe(true);
      expect((await load(url)).document).toBe(document);
    }
  });

  it('refuses every other URL', async () => {
    const load = makeDocumentLoader(document);
    for (const url of [
      'https://schema.org.evil.example/',
      'https://example.org/',
      'ftp://schema.org/',
      'https://schema.org/Dataset',
    ]) {
      expect(isSchemaOrgContextUrl(url)).toBe(false);
      await expect(load(url)).rejects.toThrow(
        `Refusing to load ${JSON.stringify(url)}: only the schema.org context is served, offline`,
      );
    }
  });
});
