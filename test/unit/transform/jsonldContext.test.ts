// The fast path's term table for the real schema.org context, checked against jsonld.js term by term.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DataFactory, Writer, type Quad } from 'n3';
import { expect, it } from 'vitest';
import { jsonldToQuads, jsonldToQuadsReference } from '../../../src/transform/jsonld.js';
import { compileContext } from '../../../src/transform/jsonldTerms.js';
import { CORPUS, describeCorpus } from '../../support/corpus.js';
import { loadMappings } from '../../../src/mappings.js';

const writer = new Writer({ format: 'N-Quads' });
const lines = (quads: Quad[]) => quads.map((q) => writer.quadToString(q.subject, q.predicate, q.object, q.graph));

describeCorpus('schema.org context 30.0: the fast path models every term', () => {
  const document = JSON.parse(
    readFileSync(path.join(CORPUS.reference, 'schemaorg', 'schemaorgcontext.jsonld'), 'utf8'),
  ) as { '@context': Record<string, unknown> };
  const compiled = compileContext(document);
  const terms = [...compiled.terms.entries()];

  it('compiles with nothing refused: 3,078 property terms, 73 prefixes, 2 aliases, 126 coercions', () => {
    // Counts from ../shared/data/reference/SOURCE.md: 3,004 term objects, 74 namespace terms, `type`/`id`, 126 with
    // @type.
    // Of the 74 namespaces, `xml` (http://www.w3.org/XML/1998/namespace) ends in no gen-delim, so JSON-LD 1.1 does not
    // use it as a prefix.
    expect(compiled.unsupported).toBeUndefined();
    expect(compiled.vocab).toBe('http://schema.org/');
    expect(terms.filter(([, d]) => d.kind === 'property')).toHaveLength(3004 + 74);
    expect(compiled.prefixes.size).toBe(73);
    expect(compiled.prefixes.has('xml')).toBe(false);
    expect(
      terms
        .filter(([, d]) => d.kind === 'alias')
        .map(([t]) => t)
        .sort(),
    ).toEqual(['id', 'type']);
    expect(terms.filter(([, d]) => d.kind === 'property' && d.coercion.kind !== 'none')).toHaveLength(126);
    expect(compiled.terms.get('license')).toEqual({
      kind: 'property',
      iri: 'http://schema.org/license',
      coercion: { kind: '@id' },
    });
    expect(compiled.terms.get('datePublished')).toEqual({
      kind: 'property',
      iri: 'http://schema.org/datePublished',
      coercion: { kind: 'datatype', iri: 'http://schema.org/Date' },
    });
    expect(compiled.prefixes.get('dcterms')).toBe('http://purl.org/dc/terms/');
  });

  it('every term as a key, every prefix in a compact key and every term as a type: same quads as jsonld.toRDF', async () => {
    const block: Record<string, unknown> = { '@context': 'https://schema.org/', '@id': 'https://example.org/page' };
    const properties = terms.filter(([, d]) => d.kind === 'property').map(([t]) => t);
    block['@type'] = properties;
    for (const t of properties) block[t] = 'https://example.org/value';
    // Every namespace term of the document (not of the compiled table), `xml` included.
    const namespaces = Object.entries(document['@context'])
      .filter(([t, v]) => typeof v === 'string' && !t.startsWith('@') && !v.startsWith('@'))
      .map(([t]) => t);
    expect(namespaces).toHaveLength(74);
    for (const p of namespaces) block[`${p}:someProperty`] = ['plain', 42];
    const graph = DataFactory.namedNode('urn:test:graph');
    const reference = await jsonldToQuadsReference(block, graph, { document, licenses: loadMappings().licenses }, 'T_');
    const fast = jsonldToQuads(block, graph, { document, licenses: loadMappings().licenses }, 'T_');
    console.log(
      `[jsonld context] ${properties.length} terms as keys and types, ${namespaces.length} namespaces in compact keys: ${reference.length} quads compared`,
    );
    expect(reference.length).toBeGreaterThan(2 * properties.length);
    expect(lines(fast)).toEqual(lines(reference));
  });
});
