// `pathway-kg query --endpoint <url>`: the same answers, prefixes and formats as `query --out`, from a running `serve`.

import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryCommand } from '../../../src/cli/query.js';
import { fixtureOut, serve, type Served } from '../../support/serve.js';

async function cli(argv: string[], isTTY = false): Promise<{ status: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const stream = (into: string[]) =>
    new Writable({ write: (c: Buffer, _e, done) => (into.push(c.toString('utf8')), done()) });
  const status = await queryCommand(argv, { stdout: stream(out), stderr: stream(err), isTTY });
  return { status, stdout: out.join(''), stderr: err.join('') };
}

const TITLES = 'SELECT ?p (str(?t) AS ?title) WHERE { ?p a wp:Pathway ; dc:title ?t } ORDER BY ?title';
const GRAPH = 'CONSTRUCT { ?p dc:title ?t } WHERE { ?p a wp:Pathway ; dc:title ?t ; wp:organismName "Mus musculus" }';

let server: Served;
let out: string;
beforeAll(async () => {
  out = fixtureOut();
  server = await serve(out);
});
afterAll(async () => {
  await server?.stop();
});

describe('pathway-kg query --endpoint', () => {
  it('answers as `query --out` does, in every format', async () => {
    expect(await cli(['--endpoint', server.endpoint, 'SELECT (count(*) AS ?n) WHERE { ?p a wp:Pathway }'])).toEqual({
      status: 0,
      stdout: '?n\n3\n',
      stderr: '',
    });
    for (const [format, isTTY] of [
      ['table', true],
      ['tsv', false],
      ['csv', false],
      ['json', false],
    ] as const) {
      const remote = await cli(
        ['--endpoint', server.endpoint, ...(format === 'table' ? [] : ['--format', format]), TITLES],
        isTTY,
      );
      const local = await cli(['--out', out, ...(format === 'table' ? [] : ['--format', format]), TITLES], isTTY);
      expect(remote.stderr).toBe('');
      expect(remote).toEqual(local);
    }
    const turtle = await cli(['--endpoint', server.endpoint, GRAPH]);
    expect(turtle.stdout).toBe(
      '@prefix dc: <http://purl.org/dc/elements/1.1/>.\n\n<https://identifiers.org/wikipathways/WP1_r117873> dc:title "Statin pathway"@en.\n',
    );
    const ntriples = await cli(['--endpoint', server.endpoint, '--format', 'ntriples', GRAPH]);
    expect(ntriples).toEqual(await cli(['--out', out, '--format', 'ntriples', GRAPH]));
  });

  it("reports a bad query with the endpoint's message and the user's line (status 2)", async () => {
    const r = await cli(['--endpoint', server.endpoint, 'SELECT ?p WHERE {\n  ?p a wp:Pathway\n  FILTER(?p = ) }']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/refused the query: SPARQL syntax error at line 3, column/);
  });

  it('says an endpoint cannot be reached (status 4), without the credentials in the URL', async () => {
    const dead = server.endpoint.replace(/:\d+\//, ':1/').replace('http://', 'http://alice:s3cret@');
    const r = await cli(['--endpoint', dead, 'ASK {}']);
    expect(r.status).toBe(4);
    expect(r.stderr).toMatch(/Cannot reach the endpoint http:\/\/\*\*\*@127\.0\.0\.1:1\/sparql/);
    expect(r.stderr).not.toContain('s3cret');
  });

  it('refuses --out and --endpoint together', async () => {
    const r = await cli(['--out', out, '--endpoint', server.endpoint, 'ASK {}']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/either --out or --endpoint/);
  });
});
