// Reads a participant table (either format, told apart by its header) into participants and warnings.

import { DEFAULT_LIMITS, overLimit, type Limits } from '../../limits.js';
import type { SourceTable } from '../../types.js';
import type { ParticipantMappings, TableParse } from './model.js';
import { parseTable2022 } from './table2022.js';
import { parseTableCurrent } from './tableCurrent.js';
import { TableWarnings } from './tableWarnings.js';

/** Throws TABLE_LIMIT_EXCEEDED for a table of more lines than the limit, before any line is split. */
export function parseTable(table: SourceTable, pm: ParticipantMappings, limits: Limits = DEFAULT_LIMITS): TableParse {
  const text = table.text.charCodeAt(0) === 0xfeff ? table.text.slice(1) : table.text;
  checkLines(text, table.file, limits);
  const warnings = new TableWarnings(table.file, limits);
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const empty: TableParse = {
    format: 'unknown',
    participants: [],
    warnings: [],
    stats: {
      lines: Math.max(0, lines.length - 1),
      rows: 0,
      multiLineRows: 0,
      labelLines: 0,
      commentLines: 0,
      lostLines: 0,
    },
  };
  if (lines.length === 0) return empty;
  const header = lines[0]!.split('\t').map((h) => h.trim());
  const starts = (...names: string[]): boolean => names.every((name, i) => header[i] === name);
  if (starts('Label', 'Type', 'ID', 'Database')) return parseTable2022(lines, table.file, pm, warnings);
  if (starts('Label', 'Type', 'Identifier', 'Comment'))
    return parseTableCurrent(text, header, table.file, pm, warnings);
  warnings.add(
    'TABLE_HEADER_INVALID',
    () =>
      `Expected a header "Label<TAB>Type<TAB>ID<TAB>Database…" or "Label<TAB>Type<TAB>Identifier<TAB>Comment…", got ${JSON.stringify(lines[0]!.slice(0, 80))}`,
    { file: table.file, line: 1 },
  );
  empty.warnings = warnings.list();
  return empty;
}

/**
 * Lines after the header, counted without splitting: a table over the limit is rejected with the
 * line where it went over. Lines, not rows: a row can span lines, so no row count is larger.
 */
function checkLines(text: string, file: string, limits: Limits): void {
  let lines = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < text.length - 1; i = text.indexOf('\n', i + 1)) {
    if (++lines > limits.tableLines) {
      throw overLimit(
        'TABLE_LIMIT_EXCEEDED',
        `Participant table has more than ${limits.tableLines.toLocaleString('en-US')} lines after its header`,
        'tableLines',
        limits,
        { file, line: lines + 1 },
      );
    }
  }
}
