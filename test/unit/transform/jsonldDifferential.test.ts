// Seeded random schema-jsonld blocks, shapes beyond the corpus: the fast path matches jsonld.toRDF or refuses.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DataFactory, Writer, type Quad } from 'n3';
import { describe, expect, it } from 'vitest';
import { PipelineError } from '../../../src/errors.js';
import { isUnsupportedJsonld, jsonldToQuads, jsonldToQuadsReference } from '../../../src/transform/jsonld.js';
import { PROJECT_ROOT } from '../../support/corpus.js';
import { loadMappings } from '../../../src/mappings.js';

const document = JSON.parse(
  readFileSync(path.join(PROJECT_ROOT, 'test', 'fixtures', 'jsonld', 'context.jsonld'), 'utf8'),
) as object;
const context = { document, licenses: loadMappings().licenses };
const writer = new Writer({ format: 'N-Quads' });
const lines = (quads: Quad[]) => quads.map((q) => writer.quadToString(q.subject, q.predicate, q.object, q.graph));

/** mulberry32: a small seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SCALARS: unknown[] = [
  'x',
  '',
  ' padded ',
  'K+',
  'é ü 中',
  'line\nbreak',
  'tab\there',
  '"quoted" \\',
  0,
  1,
  -3,
  1.5,
  1e21,
  2 ** 53 + 2,
  1e-7,
  true,
  false,
  null,
  'http://example.org/a',
  'schema:Thing',
  'dc:x',
  'relative',
  '_:b9',
];
const KEYS = [
  'name',
  'description',
  'keywords',
  'url',
  'datePublished',
  'schema:name',
  'dc:subject',
  'unknownThing',
  'http://example.org/p',
  'creator',
  'author',
  'member',
];
const TYPES: unknown[] = ['Dataset', ['Dataset', 'Organization'], 'http://example.org/T', 'schema:Thing', 'Unknown'];

function makeBlock(next: () => number, depth: number): Record<string, unknown> {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const value = (): unknown => {
    const r = next();
    if (r < 0.15 && depth < 2) return makeBlock(next, depth + 1);
    if (r < 0.35)
      return Array.from({ length: Math.floor(next() * 4) }, () =>
        next() < 0.1 && depth < 2
          ? makeBlock(next, depth + 1)
          : next() < 0.1
            ? [pick(SCALARS), pick(SCALARS)]
            : pick(SCALARS),
      );
    return pick(SCALARS);
  };
  const block: Record<string, unknown> = {};
  if (depth === 0) block['@context'] = pick(['https://schema.org/', 'http://schema.org']);
  if (next() < 0.7)
    block['@id'] =
      depth === 0
        ? 'https://wikipathways.github.io/pathways/WP1.html'
        : pick(['http://example.org/n', 'schema:Node', 'https://wikipathways.github.io/pathways/WP1.html']);
  if (next() < 0.6) block['@type'] = pick(TYPES);
  if (depth === 0 && next() < 0.5) block.license = pick(['CC0', 'http://example.org/licence']);
  const n = 1 + Math.floor(next() * 5);
  for (let i = 0; i < n; i++) block[pick(KEYS)] = value();
  return block;
}

describe('schema-jsonld: random blocks, fast path against jsonld.toRDF', () => {
  it('1,000 seeded blocks: identical quads in the same order, the same error, or a clear refusal', async () => {
    const next = random(20240601);
    const graph = DataFactory.namedNode('urn:test:graph');
    let same = 0;
    let refused = 0;
    let bothRejected = 0;
    const mismatches: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const block = makeBlock(next, 0);
      const reference = await jsonldToQuadsReference(block, graph, context, 'R_').then(
        lines,
        (e: unknown) => e as PipelineError,
      );
      let fast: string[] | PipelineError;
      try {
        fast = lines(jsonldToQuads(block, graph, context, 'R_'));
      } catch (e) {
        if (!(e instanceof PipelineError)) throw e;
        fast = e;
      }
      if (Array.isArray(fast)) {
        if (Array.isArray(reference) && JSON.stringify(fast) === JSON.stringify(reference)) same++;
        else
          mismatches.push(
            `#${i} ${JSON.stringify(block)}: fast ${fast.length} quads, reference ${Array.isArray(reference) ? `${reference.length} quads` : reference.message}`,
          );
      } else if (isUnsupportedJsonld(fast)) {
        refused++;
      } else if (!Array.isArray(reference) && reference.message === fast.message) {
        bothRejected++;
      } else {
        mismatches.push(
          `#${i} ${JSON.stringify(block)}: fast ${fast.message}, reference ${Array.isArray(reference) ? `${reference.length} quads` : reference.message}`,
        );
      }
    }
    console.log(
      `[jsonld differential] 1000 blocks: ${same} identical, ${bothRejected} rejected alike, ${refused} refused by the fast path`,
    );
    expect(mismatches.slice(0, 5)).toEqual([]);
    expect(same).toBeGreaterThan(400);
  });
});
