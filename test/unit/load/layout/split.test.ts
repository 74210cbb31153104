// Which of a pathway's statements stay in its graph, which go to the shared-node graphs, and which bucket.

import { DataFactory } from 'n3';
import { describe, expect, it } from 'vitest';
import { bucketOf, BUCKETS, isSharedGraph, lineSubject, sharedGraph } from '../../../../src/load/layout/bucket.js';
import { ownQuads, pathwayScope, splitPathway } from '../../../../src/load/layout/split.js';

const { namedNode: iri, literal, blankNode, quad } = DataFactory;
const G = iri('https://identifiers.org/wikipathways/WP1');
const S = iri('https://identifiers.org/wikipathways/WP1_r5');
const PAGE = iri('https://wikipathways.github.io/pathways/WP1.html');
const GENE = iri('https://identifiers.org/ncbigene/782');
const OTHER = iri('https://identifiers.org/wikipathways/WP2');
const p = (local: string) => iri(`http://ex.org/${local}`);

describe('splitPathway', () => {
  const quads = [
    quad(G, p('hasVersion'), S, G),
    quad(S, p('title'), literal('T'), G),
    quad(PAGE, p('name'), literal('T'), G),
    quad(PAGE, p('creator'), blankNode('WP1_b0'), G),
    quad(blankNode('WP1_b0'), p('name'), literal('WikiPathways'), G),
    quad(GENE, p('label'), literal('CACNB1'), G),
    quad(GENE, p('isPartOf'), G, G),
    quad(GENE, p('isPartOf'), S, G),
    quad(OTHER, p('type'), p('Pathway'), G), // a Pathway row naming another page
    quad(OTHER, p('isPartOf'), G, G),
  ];
  const split = splitPathway(quads, new Set([G.value, S.value, PAGE.value]));

  it('keeps in the pathway graph what is about its IRIs or its page, about or pointing at its blank nodes, or pointing at it', () => {
    expect(split.own.map((q) => `${q.subject.value} ${q.predicate.value}`)).toEqual([
      `${G.value} http://ex.org/hasVersion`,
      `${S.value} http://ex.org/title`,
      `${PAGE.value} http://ex.org/name`,
      `${PAGE.value} http://ex.org/creator`,
      'WP1_b0 http://ex.org/name',
      `${GENE.value} http://ex.org/isPartOf`,
      `${GENE.value} http://ex.org/isPartOf`,
      `${OTHER.value} http://ex.org/isPartOf`,
    ]);
  });

  it('sends the facts of other nodes to the shared graphs, as N-Triples lines by the bucket of their subject', () => {
    expect(bucketOf(GENE.value)).toBe(bucketOf(OTHER.value)); // one bucket: their lines joined, in order
    expect([...split.shared]).toEqual([
      [
        bucketOf(GENE.value),
        `<${GENE.value}> <http://ex.org/label> "CACNB1" .\n<${OTHER.value}> <http://ex.org/type> <http://ex.org/Pathway> .`,
      ],
    ]);
  });

  it("joins a bucket's lines in the pathway's order, a subject's quads apart or together, each as lineSubject reads it", () => {
    // Subjects that fall in one bucket, their quads interleaved (a subject met again, not in one run), one fact twice.
    const a = iri('https://identifiers.org/ncbigene/1');
    const b = Array.from({ length: 500 }, (_, n) => iri(`https://identifiers.org/ncbigene/${n + 2}`));
    const same = b.find((t) => bucketOf(t.value) === bucketOf(a.value))!;
    expect(same).toBeDefined();
    const unicode = iri('https://example.org/gène/β');
    const qs = [
      quad(a, p('label'), literal('A\n"1"'), G),
      quad(same, p('label'), literal('B', 'en'), G),
      quad(a, p('seeAlso'), unicode, G),
      quad(unicode, p('label'), literal('ü'), G),
      quad(same, p('label'), literal('B', 'en'), G),
    ];
    const shared = splitPathway(qs, new Set([G.value, S.value])).shared;
    expect(shared.get(bucketOf(a.value))).toBe(
      [
        `<${a.value}> <http://ex.org/label> "A\\n\\"1\\"" .`,
        `<${same.value}> <http://ex.org/label> "B"@en .`,
        `<${a.value}> <http://ex.org/seeAlso> <${unicode.value}> .`,
        `<${same.value}> <http://ex.org/label> "B"@en .`,
      ].join('\n'),
    );
    const line = `<${unicode.value}> <http://ex.org/label> "ü" .`;
    expect(shared.get(bucketOf(lineSubject(line)))).toBe(line);
    expect([...shared.keys()]).toEqual(
      [...new Set([bucketOf(a.value), bucketOf(unicode.value)])].sort((x, y) => x - y),
    );
  });

  it('claims what it states about its own IRIs (another page may state it about this pathway)', () => {
    expect([...split.claims.keys()].sort()).toEqual([G.value, PAGE.value, S.value].sort());
    expect(split.claims.get(S.value)).toEqual([`<${S.value}> <http://ex.org/title> "T" .`]);
  });

  it('ownQuads (what an endpoint gets while the output thread splits) keeps the same quads, in order', () => {
    const scope = pathwayScope({ graph: G.value, subject: S.value }, PAGE.value);
    expect(ownQuads(quads, scope)).toEqual(split.own);
    // Without the page's URL its own statements are shared facts: the URL must reach the scope.
    const noPage = ownQuads(quads, pathwayScope({ graph: G.value, subject: S.value }, undefined));
    expect(noPage).toEqual(split.own.filter((q) => !(q.subject.equals(PAGE) && q.predicate.equals(p('name')))));
  });
});

describe('buckets', () => {
  it('FNV-1a over the IRI, modulo 64: the published test vectors', () => {
    // FNV-1a 32-bit: "" -> 0x811c9dc5, "a" -> 0xe40c292c, "foobar" -> 0xbf9cf968.
    expect(bucketOf('')).toBe(0x811c9dc5 % 64);
    expect(bucketOf('a')).toBe(0xe40c292c % 64);
    expect(bucketOf('foobar')).toBe(0xbf9cf968 % 64);
    expect(BUCKETS).toBe(64);
  });

  it('names and recognises the shared graphs; reads a line subject', () => {
    expect(sharedGraph(7)).toBe('urn:pathway-kg:shared:07');
    expect(isSharedGraph('urn:pathway-kg:shared:63')).toBe(true);
    expect(isSharedGraph('urn:pathway-kg:shared:7')).toBe(false);
    expect(isSharedGraph('urn:pathway-kg:dataset')).toBe(false);
    expect(lineSubject('<http://a/b> <http://p> "x" .')).toBe('http://a/b');
  });

  it('hashes part of a text as it hashes that part alone', () => {
    expect(bucketOf('<foobar>', 1, 7)).toBe(bucketOf('foobar'));
    expect(bucketOf('<a>', 1, 2)).toBe(bucketOf('a'));
    expect(bucketOf('xx', 1, 1)).toBe(bucketOf(''));
  });
});
