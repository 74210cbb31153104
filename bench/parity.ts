// Parity with GPML2RDF: converts the seven reference pathways and compares their participant nodes with
// the real GPML2RDF output of the same revisions (../shared/data/wikipathways/gpml2rdf, see its SOURCE.md).
//
// Usage: node dist/bench/parity.js [shared-data-dir]
//
// For every pathway of gpml2rdf/wp/WPn.ttl, our pipeline converts current/pages/WPn.md with
// current/datanodes/WPn-datanodes.tsv (the same revision). Both graphs are parsed; the data nodes of
// each (subjects typed wp:DataNode) are compared fact by fact: same subject IRI, predicate and object.
//
// What pages and tables could give is decided from the inputs, not from our code: a table row's own
// Identifier (`prefix:id`) names the node https://identifiers.org/prefix/id, and a GPML2RDF fact about
// such a node counts as givable when it is its type (wp:DataNode, the row's Type), label (as the table writes it),
// dc:identifier,
// dc:source or dcterms:identifier, its dcterms:isPartOf the pathway itself, or a wp:bdb… link to an id
// that the row's cells carry. Everything else (interactions, groups and complexes drawn on the diagram,
// references, wp:isAbout, foaf:page, nodes with no identifier in the table) is counted apart, by kind.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Parser, type Quad } from 'n3';
import { loadMappings } from '../src/mappings.js';
import { loadReference } from '../src/reference/loadReference.js';
import { transformContext, transformPage } from '../src/transform/transformPage.js';

const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const WP = 'http://vocabularies.wikipathways.org/wp#';
const PART_OF = 'http://purl.org/dc/terms/isPartOf';
const LABEL = 'http://www.w3.org/2000/01/rdf-schema#label';
const DCTERMS_IDENTIFIER = 'http://purl.org/dc/terms/identifier';
const CHEBI_NODE = 'https://identifiers.org/chebi/';
const IDENTIFYING = new Set([
  'http://www.w3.org/2000/01/rdf-schema#label',
  'http://purl.org/dc/elements/1.1/identifier',
  'http://purl.org/dc/elements/1.1/source',
  'http://purl.org/dc/terms/identifier',
]);
const SHORT: [string, string][] = [
  [WP, 'wp:'],
  ['http://www.w3.org/2000/01/rdf-schema#', 'rdfs:'],
  ['http://www.w3.org/1999/02/22-rdf-syntax-ns#type', 'rdf:type'],
  ['http://purl.org/dc/elements/1.1/', 'dc:'],
  ['http://purl.org/dc/terms/', 'dcterms:'],
  ['http://xmlns.com/foaf/0.1/', 'foaf:'],
];

const short = (iri: string): string => {
  for (const [long, prefix] of SHORT) if (iri.startsWith(long)) return prefix + iri.slice(long.length);
  return iri;
};

/** One row of a current-format table, read as plain TSV (the seven reference tables are plain). */
interface Row {
  label: string;
  type: string;
  node: string;
  /** Every id the row carries, without its prefix. */
  ids: Set<string>;
}

export function readRows(text: string): Row[] {
  const rows: Row[] = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.replace(/\r$/, '').split('\t');
    const identifier = /^([a-z][a-z0-9.]*):(\S+)$/.exec(f[2] ?? '');
    if (f.length < 4 || identifier === null) continue;
    const ids = new Set<string>();
    for (const cell of [f[2]!, ...f.slice(4)])
      for (const v of cell.split(';')) if (v.includes(':')) ids.add(bareId(v.slice(v.indexOf(':') + 1).trim()));
    // identifiers.org writes ChEBI ids with their CHEBI: prefix; the tables drop it.
    const local =
      identifier[1] === 'chebi' && /^[0-9]+$/.test(identifier[2]!) ? `CHEBI:${identifier[2]!}` : identifier[2]!;
    rows.push({ label: f[0]!, type: f[1]!, node: `https://identifiers.org/${identifier[1]}/${local}`, ids });
  }
  return rows;
}

/** An id without the prefix some sources repeat inside it (`CHEBI:29108` → `29108`). */
function bareId(id: string): string {
  return id.replace(/^CHEBI:/i, '');
}

/** The id a wp:bdb… link points at: the last path segment, PubChem's `CID` dropped. */
function linkedId(iri: string): string {
  return bareId(iri.slice(iri.lastIndexOf('/') + 1).replace(/^CID(?=[0-9])/, ''));
}

const key = (q: Quad): string =>
  `${q.subject.value}\u0000${q.predicate.value}\u0000${q.object.termType}\u0000${q.object.value}`;

interface Tally {
  gpml: number;
  ours: number;
  both: number;
  givable: number;
  givableBoth: number;
}

const tally = (): Tally => ({ gpml: 0, ours: 0, both: 0, givable: 0, givableBoth: 0 });

export interface ParityResult {
  pathways: string[];
  rows: number;
  byPredicate: Map<string, Tally>;
  byNodeType: Map<string, Tally>;
  /** GPML2RDF facts that are not givable, by kind. */
  notGivable: Map<string, number>;
  /** Givable GPML2RDF facts we do not emit, as `subject predicate object`. */
  missing: string[];
}

/**
 * The data nodes of a graph: subject → its wp: classes other than DataNode, joined (`GeneProduct`,
 * `Protein+GeneProduct`).
 */
function dataNodes(quads: Quad[]): Map<string, string> {
  const classes = new Map<string, Set<string>>();
  for (const q of quads)
    if (q.predicate.value === RDF_TYPE && q.object.value.startsWith(WP)) {
      let set = classes.get(q.subject.value);
      if (set === undefined) classes.set(q.subject.value, (set = new Set()));
      set.add(q.object.value.slice(WP.length));
    }
  const out = new Map<string, string>();
  for (const [s, set] of classes)
    if (set.has('DataNode'))
      out.set(
        s,
        [...set]
          .filter((c) => c !== 'DataNode')
          .sort()
          .join('+') || 'DataNode',
      );
  return out;
}

export async function parity(shared: string): Promise<ParityResult> {
  const wpDir = path.join(shared, 'wikipathways', 'gpml2rdf', 'wp');
  const wpids = readdirSync(wpDir)
    .filter((f) => /^WP[0-9]+\.ttl$/.test(f))
    .map((f) => f.slice(0, -4))
    .sort();
  // A score over no pathway would read as 100% of nothing.
  if (wpids.length === 0) throw new Error(`no GPML2RDF pathway (WPn.ttl) in ${wpDir}`);
  const mappings = loadMappings();
  const ctx = transformContext(mappings, await loadReference(path.join(shared, 'reference'), mappings));
  const result: ParityResult = {
    pathways: wpids,
    rows: 0,
    byPredicate: new Map(),
    byNodeType: new Map(),
    notGivable: new Map(),
    missing: [],
  };
  const bump = <K>(map: Map<K, Tally>, k: K, field: keyof Tally): void => {
    let t = map.get(k);
    if (t === undefined) map.set(k, (t = tally()));
    t[field]++;
  };
  const skip = (kind: string): void => void result.notGivable.set(kind, (result.notGivable.get(kind) ?? 0) + 1);
  for (const wpid of wpids) {
    const gpml = new Parser({ format: 'text/turtle' }).parse(readFileSync(path.join(wpDir, `${wpid}.ttl`), 'utf8'));
    const pageFile = path.join(shared, 'wikipathways', 'current', 'pages', `${wpid}.md`);
    const tableFile = path.join(shared, 'wikipathways', 'current', 'datanodes', `${wpid}-datanodes.tsv`);
    const tableText = readFileSync(tableFile, 'utf8');
    const converted = await transformPage(
      {
        file: pageFile,
        fileWpid: wpid,
        text: readFileSync(pageFile, 'utf8'),
        table: { file: tableFile, text: tableText },
      },
      ctx,
    );
    const ours = converted.quads;
    const pathwayIri = converted.subject;
    const rows = readRows(tableText);
    result.rows += rows.length;
    const rowsByNode = new Map<string, Row[]>();
    for (const r of rows) rowsByNode.set(r.node, [...(rowsByNode.get(r.node) ?? []), r]);

    const gpmlNodes = dataNodes(gpml);
    const ourNodes = dataNodes(ours);
    for (const [s, type] of gpmlNodes) {
      bump(result.byNodeType, type, 'gpml');
      if (ourNodes.has(s)) bump(result.byNodeType, type, 'both');
      if (rowsByNode.has(s)) {
        bump(result.byNodeType, type, 'givable');
        if (ourNodes.has(s)) bump(result.byNodeType, type, 'givableBoth');
      }
    }
    for (const type of ourNodes.values()) bump(result.byNodeType, type, 'ours');

    const ourKeys = new Set(ours.filter((q) => ourNodes.has(q.subject.value)).map(key));
    const gpmlKeys = new Set<string>();
    for (const q of gpml) {
      if (!gpmlNodes.has(q.subject.value)) continue;
      const k = key(q);
      if (gpmlKeys.has(k)) continue;
      gpmlKeys.add(k);
      const p = short(q.predicate.value);
      bump(result.byPredicate, p, 'gpml');
      const found = ourKeys.has(k);
      if (found) bump(result.byPredicate, p, 'both');
      const why = notGivable(q, rowsByNode.get(q.subject.value), pathwayIri);
      if (why !== undefined) {
        skip(why);
        continue;
      }
      bump(result.byPredicate, p, 'givable');
      if (found) bump(result.byPredicate, p, 'givableBoth');
      else
        result.missing.push(
          `${wpid}: <${q.subject.value}> ${p} ${q.object.termType === 'Literal' ? JSON.stringify(q.object.value) : `<${q.object.value}>`}`,
        );
    }
    for (const k of ourKeys) bump(result.byPredicate, short(k.split('\u0000')[1]!), 'ours');
  }
  return result;
}

/** Why pages and tables cannot give this GPML2RDF fact about a data node, or undefined when they can. */
function notGivable(q: Quad, rows: Row[] | undefined, pathwayIri: string): string | undefined {
  const p = q.predicate.value;
  if (rows === undefined)
    return q.subject.value.startsWith('http://rdf.wikipathways.org/')
      ? 'groups and complexes drawn on the diagram'
      : 'nodes with no row identifier in the table (Pathway and Complex nodes, rows GPML has and the table not)';
  if (p === RDF_TYPE)
    return q.object.value === `${WP}DataNode` || rows.some((r) => q.object.value === `${WP}${r.type}`)
      ? undefined
      : 'types of other rows drawn with the same id';
  if (p === LABEL)
    return rows.some((r) => r.label === q.object.value)
      ? undefined
      : 'labels the table writes otherwise (a line break of the drawing dropped without a space)';
  // The tables write every ChEBI id as `chebi:N`, whether the drawing said `CHEBI:N` or `N`; GPML2RDF keeps what the
  // drawing said, so a bare number is a form our inputs do not carry.
  if (p === DCTERMS_IDENTIFIER && q.subject.value.startsWith(CHEBI_NODE) && /^[0-9]+$/.test(q.object.value))
    return 'ChEBI ids the drawing wrote without CHEBI: (the table writes chebi:N either way)';
  if (IDENTIFYING.has(p)) return undefined;
  if (p === PART_OF)
    return q.object.value === pathwayIri ? undefined : 'dcterms:isPartOf an interaction or group (not in our inputs)';
  if (p.startsWith(`${WP}bdb`))
    return rows.some((r) => r.ids.has(linkedId(q.object.value)))
      ? undefined
      : 'wp:bdb links to ids the table does not carry (BridgeDb mappings)';
  return `${short(p)} (not in our inputs)`;
}

function pct(n: number, d: number): string {
  return d === 0 ? '—' : `${((100 * n) / d).toFixed(1)}%`;
}

export function formatParity(r: ParityResult): string {
  const lines: string[] = [];
  lines.push(
    `Parity with GPML2RDF on ${r.pathways.length} reference pathways (${r.pathways.join(', ')}), ${r.rows} table rows with an identifier.`,
  );
  lines.push('"givable": GPML2RDF facts that the pages and tables carry; share = of those, the ones we also emit.');
  const table = (title: string, map: Map<string, Tally>): void => {
    lines.push(
      '',
      title,
      `${'  '.padEnd(28)}${['GPML2RDF', 'ours', 'both', 'givable', 'given', 'share'].map((h) => h.padStart(9)).join('')}`,
    );
    for (const [k, t] of [...map].sort(([a], [b]) => a.localeCompare(b))) {
      lines.push(
        `  ${k.padEnd(26)}${[t.gpml, t.ours, t.both, t.givable, t.givableBoth].map((n) => String(n).padStart(9)).join('')}${pct(t.givableBoth, t.givable).padStart(9)}`,
      );
    }
    const sum = [...map.values()].reduce(
      (a, t) => ({
        gpml: a.gpml + t.gpml,
        ours: a.ours + t.ours,
        both: a.both + t.both,
        givable: a.givable + t.givable,
        givableBoth: a.givableBoth + t.givableBoth,
      }),
      tally(),
    );
    lines.push(
      `  ${'all'.padEnd(26)}${[sum.gpml, sum.ours, sum.both, sum.givable, sum.givableBoth].map((n) => String(n).padStart(9)).join('')}${pct(sum.givableBoth, sum.givable).padStart(9)}`,
    );
  };
  table('Data nodes by type (same IRI):', r.byNodeType);
  table('Facts of data nodes by predicate (same subject, predicate and object):', r.byPredicate);
  lines.push('', 'GPML2RDF facts of data nodes that pages and tables cannot give:');
  for (const [why, n] of [...r.notGivable].sort((a, b) => b[1] - a[1]))
    lines.push(`  ${String(n).padStart(6)}  ${why}`);
  lines.push('', `Givable facts we do not emit (${r.missing.length}):`, ...r.missing.map((m) => `  ${m}`));
  return lines.join('\n');
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const shared = path.resolve(
    process.argv[2] ?? process.env.PATHWAY_KG_SHARED_DATA ?? path.join(root, '..', 'shared', 'data'),
  );
  try {
    process.stdout.write(`${formatParity(await parity(shared))}\n`);
  } catch (error) {
    // A missing folder or file says which, in one line (the data folder is an argument, or PATHWAY_KG_SHARED_DATA).
    process.stderr.write(`bench:parity: ${(error as Error).message ?? String(error)}\n`);
    process.exitCode = 1;
  }
}
