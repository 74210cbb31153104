// Scores every link the pipeline makes, each against the truth linkingTruth.ts gives its kind of row.
//
// Labels alone: every keyword of a human page that the resolver links (the page read as if it had no
// table). With tables: every table row the pipeline resolves and links (rows repeated in a table are
// one participant, as the pipeline writes them). Each link is right, wrong or unjudged; precision is
// right / (right + wrong), shown with its lower bound (every unjudged link counted wrong). Recall is
// over what identifiers say: keywords whose page rows' own ids name one record, rows whose own ids do.

import path from 'node:path';
import type { HgncRecord, HgncTable } from '../src/reference/hgnc.js';
import type { Participant } from '../src/transform/participants/model.js';
import { judge, keywordTruthOf, labelTruth, LabelEvidence, type RowTruth, type Truth } from './linkingTruth.js';

export { LabelEvidence };

export type LinkOutcome =
  { kind: 'linked'; record: HgncRecord; via: string } | { kind: 'ambiguous' } | { kind: 'unresolved' };

interface Group {
  n: number;
  example: string;
}

export interface LinkTally {
  links: number;
  right: number;
  wrong: number;
  unjudged: number;
  /** Truth source (or unjudged reason) → links, right, wrong. */
  bySource: Map<string, [number, number, number]>;
  /** How the resolver linked (tier) → links, right, wrong. */
  byVia: Map<string, [number, number, number]>;
  wrongLinks: Map<string, Group>;
  unjudgedLinks: Map<string, Group>;
  /** The right links too, grouped the same way (written with LINKING_OUT, to compare a rule's gains and losses). */
  rightLinks: Map<string, Group>;
  /** Participants whose own identifiers (or their page rows') name one record, and those linked to it. */
  recallOf: number;
  recalled: number;
}

export function emptyTally(): LinkTally {
  return {
    links: 0,
    right: 0,
    wrong: 0,
    unjudged: 0,
    bySource: new Map(),
    byVia: new Map(),
    wrongLinks: new Map(),
    unjudgedLinks: new Map(),
    rightLinks: new Map(),
    recallOf: 0,
    recalled: 0,
  };
}

export interface AllLinksScore {
  labels: LinkTally;
  labelsBaseline: LinkTally;
  tables: LinkTally;
  tablesBaseline: LinkTally;
}

export function allLinksScore(): AllLinksScore {
  return { labels: emptyTally(), labelsBaseline: emptyTally(), tables: emptyTally(), tablesBaseline: emptyTally() };
}

function bump(map: Map<string, [number, number, number]>, key: string, verdict: 'right' | 'wrong' | 'unjudged'): void {
  const v = map.get(key) ?? [0, 0, 0];
  v[0]++;
  if (verdict === 'right') v[1]++;
  if (verdict === 'wrong') v[2]++;
  map.set(key, v);
}

function group(map: Map<string, Group>, key: string, example: string): void {
  const g = map.get(key);
  if (g === undefined) map.set(key, { n: 1, example });
  else g.n++;
}

function describe(truth: Truth): string {
  if (truth.kind === 'unjudged') return truth.why;
  if (truth.kind === 'genes') return `one of ${truth.records.map((r) => r.symbol).join('/')} by ${truth.by}`;
  return truth.kind === 'gene' ? `${truth.record.symbol} by ${truth.by}` : `no gene by ${truth.by}`;
}

/** Scores one link. `where`: file:line of the participant, for the example. */
export function tally(t: LinkTally, label: string, linked: HgncRecord, via: string, truth: Truth, where: string): void {
  const verdict = judge(linked, truth);
  t.links++;
  t[verdict]++;
  bump(t.bySource, truth.kind === 'unjudged' ? `unjudged: ${truth.why}` : truth.by, verdict);
  bump(t.byVia, via, verdict);
  const key = `${label} → ${linked.symbol} (truth: ${describe(truth)}; ${via})`;
  if (verdict === 'wrong') group(t.wrongLinks, key, where);
  if (verdict === 'unjudged') group(t.unjudgedLinks, key, where);
  if (verdict === 'right') group(t.rightLinks, key, where);
}

export interface PageTables {
  wpid: string;
  /** Paths as printed (relative to the shared data folder). */
  pageFile: string;
  tableFile: string;
  rows: readonly Participant[];
  rowTruths: readonly RowTruth[];
}

function rowWhere(page: PageTables, row: Participant): string {
  return row.origin.kind === 'table' ? `${page.tableFile}:${row.origin.line}` : page.pageFile;
}

/** Keyword links (labels alone): `outcomes[i]` is what the resolver made of `keywords[i]`. */
export function scoreKeywordLinks(
  t: LinkTally,
  page: PageTables,
  keywords: readonly string[],
  outcomes: readonly LinkOutcome[],
  hgnc: HgncTable,
  evidence: LabelEvidence,
): void {
  const byLabel = new Map<string, number[]>();
  page.rows.forEach((row, i) => {
    const list = byLabel.get(row.label);
    if (list === undefined) byLabel.set(row.label, [i]);
    else list.push(i);
  });
  keywords.forEach((keyword, k) => {
    const at = byLabel.get(keyword) ?? [];
    const rowTruths = at.map((i) => page.rowTruths[i]!);
    // A row that contradicts itself (unjudged) says nothing about recall, as in keywordTruthOf.
    const truths = rowTruths.filter((x) => x.kind !== 'unjudged');
    // Recall: the page rows' own ids name one record (the figure scored before, unchanged in kind).
    const own = truths.filter((x): x is Extract<Truth, { kind: 'gene' }> => x.kind === 'gene' && x.by === 'own ids');
    const outcome = outcomes[k]!;
    if (
      own.length > 0 &&
      own.length === truths.filter((x) => x.kind !== 'label').length &&
      new Set(own.map((x) => x.record)).size === 1
    ) {
      t.recallOf++;
      if (outcome.kind === 'linked' && outcome.record === own[0]!.record) t.recalled++;
    }
    if (outcome.kind !== 'linked') return;
    const truth = keywordTruthOf(rowTruths, keyword, page.wpid, hgnc, evidence);
    const where = at.length > 0 ? `${page.pageFile} (row ${rowWhere(page, page.rows[at[0]!]!)})` : page.pageFile;
    tally(t, keyword, outcome.record, outcome.via, truth, where);
  });
}

/** Row links (with tables): `linked[i]` is what the pipeline links `rows[i]` to, if anything. */
export function scoreRowLinks(
  t: LinkTally,
  page: PageTables,
  rows: readonly Participant[],
  linked: readonly (LinkOutcome | undefined)[],
  hgnc: HgncTable,
  evidence: LabelEvidence,
  truthOfRow: (row: Participant) => RowTruth,
): void {
  rows.forEach((row, i) => {
    const own = truthOfRow(row);
    const outcome = linked[i];
    if (own.kind === 'gene' && own.by === 'own ids') {
      t.recallOf++;
      if (outcome?.kind === 'linked' && outcome.record === own.record) t.recalled++;
    }
    if (outcome?.kind !== 'linked') return;
    const truth = own.kind === 'label' ? labelTruth(row.label, page.wpid, hgnc, evidence, own.otherwise) : own;
    tally(t, row.label, outcome.record, outcome.via, truth, rowWhere(page, row));
  });
}

/** The participants the pipeline writes: repeated rows (same label, type, own id and ids) once, the first kept. */
export function distinctRows(rows: readonly Participant[]): Participant[] {
  const seen = new Set<string>();
  return rows.filter((row) => {
    const ids = Object.keys(row.ids)
      .sort()
      .map((s) => [s, row.ids[s]]);
    const key = JSON.stringify([row.label, row.type, row.primary?.system ?? null, row.primary?.id ?? null, ids]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const share = (n: number, d: number): string => (d === 0 ? '-' : (n / d).toFixed(4));

/** Wrong links made by the approved symbol as written. */
export function symbolWrong(t: LinkTally): number {
  return t.byVia.get('symbol')?.[2] ?? 0;
}

function top(map: Map<string, Group>, n: number): string[] {
  return [...map]
    .sort((x, y) => y[1].n - x[1].n || x[0].localeCompare(y[0]))
    .slice(0, n)
    .map(([k, g]) => `    ${String(g.n).padStart(4)}  ${k}  e.g. ${g.example}`);
}

/** All the wrong (or unjudged) link groups, most frequent first: one TSV line each. */
export function groupLines(map: Map<string, Group>): string[] {
  return [...map]
    .sort((x, y) => y[1].n - x[1].n || x[0].localeCompare(y[0]))
    .map(([k, g]) => `${g.n}\t${k}\t${g.example}`);
}

export function formatAllLinks(s: AllLinksScore, shown = 25): string {
  const row = (label: string, ours: string, base: string): string =>
    `  ${label.padEnd(52)}${ours.padStart(12)}${base.padStart(12)}`;
  const block = (title: string, o: LinkTally, b: LinkTally, target: string): string[] => [
    title,
    row('links (right / wrong / unjudged)', String(o.links), String(b.links)),
    row('  right', String(o.right), String(b.right)),
    row('  wrong', String(o.wrong), String(b.wrong)),
    row('  unjudged', String(o.unjudged), String(b.unjudged)),
    row(
      `precision, right / judged        (target >= ${target})`,
      share(o.right, o.right + o.wrong),
      share(b.right, b.right + b.wrong),
    ),
    row('precision if every unjudged link were wrong', share(o.right, o.links), share(b.right, b.links)),
    row(
      'recall (identifier truth: participants / linked right)',
      `${o.recallOf}/${share(o.recalled, o.recallOf)}`,
      `${b.recallOf}/${share(b.recalled, b.recallOf)}`,
    ),
    // The approved symbol as written links the gene it names; when the row says otherwise (FZD4 with
    // SFRP4's ids, LPA as a Metabolite) no label rule can know: the ceiling of a label-only method.
    row('wrong links by the approved symbol as written', String(symbolWrong(o)), String(symbolWrong(b))),
    row(
      'precision if they were the only wrong links',
      share(o.right + o.wrong - symbolWrong(o), o.right + o.wrong),
      share(b.right + b.wrong - symbolWrong(b), b.right + b.wrong),
    ),
    '    links by truth (ours): links / right / wrong',
    ...[...o.bySource]
      .sort((x, y) => y[1][0] - x[1][0])
      .map(([k, [n, r, w]]) => `      ${k.padEnd(58)}${String(n).padStart(7)} / ${r} / ${w}`),
    '    links by tier (ours): links / right / wrong',
    ...[...o.byVia]
      .sort((x, y) => y[1][0] - x[1][0])
      .map(([k, [n, r, w]]) => `      ${k.padEnd(58)}${String(n).padStart(7)} / ${r} / ${w}`),
    `    wrong links (ours), most frequent first (${o.wrongLinks.size} kinds, ${o.wrong} links${o.wrongLinks.size > shown ? `; the first ${shown}` : ''}):`,
    ...top(o.wrongLinks, shown),
    `    unjudged links (ours) (${o.unjudgedLinks.size} kinds, ${o.unjudged} links${o.unjudgedLinks.size > shown ? `; the first ${shown}` : ''}):`,
    ...top(o.unjudgedLinks, shown),
  ];
  return [
    row('Every link the pipeline makes', 'ours', 'baseline'),
    ...block('  With tables (every linked table row)', s.tables, s.tablesBaseline, '0.995'),
    ...block('  Labels alone (every linked keyword)', s.labels, s.labelsBaseline, '0.99'),
  ].join('\n');
}

/** A path as printed: relative to the shared data folder. */
export function shown(shared: string, file: string): string {
  return path.relative(shared, file);
}
