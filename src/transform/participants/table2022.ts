// Parses the 2022 participant table (`Label Type ID Database Comment`), which is not valid TSV, back into rows.
//
// Labels and comments may hold raw newlines and tabs. A row is recovered from its anchor line, the
// line that holds `Type<TAB>ID<TAB>Database` with a known Type and Database; lines with no anchor
// are continuations. Walking back from an anchor, short plain lines are the first lines of that
// row's label (GPML labels are wrapped by hand); anything else (markup, long prose, `key: value`,
// blank lines) continues the previous row's comment.

import { cleanLabel } from '../text.js';
import { addId, canonicalId } from './ids.js';
import type { Participant, ParticipantMappings, TableParse } from './model.js';
import { typeRule } from './participantMappings.js';
import type { TableWarnings } from './tableWarnings.js';

interface Anchor {
  /** Index of the Type field. */
  k: number;
  fields: string[];
}

const MAX_LABEL_LINES = 8;
const MAX_LABEL_LINE_LENGTH = 48;

export function parseTable2022(
  lines: string[],
  file: string,
  pm: ParticipantMappings,
  warnings: TableWarnings,
): TableParse {
  const out: TableParse = {
    format: '2022',
    participants: [],
    warnings: [],
    stats: { lines: 0, rows: 0, multiLineRows: 0, labelLines: 0, commentLines: 0, lostLines: 0 },
  };
  const anchors: (Anchor | undefined)[] = [];
  const body = lines.length - 1;
  out.stats.lines = body;
  for (let i = 1; i < lines.length; i++) anchors[i] = findAnchor(lines[i]!.split('\t'), pm);
  // An identifier split over two lines (`Label<TAB>Type<TAB>ID-part` then `ID-part<TAB>Database<TAB>…`).
  for (let i = 1; i + 1 < lines.length; i++) {
    if (anchors[i] !== undefined || anchors[i + 1] !== undefined) continue;
    const a = lines[i]!.split('\t');
    const b = lines[i + 1]!.split('\t');
    if (
      a.length === 3 &&
      a[1] !== '' &&
      typeRule(pm, a[1]!) !== undefined &&
      b.length >= 2 &&
      pm.databases2022.has(b[1]!)
    ) {
      anchors[i] = { k: 1, fields: [a[0]!, a[1]!, `${a[2]!}\n${b[0]!}`, ...b.slice(1)] };
      anchors[i + 1] = { k: -1, fields: [] }; // consumed
    }
  }
  const labelStart = new Map<number, number>(); // anchor line -> first line of its label
  let previous: number | undefined; // line of the previous anchor
  let i = 1;
  while (i < lines.length) {
    if (anchors[i] !== undefined) {
      if (anchors[i]!.k >= 0) previous = i;
      i++;
      continue;
    }
    // A run of continuation lines i..j-1, then the anchor at j (or the end of the file).
    let j = i;
    while (j < lines.length && anchors[j] === undefined) j++;
    const next = j < lines.length && anchors[j]!.k >= 0 ? j : undefined;
    let split = j; // lines split..j-1 start the next row's label
    if (next !== undefined) {
      while (split > i && j - split < MAX_LABEL_LINES - 1 && labelLike(lines[split - 1]!)) split--;
    }
    out.stats.labelLines += j - split;
    if (previous === undefined) {
      for (let l = i; l < split; l++) {
        if (lines[l]!.trim() === '') continue;
        out.stats.lostLines++;
        const text = lines[l]!;
        warnings.add(
          'TABLE_ROW_INVALID',
          () => `Line belongs to no row (no Type, ID and Database before it): ${JSON.stringify(text.slice(0, 60))}`,
          { file, line: l + 1 },
        );
      }
    } else {
      out.stats.commentLines += split - i;
    }
    if (next !== undefined) labelStart.set(next, split);
    i = j;
  }
  for (let l = 1; l < lines.length; l++) {
    const anchor = anchors[l];
    if (anchor === undefined || anchor.k < 0) continue;
    const start = labelStart.get(l) ?? l;
    const labelText = [...lines.slice(start, l), anchor.fields.slice(0, anchor.k).join('\t')].join('\n');
    out.participants.push(toParticipant(anchor, labelText, start + 1, file, pm, warnings));
    out.stats.rows++;
    if (start < l || anchor.k > 1 || labelText.includes('\n')) out.stats.multiLineRows++;
  }
  out.warnings = warnings.list();
  return out;
}

/** The anchor of a line: where Type, ID and Database sit, or undefined for a continuation line. */
function findAnchor(f: string[], pm: ParticipantMappings): Anchor | undefined {
  const n = f.length;
  const knownDb = (s: string): boolean => pm.databases2022.has(s.trim());
  // 1. a known, non-empty Type followed by ID and an empty or known Database
  for (let k = 1; k + 2 < n; k++) {
    if (f[k] !== '' && pm.types.has(f[k]!) && (f[k + 2] === '' || knownDb(f[k + 2]!))) return { k, fields: f };
  }
  // 1b. a known Type in the second field of a row of the usual width, whatever its Database says
  if ((n === 4 || n === 5) && f[1] !== '' && pm.types.has(f[1]!)) return { k: 1, fields: f };
  // 2. a known, non-empty Database (the Type is empty or outside the vocabulary: `RNA`, `CellularComponent`)
  for (let k = 1; k + 2 < n; k++) {
    if (f[k + 2] !== '' && knownDb(f[k + 2]!) && !f[k]!.includes(' ')) return { k, fields: f };
  }
  // 3. a row with an empty Type and Database
  if (n >= 4 && f[1] === '' && f[3] === '') return { k: 1, fields: f };
  return undefined;
}

/** A continuation line that reads like part of a hand-wrapped label rather than comment text. */
export function labelLike(line: string): boolean {
  const text = line.trim();
  if (text === '' || line.includes('\t') || text.length > MAX_LABEL_LINE_LENGTH) return false;
  if (/<\/?[A-Za-z][^>]*>|&(#?[A-Za-z0-9]+);|https?:|www\./.test(text)) return false;
  if (/\S: \S/.test(text) || / = /.test(text) || text.includes('"')) return false;
  // list items and sentences are prose
  if (/^[-*•] /.test(text) || /\S+ \S+ \S+.*[.;]$/.test(text) || /[a-z]\. [A-Z]/.test(text)) return false;
  return true;
}

function toParticipant(
  anchor: Anchor,
  labelText: string,
  line: number,
  file: string,
  pm: ParticipantMappings,
  warnings: TableWarnings,
): Participant {
  const f = anchor.fields;
  const type = f[anchor.k]!.trim();
  const rawId = f[anchor.k + 1] ?? '';
  const database = (f[anchor.k + 2] ?? '').trim();
  const participant: Participant = { label: cleanLabel(labelText), type, ids: {}, origin: { kind: 'table', line } };
  const idText = rawId.trim();
  if (idText !== '' || database !== '') {
    const system = pm.databases2022.get(database);
    if (database === '') {
      warnings.add('TABLE_ROW_INVALID', () => `ID ${JSON.stringify(idText)} without a Database`, {
        file,
        line,
        key: 'Database',
      });
    } else if (system === undefined) {
      warnings.add(
        'TABLE_ROW_INVALID',
        () => `Unknown Database ${JSON.stringify(database)} for ID ${JSON.stringify(idText)}`,
        { file, line, key: 'Database' },
      );
    } else if (idText === '') {
      warnings.add('TABLE_ROW_INVALID', () => `Database ${JSON.stringify(database)} without an ID`, {
        file,
        line,
        key: 'ID',
      });
    } else if (system !== null && system !== undefined) {
      const ids = idText
        .split(/\s*\n\s*/)
        .filter((s) => s !== '')
        .map((s) => canonicalId(system, s));
      for (const id of ids) addId(participant.ids, system, id);
      participant.primary = { system, id: ids[0]! };
    }
  }
  if (type !== '' && typeRule(pm, type) === undefined) {
    warnings.add('TABLE_ROW_INVALID', () => `Unknown Type ${JSON.stringify(type)}`, { file, line, key: 'Type' });
  }
  return participant;
}
