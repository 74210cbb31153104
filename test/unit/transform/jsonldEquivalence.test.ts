// Every page of both snapshots: the fast schema-jsonld path gives exactly jsonld.toRDF's quads.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import { DataFactory, Writer, type Quad } from 'n3';
import { expect, it } from 'vitest';
import { isPipelineError } from '../../../src/errors.js';
import { jsonldToQuads, jsonldToQuadsReference } from '../../../src/transform/jsonld.js';
import { CORPUS, describeCorpus } from '../../support/corpus.js';
import { loadMappings } from '../../../src/mappings.js';

const writer = new Writer({ format: 'N-Quads' });
const nquads = (quads: Quad[]) => quads.map((q) => writer.quadToString(q.subject, q.predicate, q.object, q.graph));

describeCorpus('schema-jsonld: fast path = jsonld.toRDF on every page', () => {
  const document = JSON.parse(
    readFileSync(path.join(CORPUS.reference, 'schemaorg', 'schemaorgcontext.jsonld'), 'utf8'),
  ) as object;
  const context = { document, licenses: loadMappings().licenses };

  for (const [name, dir] of [
    ['2022', CORPUS.pages2022],
    ['current', CORPUS.pagesCurrent],
  ] as const) {
    it(`${name} snapshot: same quads, same order, same errors`, async () => {
      const files = readdirSync(dir)
        .filter((f) => /^WP[0-9]+\.md$/.test(f))
        .sort();
      const mismatches: string[] = [];
      let pages = 0;
      let withBlock = 0;
      let quadCount = 0;
      let rejected = 0;
      let referenceMs = 0;
      let fastMs = 0;
      for (const file of files) {
        pages++;
        const data = matter(readFileSync(path.join(dir, file), 'utf8'), { language: 'yaml' }).data as Record<
          string,
          unknown
        >;
        const list = data['schema-jsonld'];
        if (!Array.isArray(list) || list.length === 0) continue;
        withBlock++;
        const wpid = file.slice(0, -3);
        const graph = DataFactory.namedNode(`https://identifiers.org/wikipathways/${wpid}`);
        let t = performance.now();
        const reference = await jsonldToQuadsReference(list[0], graph, context, `${wpid}_`, file).then(
          nquads,
          (e: unknown) => e,
        );
        referenceMs += performance.now() - t;
        t = performance.now();
        let fast: string[] | unknown;
        try {
          fast = nquads(jsonldToQuads(list[0], graph, context, `${wpid}_`, file));
        } catch (e) {
          fast = e;
        }
        fastMs += performance.now() - t;
        if (Array.isArray(reference) && Array.isArray(fast)) {
          quadCount += reference.length;
          if (JSON.stringify(reference) !== JSON.stringify(fast)) mismatches.push(`${file}: quads differ`);
        } else if (isPipelineError(reference) && isPipelineError(fast)) {
          rejected++;
          if (reference.code !== fast.code) mismatches.push(`${file}: ${reference.code} vs ${fast.code}`);
        } else {
          mismatches.push(`${file}: reference ${describe(reference)}, fast ${describe(fast)}`);
        }
      }
      console.log(
        `[jsonld equivalence] ${name}: ${pages} pages, ${withBlock} with schema-jsonld, ${quadCount} quads identical, ${rejected} rejected by both; ` +
          `reference ${(referenceMs / withBlock).toFixed(3)} ms/page (${(referenceMs / 1000).toFixed(1)} s), fast ${(fastMs / withBlock).toFixed(4)} ms/page (${(fastMs / 1000).toFixed(2)} s)`,
      );
      expect(mismatches.slice(0, 20)).toEqual([]);
      expect(pages).toBe(files.length);
      expect(withBlock).toBeGreaterThan(1000);
      expect(quadCount).toBeGreaterThan(withBlock * 5);
    });
  }
});

function describe(value: unknown): string {
  if (Array.isArray(value)) return `${value.length} quads`;
  return value instanceof Error
    ? `${(value as { code?: string }).code ?? value.name}: ${value.message}`
    : String(value);
}
