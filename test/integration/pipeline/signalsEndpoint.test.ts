// SIGTERM while loading a Graph Store endpoint: the graphs in flight land or are not recorded, and what
// the state records is exactly what the store confirmed; the re-run loads the rest and converges.
//
// The store is a small in-process fake of the Graph Store protocol (PUT/DELETE ?graph=, the COUNT queries),
// slowed down so that the run is still loading when the signal comes. 300 pages of the 2022 corpus, the
// CLI from dist/ in a child process.

import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CORPUS, describeCorpus, PROJECT_ROOT } from '../../support/corpus.js';

const CLI = path.join(PROJECT_ROOT, 'dist', 'src', 'cli', 'main.js');
const PAGES = 300;

/** graph IRI -> its distinct triple lines, as the fake store holds them. */
const store = new Map<string, Set<string>>();
let server: Server;
let base: string;

function startStore(): Promise<number> {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const url = new URL(req.url!, 'http://x');
      const graph = url.searchParams.get('graph');
      if ((req.method === 'PUT' || req.method === 'POST') && graph) {
        // Slow, so that a signal finds graphs in flight. PUT replaces the graph, POST (to a graph absent at the start
        // of the run) adds to it.
        setTimeout(() => {
          const lines = body.split('\n').filter((l) => l.trim() !== '');
          store.set(graph, new Set([...(req.method === 'POST' ? (store.get(graph) ?? []) : []), ...lines]));
          res.writeHead(204).end();
        }, 25);
      } else if (req.method === 'DELETE' && graph) {
        res.writeHead(store.delete(graph) ? 204 : 404).end();
      } else if (req.method === 'POST' && url.pathname === '/sparql') {
        const query = new URLSearchParams(body).get('query') ?? '';
        if (/GROUP BY \?g/.test(query)) {
          // The check at the start of a run: every graph and its count.
          const bindings = [...store].map(([g, t]) => ({
            g: { type: 'uri', value: g },
            n: { type: 'literal', value: String(t.size) },
          }));
          return void res
            .writeHead(200, { 'content-type': 'application/sparql-results+json' })
            .end(JSON.stringify({ head: { vars: ['g', 'n'] }, results: { bindings } }));
        }
        const g = /GRAPH <([^>]*)>/.exec(query)?.[1] ?? '';
        res.writeHead(200, { 'content-type': 'application/sparql-results+json' }).end(
          JSON.stringify({
            head: { vars: ['n'] },
            results: { bindings: [{ n: { type: 'literal', value: String(store.get(g)?.size ?? 0) } }] },
          }),
        );
      } else res.writeHead(400).end();
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
}

function run(
  port: number,
  out: string,
  source: string,
  stopAt?: number,
): Promise<{ status: number | null; stderr: string }> {
  const args = [
    'run',
    '--source',
    source,
    '--datanodes',
    CORPUS.datanodes2022,
    '--reference',
    CORPUS.reference,
    '--out',
    out,
  ];
  args.push(
    '--endpoint',
    `http://127.0.0.1:${port}/sparql`,
    '--graph-store',
    `http://127.0.0.1:${port}/store`,
    ...(stopAt === undefined ? ['--quiet'] : []),
  );
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let sent = false;
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
      if (
        stopAt !== undefined &&
        !sent &&
        [...stderr.matchAll(/ pages \(([0-9]+)%\)/g)].some((m) => Number(m[1]) >= stopAt)
      ) {
        sent = true;
        child.kill('SIGTERM');
      }
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stderr }));
  });
}

/** all.nq's triples per graph (distinct lines without the graph term), as the store should hold them. */
async function expected(out: string): Promise<Map<string, number>> {
  const graphs = new Map<string, Set<string>>();
  for (const line of (await readFile(path.join(out, 'all.nq'), 'utf8')).split('\n')) {
    const m = / <([^<>]*)> \.$/.exec(line);
    if (!m) continue;
    if (!graphs.has(m[1]!)) graphs.set(m[1]!, new Set());
    graphs.get(m[1]!)!.add(line.slice(0, m.index));
  }
  return new Map([...graphs].map(([g, s]) => [g, s.size]));
}

describeCorpus('SIGTERM while loading an endpoint', () => {
  let port: number;
  let source: string;
  beforeAll(async () => {
    port = await startStore();
    base = await mkdtemp(path.join(tmpdir(), 'pkg-sigstore-'));
    source = path.join(base, 'pages');
    await mkdir(source);
    const names = (await readdir(CORPUS.pages2022))
      .filter((n) => /^WP[0-9]+\.md$/.test(n))
      .sort()
      .slice(0, PAGES);
    for (const n of names) await cp(path.join(CORPUS.pages2022, n), path.join(source, n));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('exit 143; every graph the state records is in the store as sent, none recorded that is not; the re-run converges', async () => {
    const out = path.join(base, 'out');
    const r = await run(port, out, source, 20);
    expect(r.status).toBe(143);
    expect(r.stderr.trimEnd().split('\n').at(-1)).toMatch(
      new RegExp(
        `^pathway-kg run: stopped by SIGTERM after [0-9]+ of ${PAGES} pages: this run's files were abandoned \\(all\\.nq and state\\.json are as before this run, the graphs the endpoint confirmed are recorded in state\\.json\\), temporary files removed, lock released; run again to finish$`,
      ),
    );
    const names = await readdir(out);
    expect(names.filter((n) => n.endsWith('.tmp') || n.includes('lock') || n === 'state.journal')).toEqual([]);
    const state = JSON.parse(await readFile(path.join(out, 'state.json'), 'utf8'));
    // Loads recorded as confirmed; a graph journalled in flight (sent, not confirmed) is loaded again by the next run.
    const recorded = Object.entries<string>(state.targets[`http://127.0.0.1:${port}/store`] ?? {})
      .filter(([, hash]) => hash !== 'in-flight')
      .map(([g]) => g)
      .sort();
    expect(recorded.length).toBeGreaterThan(0);
    expect(recorded.length).toBeLessThan(PAGES);
    // Recorded means in the store: a graph in flight when the signal came either landed and is recorded, or is not
    // recorded.
    for (const g of recorded) expect(store.has(g), g).toBe(true);
    expect(state.pathways).toEqual({}); // a first run: no files committed, nothing else recorded

    const again = await run(port, out, source);
    expect([0, 3]).toContain(again.status);
    const want = await expected(out);
    expect(new Map([...store].map(([g, s]) => [g, s.size]))).toEqual(want);
    const after = JSON.parse(await readFile(path.join(out, 'state.json'), 'utf8'));
    expect(Object.keys(after.targets[`http://127.0.0.1:${port}/store`]).sort()).toEqual([...want.keys()].sort());
  });

  it('pathway-kg load says what it loads, then a line every 10% of the graphs', async () => {
    const out = path.join(base, 'out'); // as the test above left it
    const r = await new Promise<{ status: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [
          CLI,
          'load',
          '--from',
          out,
          '--full',
          '--endpoint',
          `http://127.0.0.1:${port}/sparql`,
          '--graph-store',
          `http://127.0.0.1:${port}/store`,
        ],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('error', reject);
      child.on('close', (status) => resolve({ status, stderr }));
    });
    expect(r.status).toBe(0);
    const lines = r.stderr.trimEnd().split('\n');
    const total = (await expected(out)).size;
    expect(lines[0]).toBe(`loading ${path.join(out, 'all.nq')} (${total} graphs) into http://127.0.0.1:${port}/store`);
    const pcts = lines
      .slice(1, -1)
      .map((l) => new RegExp(`^[0-9]+/${total} graphs \\(([0-9]+)%\\), [0-9]+ graphs/s$`).exec(l)?.[1]);
    expect(pcts.every((p) => p !== undefined)).toBe(true);
    expect(pcts.length).toBe(11);
    expect(pcts.at(-1)).toBe('100');
    expect(lines.at(-1)).toMatch(
      new RegExp(
        `^loaded ${total} graphs \\([0-9]+ triples\\) into http://127.0.0.1:${port}/store, dropped 0, 0 unchanged$`,
      ),
    );
    const quiet = await new Promise<string>((resolve) => {
      const child = spawn(
        process.execPath,
        [
          CLI,
          'load',
          '--from',
          out,
          '--quiet',
          '--endpoint',
          `http://127.0.0.1:${port}/sparql`,
          '--graph-store',
          `http://127.0.0.1:${port}/store`,
        ],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('close', () => resolve(stderr));
    });
    expect(quiet).toBe('');
  });

  it('SIGTERM during pathway-kg load: exit 143, one line, no lock or journal left; the next load completes', async () => {
    const out = path.join(base, 'out');
    const flags = ['--endpoint', `http://127.0.0.1:${port}/sparql`, '--graph-store', `http://127.0.0.1:${port}/store`];
    const r = await new Promise<{ status: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, 'load', '--from', out, '--full', ...flags], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      let sent = false;
      child.stderr.on('data', (c: Buffer) => {
        stderr += c.toString();
        if (!sent && / graphs \((2|3|4)[0-9]%\)/.test(stderr)) {
          sent = true;
          child.kill('SIGTERM');
        }
      });
      child.on('error', reject);
      child.on('close', (status) => resolve({ status, stderr }));
    });
    expect(r.status).toBe(143);
    expect(r.stderr.trimEnd().split('\n').at(-1)).toBe(
      'pathway-kg load: stopped by SIGTERM: the graphs the endpoint confirmed are recorded in state.json, lock released; run again to finish',
    );
    expect(
      (await readdir(out)).filter((n) => n.endsWith('.tmp') || n.includes('lock') || n === 'state.journal'),
    ).toEqual([]);
    const again = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [CLI, 'load', '--from', out, '--quiet', ...flags], { stdio: 'ignore' });
      child.on('close', resolve);
    });
    expect(again).toBe(0);
    expect(new Map([...store].map(([g, s]) => [g, s.size]))).toEqual(await expected(out));
  });
});
