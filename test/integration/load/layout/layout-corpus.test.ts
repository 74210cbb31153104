// The graph layout on both real snapshots: every (s, p, o) once in all.nq, and the union default graph of the
// embedded store counts what a single-graph load of the same triples counts (issue 10: "average participants per
// pathway" read 808 against 49.3, "entities by type" 144,515 against 52,382).

import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Store } from 'oxigraph';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../../../support/cli.js';
import { CORPUS, describeCorpus } from '../../../support/corpus.js';

const SNAPSHOTS = [
  { name: '2022', pages: CORPUS.pages2022, datanodes: CORPUS.datanodes2022 },
  { name: 'current', pages: CORPUS.pagesCurrent, datanodes: CORPUS.datanodesCurrent },
];

const QUERIES = {
  triples: 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }',
  entitiesByType: 'SELECT ?t (COUNT(?s) AS ?n) WHERE { ?s a ?t } GROUP BY ?t ORDER BY ?t',
  participantsPerPathway: `PREFIX wp: <http://vocabularies.wikipathways.org/wp#> PREFIX dcterms: <http://purl.org/dc/terms/>
    SELECT ((COUNT(?n) / COUNT(DISTINCT ?pw)) AS ?avg) WHERE { ?n a wp:DataNode ; dcterms:isPartOf ?pw . ?pw a wp:Pathway }`,
  labels: 'PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT (COUNT(?l) AS ?n) WHERE { ?s rdfs:label ?l }',
};

function answers(store: Store): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, query] of Object.entries(QUERIES)) {
    const rows = store.query(query, { use_default_graph_as_union: true }) as Map<string, { value: string }>[];
    out[name] = JSON.stringify(rows.map((r) => [...r].map(([k, v]) => `${k}=${v.value}`)));
  }
  return out;
}

for (const snap of SNAPSHOTS) {
  describeCorpus(`graph layout on the ${snap.name} snapshot`, () => {
    let dir: string;
    let lines: string[];
    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), `pkg-layout-${snap.name}-`));
      const r = await runCli([
        'run',
        '--source',
        snap.pages,
        '--datanodes',
        snap.datanodes,
        '--reference',
        CORPUS.reference,
        '--out',
        dir,
        '--quiet',
      ]);
      expect([0, 3]).toContain(r.status);
      lines = (await readFile(path.join(dir, 'all.nq'), 'utf8')).split('\n').filter((l) => l !== '');
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));

    it('all.nq holds each (s, p, o) once', () => {
      // Every line the tool writes ends in ` <graph> .`: what is before it is the triple.
      const triples = new Set(lines.map((l) => l.slice(0, l.lastIndexOf(' <'))));
      expect(lines.length).toBeGreaterThan(500_000);
      expect(triples.size).toBe(lines.length);
    });

    it('the union default graph of the embedded store counts as a single-graph load of the same triples', () => {
      const union = new Store();
      union.load(lines.join('\n'), { format: 'application/n-quads' });
      const single = new Store();
      single.load(lines.map((l) => `${l.slice(0, l.lastIndexOf(' <'))} <http://rdf.wikipathways.org/> .`).join('\n'), {
        format: 'application/n-quads',
      });
      expect(union.size).toBe(single.size);
      const a = answers(union);
      expect(a).toEqual(answers(single));
      // Each pathway's data nodes counted once: tens per pathway, not hundreds (808 on the earlier layout).
      const avg = Number(/avg=([0-9.]+)/.exec(a.participantsPerPathway!)?.[1]);
      expect(avg).toBeGreaterThan(10);
      expect(avg).toBeLessThan(100);
    });
  });
}
