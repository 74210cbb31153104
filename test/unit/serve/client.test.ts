// An existing SPARQL client no one here wrote (sparql-http-client, rdf-ext) gets correct answers from `pathway-kg
// serve`.

import ParsingClient from 'sparql-http-client/ParsingClient.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureOut, serve, type Served } from '../../support/serve.js';

const WP = 'https://identifiers.org/wikipathways/';
const TITLES = `SELECT ?p ?title WHERE { ?p a wp:Pathway ; dc:title ?title ; wp:organismName "Homo sapiens" } ORDER BY ?title`;

let server: Served;
let client: ParsingClient;
beforeAll(async () => {
  server = await serve(fixtureOut());
  client = new ParsingClient({ endpointUrl: server.endpoint, updateUrl: server.endpoint });
});
afterAll(async () => {
  await server?.stop();
});

describe('sparql-http-client against pathway-kg serve', () => {
  for (const operation of ['get', 'postUrlencoded', 'postDirect'] as const) {
    it(`SELECT by ${operation}`, async () => {
      const rows = (await client.query.select(TITLES, { operation })) as Record<
        string,
        { termType: string; value: string; language?: string }
      >[];
      expect(rows.map((r) => [r.p!.termType, r.p!.value, r.title!.value, r.title!.language])).toEqual([
        ['NamedNode', `${WP}WP382`, 'MAPK signaling pathway', 'en'],
        ['NamedNode', `${WP}WP1800_r137182`, 'Presynaptic depolarization and calcium channel opening', 'en'],
      ]);
    });
  }

  it('ASK', async () => {
    expect(await client.query.ask('ASK { ?p wp:organismName "Mus musculus" }')).toBe(true);
    expect(await client.query.ask('ASK { ?p wp:organismName "Danio rerio" }')).toBe(false);
  });

  it('CONSTRUCT', async () => {
    const dataset = await client.query.construct(
      `CONSTRUCT { ?p dc:title ?t } WHERE { ?p dc:title ?t ; wp:organismName "Mus musculus" }`,
    );
    const quads = [...dataset] as {
      subject: { value: string };
      predicate: { value: string };
      object: { value: string; language: string };
    }[];
    expect(quads.map((q) => [q.subject.value, q.predicate.value, q.object.value, q.object.language])).toEqual([
      [`${WP}WP1_r117873`, 'http://purl.org/dc/elements/1.1/title', 'Statin pathway', 'en'],
    ]);
  });

  it('an update is refused, and changes nothing', async () => {
    await expect(client.query.update(`DELETE WHERE { ?p wp:organismName ?o }`)).rejects.toThrow(/403|read-only/);
    expect(await client.query.ask('ASK { ?p wp:organismName "Mus musculus" }')).toBe(true);
  });
});
