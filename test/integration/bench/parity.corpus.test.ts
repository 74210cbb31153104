// bench:parity on the seven GPML2RDF reference pathways (issue 10's target): of what GPML2RDF says about a
// participant that carries an identifier, every fact pages and tables can give is also ours. A fact our
// inputs cannot give is counted apart by a stated rule in bench/parity.ts and listed by the bench.

import { beforeAll, expect, it } from 'vitest';
import { parity, type ParityResult } from '../../../bench/parity.js';
import { describeCorpus, SHARED_DATA } from '../../support/corpus.js';

let result: ParityResult;

describeCorpus('bench:parity on the GPML2RDF reference pathways', () => {
  beforeAll(async () => {
    result = await parity(SHARED_DATA);
  }, 300_000);

  it('converts all seven reference pathways', () => {
    expect(result.pathways).toHaveLength(7);
    expect(result.rows).toBeGreaterThan(400);
  });

  it('gives every givable node, type, source, identifier, label, isPartOf and mapped-id link', () => {
    expect(result.missing).toEqual([]);
    const targets = ['rdf:type', 'dc:identifier', 'dc:source', 'dcterms:identifier', 'rdfs:label', 'dcterms:isPartOf'];
    for (const p of targets) {
      const t = result.byPredicate.get(p);
      expect(t?.givable, p).toBeGreaterThan(0);
      expect(t?.givableBoth, p).toBe(t?.givable);
    }
    const links = [...result.byPredicate].filter(([p, t]) => p.startsWith('wp:bdb') && t.givable > 0);
    expect(links.length).toBeGreaterThan(5);
    for (const [p, t] of links) expect(t.givableBoth, p).toBe(t.givable);
    for (const [type, t] of result.byNodeType) expect(t.givableBoth, type).toBe(t.givable);
  });
});
