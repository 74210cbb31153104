// The per-pathway parts of a run's report in temporary files (report.ts: spillReport): each page's warnings, one JSON
// value a line, and each pathway's coverage, one [wpid, coverage] pair a line. Read back once the run is done, as
// report.json is written.

import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from './diagnostics.js';
import { jsonLines, SpillFile } from './load/spillFile.js';
import type { ParticipantCoverage } from './types.js';

const WARNINGS = 'report-warnings';
const COVERAGE = 'report-coverage';
const CHUNK = 64 * 1024;

export class ReportSpill {
  private constructor(
    private readonly warningLines: SpillFile,
    private readonly coverageLines: SpillFile,
  ) {}

  /** New files in `out`; files a killed run left there are removed (runs in one --out never overlap: lock.ts). */
  static open(out: string): ReportSpill {
    mkdirSync(out, { recursive: true });
    for (const name of readdirSync(out))
      if ((name.startsWith(`.${WARNINGS}.`) || name.startsWith(`.${COVERAGE}.`)) && name.endsWith('.tmp'))
        rmSync(path.join(out, name), { force: true });
    const warnings = new SpillFile(path.join(out, WARNINGS), CHUNK);
    try {
      return new ReportSpill(warnings, new SpillFile(path.join(out, COVERAGE), CHUNK));
    } catch (error) {
      void warnings.drop();
      throw error;
    }
  }

  addWarning(w: Diagnostic): void {
    // JSON.stringify escapes every newline inside a string: one line a warning.
    this.warningLines.append(`${JSON.stringify(w)}\n`);
  }

  addCoverage(wpid: string, c: ParticipantCoverage): void {
    this.coverageLines.append(`${JSON.stringify([wpid, c])}\n`);
  }

  /** `before` (the warnings added before the spill), then the spilled ones; no more can be added. */
  *warnings(before: Iterable<Diagnostic>): Generator<Diagnostic> {
    yield* before;
    yield* jsonLines<Diagnostic>(this.warningLines.pieces());
  }

  /** `before`, then the spilled [wpid, coverage] pairs; no more can be added. */
  *coverage(before: Iterable<[string, ParticipantCoverage]>): Generator<[string, ParticipantCoverage]> {
    yield* before;
    yield* jsonLines<[string, ParticipantCoverage]>(this.coverageLines.pieces());
  }

  async drop(): Promise<void> {
    await Promise.all([this.warningLines.drop(), this.coverageLines.drop()]);
  }
}
