// Scores gene linking on human pathways of both snapshots against the tables' own identifiers, beside baselines.
//
// Usage: node dist/bench/linking.js [reference-dir] [shared-data-dir]
//
// Labels alone: each keyword of a human page is resolved as if the page had no table. Its truth is the
// HGNC record that the table rows with the same label name through their identifiers (Ensembl, NCBI
// Gene, HGNC, HGNC symbol, UniProt; never the label); a keyword whose rows are metabolites or other
// non-genes with an identifier must not be linked. Not scored, for ours and the baseline alike:
// - keywords whose rows carry no usable identifier;
// - keywords with no single truth: a row whose Ensembl / NCBI Gene / HGNC ids name several records
//   (the mapped columns disagree), rows with the same label naming different records, a gene row
//   beside a non-gene row, or a row whose type says non-gene while its ids name an HGNC record.
// A row whose identifier contradicts its own label (a row labelled FZD4 carrying SFRP4's ids) is
// scored by its identifier, as the rule says: the label never decides the truth.
// Identifiers are read as the HGNC table writes them: an Ensembl version (`.12`) and a UniProt isoform
// suffix (`P12931-1`, the 2022 tables' Reactome rows) are dropped.
// With tables: of the gene-like rows carrying an HGNC-mappable identifier, the share that
// ends up linked to that record. Its denominator is counted on the raw text, so rows a parser loses
// count as misses; its baseline reads the tables as plain TSV and drops lines with the wrong width.

import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadMappings } from '../src/mappings.js';
import type { HgncRecord, HgncTable } from '../src/reference/hgnc.js';
import { loadReference } from '../src/reference/loadReference.js';
import { parsePage } from '../src/transform/parsePage.js';
import { keywordParticipants } from '../src/transform/participants/keywords.js';
import { parseTable } from '../src/transform/participants/parseTable.js';
import type { Participant, ParticipantMappings, ResolvedParticipant, UsageEvidence } from '../src/transform/participants/model.js';
import { resolveParticipants } from '../src/transform/participants/resolveParticipants.js';
import type { UsageCounter } from '../src/transform/participants/labelUsage.js';
import { learnFromSources } from '../src/learnLabels.js';
import type { PathwayRecord } from '../src/types.js';
import { formatAnnotationScore, scoreAnnotationLabels } from './annotations.js';

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
}

type Outcome = { kind: 'linked'; record: HgncRecord; via: string } | { kind: 'ambiguous' } | { kind: 'unresolved' };

const GENE_TYPES = new Set(['GeneProduct', 'Protein', 'Rna', 'RNA']);

/** The records a row's Ensembl / NCBI Gene / HGNC / HGNC symbol ids name (versions dropped). */
function strongRecords(ids: Partial<Record<string, string[]>>, hgnc: HgncTable): Set<HgncRecord> {
  const found = new Set<HgncRecord>();
  const add = (r: HgncRecord | undefined): void => void (r && found.add(r));
  for (const id of ids.ensembl ?? []) for (const r of hgnc.byEnsembl.get(id.replace(/\.[0-9]+$/, '')) ?? []) add(r);
  for (const id of ids.ncbigene ?? []) for (const r of hgnc.byEntrez.get(id) ?? []) add(r);
  for (const id of ids.hgnc ?? []) add(hgnc.byId.get(id));
  for (const id of ids['hgnc.symbol'] ?? []) add(hgnc.bySymbol.get(id));
  return found;
}

/** Truth for a row, read only from its identifiers: the one record its gene ids agree on, else its UniProt ids. */
export function truthOf(ids: Partial<Record<string, string[]>>, hgnc: HgncTable): HgncRecord | undefined {
  const strong = strongRecords(ids, hgnc);
  if (strong.size === 1) return [...strong][0];
  if (strong.size > 1) return undefined;
  const weak = new Set<HgncRecord>();
  for (const id of ids.uniprot ?? []) for (const r of hgnc.byUniprot.get(id.replace(/-[0-9]+$/, '')) ?? []) weak.add(r);
  return weak.size === 1 ? [...weak][0] : undefined;
}

/** What the rows with one label say: the one record they name, "not a gene", no single truth, or nothing usable. */
export type KeywordTruth = { kind: 'gene'; record: HgncRecord } | { kind: 'not a gene' } | { kind: 'no single truth' } | { kind: 'none' };

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


/** The obvious method: trimmed exact symbol, then a unique previous or alias symbol, then the same in upper case. */
export function baselineResolver(hgnc: HgncTable): (label: string) => Outcome {
  const upper = (pick: (r: HgncRecord) => string[]): Map<string, HgncRecord[]> => {
    const m = new Map<string, HgncRecord[]>();
    for (const r of hgnc.records) for (const s of pick(r)) m.set(s.toUpperCase(), [...(m.get(s.toUpperCase()) ?? []), r]);
    return m;
  };
  const maps = [
    upper((r) => [r.symbol]),
    upper((r) => r.prevSymbols),
    upper((r) => r.aliasSymbols),
  ];
  const exact = [
    (s: string) => (hgnc.bySymbol.has(s) ? [hgnc.bySymbol.get(s)!] : undefined),
    (s: string) => hgnc.byPrevSymbol.get(s),
    (s: string) => hgnc.byAliasSymbol.get(s),
  ];
  return (label) => {
    const s = label.trim();
    for (const find of [...exact, ...maps.map((m) => (x: string) => m.get(x.toUpperCase()))]) {
      const found = find(s);
      if (found === undefined || found.length === 0) continue;
      const unique = [...new Set(found)];
      return unique.length === 1 ? { kind: 'linked', record: unique[0]!, via: 'baseline' } : { kind: 'ambiguous' };
    }
    return { kind: 'unresolved' };
  };
}

function emptyLabelScore(): LabelScore {
  return { pages: 0, noSingleTruth: 0, scored: 0, geneTruth: 0, links: 0, correct: 0, ambiguous: 0, unresolved: 0, misses: new Map(), falseLinks: new Map(), via: new Map() };
}

function count<K>(map: Map<K, number>, key: K): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** Scores one page's keywords: truths from the table rows with the same label. */
function scoreKeywords(record: PathwayRecord, rows: Participant[], outcomes: Outcome[], score: LabelScore, hgnc: HgncTable): void {
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
      if (outcome.kind === 'linked' && !right) count(score.falseLinks, `${keyword} → ${outcome.record.symbol} (table: ${truth.record.symbol}; ${outcome.via})`);
      if (outcome.kind !== 'linked') count(score.misses, `${keyword} (${outcome.kind}; table: ${truth.record.symbol})`);
    } else if (outcome.kind === 'linked') {
      count(score.falseLinks, `${keyword} → ${outcome.record.symbol} (table: not a gene; ${outcome.via})`);
      const v = score.via.get(outcome.via) ?? [0, 0];
      score.via.set(outcome.via, [v[0] + 1, v[1]]);
    }
  });
}

const RAW_2022 = /(?:^|[\t\n])(GeneProduct|Protein|Rna)\t([^\t\n]+)\t(Ensembl|Entrez Gene|HGNC|HGNC Accession number|Uniprot-TrEMBL|Uniprot-SwissProt)(?=[\t\n]|$)/g;
const SYSTEM_2022: Record<string, string> = { Ensembl: 'ensembl', 'Entrez Gene': 'ncbigene', HGNC: 'hgnc.symbol', 'HGNC Accession number': 'hgnc', 'Uniprot-TrEMBL': 'uniprot', 'Uniprot-SwissProt': 'uniprot' };
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

function scoreTable(text: string, format: '2022' | 'current', rows: Participant[], linkedOf: (row: Participant) => HgncRecord | undefined, hgnc: HgncTable, score: TableScore): void {
  const truths = rawTruths(text, format, hgnc);
  const available = new Map<string, HgncRecord[]>();
  for (const row of rows) {
    const linked = linkedOf(row);
    if (linked === undefined) continue;
    const keys = format === 'current' ? [`line:${row.origin.kind === 'table' ? row.origin.line : 0}`] : row.primary ? [`${row.primary.system}:${row.primary.id}`] : [];
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

/**
 * `learned`: label usage learned from the tables of both snapshots; each page is resolved with what the
 * OTHER pathways' tables say (its own left out), as a pathway outside the learning set would be.
 */
export async function scoreSnapshot(name: string, pagesDir: string, tablesDir: string, hgnc: HgncTable, pm: ParticipantMappings, learned: UsageCounter): Promise<SnapshotScore> {
  const result: SnapshotScore = { name, humanPages: 0, ours: emptyLabelScore(), tiersOnly: emptyLabelScore(), baseline: emptyLabelScore(), tables: { rows: 0, linked: 0 }, tablesBaseline: { rows: 0, linked: 0 } };
  const baseline = baselineResolver(hgnc);
  const files = (await readdir(pagesDir)).filter((f) => /^WP[0-9]+\.md$/.test(f)).sort((a, b) => Number(a.slice(2, -3)) - Number(b.slice(2, -3)));
  for (const fileName of files) {
    const wpid = fileName.slice(0, -3);
    const file = path.join(pagesDir, fileName);
    let record: PathwayRecord;
    try {
      record = parsePage({ file, fileWpid: wpid, text: await readFile(file, 'utf8') });
    } catch {
      continue;
    }
    if (!record.organisms.includes('Homo sapiens')) continue;
    result.humanPages++;
    const tableFile = path.join(tablesDir, `${wpid}-datanodes.tsv`);
    if (!existsSync(tableFile)) continue;
    const text = await readFile(tableFile, 'utf8');
    const table = parseTable({ file: tableFile, text }, pm);
    if (table.format === 'unknown') continue;
    // Labels alone
    const usage = (label: string): UsageEvidence | undefined => learned.verdict(label, record.wpid);
    const outcomes = (resolved: ResolvedParticipant[]): Outcome[] =>
      resolved.map((r) => (r.resolution?.kind === 'linked' ? r.resolution : { kind: r.resolution?.kind === 'ambiguous' ? 'ambiguous' : 'unresolved' }));
    const keywords = keywordParticipants(record.keywords);
    scoreKeywords(record, table.participants, outcomes(resolveParticipants(keywords, { hgnc, pm, human: true, usage })), result.ours, hgnc);
    scoreKeywords(record, table.participants, outcomes(resolveParticipants(keywords, { hgnc, pm, human: true, usage: () => undefined })), result.tiersOnly, hgnc);
    scoreKeywords(record, table.participants, record.keywords.map(baseline), result.baseline, hgnc);
    // With tables
    const resolvedRows = resolveParticipants(table.participants, { hgnc, pm, human: true, usage });
    const linkedByRow = new Map(resolvedRows.map((r) => [r.participant, r.resolution?.kind === 'linked' ? r.resolution.record : undefined]));
    scoreTable(text, table.format, table.participants, (row) => linkedByRow.get(row), hgnc, result.tables);
    scoreTable(text, table.format, naiveRows(text, pm).filter((r) => GENE_TYPES.has(r.type)), (row) => truthOf(row.ids, hgnc), hgnc, result.tablesBaseline);
  }
  return result;
}

export function formatSnapshotScore(s: SnapshotScore): string {
  const share = (n: number, d: number): string => (d === 0 ? '-' : (n / d).toFixed(4));
  const row = (label: string, ours: string, base: string): string => `  ${label.padEnd(46)}${ours.padStart(10)}${base.padStart(12)}`;
  const o = s.ours;
  const b = s.baseline;
  // A keyword written as an approved symbol is linked to that gene; when its row's ids name another record
  // or a non-gene, the table contradicts its own label: linking the gene the label names counts as an error.
  const [symbolLinks, symbolRight] = o.via.get('symbol') ?? [0, 0];
  const top = (m: Map<string, number>): string[] => [...m].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0])).slice(0, 20).map(([label, n]) => `    ${String(n).padStart(4)}  ${label}`);
  return [
    `Gene linking, ${s.name} snapshot, human pathways (${s.humanPages} pages, ${o.pages} with a table)`,
    row('', 'ours', 'baseline'),
    '  Labels alone (keywords; truth: identifiers of the table row with that label)',
    row('scored keywords (gene truth / all)', `${o.geneTruth}/${o.scored}`, `${b.geneTruth}/${b.scored}`),
    row('keywords with no single truth (not scored)', String(o.noSingleTruth), String(b.noSingleTruth)),
    row('links', String(o.links), String(b.links)),
    row('precision                      (target >= 0.99)', share(o.correct, o.links), share(b.correct, b.links)),
    row('recall                         (target >= 0.97)', share(o.correct, o.geneTruth), share(b.correct, b.geneTruth)),
    row('ambiguous (gene truth)', String(o.ambiguous), String(b.ambiguous)),
    row('unresolved (gene truth)', String(o.unresolved), String(b.unresolved)),
    row('approved-symbol links their own row contradicts', String(symbolLinks - symbolRight), ''),
    row('precision if every other link were right', share(o.links - (symbolLinks - symbolRight), o.links), ''),
    row('precision, HGNC table alone (no label usage)', share(s.tiersOnly.correct, s.tiersOnly.links), ''),
    row('recall, HGNC table alone (no label usage)', share(s.tiersOnly.correct, s.tiersOnly.geneTruth), ''),
    '  With tables (gene-like rows with an HGNC-mappable identifier, counted on the raw text)',
    row('rows', String(s.tables.rows), String(s.tablesBaseline.rows)),
    row('linked to the right record     (target >= 0.99)', share(s.tables.linked, s.tables.rows), share(s.tablesBaseline.linked, s.tablesBaseline.rows)),
    '  keyword links by tier (ours): links / correct',
    ...[...o.via].sort((x, y) => y[1][0] - x[1][0]).map(([via, [n, c]]) => `    ${via.padEnd(44)}${String(n).padStart(6)} / ${c}`),
    '  twenty most frequent misses, gene keywords left unlinked (ours):',
    ...top(o.misses),
    '  twenty most frequent false links (ours):',
    ...top(o.falseLinks),
  ].join('\n');
}

async function main(): Promise<void> {
  const shared = path.resolve(process.argv[3] ?? process.env.PATHWAY_KG_SHARED_DATA ?? path.join(process.cwd(), '..', 'shared', 'data'));
  const referenceDir = process.argv[2] ?? path.join(shared, 'reference');
  const mappings = loadMappings();
  const pm = mappings.participants;
  const started = performance.now();
  const reference = await loadReference(referenceDir, mappings);
  const hgnc = reference.hgnc;
  console.log(`reference loaded in ${(performance.now() - started).toFixed(0)} ms; HGNC ${hgnc.version} (${hgnc.records.length} records)`);
  const wp = path.join(shared, 'wikipathways');
  const snapshots = [
    ['2022', path.join(wp, 'pages'), path.join(wp, 'datanodes')],
    ['current', path.join(wp, 'current', 'pages'), path.join(wp, 'current', 'datanodes')],
  ] as const;
  const t1 = performance.now();
  const learned = await learnFromSources(snapshots.map(([, source, datanodes]) => ({ source, datanodes: [datanodes] })), hgnc, pm);
  console.log(`label usage learned from ${learned.pathways} human pathways' tables in ${((performance.now() - t1) / 1000).toFixed(1)} s; each page is scored with what the others' tables say (its own left out)`);
  for (const [name, pages, tables] of snapshots) {
    const t0 = performance.now();
    const score = await scoreSnapshot(name, pages, tables, hgnc, pm, learned.counter);
    console.log(`\n${formatSnapshotScore(score)}\n  (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    const dump = process.env.LINKING_MISSES;
    if (dump !== undefined) {
      const lines = [...score.ours.misses, ...score.ours.falseLinks].sort((x, y) => y[1] - x[1]).map(([k, n]) => `${n}\t${k}`);
      await writeFile(`${dump}.${name}.tsv`, lines.join('\n') + '\n');
    }
  }
  const wp2022 = path.join(wp, 'pages');
  const annotations = await scoreAnnotationLabels({ pagesDir: wp2022, infoDir: path.join(wp, 'info'), ontologies: reference.ontologies });
  console.log(`\n${formatAnnotationScore(annotations)}`);
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
