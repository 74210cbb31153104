// `pathway-kg serve` stays current: a run that renames a new all.nq into --out is picked up, and
// queries keep being answered while it loads, each from the old or the new data, never a mix.

import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURE_NQ, fixtureOut, serve, type Served } from '../../support/serve.js';

const WP = 'https://identifiers.org/wikipathways/';
const DC_TITLE = 'http://purl.org/dc/elements/1.1/title';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const PATHWAY = 'http://vocabularies.wikipathways.org/wp#Pathway';

/**
 * The number of pathways and of titles together: the new data adds WP9999 to two graphs (its own and
 * the dataset graph), so a query that saw part of each would count 4 pathways and 3 titles or so.
 */
const QUERY = `SELECT (count(DISTINCT ?p) AS ?pathways) (count(DISTINCT ?t) AS ?titles) (count(DISTINCT ?d) AS ?mentions)
WHERE { { ?p a wp:Pathway } UNION { ?x dc:title ?t } UNION { GRAPH <urn:pathway-kg:dataset> { ?d <urn:test:mentions> ?m } } }`;

let server: Served | undefined;
afterAll(async () => {
  await server?.stop();
});

async function counts(s: Served): Promise<string> {
  const r = await fetch(`${s.endpoint}?query=${encodeURIComponent(QUERY)}`, { headers: { Accept: 'text/csv' } });
  expect(r.status).toBe(200);
  return (await r.text()).split('\r\n')[1]!;
}

describe('pathway-kg serve: a new run on the same --out', () => {
  it('swaps to the new all.nq without refusing a query, each answer from one dataset', async () => {
    const out = fixtureOut();
    server = await serve(out);
    const s = server;
    const before = await counts(s);
    expect(before).toBe('3,3,0'); // 3 pathways, 3 titles, no mentions

    // A much larger new all.nq (so that it loads for a while), written to a temporary file and renamed into place as a
    // run does.
    const extra: string[] = [];
    for (let i = 0; i < 60_000; i += 1) extra.push(`<${WP}WP9999> <urn:test:filler> "${i}" <${WP}WP9999> .`);
    extra.push(`<${WP}WP9999> <${RDF_TYPE}> <${PATHWAY}> <${WP}WP9999> .`);
    extra.push(`<${WP}WP9999> <${DC_TITLE}> "A new pathway"@en <${WP}WP9999> .`);
    extra.push(`<urn:pathway-kg:dataset> <urn:test:mentions> <${WP}WP9999> <urn:pathway-kg:dataset> .`);
    const tmp = path.join(out, '.all.nq.test.tmp');
    writeFileSync(tmp, `${readFileSync(FIXTURE_NQ, 'utf8')}${extra.join('\n')}\n`);
    renameSync(tmp, path.join(out, 'all.nq'));

    const seen = new Set<string>();
    const deadline = Date.now() + 30_000;
    let answers = 0;
    for (;;) {
      const now = await counts(s); // a refused query fails the test here (status 200 expected)
      answers += 1;
      seen.add(now);
      if (now === '4,4,1' || Date.now() > deadline) break;
    }
    expect([...seen].every((c) => c === '3,3,0' || c === '4,4,1')).toBe(true);
    expect(seen.has('4,4,1')).toBe(true);
    expect(answers).toBeGreaterThan(1); // queries were answered while the new data loaded
    expect(s.log()).toMatch(/now answering from the new data: 60113 quads/);
  });

  it('keeps answering from the current data when the new all.nq cannot be loaded', async () => {
    const s = server!;
    const out = /--out (\S+)/.exec(s.child.spawnargs.join(' '))![1]!;
    const tmp = path.join(out, '.all.nq.test.tmp');
    writeFileSync(tmp, '<urn:a> <urn:b> "unterminated .\n');
    renameSync(tmp, path.join(out, 'all.nq'));
    const deadline = Date.now() + 20_000;
    while (!/cannot be loaded/.test(s.log()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(s.log()).toMatch(/the new all\.nq cannot be loaded, still answering from the previous data: .*all\.nq/);
    expect(await counts(s)).toBe('4,4,1');
  });
});
