// Figures of the 2022 corpus counted straight from the pages and tables, with their own minimal parsing
// and nothing from src/: the expected answers of test/integration/load/sparql/parityFigures.test.ts.
//
// What a row becomes is read from the specification, not from our code: README.md ("Participant
// nodes"), RDF-MODEL.md ("A participant", "Parity with GPML2RDF") and the data of mappings/ (the
// Type column's class in participants.json `types`, the Database column's system in `databases2022`,
// the system's dc:source name in `sources`, its IRI template and id pattern in iris.json).
//
// Choices where the specification leaves one open (each said where it is made):
// - a page is a pathway when its frontmatter has a non-empty `title` (README: PAGE_TITLE_MISSING
//   rejects the others) and one `organisms` entry (all 2022 pages with a title have exactly one);
// - a bare ChEBI number is the ChEBI id with its `CHEBI:` prefix (ChEBI's and identifiers.org's own
//   form), and `HGNC:`-prefixed HGNC accession numbers lose the prefix (iris.json's numeric pattern);
// - an ID cell written over two lines holds two ids; the first is the row's own identifier;
// - a Type that participants.json does not list (one `RNA` row) makes a plain wp:DataNode, as `Unknown`;
// - the average is over the pathways that have at least one participant node (the published query's
//   inner GROUP BY never sees a pathway without one).
// What cannot be counted independently: a human gene-like row with no valid identifier of its own may be
// linked by its label to one HGNC record and then is the node https://identifiers.org/hgnc/<n>. Which
// record is the whole gene linker's decision; this module only lists those rows (`labelLinkable`), so
// that the test can tell such nodes apart and bound them.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const WP = 'http://vocabularies.wikipathways.org/wp#';
export const SKOS_COLLECTION = 'http://www.w3.org/2004/02/skos/core#Collection';
export const PATHWAY_IRI = 'https://identifiers.org/wikipathways/';
export const HUMAN = 'Homo sapiens';

/** The parts of mappings/ that say what a row becomes. */
export interface Spec {
  /** Type column -> wp: class local name (null: no node), and whether the type is gene-like. */
  types: Map<string, { class: string | null; geneLike: boolean }>;
  /** 2022 Database column -> system (null: known, no IRI form). */
  databases: Map<string, string | null>;
  /** System -> dc:source name. */
  sources: Map<string, string>;
  /** System -> IRI template and id pattern. */
  iris: Map<string, { template: string; pattern: RegExp }>;
}

export function readSpec(mappingsDir: string): Spec {
  const read = (name: string): Record<string, unknown> =>
    JSON.parse(readFileSync(path.join(mappingsDir, name), 'utf8')) as Record<string, unknown>;
  const participants = read('participants.json') as {
    types: Record<string, { class: string | null; geneLike: boolean }>;
    databases2022: Record<string, string | null>;
    sources: Record<string, string>;
  };
  const iris = new Map<string, { template: string; pattern: RegExp }>();
  for (const [system, v] of Object.entries(read('iris.json'))) {
    if (system.startsWith('$')) continue;
    const { template, pattern } = v as { template: string; pattern: string };
    iris.set(system, { template, pattern: new RegExp(pattern) });
  }
  return {
    types: new Map(Object.entries(participants.types)),
    databases: new Map(Object.entries(participants.databases2022)),
    sources: new Map(Object.entries(participants.sources)),
    iris,
  };
}

export interface PageFacts {
  wpid: string;
  organism: string;
}

/**
 * The pathways of a folder of 2022 pages: `WPn.md` files whose frontmatter has a top-level, non-empty
 * `title` and an `organisms` list (PyYAML writes it as `- name` lines right under the key).
 */
export function readPages(dir: string): Map<string, PageFacts> {
  const out = new Map<string, PageFacts>();
  for (const name of readdirSync(dir).sort()) {
    const m = /^(WP\d+)\.md$/.exec(name);
    if (!m) continue;
    const lines = readFileSync(path.join(dir, name), 'utf8').split(/\r?\n/);
    const title =
      lines
        .find((l) => l.startsWith('title:'))
        ?.slice('title:'.length)
        .trim() ?? '';
    if (title === '' || title === "''" || title === '""') continue;
    const at = lines.indexOf('organisms:');
    const organisms: string[] = [];
    for (let i = at + 1; at >= 0 && i < lines.length && lines[i]!.startsWith('- '); i++)
      organisms.push(unquote(lines[i]!.slice(2).trim()));
    if (organisms.length !== 1)
      throw new Error(
        `${name}: expected one organism, found ${organisms.length} (this counter assumes one per 2022 page)`,
      );
    out.set(m[1]!, { wpid: m[1]!, organism: organisms[0]! });
  }
  return out;
}

function unquote(s: string): string {
  if (s.length >= 2 && s.startsWith("'") && s.endsWith("'")) return s.slice(1, -1).replace(/''/g, "'");
  if (s.length >= 2 && s.startsWith('"') && s.endsWith('"')) return JSON.parse(s) as string;
  return s;
}

/** One row of a 2022 table as far as nodes are concerned: where it sits, its Type, ID and Database. */
export interface TableRow {
  line: number;
  /** The part of the label on the row's own line (a label wrapped over lines keeps only its last line). */
  labelTail: string;
  type: string;
  id: string;
  database: string;
}

/**
 * The rows of a 2022 table (`Label Type ID Database Comment`; not valid TSV: labels and comments hold
 * newlines and tabs). A row is found by the line that carries its Type, ID and Database: the first
 * field (after the first) followed, two fields on, by a known Database name, or a known Type followed,
 * two fields on, by an empty Database (an id-less row). Every other line is part of a label or comment.
 */
export function readTable2022(text: string, spec: Spec): TableRow[] {
  const lines = text.split(/\r?\n/);
  if (!/^Label\tType\tID\tDatabase\t/.test(lines[0] ?? ''))
    throw new Error(`not a 2022 table header: ${JSON.stringify(lines[0]?.slice(0, 60))}`);
  const rows: TableRow[] = [];
  for (let i = 1; i < lines.length; i++) {
    const f = lines[i]!.split('\t');
    let k = -1;
    for (let j = 1; j + 2 < f.length && k < 0; j++)
      if (f[j + 2]!.trim() !== '' && spec.databases.has(f[j + 2]!.trim())) k = j;
    for (let j = 1; j + 2 < f.length && k < 0; j++)
      if (spec.types.has(f[j]!) && f[j] !== '' && f[j + 2]!.trim() === '') k = j;
    if (k < 0) {
      // An ID cell of two lines (`Label<TAB>Type<TAB>id1` then `id2<TAB>Database<TAB>…`): the row's own
      // identifier is its first line (our choice; GPML2RDF would see one id with a newline in it).
      const next = lines[i + 1]?.split('\t');
      if (
        f.length === 3 &&
        spec.types.has(f[1]!) &&
        f[1] !== '' &&
        next !== undefined &&
        next.length >= 2 &&
        spec.databases.has(next[1]!.trim())
      ) {
        rows.push({
          line: i + 1,
          labelTail: f[0]!.replace(/\s+/g, ' ').trim(),
          type: f[1]!.trim(),
          id: f[2]!.trim(),
          database: next[1]!.trim(),
        });
        i++;
      }
      continue;
    }
    rows.push({
      line: i + 1,
      labelTail: f.slice(0, k).join(' ').replace(/\s+/g, ' ').trim(),
      type: f[k]!.trim(),
      id: f[k + 1]!.trim(),
      database: f[k + 2]!.trim(),
    });
  }
  return rows;
}

/** The id as its system's pattern expects it (see the choices at the top). */
function canonical(system: string, id: string): string {
  if (system === 'chebi' && /^[0-9]+$/.test(id)) return `CHEBI:${id}`;
  if (system === 'hgnc') return id.replace(/^HGNC:/i, '');
  return id;
}

/** The node IRI and dc:source of a row's own identifier, or undefined when it names no node. */
export function ownNode(row: TableRow, spec: Spec): { iri: string; source: string } | undefined {
  if (row.id === '') return undefined;
  const system = spec.databases.get(row.database);
  if (system === undefined || system === null) return undefined;
  const form = spec.iris.get(system);
  if (form === undefined) throw new Error(`mappings/iris.json has no form for ${system} (Database ${row.database})`);
  const id = canonical(system, row.id);
  if (!form.pattern.test(id)) return undefined;
  const source = spec.sources.get(system);
  if (source === undefined) throw new Error(`mappings/participants.json has no source name for ${system}`);
  return { iri: form.template.replace('{id}', id), source };
}

/** The wp: class of a row's Type; null when the Type makes no node. */
function classOf(type: string, spec: Spec): string | null {
  const rule = spec.types.get(type);
  return rule === undefined ? 'DataNode' : rule.class;
}

export interface NodeFacts {
  /** rdf:type values (full IRIs). */
  types: Set<string>;
  sources: Set<string>;
  /** WPids of the pathways it is part of. */
  pathways: Set<string>;
}

export interface CorpusFigures {
  pages: Map<string, PageFacts>;
  /** organism name -> pathways. */
  pathwaysPerSpecies: Map<string, number>;
  /** Every participant node named by a row's own identifier. */
  nodes: Map<string, NodeFacts>;
  /**
   * rdf:type -> distinct DataNodes having it (wp:DataNode included, and skos:Collection for pathway rows naming a
   * pathway of the corpus).
   */
  entitiesPerType: Map<string, number>;
  /** dc:source -> distinct DataNodes. */
  participantsPerSource: Map<string, number>;
  /** WPid -> distinct participant nodes (pathways with none are left out). */
  participantsPerPathway: Map<string, number>;
  /** Human pathway -> its gene-like rows with no valid identifier of their own (the label-linkable ones). */
  labelLinkable: Map<string, TableRow[]>;
  rows: number;
}

/** Counts the figures of the 2022 corpus: pages in `pagesDir`, tables `WPn-datanodes.tsv` in `tablesDir`. */
export function countCorpus2022(pagesDir: string, tablesDir: string, mappingsDir: string): CorpusFigures {
  const spec = readSpec(mappingsDir);
  const pages = readPages(pagesDir);
  const nodes = new Map<string, NodeFacts>();
  const labelLinkable = new Map<string, TableRow[]>();
  let rowCount = 0;
  for (const page of pages.values()) {
    let text: string;
    try {
      text = readFileSync(path.join(tablesDir, `${page.wpid}-datanodes.tsv`), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    const rows = readTable2022(text, spec);
    rowCount += rows.length;
    for (const row of rows) {
      const cls = classOf(row.type, spec);
      if (cls === null) continue;
      const own = ownNode(row, spec);
      if (own === undefined) {
        if (page.organism === HUMAN && spec.types.get(row.type)?.geneLike === true) {
          const list = labelLinkable.get(page.wpid) ?? [];
          list.push(row);
          labelLinkable.set(page.wpid, list);
        }
        continue;
      }
      let facts = nodes.get(own.iri);
      if (facts === undefined)
        nodes.set(own.iri, (facts = { types: new Set(), sources: new Set(), pathways: new Set() }));
      facts.types.add(`${WP}DataNode`);
      facts.types.add(`${WP}${cls}`);
      facts.sources.add(own.source);
      facts.pathways.add(page.wpid);
    }
  }
  // A Pathway row naming a pathway of the corpus is that pathway's own subject (2022 pages have no
  // revision, so the subject is the versionless IRI), which the page types wp:Pathway and skos:Collection.
  for (const [iri, facts] of nodes) {
    if (iri.startsWith(PATHWAY_IRI) && pages.has(iri.slice(PATHWAY_IRI.length))) {
      facts.types.add(`${WP}Pathway`);
      facts.types.add(SKOS_COLLECTION);
      facts.sources.add('WikiPathways');
    }
  }
  const pathwaysPerSpecies = new Map<string, number>();
  for (const p of pages.values()) pathwaysPerSpecies.set(p.organism, (pathwaysPerSpecies.get(p.organism) ?? 0) + 1);
  return {
    pages,
    pathwaysPerSpecies,
    nodes,
    labelLinkable,
    rows: rowCount,
    ...tally(nodes),
  };
}

/** The per-type, per-source and per-pathway counts of a set of nodes. */
export function tally(
  nodes: Map<string, NodeFacts>,
): Pick<CorpusFigures, 'entitiesPerType' | 'participantsPerSource' | 'participantsPerPathway'> {
  const entitiesPerType = new Map<string, number>();
  const participantsPerSource = new Map<string, number>();
  const participantsPerPathway = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string): void => {
    m.set(k, (m.get(k) ?? 0) + 1);
  };
  for (const facts of nodes.values()) {
    for (const t of facts.types) bump(entitiesPerType, t);
    for (const s of facts.sources) bump(participantsPerSource, s);
    for (const p of facts.pathways) bump(participantsPerPathway, p);
  }
  return { entitiesPerType, participantsPerSource, participantsPerPathway };
}

/** Sum and count of the per-pathway participant counts, and their average. */
export function average(perPathway: Map<string, number>): { total: number; pathways: number; avg: number } {
  let total = 0;
  for (const n of perPathway.values()) total += n;
  return { total, pathways: perPathway.size, avg: perPathway.size === 0 ? 0 : total / perPathway.size };
}
