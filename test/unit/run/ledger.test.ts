import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DataFactory, type Quad } from 'n3';
import { describe, expect, it } from 'vitest';
import { diagnostic } from '../../../src/diagnostics.js';
import { PipelineError } from '../../../src/errors.js';
import type { ByteRange } from '../../../src/load/fileSinks.js';
import type { RunOutput } from '../../../src/load/runOutput.js';
import type { PathwayState, RunState } from '../../../src/load/state.js';
import { dropReportSpill, newReport, reportJson } from '../../../src/report.js';
import { PathwayStateLog } from '../../../src/load/stateLog.js';
import { RunLedger } from '../../../src/run/ledger.js';
import type { TransformResult } from '../../../src/transform/transformPage.js';

const { namedNode, literal, quad } = DataFactory;
const G = 'https://identifiers.org/wikipathways/WP1';

/**
 * Records what the ledger asks of the output; every write or keep lands at the next offset. As the layout would, it
 * keeps the first quad of a pathway as its own and shares the rest; a write is placed at once, or when `settle` is
 * called (as the output thread's reply arrives, after the ledger has moved on).
 */
class FakeFiles implements Pick<RunOutput, 'write' | 'take' | 'own' | 'keep'> {
  readonly calls: string[] = [];
  private offset = 0;
  private readonly later: (() => void)[] = [];
  constructor(private readonly deferred = false) {}
  async write(g: { wpid: string; quads: Quad[] }, placed: (range: ByteRange, triples: number) => void): Promise<void> {
    this.calls.push(`write ${g.wpid} ${g.quads.length}`);
    const place = () => placed(this.next(100), 1);
    if (this.deferred) this.later.push(place);
    else place();
  }
  async take(g: { wpid: string; quads: Quad[] }): Promise<void> {
    this.calls.push(`take ${g.wpid} ${g.quads.length}`);
  }
  own(g: { quads: Quad[] }): Quad[] {
    return g.quads.slice(0, 1);
  }
  async keep(wpid: string, range: ByteRange, placed: (range: ByteRange) => void): Promise<void> {
    this.calls.push(`keep ${wpid} ${range.offset}+${range.length}`);
    placed(this.next(range.length));
  }
  settle(): void {
    for (const place of this.later.splice(0)) place();
  }
  private next(length: number): ByteRange {
    const r = { offset: this.offset, length };
    this.offset += length;
    return r;
  }
}

class FakeEndpoint {
  readonly sent: [string, number, string][] = [];
  async replace(graph: string, quads: Quad[], hash: string): Promise<void> {
    this.sent.push([graph, quads.length, hash]);
  }
}

const warning = diagnostic('TABLE_ROW_INVALID', 'row 3 has no type', { file: 'WP1-datanodes.tsv', line: 4 });
const previousEntry: PathwayState = {
  hash: 'old',
  nq: { offset: 0, length: 0 }, // set per test to the bytes of its all.nq
  triples: 1,
  termIds: ['PW:0000001'],
  coverage: { participants: 2, linked: 1, byLabelUsage: 0, ambiguous: 0, unresolved: 1, unresolvedLabels: ['X'] },
  warnings: [{ code: 'GENE_AMBIGUOUS', message: 'kept warning' }],
};

function setup(previous: PathwayState = previousEntry, deferred = false) {
  const out = mkdtempSync(path.join(tmpdir(), 'pkg-ledger-'));
  const line = `<urn:s> <urn:p> "kept" <${G}> .\n`;
  writeFileSync(path.join(out, 'all.nq'), line);
  const prev: PathwayState = { ...previous, nq: { offset: 0, length: Buffer.byteLength(line) } };
  const state: RunState = { version: 1, pathways: { WP1: prev }, targets: { t: { [G]: 'old' } } };
  const report = newReport({ tool: { name: 'x', version: '0' }, source: 's', datanodes: [], reference: 'r', out });
  const files = new FakeFiles(deferred);
  const ledger = new RunLedger(report, state, out, files);
  return { ledger, report, files, prev, state };
}

const result: TransformResult = {
  wpid: 'WP1',
  graph: G,
  subject: G,
  file: 'WP1.md',
  quads: [
    quad(namedNode('urn:a'), namedNode('urn:b'), literal('1'), namedNode(G)),
    quad(namedNode('urn:a'), namedNode('urn:b'), literal('2'), namedNode(G)),
  ],
  warnings: [warning],
  termIds: ['DOID:1'],
};

describe('RunLedger', () => {
  it('reuse: copies the previous bytes and reports the previous warnings and coverage', async () => {
    const { ledger, report, files, prev } = setup();
    await ledger.apply(
      { wpid: 'WP1', graph: G, previous: prev, outcome: { hash: 'old' } },
      { kind: 'reuse' },
      undefined,
    );
    expect(files.calls).toEqual([`keep WP1 0+${prev.nq.length}`]);
    expect(report.pages).toEqual({ read: 1, converted: 1, rejected: 0 });
    expect(ledger.unchangedPages).toBe(1);
    expect(report.warnings).toEqual({
      total: 1,
      byCode: { GENE_AMBIGUOUS: 1 },
      items: [{ code: 'GENE_AMBIGUOUS', message: 'kept warning' }],
    });
    expect(report.coverage.pathways).toEqual({ WP1: prev.coverage });
    expect(report.triples).toBe(1);
    expect([...ledger.termIds]).toEqual(['PW:0000001']);
    expect([...ledger.graphs]).toEqual([G]);
    expect(ledger.state.pathways['WP1']).toEqual({ ...prev, nq: { offset: 0, length: prev.nq.length } });
  });

  it('transform and write: the new entry has the new hash, own triples, terms and warnings; the endpoint gets the own quads', async () => {
    const { ledger, report, files, prev } = setup();
    const endpoint = new FakeEndpoint();
    await ledger.apply(
      { wpid: 'WP1', graph: G, previous: prev, outcome: { hash: 'new', result } },
      { kind: 'transform', write: true, load: true },
      endpoint,
    );
    expect(files.calls).toEqual(['write WP1 2']);
    expect(endpoint.sent).toEqual([[G, 1, 'new']]);
    expect(ledger.state.pathways['WP1']).toEqual({
      hash: 'new',
      nq: { offset: 0, length: 100 },
      triples: 1,
      termIds: ['DOID:1'],
      warnings: [{ code: 'TABLE_ROW_INVALID', message: 'row 3 has no type', file: 'WP1-datanodes.tsv', line: 4 }],
    });
    expect(report.pages).toEqual({ read: 1, converted: 1, rejected: 0 });
    expect(ledger.unchangedPages).toBe(0);
    expect(report.warnings.byCode).toEqual({ TABLE_ROW_INVALID: 1 }); // not the previous version's
    expect(report.triples).toBe(1);
  });

  it('transform and write through the output thread: the range and count land when the reply does', async () => {
    const { ledger, report, files, prev } = setup(previousEntry, true);
    await ledger.apply(
      { wpid: 'WP1', graph: G, previous: prev, outcome: { hash: 'new', result } },
      { kind: 'transform', write: true, load: false },
      undefined,
    );
    expect(ledger.state.pathways['WP1']).toMatchObject({ nq: { offset: 0, length: 0 }, triples: 0 });
    expect(report.triples).toBe(0);
    files.settle();
    expect(ledger.state.pathways['WP1']).toMatchObject({ nq: { offset: 0, length: 100 }, triples: 1 });
    expect(report.triples).toBe(1);
  });

  it('with a state log: each entry goes to the log once placed, complete, and none stays in the state', async () => {
    const { report, files, prev, state } = setup(previousEntry, true);
    const out = mkdtempSync(path.join(tmpdir(), 'pkg-ledger-log-'));
    const log = PathwayStateLog.open(out);
    const added: string[] = [];
    const add = log.add.bind(log);
    log.add = (wpid, entry) => {
      added.push(wpid);
      add(wpid, entry);
    };
    const ledger = new RunLedger(report, state, out, files, log);
    await ledger.apply(
      { wpid: 'WP1', graph: G, previous: prev, outcome: { hash: 'new', result } },
      { kind: 'transform', write: true, load: false },
      undefined,
    );
    expect(added).toEqual([]); // not before its range is known
    files.settle();
    expect(added).toEqual(['WP1']);
    expect(ledger.state.pathways).toEqual({});
    expect([...log.entries()].join('')).toBe(
      `"WP1":${JSON.stringify({ hash: 'new', nq: { offset: 0, length: 100 }, triples: 1, termIds: ['DOID:1'], warnings: [warning] })}\n`,
    );
    await log.drop();
    expect(() => readFileSync(path.join(out, `.pathway-states.${process.pid}.tmp`))).toThrow();
    // The report's warnings and coverage went to files too: counted, not held.
    expect(report.warnings.total).toBe(1);
    expect(report.warnings.items).toEqual([]);
    expect(report.coverage.pathways).toEqual({});
    const json = JSON.parse([...reportJson(report)].join('')) as typeof report;
    expect(json.warnings.items).toEqual([warning]);
    expect(json.coverage.pathways).toEqual({});
    await dropReportSpill(report);
  });

  it('transform for the endpoint only: the files keep the previous bytes, the new warnings are reported once', async () => {
    const { ledger, report, files, prev } = setup();
    const endpoint = new FakeEndpoint();
    await ledger.apply(
      { wpid: 'WP1', graph: G, previous: prev, outcome: { hash: 'old', result } },
      { kind: 'transform', write: false, load: true },
      endpoint,
    );
    // Its shared facts are recorded (the layout's graphs hold them), its files kept.
    expect(files.calls).toEqual(['take WP1 2', `keep WP1 0+${prev.nq.length}`]);
    expect(endpoint.sent).toEqual([[G, 1, 'old']]);
    expect(report.warnings.items.map((w) => w.code)).toEqual(['TABLE_ROW_INVALID']);
    expect(ledger.state.pathways['WP1']!.hash).toBe('old');
  });

  it('keep-previous: the reject is reported, the previous bytes kept (not its warnings), and sent from all.nq when asked', async () => {
    const { ledger, report, files, prev } = setup();
    const endpoint = new FakeEndpoint();
    const error = new PipelineError('PAGE_YAML_INVALID', 'bad YAML', { file: 'WP1.md', line: 3 });
    await ledger.apply(
      { wpid: 'WP1', graph: G, previous: prev, outcome: { error } },
      { kind: 'keep-previous', load: true },
      endpoint,
    );
    expect(report.rejects).toEqual([{ code: 'PAGE_YAML_INVALID', message: 'bad YAML', file: 'WP1.md', line: 3 }]);
    expect(report.pages).toEqual({ read: 1, converted: 0, rejected: 1 });
    expect(report.warnings.total).toBe(0);
    expect(files.calls).toEqual([`keep WP1 0+${prev.nq.length}`]);
    expect(endpoint.sent).toEqual([[G, 1, 'old']]); // the one quad of the previous all.nq
    expect([...ledger.graphs]).toEqual([G]);
    expect(ledger.state.pathways['WP1']!.hash).toBe('old');
  });

  it('drop: the reject is reported and the pathway has no graph and no state', async () => {
    const { ledger, report, files } = setup();
    const error = new PipelineError('PAGE_TITLE_MISSING', 'no title', { file: 'WP1.md' });
    await ledger.apply({ wpid: 'WP1', graph: G, previous: undefined, outcome: { error } }, { kind: 'drop' }, undefined);
    expect(report.pages).toEqual({ read: 1, converted: 0, rejected: 1 });
    expect(files.calls).toEqual([]);
    expect(ledger.graphs.size).toBe(0);
    expect(ledger.state.pathways).toEqual({});
  });

  it('counts a duplicate page as read, a download that could not be used as not read', () => {
    const { ledger, report } = setup();
    ledger.rejectDuplicate(new PipelineError('PAGE_DUPLICATE_WPID', 'second page'));
    ledger.rejectDownload(new PipelineError('PAGE_DOWNLOAD_FAILED', 'bad blob'));
    expect(report.pages).toEqual({ read: 1, converted: 0, rejected: 2 });
    expect(report.rejects.map((r) => r.code)).toEqual(['PAGE_DUPLICATE_WPID', 'PAGE_DOWNLOAD_FAILED']);
  });

  it('refuses an action the page cannot support rather than writing a wrong state', async () => {
    const { ledger } = setup();
    await expect(
      ledger.apply(
        { wpid: 'WP1', graph: G, previous: undefined, outcome: { hash: 'h' } },
        { kind: 'reuse' },
        undefined,
      ),
    ).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('keeps the targets of the previous state: the endpoint records loads into the state the run leaves', () => {
    const { ledger, state } = setup();
    expect(ledger.state.targets).toBe(state.targets);
    expect(ledger.state.pathways).toEqual({});
  });
});
