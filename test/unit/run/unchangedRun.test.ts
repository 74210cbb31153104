// A re-run with nothing changed decides so from cheap facts (stamps, the mapping files' bytes, the flags), before a
// reference table is loaded or a page read, and leaves the output as it is. Every kind of real change is still picked
// up, also an edit that keeps the size and puts the mtime back, and an edit a coarse timestamp could not show.

import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRunConfig, type RunConfig } from '../../../src/config.js';
import { DEFAULT_MAPPINGS_DIR } from '../../../src/mappings.js';
import { runPipeline } from '../../../src/pipeline.js';
import type { RunReport } from '../../../src/report.js';
import { RACY_MS, takeSnapshot } from '../../../src/run/snapshot.js';
import { runCli } from '../../support/cli.js';
import { PROJECT_ROOT } from '../../support/corpus.js';
import { editKeepingStamps } from '../../support/stamps.js';
import { startFakeGraphStore, type FakeGraphStore } from '../../support/fakeGraphStore.js';

const EXAMPLES = path.join(PROJECT_ROOT, 'examples');

interface Workspace {
  dir: string;
  config: RunConfig;
}

/** Pages, tables, reference and mappings copied, then left alone long enough that their stamps are not racy. */
async function workspace(): Promise<Workspace> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pkg-unchanged-'));
  for (const [from, to] of [
    [path.join(EXAMPLES, 'pages'), 'pages'],
    [path.join(EXAMPLES, 'datanodes'), 'datanodes'],
    [path.join(EXAMPLES, 'reference'), 'reference'],
    [DEFAULT_MAPPINGS_DIR, 'mappings'],
  ])
    cpSync(from!, path.join(dir, to!), { recursive: true });
  await sleep(RACY_MS + 100);
  const config = checkRunConfig({
    source: path.join(dir, 'pages'),
    datanodes: [path.join(dir, 'datanodes')],
    reference: path.join(dir, 'reference'),
    out: path.join(dir, 'out'),
    mappingsDir: path.join(dir, 'mappings'),
  });
  return { dir, config };
}

interface Traced {
  report: RunReport;
  /** Lines the run logged (each reference table as it is read). */
  log: string[];
  /** Pages the run got to. */
  pages: number;
}

async function traced(config: RunConfig): Promise<Traced> {
  const log: string[] = [];
  let pages = 0;
  const report = await runPipeline(config, { log: (l) => log.push(l), onProgress: () => pages++ });
  return { report, log, pages };
}

/** Every output file's bytes and mtime. */
function outputFiles(out: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const f = path.join(d, e.name);
      if (e.isDirectory()) walk(f);
      else if (e.name !== 'report.json' && !e.name.startsWith('.'))
        files.set(path.relative(out, f), `${statSync(f).mtimeMs} ${readFileSync(f, 'base64')}`);
    }
  };
  walk(out);
  return files;
}

/** Changes one byte of a file in place, keeping its size, and puts its mtime back to the nanosecond. */
function editOneByte(file: string, from: string, to: string): void {
  expect(Buffer.byteLength(from)).toBe(Buffer.byteLength(to));
  const before = editKeepingStamps(file, from, to);
  // Only the ctime tells.
  expect(statSync(file, { bigint: true }).ctimeNs).not.toBe(before.ctimeNs);
}

const withoutTimes = (r: RunReport) => {
  const { startedAt: _s, finishedAt: _f, seconds: _t, peakRssMb: _m, unchangedSince: _u, ...rest } = r;
  return { ...rest, pages: { ...rest.pages, unchanged: undefined } };
};

describe('a re-run with nothing changed', () => {
  let ws: Workspace;
  let first: Traced;

  beforeAll(async () => {
    ws = await workspace();
    first = await traced(ws.config);
  });

  it('the first run reads the reference and every page, and says nothing about being unchanged', () => {
    expect(first.pages).toBe(4);
    expect(first.log.length).toBeGreaterThan(0);
    expect(first.report.unchangedSince).toBeUndefined();
  });

  it('reads no reference table and no page, leaves every output file untouched, and reports what the last run said', async () => {
    const before = outputFiles(ws.config.out);
    const again = await traced(ws.config);
    expect([again.pages, again.log]).toEqual([0, []]);
    expect(outputFiles(ws.config.out)).toEqual(before);
    expect(again.report.unchangedSince).toBe(first.report.startedAt);
    expect(again.report.pages).toEqual({ read: 4, converted: 4, rejected: 0, unchanged: 4 });
    expect(withoutTimes(again.report)).toEqual(withoutTimes(first.report));
    const written = JSON.parse(readFileSync(path.join(ws.config.out, 'report.json'), 'utf8'));
    expect(written.unchangedSince).toBe(first.report.startedAt);
    expect(written.startedAt).not.toBe(first.report.startedAt);
  });

  it('stays on the quick path run after run, and still says when the output was made', async () => {
    const third = await traced(ws.config);
    expect(third.pages).toBe(0);
    expect(third.report.unchangedSince).toBe(first.report.startedAt);
  });

  it('--full reads everything', async () => {
    const full = await traced({ ...ws.config, full: true });
    expect(full.pages).toBe(4);
    expect(full.report.unchangedSince).toBeUndefined();
  });

  it('a report.json changed by hand is not repeated: the run reads everything and writes it again', async () => {
    const file = path.join(ws.config.out, 'report.json');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(/"triples": (\d+)/, (_m, n: string) => `"triples": ${Number(n) + 1}`),
    );
    const r = await traced(ws.config);
    expect(r.pages).toBe(4);
    expect(JSON.parse(readFileSync(file, 'utf8')).triples).toBe(r.report.triples);
  });
});

describe('every real change is picked up, also with the size kept and the mtime put back', () => {
  let ws: Workspace;
  const ttl = (wpid: string) => readFileSync(path.join(ws.config.out, 'pathways', `${wpid}.ttl`), 'utf8');

  beforeAll(async () => {
    ws = await workspace();
    await traced(ws.config);
  });

  // The tests run in order on one workspace: each starts on the quick path, edits one byte, and checks the next run.
  const quickBefore = async () => expect((await traced(ws.config)).pages).toBe(0);

  it('one byte of one page: that page is converted again, the others reused', async () => {
    await quickBefore();
    editOneByte(
      path.join(ws.config.source, 'WP9002.md'),
      'title: Example glutathione reduction',
      'title: Example glutathione reductiom',
    );
    const r = await traced(ws.config);
    expect([r.pages, r.report.unchangedSince, r.report.pages.unchanged]).toEqual([4, undefined, 3]);
    expect(ttl('WP9002')).toContain('Example glutathione reductiom');
  });

  it('one byte of one participant table', async () => {
    await quickBefore(); // the page just edited is racy now: checked by its hash, which the state has
    editOneByte(
      path.join(ws.dir, 'datanodes', 'WP9002-datanodes.tsv'),
      'Glutathione (reduced)',
      'Glutathione (reducex)',
    );
    const r = await traced(ws.config);
    expect([r.pages, r.report.unchangedSince, r.report.pages.unchanged]).toEqual([4, undefined, 3]);
    expect(readFileSync(path.join(ws.config.out, 'all.nq'), 'utf8')).toContain('"Glutathione (reducex)"'); // a node's label is a shared fact (src/load/layout/)
  });

  it('one byte of one mapping file: every pathway is converted again', async () => {
    await quickBefore();
    editOneByte(
      path.join(ws.dir, 'mappings', 'pathway.json'),
      'http://rdf.wikipathways.org/User/{id}',
      'http://rdf.wikipathways.org/Usex/{id}',
    );
    const r = await traced(ws.config);
    expect([r.pages, r.report.unchangedSince, r.report.pages.unchanged]).toEqual([4, undefined, 0]);
    expect(ttl('WP9002')).toContain('http://rdf.wikipathways.org/Usex/');
  });

  it('one byte of one reference file: the reference is read again, and its new version converts every pathway again', async () => {
    await quickBefore();
    const versionBefore = (await traced({ ...ws.config })).report.versions;
    editOneByte(
      path.join(ws.dir, 'reference', 'ontology', 'pathway.obo'),
      'data-version: example-1',
      'data-version: example-2',
    );
    const r = await traced(ws.config);
    expect([r.pages, r.report.unchangedSince, r.report.pages.unchanged]).toEqual([4, undefined, 0]);
    expect(r.log.length).toBeGreaterThan(0);
    expect(Object.values(r.report.versions)).toContain('example-2');
    expect(Object.values(versionBefore)).not.toContain('example-2');
  });

  it('a page added', async () => {
    cpSync(path.join(ws.config.source, 'WP9004.md'), path.join(ws.config.source, 'WP9005.md'));
    writeFileSync(
      path.join(ws.config.source, 'WP9005.md'),
      readFileSync(path.join(ws.config.source, 'WP9004.md'), 'utf8').replaceAll('WP9004', 'WP9005'),
    );
    const r = await traced(ws.config);
    expect([r.pages, r.report.unchangedSince]).toEqual([5, undefined]);
  });
});

describe('an edit that a coarse timestamp does not show', () => {
  let ws: Workspace;

  beforeAll(async () => {
    ws = await workspace();
    await traced(ws.config);
  });

  /**
   * The state made to say what a filesystem with whole-second timestamps would show after an edit in the same second
   * as the last run: the same stamps as now. `racyPages` is what the last run knew: whether that page's stamp was
   * too close to the run to be trusted.
   */
  async function stampsHideTheEdit(racyPages: string[]): Promise<void> {
    const file = path.join(ws.config.out, 'state.json');
    const state = JSON.parse(readFileSync(file, 'utf8'));
    const now = await takeSnapshot(ws.config);
    state.fingerprint = { ...state.fingerprint, inputs: now!.inputs, racyPages };
    writeFileSync(file, JSON.stringify(state));
  }

  it('a page whose stamp was racy is checked by its hash, and the edit is converted', async () => {
    const page = path.join(ws.config.source, 'WP9001.md');
    writeFileSync(
      page,
      readFileSync(page, 'utf8').replace(/^title: (.)/m, (_m, c: string) => `title: ${c === 'X' ? 'Y' : 'X'}`),
    );
    await stampsHideTheEdit(['WP9001']);
    const r = await traced(ws.config);
    expect([r.pages, r.report.unchangedSince, r.report.pages.unchanged]).toEqual([4, undefined, 3]);
  });

  it('(the hazard it guards against: with the stamp trusted, the same edit would be missed)', async () => {
    const page = path.join(ws.config.source, 'WP9001.md');
    writeFileSync(
      page,
      readFileSync(page, 'utf8').replace(/^title: (.)/m, (_m, c: string) => `title: ${c === 'X' ? 'Y' : 'X'}`),
    );
    await stampsHideTheEdit([]);
    const r = await traced(ws.config);
    expect(r.pages).toBe(0);
  });

  it('files stamped within RACY_MS of the snapshot are racy, older ones are not', async () => {
    const before = await takeSnapshot(ws.config);
    expect(before!.racyPages).toEqual(['WP9001']); // edited above
    expect(before!.racyReference).toEqual({});
    const extra = path.join(ws.dir, 'reference', 'ontology', 'extra.obo');
    writeFileSync(extra, 'x');
    const after = await takeSnapshot(ws.config);
    expect(after!.racyReference).toEqual({ [extra]: createHash('sha256').update('x').digest('hex') });
    expect(after!.inputs).not.toBe(before!.inputs); // a new file in the reference folder is an input change too
  });

  it('a reference file whose stamp was racy is checked by its content', async () => {
    const obo = path.join(ws.dir, 'reference', 'ontology', 'pathway.obo');
    editOneByte(obo, 'data-version: example-1', 'data-version: example-1'); // content unchanged: a touch
    await traced(ws.config); // records the racy reference file with its hash
    expect(
      JSON.parse(readFileSync(path.join(ws.config.out, 'state.json'), 'utf8')).fingerprint.racyReference,
    ).toHaveProperty([obo]);
    expect((await traced(ws.config)).pages).toBe(0); // same content: quick
    const file = path.join(ws.config.out, 'state.json');
    editOneByte(obo, 'data-version: example-1', 'data-version: example-3');
    const state = JSON.parse(readFileSync(file, 'utf8'));
    state.fingerprint.inputs = (await takeSnapshot(ws.config))!.inputs; // as if the stamp had not moved
    writeFileSync(file, JSON.stringify(state));
    const r = await traced(ws.config);
    expect([r.pages, r.report.unchangedSince]).toEqual([4, undefined]);
    expect(Object.values(r.report.versions)).toContain('example-3');
  });
});

describe('with an endpoint', () => {
  let ws: Workspace;
  let store: FakeGraphStore;
  let flags: string[];
  const cli = () =>
    runCli([
      'run',
      '--source',
      ws.config.source,
      '--datanodes',
      path.join(ws.dir, 'datanodes'),
      '--reference',
      ws.config.reference,
      '--out',
      ws.config.out,
      '--mappings',
      path.join(ws.dir, 'mappings'),
      '--quiet',
      ...flags,
    ]);

  beforeAll(async () => {
    store = await startFakeGraphStore();
    flags = ['--endpoint', store.endpoint, '--graph-store', store.graphStore, '--retries', '0', '--timeout', '5000'];
    ws = await workspace();
    const r = await cli();
    if (r.status !== 0) throw new Error(r.stderr);
  });
  afterAll(() => store.close());

  it('still counts every graph of the store at the start, and sends nothing else', async () => {
    store.requests.length = 0;
    const graphs = new Map(store.graphs);
    const r = await cli();
    expect(r.status).toBe(0);
    expect(store.requests).toEqual([{ method: 'COUNT ALL', graph: undefined }]);
    expect(store.graphs).toEqual(graphs);
    const report = JSON.parse(readFileSync(path.join(ws.config.out, 'report.json'), 'utf8'));
    expect(report.unchangedSince).toBeDefined();
    expect(report.load).toMatchObject({ loaded: 0, dropped: 0, repaired: [] });
  });

  it('a graph the store lost behind the tool’s back is loaded again (the usual path takes over)', async () => {
    const lost = [...store.graphs.keys()].find((g) => g.endsWith('/WP9002'))!;
    store.graphs.delete(lost);
    store.requests.length = 0;
    const r = await cli();
    expect(r.status).toBe(0);
    expect(store.graphs.has(lost)).toBe(true);
    const report = JSON.parse(readFileSync(path.join(ws.config.out, 'report.json'), 'utf8'));
    expect(report.unchangedSince).toBeUndefined();
    expect(report.load.repaired).toEqual([lost]);
  });

  it('a state that says the store lacks a graph is not trusted to be current', async () => {
    const file = path.join(ws.config.out, 'state.json');
    const state = JSON.parse(readFileSync(file, 'utf8'));
    const target = Object.keys(state.targets)[0]!;
    const graph = Object.keys(state.targets[target]).find((g) => g.endsWith('/WP9003'))!;
    state.targets[target][graph] = 'in-flight';
    writeFileSync(file, JSON.stringify(state));
    store.requests.length = 0;
    const r = await cli();
    expect(r.status).toBe(0);
    expect(store.requests.some((q) => q.method === 'PUT' && q.graph === graph)).toBe(true);
  });
});
