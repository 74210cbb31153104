// The run report (report.json): counts, rejects, warnings, coverage, timings, input versions.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from './load/atomicFile.js';
import { JsonEntries, jsonChunks } from './jsonChunks.js';
import { ReportSpill } from './reportSpill.js';
import { diagnosticCount, toDiagnostic, type Diagnostic } from './diagnostics.js';
import type { ErrorCode, PipelineError } from './errors.js';
import type { ParticipantCoverage } from './types.js';

export interface RunReport {
  tool: { name: string; version: string };
  startedAt: string;
  finishedAt?: string;
  seconds?: number;
  peakRssMb?: number;
  source: string;
  datanodes: string[];
  reference: string;
  out: string;
  versions: Record<string, string>;
  pages: { read: number; converted: number; rejected: number; unchanged?: number };
  tables: { found: number };
  triples: number;
  rejects: Diagnostic[];
  warnings: { total: number; byCode: Partial<Record<ErrorCode, number>>; items: Diagnostic[] };
  coverage: { total: ParticipantCoverage; pathways: Record<string, ParticipantCoverage> };
  sinks: string[];
  load?: Record<string, unknown>;
  /**
   * Set when nothing had changed since the run that made the output (its start): no page was read, nothing written or
   * loaded.
   */
  unchangedSince?: string;
}

export function newReport(init: Pick<RunReport, 'tool' | 'source' | 'datanodes' | 'reference' | 'out'>): RunReport {
  return {
    ...init,
    startedAt: new Date().toISOString(),
    versions: {},
    pages: { read: 0, converted: 0, rejected: 0 },
    tables: { found: 0 },
    triples: 0,
    rejects: [],
    warnings: { total: 0, byCode: {}, items: [] },
    coverage: {
      total: { participants: 0, linked: 0, byLabelUsage: 0, ambiguous: 0, unresolved: 0, unresolvedLabels: [] },
      pathways: {},
    },
    sinks: [],
  };
}

/**
 * The report's per-pathway parts (each page's warnings, each pathway's coverage) go from now on to temporary files in
 * `out` rather than the heap, until report.json is written (writeReport); what was added before stays where it is and
 * comes first. Held in the heap, they were a few hundred bytes a page that lived through the whole run.
 */
export function spillReport(report: RunReport, out: string): void {
  if (spills.has(report)) throw new Error('spillReport: the report is spilled already');
  spills.set(report, ReportSpill.open(out));
}

/** Removes the report's temporary files (a run that stops: no report.json). */
export async function dropReportSpill(report: RunReport): Promise<void> {
  await spills.get(report)?.drop();
  spills.delete(report);
}

const spills = new WeakMap<RunReport, ReportSpill>();

export function addReject(report: RunReport, error: PipelineError): void {
  report.pages.rejected++;
  report.rejects.push(toDiagnostic(error));
}

/** Warnings as report.json and state.json hold them (an unchanged page's, from the state). */
export function addDiagnostics(report: RunReport, warnings: readonly Diagnostic[]): void {
  for (const w of warnings) {
    // A warning that stands for omitted ones (a table's warnings past its limit) counts them.
    const n = diagnosticCount(w);
    report.warnings.total += n;
    report.warnings.byCode[w.code] = (report.warnings.byCode[w.code] ?? 0) + n;
    const spill = spills.get(report);
    if (spill !== undefined) spill.addWarning(w);
    else report.warnings.items.push(w);
  }
}

export function addCoverage(report: RunReport, wpid: string, c: ParticipantCoverage): void {
  const spill = spills.get(report);
  if (spill !== undefined) spill.addCoverage(wpid, c);
  else report.coverage.pathways[wpid] = c;
  const t = report.coverage.total;
  t.participants += c.participants;
  t.linked += c.linked;
  t.byLabelUsage += c.byLabelUsage ?? 0; // absent from the state of runs before label usage
  t.ambiguous += c.ambiguous;
  t.unresolved += c.unresolved;
}

/** report.json's text, in chunks (jsonChunks.ts): the same bytes as JSON.stringify(report, null, 2) and a newline. */
export function reportJson(report: RunReport): Iterable<string> {
  return jsonChunks(whole(report), 2, '\n');
}

/**
 * Writes report.json (reportJson); a spilled report's temporary files are then removed, and its warnings' items and
 * coverage's pathways are read back from report.json when first asked for (the run's caller may want them; the run
 * itself never does).
 */
export async function writeReport(out: string, report: RunReport): Promise<void> {
  const file = path.join(out, 'report.json');
  await writeFileAtomic(file, reportJson(report));
  const spill = spills.get(report);
  if (spill === undefined) return;
  await dropReportSpill(report);
  let read: RunReport | undefined;
  const written = () => (read ??= JSON.parse(readFileSync(file, 'utf8')) as RunReport);
  readBack(report.warnings, 'items', () => written().warnings.items);
  readBack(report.coverage, 'pathways', () => written().coverage.pathways);
}

/** `holder[key]` as `value()` gives it on first access, a plain property from then on. */
function readBack<T extends object, K extends keyof T>(holder: T, key: K, value: () => T[K]): void {
  Object.defineProperty(holder, key, {
    configurable: true,
    enumerable: true,
    get: () => {
      const v = value();
      Object.defineProperty(holder, key, { configurable: true, enumerable: true, writable: true, value: v });
      return v;
    },
  });
}

/**
 * The report as report.json holds it: a spilled report's warnings and coverage are what it holds followed by what its
 * files hold, read as they are written.
 */
function whole(report: RunReport): RunReport | object {
  const spill = spills.get(report);
  if (spill === undefined) return report;
  const { warnings, coverage } = report;
  return {
    ...report,
    warnings: { ...warnings, items: new JsonEntries('array', () => spill.warnings(warnings.items)) },
    coverage: {
      ...coverage,
      pathways: new JsonEntries('object', () => spill.coverage(Object.entries(coverage.pathways))),
    },
  };
}

export function finishReport(report: RunReport): void {
  const end = new Date();
  report.finishedAt = end.toISOString();
  report.seconds = Math.round((end.getTime() - Date.parse(report.startedAt)) / 10) / 100;
  report.peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
}

/**
 * Hash of what the report says about the run's input and output, leaving out what differs between two runs over the
 * same inputs (times, memory, the load's own summary, whether pages were found unchanged).
 */
export function reportBodyHash(report: RunReport): string {
  const {
    startedAt: _s,
    finishedAt: _f,
    seconds: _t,
    peakRssMb: _m,
    load: _l,
    unchangedSince: _u,
    ...body
  } = whole(report) as RunReport;
  const { unchanged: _n, ...pages } = body.pages;
  // The same bytes as JSON.stringify, hashed as they come: no string of every pathway's coverage and warnings.
  const h = createHash('sha256');
  for (const chunk of jsonChunks({ ...body, pages })) h.update(chunk);
  return h.digest('hex');
}

/** One line for the terminal. */
export function summaryLine(report: RunReport): string {
  const p = report.pages;
  const c = report.coverage.total;
  const parts = [
    `${p.read} pages read, ${p.converted} converted${p.unchanged ? ` (${p.unchanged} unchanged since the last run)` : ''}, ${p.rejected} rejected`,
    `${report.triples} triples`,
    `${report.warnings.total} warnings`,
  ];
  if (c.participants > 0)
    parts.push(
      `participants ${c.participants}: ${c.linked} linked${c.byLabelUsage > 0 ? ` (${c.byLabelUsage} by label usage)` : ''}, ${c.ambiguous} ambiguous, ${c.unresolved} unresolved`,
    );
  const load = report.load as { target?: string; loaded?: number; dropped?: number } | undefined;
  if (load?.target !== undefined)
    parts.push(`loaded ${load.loaded} graphs into ${load.target}, dropped ${load.dropped}`);
  if (report.unchangedSince !== undefined)
    parts.push(`nothing changed since the run of ${report.unchangedSince}: no page read, output left as it was`);
  if (report.seconds !== undefined) parts.push(`${report.seconds} s, peak ${report.peakRssMb} MB`);
  return parts.join('; ');
}
