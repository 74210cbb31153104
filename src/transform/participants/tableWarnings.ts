// A table's warnings, at most a fixed number listed: a table of invalid rows must not fill report.json
// (or memory) with one error object per row. The rest are counted, per code, in one closing warning.

import { diagnostic, type Diagnostic } from '../../diagnostics.js';
import type { ErrorCode, ErrorLocation } from '../../errors.js';
import { limitName, type Limits } from '../../limits.js';

export class TableWarnings {
  private readonly items: Diagnostic[] = [];
  private readonly omitted = new Map<ErrorCode, number>();

  constructor(
    private readonly file: string,
    private readonly limits: Limits,
  ) {}

  /** The warning is made only when it will be listed. */
  add(code: ErrorCode, message: () => string, where: ErrorLocation): void {
    if (this.items.length < this.limits.tableWarnings) this.items.push(diagnostic(code, message(), where));
    else this.omitted.set(code, (this.omitted.get(code) ?? 0) + 1);
  }

  /**
   * The listed warnings, then one per code with omitted ones:
   * `198,000 more TABLE_ROW_INVALID warnings in this table are not listed`, the count in `details.omitted`.
   */
  list(): Diagnostic[] {
    const out = this.items.slice();
    for (const [code, n] of this.omitted) {
      const message = `${n.toLocaleString('en-US')} more ${code} warnings in this table are not listed (limit ${limitName('tableWarnings')}: ${this.limits.tableWarnings.toLocaleString('en-US')} per table)`;
      out.push(diagnostic(code, message, { file: this.file, details: { omitted: n } }));
    }
    return out;
  }
}
