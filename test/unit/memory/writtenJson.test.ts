// state.json and report.json are written in chunks (jsonChunks.ts) with the bytes JSON.stringify gave before: a state
// or report of the previous version reads the same, and the report hash recorded by the previous version still
// matches (an unchanged night stays unchanged across the upgrade).

import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readState, writeState, type RunState } from '../../../src/load/state.js';
import { addCoverage, addDiagnostics, newReport, reportBodyHash, reportJson } from '../../../src/report.js';

function bigState(n: number): RunState {
  const state: RunState = { version: 1, pathways: {}, targets: { 'http://store/sparql': {} } };
  for (let i = 0; i < n; i++) {
    state.pathways[`WP${i}`] = {
      hash: `${i}`.padStart(32, '0'),
      nq: { offset: i * 1000, length: 1000 },
      triples: 40,
      termIds: ['PW:0000001', `DOID:${i}`],
      ...(i % 7 === 0 ? { warnings: [{ code: 'TABLE_ROW_INVALID' as const, message: `row "${i}"\n`, line: 3 }] } : {}),
    };
    state.targets['http://store/sparql']![`https://identifiers.org/wikipathways/WP${i}`] = `h${i}`;
  }
  return state;
}

function bigReport(n: number) {
  const report = newReport({
    tool: { name: 't', version: '1' },
    source: 's',
    datanodes: ['d'],
    reference: 'r',
    out: 'o',
  });
  for (let i = 0; i < n; i++) {
    addCoverage(report, `WP${i}`, {
      participants: 3,
      linked: 1,
      byLabelUsage: 0,
      ambiguous: 1,
      unresolved: 1,
      unresolvedLabels: [`label ${i} é`],
    });
    addDiagnostics(report, [{ code: 'TABLE_ROW_INVALID', message: `m${i}`, file: `WP${i}.tsv`, line: 2 }]);
  }
  report.seconds = 1.5;
  return report;
}

describe('state.json and report.json in chunks', () => {
  it('state.json holds what JSON.stringify wrote, and reads back', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'pkg-json-'));
    const state = bigState(5_000);
    await writeState(out, state);
    expect(readFileSync(path.join(out, 'state.json'), 'utf8')).toBe(JSON.stringify(state) + '\n');
    expect(readState(out)).toEqual(state);
  });

  it('report.json text and the report hash are as before', () => {
    const report = bigReport(5_000);
    expect([...reportJson(report)].join('')).toBe(JSON.stringify(report, null, 2) + '\n');
    // The previous version's hash: the body without times, memory, load and the unchanged count, as one string.
    const { startedAt: _s, seconds: _t, ...body } = report;
    const { unchanged: _n, ...pages } = body.pages;
    const before = createHash('sha256')
      .update(JSON.stringify({ ...body, pages }))
      .digest('hex');
    expect(reportBodyHash(report)).toBe(before);
  });
});
