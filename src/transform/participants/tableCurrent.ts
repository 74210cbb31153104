// Parses the current participant table: Label, Type, Identifier, quoted Comment, then compact-URI id columns.
//
// Fields may be double-quoted (Comment always is; `""` inside is a quote). A label can hold a stray
// tab, so a row is read from the right: the mapped-id columns are the last ones, then Comment,
// Identifier and Type, and whatever is left over on the left is the label.

import { cleanLabel } from '../text.js';
import { addId, readCompactId } from './ids.js';
import type { IdSystem, Participant, ParticipantMappings, TableParse } from './model.js';
import { typeRule } from './participantMappings.js';
import type { TableWarnings } from './tableWarnings.js';

/** Ids of a row checked by scanning before a set takes over. */
const SCAN_LIMIT = 16;

interface Field {
  text: string;
  quoted: boolean;
}

export function parseTableCurrent(
  text: string,
  header: string[],
  file: string,
  pm: ParticipantMappings,
  warnings: TableWarnings,
): TableParse {
  const out: TableParse = {
    format: 'current',
    participants: [],
    warnings: [],
    stats: { lines: 0, rows: 0, multiLineRows: 0, labelLines: 0, commentLines: 0, lostLines: 0 },
  };
  const mapped = header.slice(4);
  const columnSystems: (IdSystem | undefined)[] = mapped.map((name) => pm.currentColumns.get(name));
  mapped.forEach((name, i) => {
    if (columnSystems[i] === undefined && name !== '')
      warnings.add(
        'TABLE_HEADER_INVALID',
        () =>
          `Unknown column ${JSON.stringify(name)} (not in mappings/participants.json currentColumns); its values are read by their own prefixes`,
        { file, line: 1, key: name },
      );
  });
  let pos = text.indexOf('\n') + 1;
  let line = 2;
  if (pos === 0) {
    out.warnings = warnings.list();
    return out;
  }
  while (pos < text.length) {
    const { fields, end, lines } = readRecord(text, pos);
    const start = line;
    pos = end;
    line += lines;
    out.stats.lines += lines;
    if (fields.length === 1 && fields[0]!.text.trim() === '') continue;
    const row = toRow(fields, mapped.length);
    if (row === undefined) {
      out.stats.lostLines += lines;
      const got = fields.length;
      warnings.add('TABLE_ROW_INVALID', () => `Expected ${mapped.length + 4} tab-separated columns, got ${got}`, {
        file,
        line: start,
      });
      continue;
    }
    out.stats.rows++;
    if (row.labelFields > 1) out.stats.multiLineRows++;
    out.participants.push(toParticipant(row, columnSystems, mapped, start, file, pm, warnings));
  }
  out.warnings = warnings.list();
  return out;
}

interface Row {
  label: string;
  labelFields: number;
  type: string;
  identifier: string;
  cells: string[];
}

/** Label, Type, Identifier, Comment and the mapped cells of one record, read from the right when it is too wide. */
function toRow(fields: Field[], width: number): Row | undefined {
  const n = fields.length;
  if (n < 4) return undefined;
  // The Comment is the quoted field in the 4th place from the left when the label holds no tab;
  // otherwise `width` mapped cells follow it.
  let c = 3;
  if (n > width + 4 && fields[n - width - 1]!.quoted) c = n - width - 1;
  const labelFields = c - 2;
  return {
    label: fields
      .slice(0, labelFields)
      .map((f) => f.text)
      .join('\t'),
    labelFields,
    type: fields[c - 2]!.text.trim(),
    identifier: fields[c - 1]!.text.trim(),
    cells: fields.slice(c + 1).map((f) => f.text),
  };
}

function toParticipant(
  row: Row,
  columnSystems: (IdSystem | undefined)[],
  columns: string[],
  line: number,
  file: string,
  pm: ParticipantMappings,
  warnings: TableWarnings,
): Participant {
  const participant: Participant = {
    label: cleanLabel(row.label),
    type: row.type,
    ids: {},
    origin: { kind: 'table', line },
  };
  const warn = (key: string, message: string): void => {
    warnings.add('TABLE_ROW_INVALID', () => message, { file, line, key });
  };
  // addId's own check scans the list: past a few ids, a row's ids are checked against a set instead
  // (a row of 100,000 ids would otherwise take minutes).
  let added = 0;
  let seen: Set<string> | undefined;
  const add = (system: IdSystem, id: string): void => {
    if (seen === undefined) {
      if (++added <= SCAN_LIMIT) return addId(participant.ids, system, id);
      seen = new Set(Object.entries(participant.ids).flatMap(([s, list]) => (list ?? []).map((v) => `${s}\u0000${v}`)));
    }
    const key = `${system}\u0000${id}`;
    if (seen.has(key)) return;
    seen.add(key);
    (participant.ids[system] ??= []).push(id);
  };
  if (row.identifier !== '') {
    const value = readCompactId(pm, row.identifier, undefined);
    if (value?.ok === true) {
      participant.primary = { system: value.system, id: value.id };
      add(value.system, value.id);
    } else if (value?.ok === false && value.reason === 'unknown-prefix') {
      if (value.prefix === '') warn('Identifier', `Identifier ${JSON.stringify(row.identifier)} names no data source`);
      else
        warn(
          'Identifier',
          `Unknown prefix ${JSON.stringify(value.prefix)} in Identifier ${JSON.stringify(row.identifier)}`,
        );
    }
  }
  row.cells.forEach((cell, i) => {
    const column = columns[i] ?? `column ${i + 5}`;
    for (const part of cell.split(';')) {
      const value = readCompactId(pm, part, columnSystems[i]);
      if (value === undefined) continue;
      if (value.ok) add(value.system, value.id);
      else if (value.reason === 'unknown-prefix')
        warn(
          column,
          `Unknown prefix ${JSON.stringify(value.prefix)} in ${column} value ${JSON.stringify(part.trim())}`,
        );
    }
  });
  if (row.cells.length > columns.length)
    warn(
      columns[columns.length - 1] ?? 'Comment',
      `Expected ${columns.length + 4} tab-separated columns, got ${row.cells.length + 4}; the extra cells were read by their prefixes`,
    );
  if (row.type !== '' && typeRule(pm, row.type) === undefined) warn('Type', `Unknown Type ${JSON.stringify(row.type)}`);
  return participant;
}

/**
 * The fields of the record starting at `pos`: tab-separated, a field that starts with `"` runs to
 * the matching closing quote (and may span lines). Returns where the next record starts.
 */
function readRecord(text: string, pos: number): { fields: Field[]; end: number; lines: number } {
  const fields: Field[] = [];
  let lines = 1;
  let i = pos;
  for (;;) {
    if (text[i] === '"') {
      let value = '';
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) {
          // Unterminated quote: take the rest of the line as it is.
          const eol = lineEnd(text, i);
          fields.push({ text: text.slice(i, eol), quoted: false });
          return finish(fields, text, eol, lines);
        }
        value += text.slice(j, q);
        if (text[q + 1] === '"') {
          value += '"';
          j = q + 2;
          continue;
        }
        j = q + 1;
        break;
      }
      lines += countNewlines(value);
      // Text after the closing quote up to the next separator belongs to the field too.
      let k = j;
      while (k < text.length && text[k] !== '\t' && text[k] !== '\n') k++;
      fields.push({ text: value + text.slice(j, k).replace(/\r$/, ''), quoted: true });
      i = k;
    } else {
      let k = i;
      while (k < text.length && text[k] !== '\t' && text[k] !== '\n') k++;
      fields.push({ text: text.slice(i, k).replace(/\r$/, ''), quoted: false });
      i = k;
    }
    if (i >= text.length || text[i] === '\n') return finish(fields, text, i, lines);
    i++; // tab
  }
}

function finish(
  fields: Field[],
  text: string,
  at: number,
  lines: number,
): { fields: Field[]; end: number; lines: number } {
  return { fields, end: at < text.length ? at + 1 : text.length, lines };
}

function lineEnd(text: string, from: number): number {
  const eol = text.indexOf('\n', from);
  return eol < 0 ? text.length : eol;
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
