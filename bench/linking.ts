// Scores gene linking on human pathways of both snapshots: every link the pipeline makes, and the old scores beside.
//
// Usage: node dist/bench/linking.js [reference-dir] [shared-data-dir]
// LINKING_OUT=<prefix> writes every link group to <prefix>.<snapshot>.<tables|labels>.<wrong|unjudged|right>.tsv.
//
// Every link (linkingAll.ts): each HGNC link the pipeline makes for a participant, with tables (each
// distinct table row it resolves) and labels alone (each keyword, the page read as if it had no table),
// judged right, wrong or unjudged by the truth of its kind of row (linkingTruth.ts); the wrong and
// unjudged links are printed, grouped, most frequent first, each with an example file:line.
//
// As scored before (kept so that one run shows both): labels alone, each keyword's truth is the HGNC
// record that the table rows with the same label name through their identifiers (Ensembl, NCBI
// Gene, HGNC, HGNC symbol, UniProt; never the label); a keyword whose rows are metabolites or other
// non-genes with an identifier must not be linked. Not scored there, for ours and the baseline alike:
// - keywords whose rows carry no usable identifier;
// - keywords with no single truth: a row whose Ensembl / NCBI Gene / HGNC ids name several records
//   (the mapped columns disagree), rows with the same label naming different records, a gene row
//   beside a non-gene row, or a row whose type says non-gene while its ids name an HGNC record.
// A row whose identifier contradicts its own label (a row labelled FZD4 carrying SFRP4's ids) is
// scored by its identifier, as the rule says: the label never decides the truth.
// Identifiers are read as the HGNC table writes them: an Ensembl version (`.12`) and a UniProt isoform
// suffix (`P12931-1`, the 2022 tables' Reactome rows) are dropped.
// With tables, as before: of the gene-like rows carrying an HGNC-mappable identifier, the share that
// ends up linked to that record. Its denominator is counted on the raw text, so rows a parser loses
// count as misses; its baseline reads the tables as plain TSV and drops lines with the wrong width.
//
// Label usage is asked as a pathway outside the learning set would meet it: learned from the tables of
// both snapshots, each page resolved with what the OTHER pathways' tables say (its own left out).

import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadMappings, type Mappings } from '../src/mappings.js';
import type { HgncRecord, HgncTable } from '../src/reference/hgnc.js';
import { loadReference } from '../src/reference/loadReference.js';
import { parsePage } from '../src/transform/parsePage.js';
import { keywordParticipants } from '../src/transform/participants/keywords.js';
import { parseTable } from '../src/transform/participants/parseTable.js';
import type {
  Participant,
  ParticipantMappings,
  ResolvedParticipant,
  UsageEvidence,
} from '../src/transform/participants/model.js';
import { resolveParticipants } from '../src/transform/participants/resolveParticipants.js';
import { viaText } from '../src/transform/participants/outcomeText.js';
import type { UsageCounter } from '../src/transform/participants/labelUsage.js';
import { learnFromSources } from '../src/learnLabels.js';
import type { PathwayRecord } from '../src/types.js';
import { formatAnnotationScore, scoreAnnotationLabels } from './annotations.js';
import { isGeneType, rowTruth, strongRecords, truthOf, type RowTruth } from './linkingTruth.js';
import {
  allLinksScore,
  distinctRows,
  formatAllLinks,
  groupLines,
  LabelEvidence,
  scoreKeywordLinks,
  scoreRowLinks,
  shown,
  type AllLinksScore,
  type PageTables,
} from './linkingAll.js';

export { truthOf };

export interface LabelScore {
  pages: number;
  /** Keywords whose rows disagree (see the header): not scored. */
  noSingleTruth: number;
  /** Keywords with a truth: a gene record, or "not a gene". */
  scored: number;
  geneTruth: number;
  links: number;
  correct: number;
  ambiguous: number;
  unresolved: number;
  /** label → count: gene keywords left unlinked (ambiguous or unresolved). */
  misses: Map<string, number>;
  /** label → count: links that contradict the table (another record, or not a gene). */
  falseLinks: Map<string, number>;
  via: Map<string, [number, number]>;
}

export interface TableScore {
  rows: number;
  linked: number;
}

export interface SnapshotScore {
  name: string;
  humanPages: number;
  ours: LabelScore;
  /** Ours without label usage: the HGNC table's symbols, names and rules only. */
  tiersOnly: LabelScore;
  baseline: LabelScore;
  tables: TableScore;
  tablesBaseline: TableScore;
  /** Every link, each against its kind of row's truth (linkingAll.ts). */
  all: AllLinksScore;
}

type Outcome = { kind: 'linked'; record: HgncRecord; via: string } | { kind: 'ambiguous' } | { kind: 'unresolved' };

const GENE_TYPES = new Set(['GeneProduct', 'Protein', 'Rna', 'RNA']);

/** What the rows with one label say: the one record they name, "not a gene", no single truth, or nothing usable. */
export type KeywordTruth =
  { kind: 'gene'; record: HgncRecord } | { kind: 'not a gene' } | { kind: 'no single truth' } | { kind: 'none' };

export function keywordTruth(rows: readonly Participant[], hgnc: HgncTable): KeywordTruth {
  const genes = new Set<HgncRecord>();
  let nonGene = false;
  let conflict = false;
  for (const row of rows) {
    const truth = truthOf(row.ids, hgnc);
    if (GENE_TYPES.has(row.type)) {
      if (truth) genes.add(truth);
      else if (strongRecords(row.ids, hgnc).size > 1) conflict = true; // the mapped columns disagree
    } else if (truth) {
      conflict = true; // the type says non-gene, the identifiers name a gene
    } else if (row.primary !== undefined) {
      nonGene = true;
    }
  }
  if (conflict || genes.size > 1 || (genes.size === 1 && nonGene)) return { kind: 'no single truth' };
  if (genes.size === 1) return { kind: 'gene', record: [...genes][0]! };
  return nonGene ? { kind: 'not a gene' } : { kind: 'none' };
}

const BASELINE_VIA = [
  'symbol',
  'previous symbol',
  'alias symbol',
  'symbol, any case',
  'previous symbol, any case',
  'alias symbol, any case',
];

/** The obvious method: trimmed exact symbol, then a unique previous or alias symbol, then the same in upper case. */
export function baselineResolver(hgnc: HgncTable): (label: string) => Outcome {
  const upper = (pick: (r: HgncRecord) => string[]): Map<string, HgncRecord[]> => {
    const m = new Map<string, HgncRecord[]>();
    for (const r of hgnc.records)
      for (const s of pick(r)) m.set(s.toUpperCase(), [...(m.get(s.toUpperCase()) ?? []), r]);
    return m;
  };
  const maps = [upper((r) => [r.symbol]), upper((r) => r.prevSymbols), upper((r) => r.aliasSymbols)];
  const exact = [
    (s: string) => (hgnc.bySymbol.has(s) ? [hgnc.bySymbol.get(s)!] : undefined),
    (s: string) => hgnc.byPrevSymbol.get(s),
    (s: string) => hgnc.byAliasSymbol.get(s),
  ];
  return (label) => {
    const s = label.trim();
    const finders = [...exact, ...maps.map((m) => (x: string) => m.get(x.toUpperCase()))];
    for (const [i, find] of finders.entries()) {
      const found = find(s);
      if (found === undefined || found.length === 0) continue;
      const unique = [...new Set(found)];
      return unique.length === 1
        ? { kind: 'linked', record: unique[0]!, via: BASELINE_VIA[i]! }
        : { kind: 'ambiguous' };
    }
    return { kind: 'unresolved' };
  };
}

function emptyLabelScore(): LabelScore {
  return {
    pages: 0,
    noSingleTruth: 0,
    scored: 0,
    geneTruth: 0,
    links: 0,
    correct: 0,
    ambiguous: 0,
    unresolved: 0,
    misses: new Map(),
    falseLinks: new Map(),
    via: new Map(),
  };
}

function count<K>(map: Map<K, number>, key: K): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** Scores one page's keywords: truths from the table rows with the same label. */
function scoreKeywords(
  record: PathwayRecord,
  rows: Participant[],
  outcomes: Outcome[],
  score: LabelScore,
  hgnc: HgncTable,
): void {
  const byLabel = new Map<string, Participant[]>();
  for (const row of rows) byLabel.set(row.label, [...(byLabel.get(row.label) ?? []), row]);
  score.pages++;
  record.keywords.forEach((keyword, i) => {
    const truth = keywordTruth(byLabel.get(keyword) ?? [], hgnc);
    if (truth.kind === 'none') return;
    if (truth.kind === 'no single truth') {
      score.noSingleTruth++;
      return;
    }
    const outcome = outcomes[i]!;
    score.scored++;
    if (outcome.kind === 'linked') score.links++;
    if (truth.kind === 'gene') {
      score.geneTruth++;
      const right = outcome.kind === 'linked' && outcome.record === truth.record;
      if (right) score.correct++;
      if (outcome.kind === 'ambiguous') score.ambiguous++;
      if (outcome.kind === 'unresolved') score.unresolved++;
      if (outcome.kind === 'linked') {
        const v = score.via.get(outcome.via) ?? [0, 0];
        score.via.set(outcome.via, [v[0] + 1, v[1] + (right ? 1 : 0)]);
      }
      if (outcome.kind === 'linked' && !right)
        count(
          score.falseLinks,
          `${keyword} → ${outcome.record.symbol} (table: ${truth.record.symbol}; ${outcome.via})`,
        );
      if (outcome.kind !== 'linked') count(score.misses, `${keyword} (${outcome.kind}; table: ${truth.record.symbol})`);
    } else if (outcome.kind === 'linked') {
      count(score.falseLinks, `${keyword} → ${outcome.record.symbol} (table: not a gene; ${outcome.via})`);
      const v = score.via.get(outcome.via) ?? [0, 0];
      score.via.set(outcome.via, [v[0] + 1, v[1]]);
    }
  });
}

const RAW_2022 =
  /(?:^|[\t\n])(GeneProduct|Protein|Rna)\t([^\t\n]+)\t(Ensembl|Entrez Gene|HGNC|HGNC Accession number|Uniprot-TrEMBL|Uniprot-SwissProt)(?=[\t\n]|$)/g;
const SYSTEM_2022: Record<string, string> = {
  Ensembl: 'ensembl',
  'Entrez Gene': 'ncbigene',
  HGNC: 'hgnc.symbol',
  'HGNC Accession number': 'hgnc',
  'Uniprot-TrEMBL': 'uniprot',
  'Uniprot-SwissProt': 'uniprot',
};
const RAW_CURRENT_ID = /(?:^|[\t;])(ensembl|ncbigene|hgnc\.symbol|hgnc|uniprot):([^\t;\n"]+)/g;

/** Gene-like rows with a mappable identifier, counted on the raw text: key (line or system:id) → truth. */
function rawTruths(text: string, format: '2022' | 'current', hgnc: HgncTable): { key: string; truth: HgncRecord }[] {
  const out: { key: string; truth: HgncRecord }[] = [];
  if (format === '2022') {
    for (const m of text.matchAll(RAW_2022)) {
      const system = SYSTEM_2022[m[3]!]!;
      const id = system === 'hgnc' ? m[2]!.trim().replace(/^HGNC:/i, '') : m[2]!.trim();
      const truth = truthOf({ [system]: [id] }, hgnc);
      if (truth) out.push({ key: `${system}:${id}`, truth });
    }
    return out;
  }
  text.split('\n').forEach((line, i) => {
    if (i === 0) return;
    const cells = line.split('\t');
    if (!cells.slice(0, 4).some((c) => GENE_TYPES.has(c))) return;
    const ids: Record<string, string[]> = {};
    for (const m of line.matchAll(RAW_CURRENT_ID)) (ids[m[1]!] ??= []).push(m[2]!.trim());
    const truth = truthOf(ids, hgnc);
    if (truth) out.push({ key: `line:${i + 1}`, truth });
  });
  return out;
}

/** The plain-TSV reading of a table: lines of exactly the header's width, nothing else. */
function naiveRows(text: string, pm: ParticipantMappings): Participant[] {
  const lines = text.split('\n');
  const width = (lines[0] ?? '').split('\t').length;
  const current = (lines[0] ?? '').includes('Identifier');
  const out: Participant[] = [];
  lines.forEach((line, i) => {
    const cells = line.split('\t');
    if (i === 0 || cells.length !== width) return;
    const ids: Record<string, string[]> = {};
    if (current) {
      for (const m of line.matchAll(RAW_CURRENT_ID)) (ids[m[1]!] ??= []).push(m[2]!.trim());
    } else {
      const system = pm.databases2022.get(cells[3]!.trim());
      if (system) ids[system] = [cells[2]!.trim()];
    }
    const row: Participant = { label: cells[0]!.trim(), type: cells[1]!, ids, origin: { kind: 'table', line: i + 1 } };
    const first = Object.entries(ids)[0];
    if (!current && first !== undefined) row.primary = { system: first[0], id: first[1][0]! };
    out.push(row);
  });
  return out;
}

function scoreTable(
  text: string,
  format: '2022' | 'current',
  rows: Participant[],
  linkedOf: (row: Participant) => HgncRecord | undefined,
  hgnc: HgncTable,
  score: TableScore,
): void {
  const truths = rawTruths(text, format, hgnc);
  const available = new Map<string, HgncRecord[]>();
  for (const row of rows) {
    const linked = linkedOf(row);
    if (linked === undefined) continue;
    const keys =
      format === 'current'
        ? [`line:${row.origin.kind === 'table' ? row.origin.line : 0}`]
        : row.primary
          ? [`${row.primary.system}:${row.primary.id}`]
          : [];
    for (const key of keys) available.set(key, [...(available.get(key) ?? []), linked]);
  }
  for (const { key, truth } of truths) {
    score.rows++;
    const list = available.get(key) ?? [];
    const at = list.indexOf(truth);
    if (at >= 0) {
      score.linked++;
      list.splice(at, 1);
    }
  }
}

/** A human page of a snapshot with its table, read once for the label evidence and the scores. */
export interface LoadedPage {
  record: PathwayRecord;
  file: string;
  tableFile: string;
  text: string;
  table: ReturnType<typeof parseTable>;
  format: '2022' | 'current';
}

/** The human pages (first organism Homo sapiens, as the pipeline decides) that have a readable table. */
export async function loadHumanPages(
  pagesDir: string,
  tablesDir: string,
  pm: ParticipantMappings,
): Promise<{ humanPages: number; pages: LoadedPage[] }> {
  const files = (await readdir(pagesDir))
    .filter((f) => /^WP[0-9]+\.md$/.test(f))
    .sort((a, b) => Number(a.slice(2, -3)) - Number(b.slice(2, -3)));
  const pages: LoadedPage[] = [];
  let humanPages = 0;
  for (const fileName of files) {
    const wpid = fileName.slice(0, -3);
    const file = path.join(pagesDir, fileName);
    let record: PathwayRecord;
    try {
      record = parsePage({ file, fileWpid: wpid, text: await readFile(file, 'utf8') });
    } catch {
      continue;
    }
    if (record.organisms[0] !== 'Homo sapiens') continue;
    humanPages++;
    const tableFile = path.join(tablesDir, `${wpid}-datanodes.tsv`);
    if (!existsSync(tableFile)) continue;
    const text = await readFile(tableFile, 'utf8');
    const table = parseTable({ file: tableFile, text }, pm);
    if (table.format === 'unknown') continue;
    pages.push({ record, file, tableFile, text, table, format: table.format });
  }
  return { humanPages, pages };
}

/** What every human table row says its label is, by its identifiers or type: the truth of id-less labels elsewhere. */
export function labelEvidence(
  snapshots: readonly (readonly LoadedPage[])[],
  hgnc: HgncTable,
  validId: (system: string, id: string) => boolean,
): LabelEvidence {
  const evidence = new LabelEvidence();
  for (const pages of snapshots)
    for (const page of pages)
      for (const row of page.table.participants) evidence.add(page.record.wpid, row, rowTruth(row, hgnc, validId));
  return evidence;
}

export interface ScoreContext {
  hgnc: HgncTable;
  pm: ParticipantMappings;
  /**
   * Label usage learned from both snapshots' tables; each page is resolved with the OTHER pathways' (its own left out).
   */
  learned: UsageCounter;
  evidence: LabelEvidence;
  validId: (system: string, id: string) => boolean;
  /** The shared data folder: printed paths are relative to it. */
  shared: string;
}

/**
 * Label usage is asked as a pathway outside the learning set would meet it: each page is resolved
 * with what the OTHER pathways' tables say (its own left out, in both snapshots).
 */
export function scoreSnapshot(
  name: string,
  loaded: { humanPages: number; pages: readonly LoadedPage[] },
  ctx: ScoreContext,
): SnapshotScore {
  const { hgnc, pm, learned, evidence, validId } = ctx;
  const result: SnapshotScore = {
    name,
    humanPages: loaded.humanPages,
    ours: emptyLabelScore(),
    tiersOnly: emptyLabelScore(),
    baseline: emptyLabelScore(),
    tables: { rows: 0, linked: 0 },
    tablesBaseline: { rows: 0, linked: 0 },
    all: allLinksScore(),
  };
  const baseline = baselineResolver(hgnc);
  const truthOfRow = (row: Participant): RowTruth => rowTruth(row, hgnc, validId);
  for (const { record, file, tableFile, text, table, format } of loaded.pages) {
    const usage = (label: string): UsageEvidence | undefined => learned.verdict(label, record.wpid);
    const outcomes = (resolved: ResolvedParticipant[]): Outcome[] =>
      resolved.map((r) =>
        r.resolution?.kind === 'linked'
          ? { kind: 'linked', record: r.resolution.record, via: viaText(r.resolution) }
          : { kind: r.resolution?.kind === 'ambiguous' ? 'ambiguous' : 'unresolved' },
      );
    const page: PageTables = {
      wpid: record.wpid,
      pageFile: shown(ctx.shared, file),
      tableFile: shown(ctx.shared, tableFile),
      rows: table.participants,
      rowTruths: table.participants.map(truthOfRow),
    };
    // Labels alone
    const keywords = keywordParticipants(record.keywords);
    const ours = outcomes(resolveParticipants(keywords, { hgnc, pm, human: true, usage }));
    const base = record.keywords.map(baseline);
    scoreKeywords(record, table.participants, ours, result.ours, hgnc);
    scoreKeywords(
      record,
      table.participants,
      outcomes(resolveParticipants(keywords, { hgnc, pm, human: true, usage: () => undefined })),
      result.tiersOnly,
      hgnc,
    );
    scoreKeywords(record, table.participants, base, result.baseline, hgnc);
    scoreKeywordLinks(result.all.labels, page, record.keywords, ours, hgnc, evidence);
    scoreKeywordLinks(result.all.labelsBaseline, page, record.keywords, base, hgnc, evidence);
    // With tables: the participants the pipeline writes, each link it makes.
    const rows = distinctRows(table.participants);
    const resolvedRows = resolveParticipants(rows, { hgnc, pm, human: true, usage });
    scoreRowLinks(result.all.tables, page, rows, outcomes(resolvedRows), hgnc, evidence, truthOfRow);
    // The obvious method: gene-typed rows by their HGNC-mappable ids, else by the baseline's reading of the label.
    scoreRowLinks(
      result.all.tablesBaseline,
      page,
      rows,
      rows.map((row) => {
        if (!isGeneType(row.type)) return undefined;
        const byIds = truthOf(row.ids, hgnc);
        return byIds !== undefined
          ? { kind: 'linked', record: byIds, via: 'identifier' }
          : strongRecords(row.ids, hgnc).size > 1
            ? undefined
            : baseline(row.label);
      }),
      hgnc,
      evidence,
      truthOfRow,
    );
    // As scored before: gene-like rows with an HGNC-mappable identifier, counted on the raw text.
    const linkedByRow = new Map(
      resolveParticipants(table.participants, { hgnc, pm, human: true, usage }).map((r) => [
        r.participant,
        r.resolution?.kind === 'linked' ? r.resolution.record : undefined,
      ]),
    );
    scoreTable(text, format, table.participants, (row) => linkedByRow.get(row), hgnc, result.tables);
    scoreTable(
      text,
      format,
      naiveRows(text, pm).filter((r) => GENE_TYPES.has(r.type)),
      (row) => truthOf(row.ids, hgnc),
      hgnc,
      result.tablesBaseline,
    );
  }
  return result;
}

export function formatSnapshotScore(s: SnapshotScore): string {
  const share = (n: number, d: number): string => (d === 0 ? '-' : (n / d).toFixed(4));
  const row = (label: string, ours: string, base: string): string =>
    `  ${label.padEnd(52)}${ours.padStart(12)}${base.padStart(12)}`;
  const o = s.ours;
  const b = s.baseline;
  // A keyword written as an approved symbol is linked to that gene; when its row's ids name another record
  // or a non-gene, the table contradicts its own label: linking the gene the label names counts as an error.
  const [symbolLinks, symbolRight] = o.via.get('symbol') ?? [0, 0];
  const top = (m: Map<string, number>): string[] =>
    [...m]
      .sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))
      .slice(0, 20)
      .map(([label, n]) => `    ${String(n).padStart(4)}  ${label}`);
  return [
    `Gene linking, ${s.name} snapshot, human pathways (${s.humanPages} pages, ${o.pages} with a table)`,
    formatAllLinks(s.all),
    row('As scored before (only keywords whose rows carry ids)', 'ours', 'baseline'),
    '  Labels alone (keywords; truth: identifiers of the table row with that label)',
    row('scored keywords (gene truth / all)', `${o.geneTruth}/${o.scored}`, `${b.geneTruth}/${b.scored}`),
    row('keywords with no single truth (not scored)', String(o.noSingleTruth), String(b.noSingleTruth)),
    row('links', String(o.links), String(b.links)),
    row('precision', share(o.correct, o.links), share(b.correct, b.links)),
    row('recall', share(o.correct, o.geneTruth), share(b.correct, b.geneTruth)),
    row('ambiguous (gene truth)', String(o.ambiguous), String(b.ambiguous)),
    row('unresolved (gene truth)', String(o.unresolved), String(b.unresolved)),
    row('approved-symbol links their own row contradicts', String(symbolLinks - symbolRight), ''),
    row('precision if every other link were right', share(o.links - (symbolLinks - symbolRight), o.links), ''),
    row('precision, HGNC table alone (no label usage)', share(s.tiersOnly.correct, s.tiersOnly.links), ''),
    row('recall, HGNC table alone (no label usage)', share(s.tiersOnly.correct, s.tiersOnly.geneTruth), ''),
    '  With tables (gene-like rows with an HGNC-mappable identifier, counted on the raw text)',
    row('rows', String(s.tables.rows), String(s.tablesBaseline.rows)),
    row(
      'linked to the right record',
      share(s.tables.linked, s.tables.rows),
      share(s.tablesBaseline.linked, s.tablesBaseline.rows),
    ),
    '  twenty most frequent misses, gene keywords left unlinked (ours):',
    ...top(o.misses),
  ].join('\n');
}

/** The figures of every snapshot side by side: the new judging of every link, the old scoring beside it. */
export function formatSummary(scores: readonly SnapshotScore[]): string {
  const share = (n: number, d: number): string => (d === 0 ? '-' : (n / d).toFixed(4));
  const line = (label: string, f: (s: SnapshotScore) => string): string =>
    `  ${label.padEnd(60)}${scores.map((s) => f(s).padStart(22)).join('')}`;
  const t = (s: SnapshotScore) => s.all.tables;
  const l = (s: SnapshotScore) => s.all.labels;
  return [
    'Summary (ours)',
    line('', (s) => s.name),
    line(
      'with tables: links (right / wrong / unjudged)',
      (s) => `${t(s).links} (${t(s).right}/${t(s).wrong}/${t(s).unjudged})`,
    ),
    line('with tables: precision (target >= 0.995)', (s) => share(t(s).right, t(s).right + t(s).wrong)),
    line(
      'with tables: recall, rows with own ids (as before: raw text)',
      (s) => `${share(t(s).recalled, t(s).recallOf)} (${share(s.tables.linked, s.tables.rows)})`,
    ),
    line(
      'labels alone: links (right / wrong / unjudged)',
      (s) => `${l(s).links} (${l(s).right}/${l(s).wrong}/${l(s).unjudged})`,
    ),
    line(
      'labels alone: precision (target >= 0.99; as before)',
      (s) => `${share(l(s).right, l(s).right + l(s).wrong)} (${share(s.ours.correct, s.ours.links)})`,
    ),
    line(
      'labels alone: recall (as before: linked right / gene truth)',
      (s) =>
        `${share(l(s).recalled, l(s).recallOf)} (${share(s.ours.correct, s.ours.geneTruth)}; ${s.ours.correct}/${s.ours.geneTruth})`,
    ),
  ].join('\n');
}

/** Both snapshots of the shared data folder, scored; `log` hears the progress lines. */
export async function measureLinking(
  shared: string,
  hgnc: HgncTable,
  mappings: Mappings,
  log: (line: string) => void = () => {},
): Promise<SnapshotScore[]> {
  const pm = mappings.participants;
  const wp = path.join(shared, 'wikipathways');
  const snapshots = [
    ['2022', path.join(wp, 'pages'), path.join(wp, 'datanodes')],
    ['current', path.join(wp, 'current', 'pages'), path.join(wp, 'current', 'datanodes')],
  ] as const;
  const t1 = performance.now();
  const learned = await learnFromSources(
    snapshots.map(([, source, datanodes]) => ({ source, datanodes: [datanodes] })),
    hgnc,
    pm,
  );
  log(
    `label usage learned from ${learned.pathways} human pathways' tables in ${((performance.now() - t1) / 1000).toFixed(1)} s; each page is scored with what the others' tables say (its own left out)`,
  );
  const loaded = await Promise.all(snapshots.map(([, pages, tables]) => loadHumanPages(pages, tables, pm)));
  const validId = (system: string, id: string): boolean => mappings.iris[system]?.pattern.test(id) ?? false;
  const evidence = labelEvidence(
    loaded.map((l) => l.pages),
    hgnc,
    validId,
  );
  return snapshots.map(([name], i) =>
    scoreSnapshot(name, loaded[i]!, { hgnc, pm, learned: learned.counter, evidence, validId, shared }),
  );
}

async function main(): Promise<void> {
  const shared = path.resolve(
    process.argv[3] ?? process.env.PATHWAY_KG_SHARED_DATA ?? path.join(process.cwd(), '..', 'shared', 'data'),
  );
  const referenceDir = process.argv[2] ?? path.join(shared, 'reference');
  const mappings = loadMappings();
  const started = performance.now();
  const reference = await loadReference(referenceDir, mappings);
  const hgnc = reference.hgnc;
  console.log(
    `reference loaded in ${(performance.now() - started).toFixed(0)} ms; HGNC ${hgnc.version} (${hgnc.records.length} records)`,
  );
  const t0 = performance.now();
  const scores = await measureLinking(shared, hgnc, mappings, (line) => console.log(line));
  const out = process.env.LINKING_OUT;
  for (const score of scores) {
    console.log(`\n${formatSnapshotScore(score)}`);
    if (out !== undefined) {
      // Every link group, most frequent first, for both ways of reading.
      for (const [mode, t] of [
        ['tables', score.all.tables],
        ['labels', score.all.labels],
      ] as const) {
        await writeFile(`${out}.${score.name}.${mode}.wrong.tsv`, groupLines(t.wrongLinks).join('\n') + '\n');
        await writeFile(`${out}.${score.name}.${mode}.unjudged.tsv`, groupLines(t.unjudgedLinks).join('\n') + '\n');
        await writeFile(`${out}.${score.name}.${mode}.right.tsv`, groupLines(t.rightLinks).join('\n') + '\n');
      }
    }
  }
  console.log(`\n${formatSummary(scores)}\n  (scored in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  const wp = path.join(shared, 'wikipathways');
  const annotations = await scoreAnnotationLabels({
    pagesDir: path.join(wp, 'pages'),
    infoDir: path.join(wp, 'info'),
    ontologies: reference.ontologies,
  });
  console.log(`\n${formatAnnotationScore(annotations)}`);
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
