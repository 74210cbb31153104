// Facts about the shared corpus read straight from the files (gray-matter, plain string splitting), never
// through the project's own parsing: the expected answers of test/integration/load/sparql/corpus.test.ts.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import matter from 'gray-matter';

export type Format = '2022' | 'current';
/** The gene id systems a table row can carry. */
export type GeneSystem = 'ensembl' | 'ncbigene' | 'hgnc.symbol' | 'hgnc' | 'uniprot';

export interface Page {
  wpid: string;
  num: number;
  file: string;
  title: string;
  organisms: string[];
  /** Annotation ids as written (current pages only), e.g. `PW:0000272`. */
  annotationIds: string[];
  annotationCount: number;
  /** The whole file, for text searches. */
  text: string;
}

export interface Row {
  /** Whitespace runs folded to one space, trimmed. */
  label: string;
  type: string;
  ids: Map<GeneSystem, string[]>;
}

export interface Table {
  /** Every line after the header has the format's number of columns. */
  clean: boolean;
  /** Rows with the right number of columns (the others cannot be read by splitting). */
  rows: Row[];
  text: string;
}

export const fold = (s: string): string => s.replace(/\s+/g, ' ').trim();
export const wpNumber = (wpid: string): number => Number(wpid.slice(2));

export function readPages(dir: string): Map<string, Page> {
  const pages = new Map<string, Page>();
  for (const name of readdirSync(dir)) {
    const m = /^(WP\d+)\.md$/.exec(name);
    if (!m) continue;
    const file = path.join(dir, name);
    const text = readFileSync(file, 'utf8');
    const data = matter(text).data as Record<string, unknown>;
    const jsonld = Array.isArray(data['schema-jsonld'])
      ? (data['schema-jsonld'][0] as Record<string, unknown> | undefined)
      : undefined;
    const title = typeof data.title === 'string' ? data.title : typeof jsonld?.name === 'string' ? jsonld.name : '';
    const annotations = Array.isArray(data.annotations) ? (data.annotations as Record<string, unknown>[]) : [];
    const ids = annotations.map((a) => (typeof a?.id === 'string' ? a.id.trim() : '')).filter((id) => id !== '');
    pages.set(m[1]!, {
      wpid: m[1]!,
      num: wpNumber(m[1]!),
      file,
      title: fold(title),
      organisms: Array.isArray(data.organisms) ? data.organisms.map(String) : [],
      annotationIds: [...new Set(ids)],
      annotationCount: annotations.length,
      text,
    });
  }
  return pages;
}

/** 2022 Database column (BridgeDb names, see wikipathways/SOURCE.md) -> gene id system. */
const DATABASES_2022: Record<string, GeneSystem> = {
  Ensembl: 'ensembl',
  'Entrez Gene': 'ncbigene',
  HGNC: 'hgnc.symbol',
  'HGNC Accession number': 'hgnc',
  'Uniprot-TrEMBL': 'uniprot',
  'Uniprot-SwissProt': 'uniprot',
  'Uniprot/TrEMBL': 'uniprot',
};
const PREFIXES: Record<string, GeneSystem> = {
  ensembl: 'ensembl',
  ncbigene: 'ncbigene',
  'hgnc.symbol': 'hgnc.symbol',
  hgnc: 'hgnc',
  uniprot: 'uniprot',
};

function add(ids: Map<GeneSystem, string[]>, system: GeneSystem, id: string): void {
  const v = id.trim();
  if (v === '') return;
  const list = ids.get(system) ?? [];
  if (!list.includes(v)) list.push(v);
  ids.set(system, list);
}

/** Compact URIs (`ensembl:ENSG…`), several joined with `;`. */
function addCompact(ids: Map<GeneSystem, string[]>, cell: string): void {
  for (const part of cell.split(';')) {
    const i = part.indexOf(':');
    if (i <= 0) continue;
    const system = PREFIXES[part.slice(0, i).trim()];
    if (system) add(ids, system, part.slice(i + 1));
  }
}

export function readTable(file: string, format: Format): Table {
  const text = readFileSync(file, 'utf8');
  const width = format === '2022' ? 5 : 16;
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  const rows: Row[] = [];
  let clean = true;
  for (const line of lines.slice(1)) {
    const f = line.split('\t');
    if (f.length !== width) {
      clean = false;
      continue;
    }
    const ids = new Map<GeneSystem, string[]>();
    if (format === '2022') {
      const system = DATABASES_2022[f[3]!.trim()];
      if (system) add(ids, system, f[2]!);
    } else {
      addCompact(ids, f[2]!);
      for (const cell of f.slice(4, 8)) addCompact(ids, cell);
    }
    rows.push({ label: fold(f[0]!), type: f[1]!.trim(), ids });
  }
  return { clean, rows, text };
}

/** The `ontology-ids` line of a 2022 .info file, each id once. */
export function infoOntologyIds(file: string): string[] {
  const line = readFileSync(file, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('ontology-ids:'));
  if (!line) return [];
  return [
    ...new Set(
      line
        .slice('ontology-ids:'.length)
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

/** Organism name -> NCBI Taxonomy id: BridgeDb's table plus the two organisms it lacks (reference/SOURCE.md). */
export function readTaxa(referenceDir: string): Map<string, string> {
  const taxa = new Map<string, string>([
    ['Gadus morhua', '8049'],
    ['Triticum aestivum', '4565'],
  ]);
  const lines = readFileSync(path.join(referenceDir, 'taxonomy', 'bridgedb_organisms.tsv'), 'utf8')
    .split('\n')
    .slice(1);
  for (const line of lines) {
    const f = line.split('\t').map((s) => s.trim());
    if (f.length >= 5 && f[0] && f[1] && /^\d+$/.test(f[4]!) && !taxa.has(`${f[0]} ${f[1]}`))
      taxa.set(`${f[0]} ${f[1]}`, f[4]!);
  }
  return taxa;
}

export interface Gene {
  hgncId: string;
  symbol: string;
  others: string[];
  entrez: string;
  ensembl: string;
  uniprot: string[];
}

export interface Hgnc {
  by: Record<GeneSystem, Map<string, Gene[]>>;
  byEnsembl: Map<string, Gene>;
}

export function readHgnc(referenceDir: string): Hgnc {
  const text = gunzipSync(readFileSync(path.join(referenceDir, 'hgnc', 'hgnc_complete_set.txt.gz'))).toString('utf8');
  const [header, ...lines] = text.split('\n');
  const col = new Map(header!.split('\t').map((name, i) => [name, i]));
  const cell = (f: string[], name: string): string[] =>
    (f[col.get(name)!] ?? '')
      .replace(/^"|"$/g, '')
      .split('|')
      .map((s) => s.trim())
      .filter(Boolean);
  const by: Hgnc['by'] = {
    ensembl: new Map(),
    ncbigene: new Map(),
    'hgnc.symbol': new Map(),
    hgnc: new Map(),
    uniprot: new Map(),
  };
  const byEnsembl = new Map<string, Gene>();
  const put = (system: GeneSystem, key: string, gene: Gene): void => {
    const list = by[system].get(key) ?? [];
    list.push(gene);
    by[system].set(key, list);
  };
  for (const line of lines) {
    const f = line.split('\t');
    if (f.length < 20) continue;
    const gene: Gene = {
      hgncId: cell(f, 'hgnc_id')[0]!.replace(/^HGNC:/, ''),
      symbol: cell(f, 'symbol')[0]!,
      others: [...cell(f, 'prev_symbol'), ...cell(f, 'alias_symbol')],
      entrez: cell(f, 'entrez_id')[0] ?? '',
      ensembl: cell(f, 'ensembl_gene_id')[0] ?? '',
      uniprot: cell(f, 'uniprot_ids'),
    };
    put('hgnc', gene.hgncId, gene);
    put('hgnc.symbol', gene.symbol, gene);
    if (gene.entrez) put('ncbigene', gene.entrez, gene);
    if (gene.ensembl) {
      put('ensembl', gene.ensembl, gene);
      byEnsembl.set(gene.ensembl, gene);
    }
    for (const u of gene.uniprot) put('uniprot', u, gene);
  }
  return { by, byEnsembl };
}

const GENE_LIKE = new Set(['geneproduct', 'protein', 'rna']);
/** Types whose rows make no node (the rest do, when they carry an identifier). */
const NO_NODE = new Set(['pathway', 'event', 'cellularcomponent']);

export const isGeneLike = (type: string): boolean => GENE_LIKE.has(type.toLowerCase());
export const makesNode = (type: string): boolean => !NO_NODE.has(type.toLowerCase());

/**
 * The one HGNC gene a human gene row names by its identifiers: its Ensembl, NCBI Gene and HGNC ids must
 * all name that gene and no other; only without those, its UniProt ids. Undefined otherwise.
 */
export function rowGene(row: Row, hgnc: Hgnc): Gene | undefined {
  const found = (systems: GeneSystem[]): Set<Gene> => {
    const genes = new Set<Gene>();
    for (const system of systems) {
      for (const raw of row.ids.get(system) ?? []) {
        const id =
          system === 'ensembl'
            ? raw.replace(/\.\d+$/, '')
            : system === 'uniprot'
              ? raw.replace(/-\d+$/, '')
              : system === 'hgnc'
                ? raw.replace(/^HGNC:/i, '')
                : raw;
        for (const g of hgnc.by[system].get(id) ?? []) genes.add(g);
      }
    }
    return genes;
  };
  const strong: GeneSystem[] = ['ensembl', 'ncbigene', 'hgnc.symbol', 'hgnc'];
  const hasStrong = strong.some((s) => (row.ids.get(s)?.length ?? 0) > 0);
  const genes = hasStrong ? found(strong) : found(['uniprot']);
  return genes.size === 1 ? [...genes][0] : undefined;
}

/**
 * Ensembl gene ids a pathway's table surely links (the lower bound of the "pathways that contain a gene"
 * pattern): on human pathways, the gene of each gene row that names exactly one HGNC gene; on any
 * pathway, the Ensembl ids of rows that are not linked to HGNC (other species, non-gene rows).
 */
export function ensemblIdsOf(table: Table, human: boolean, hgnc: Hgnc): Set<string> {
  const out = new Set<string>();
  for (const row of table.rows) {
    if (!makesNode(row.type)) continue;
    if (human && isGeneLike(row.type)) {
      const gene = rowGene(row, hgnc);
      if (gene?.ensembl) out.add(gene.ensembl);
      continue;
    }
    for (const id of row.ids.get('ensembl') ?? []) out.add(id);
  }
  return out;
}

/** Words a table or page mentioning the gene would contain (for the upper bound). */
/**
 * Every word a page or table may name the gene by: its ids, symbols and aliases, and the labels that
 * mappings/label-usage.tsv (a data file: label, sense, counts) gives this gene.
 */
export function geneWords(ensembl: string, hgnc: Hgnc, labelUsageText = ''): string[] {
  const gene = hgnc.byEnsembl.get(ensembl);
  if (!gene) return [ensembl];
  const learned = labelUsageText
    .split('\n')
    .map((line) => line.split('\t'))
    .filter((cells) => cells.length === 4 && cells[1] === `HGNC:${gene.hgncId}`)
    .map((cells) => cells[0]!);
  return [ensembl, gene.symbol, ...gene.others, gene.entrez, `HGNC:${gene.hgncId}`, ...gene.uniprot, ...learned].filter(
    Boolean,
  );
}

export function mentionsAny(text: string, words: string[]): boolean {
  const lower = text.toLowerCase();
  return words.some((w) => {
    const needle = w.toLowerCase();
    for (let i = lower.indexOf(needle); i >= 0; i = lower.indexOf(needle, i + 1)) {
      const before = lower[i - 1];
      const after = lower[i + needle.length];
      if ((before === undefined || !/[a-z0-9]/.test(before)) && (after === undefined || !/[a-z0-9]/.test(after)))
        return true;
    }
    return false;
  });
}
