// A run's report keeps each page's warnings and each pathway's coverage in temporary files (report.ts: spillReport),
// not in the heap: report.json, the report hash and what the caller reads afterwards are what they are without it.

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics.js';
import {
  addCoverage,
  addDiagnostics,
  dropReportSpill,
  newReport,
  reportBodyHash,
  reportJson,
  spillReport,
  writeReport,
  type RunReport,
} from '../../src/report.js';
import type { ParticipantCoverage } from '../../src/types.js';

const tool = { name: 't', version: '1' };

function report(out: string): RunReport {
  return newReport({ tool, source: 's', datanodes: ['d'], reference: 'r', out });
}

function coverage(i: number): ParticipantCoverage {
  return { participants: 3, linked: 1, byLabelUsage: 0, ambiguous: 1, unresolved: 1, unresolvedLabels: [`l ${i} é`] };
}

function warning(i: number): Diagnostic {
  return {
    code: 'TABLE_ROW_INVALID',
    message: `row "${i}"\nbreak \u2028 漢字`,
    file: `WP${i}.tsv`,
    line: 2,
    ...(i % 3 === 0 ? { details: { n: i, list: [1, { a: null }] } } : {}),
  };
}

/** `n` pathways' additions; the first `before` go in before the spill (when `out` is given) starts. */
function fill(r: RunReport, n: number, before: number, out?: string): void {
  for (let i = 0; i < n; i++) {
    if (i === before && out !== undefined) spillReport(r, out);
    addCoverage(r, `WP${i}`, coverage(i));
    addDiagnostics(r, i % 2 === 0 ? [warning(i), warning(i + 1)] : []);
  }
  r.seconds = 1.5;
}

const tmps = (out: string) => readdirSync(out).filter((f) => f.endsWith('.tmp'));

describe('the report spilled to files', () => {
  it('holds no pathway in the heap; report.json, the hash and what is read afterwards are as without it', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'pkg-report-spill-'));
    const plain = report(out);
    fill(plain, 3_000, 5);
    const spilled = report(out);
    spilled.startedAt = plain.startedAt;
    fill(spilled, 3_000, 5, out);
    // Only what came before the spill is in the heap; the totals are all there.
    expect(spilled.warnings.items).toHaveLength(6);
    expect(Object.keys(spilled.coverage.pathways)).toEqual(['WP0', 'WP1', 'WP2', 'WP3', 'WP4']);
    expect(spilled.warnings.total).toBe(plain.warnings.total);
    expect(spilled.coverage.total).toEqual(plain.coverage.total);
    expect(tmps(out)).toHaveLength(2);

    expect(reportBodyHash(spilled)).toBe(reportBodyHash(plain));
    expect([...reportJson(spilled)].join('')).toBe(JSON.stringify(plain, null, 2) + '\n');
    await writeReport(out, spilled);
    expect(readFileSync(path.join(out, 'report.json'), 'utf8')).toBe(JSON.stringify(plain, null, 2) + '\n');
    expect(tmps(out)).toEqual([]);
    // The caller reads them back from report.json, once.
    expect(spilled.warnings.items).toEqual(plain.warnings.items);
    expect(spilled.coverage.pathways).toEqual(plain.coverage.pathways);
    expect(spilled).toEqual(plain);
    rmSync(path.join(out, 'report.json'));
    expect(spilled.warnings.items).toHaveLength(plain.warnings.items.length);
  });

  it('with nothing spilled: empty lists, as JSON.stringify writes them', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'pkg-report-spill-'));
    const spilled = report(out);
    spillReport(spilled, out);
    spilled.seconds = 1;
    const text = [...reportJson(spilled)].join('');
    expect(text).toBe(JSON.stringify(spilled, null, 2) + '\n');
    expect(text).toContain('"items": []');
    expect(text).toContain('"pathways": {}');
    await writeReport(out, spilled);
    expect(spilled.warnings.items).toEqual([]);
    expect(spilled.coverage.pathways).toEqual({});
  });

  it('a run that stops removes the files; a killed run leaves them to the next, which removes them', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'pkg-report-spill-'));
    const stopped = report(out);
    fill(stopped, 10, 0, out);
    await dropReportSpill(stopped);
    expect(tmps(out)).toEqual([]);
    expect(existsSync(path.join(out, 'report.json'))).toBe(false);
    writeFileSync(path.join(out, '.report-warnings.999999.tmp'), 'left by a killed run\n');
    writeFileSync(path.join(out, '.report-coverage.999999.tmp'), 'left by a killed run\n');
    writeFileSync(path.join(out, '.all.nq.999999.tmp'), 'not ours');
    spillReport(report(out), out);
    expect(tmps(out).sort()).toEqual(
      ['.all.nq.999999.tmp', `.report-coverage.${process.pid}.tmp`, `.report-warnings.${process.pid}.tmp`].sort(),
    );
  });

  it('a spill file that vanished fails report.json rather than writing it without the pathways', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'pkg-report-spill-'));
    const r = report(out);
    fill(r, 10, 0, out);
    rmSync(path.join(out, `.report-coverage.${process.pid}.tmp`));
    await expect(writeReport(out, r)).rejects.toThrow();
    expect(existsSync(path.join(out, 'report.json'))).toBe(false);
  });

  it('refuses a second spill of one report (the first one’s lines would be lost)', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'pkg-report-spill-'));
    const r = report(out);
    spillReport(r, out);
    expect(() => spillReport(r, out)).toThrow(/spilled already/);
  });
});
