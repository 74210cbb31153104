// The whole shared corpus (both snapshots) loaded into the real Virtuoso through the Graph Store Protocol,
// then RDF-MODEL.md's query patterns, exactly as written there, answered against figures read from the pages.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireVirtuoso, select, type Binding, type Virtuoso } from '../../../support/virtuoso.js';
import { runCli } from '../../../support/cli.js';
import { CORPUS, describeCorpus, PROJECT_ROOT, SHARED_DATA } from '../../../support/corpus.js';
import {
  PIPELINE_GRAPH_PREFIXES,
  acquireStore,
  ensureServerUp,
  pipelineGraphs,
} from '../../../support/virtuosoLock.js';
import {
  ensemblIdsOf,
  fold,
  geneWords,
  infoOntologyIds,
  mentionsAny,
  readHgnc,
  readPages,
  readTable,
  readTaxa,
  type Format,
  type Hgnc,
  type Page,
  type Table,
} from '../../../support/corpusFacts.js';

const WP_IRI = 'https://identifiers.org/wikipathways/';
const OBO = 'http://purl.obolibrary.org/obo/';
const DOC = path.join(SHARED_DATA, '..', 'docs', 'RDF-MODEL.md');
const HUMAN = 'Homo sapiens';

interface Snapshot {
  name: string;
  format: Format;
  pages: string;
  datanodes: string;
  info?: string;
}

const SNAPSHOTS: Snapshot[] = [
  { name: '2022', format: '2022', pages: CORPUS.pages2022, datanodes: CORPUS.datanodes2022, info: CORPUS.info2022 },
  { name: 'current', format: 'current', pages: CORPUS.pagesCurrent, datanodes: CORPUS.datanodesCurrent },
];

/** RDF-MODEL.md's prefixes (as SPARQL PREFIX lines) and its query patterns by their comment line. */
function docQueries(): { prefixes: string; queries: Map<string, string> } {
  let doc: string;
  try {
    doc = readFileSync(DOC, 'utf8');
  } catch (cause) {
    throw new Error(`RDF-MODEL.md not found at ${DOC}: this test runs its query patterns exactly as written there`, {
      cause,
    });
  }
  const block = (heading: string, lang: string): string => {
    const section = doc.slice(doc.indexOf(`## ${heading}`));
    const m = new RegExp('```' + lang + '\\n([\\s\\S]*?)```').exec(section);
    if (!doc.includes(`## ${heading}`) || !m)
      throw new Error(`RDF-MODEL.md has no \`\`\`${lang} block under "## ${heading}"`);
    return m[1]!;
  };
  const prefixes = block('Prefixes', 'turtle')
    .split('\n')
    .map((l) => /^@prefix\s+(\w*:)\s*(<[^>]*>)\s*\.\s*$/.exec(l.trim()))
    .filter((m) => m !== null)
    .map((m) => `PREFIX ${m[1]} ${m[2]}`)
    .join('\n');
  const queries = new Map<string, string>();
  let name = '';
  for (const line of block('Query patterns that must work unchanged', 'sparql').split('\n')) {
    if (line.startsWith('# ')) name = line.slice(2).trim();
    else if (name) queries.set(name, `${queries.get(name) ?? ''}${line}\n`);
  }
  return { prefixes, queries };
}

const wpIri = (wpid: string): string => `${WP_IRI}${wpid}`;
const byNumber = (a: Page, b: Page): number => a.num - b.num;
const sorted = <T>(xs: Iterable<T>): T[] => [...xs].sort();

describeCorpus('Virtuoso: the shared corpus through the Graph Store Protocol, RDF-MODEL.md query patterns', () => {
  let vt: Virtuoso;
  let prefixes: string;
  let queries: Map<string, string>;
  let hgnc: Hgnc;
  let taxa: Map<string, string>;

  beforeAll(() => {
    vt = requireVirtuoso();
    ({ prefixes, queries } = docQueries());
    hgnc = readHgnc(CORPUS.reference);
    taxa = readTaxa(CORPUS.reference);
  });

  /** A pattern of the document, with `from` (which must occur exactly once) replaced by `to`. */
  function pattern(name: string, from?: string, to?: string): string {
    const q = queries.get(name);
    if (q === undefined)
      throw new Error(`RDF-MODEL.md has no query pattern "# ${name}" (has: ${[...queries.keys()].join('; ')})`);
    if (from === undefined || to === undefined || from === to) return `${prefixes}\n${q}`;
    if (q.split(from).length !== 2) throw new Error(`The pattern "${name}" does not contain ${from} exactly once`);
    return `${prefixes}\n${q.replace(from, to)}`;
  }

  const ask = async (q: string): Promise<Record<string, Binding>[]> => select(vt, q);

  for (const snap of SNAPSHOTS) {
    describe(`${snap.name} snapshot`, () => {
      let release: (() => Promise<void>) | undefined;
      let out = '';
      let status = -1;
      let stderr = '';
      let loadSeconds = 0;
      let report: {
        pages: { read: number; converted: number; rejected: number };
        triples: number;
        rejects: { file?: string; code: string; message: string }[];
      };
      let pages: Map<string, Page>;
      let converted: Page[];
      let tables: Map<string, Table>;
      let allTableText: string;

      beforeAll(async () => {
        const tLock = performance.now();
        release = await acquireStore();
        console.log(
          `[${snap.name}] store lock taken and pipeline graphs dropped in ${((performance.now() - tLock) / 1000).toFixed(1)} s`,
        );
        out = mkdtempSync(path.join(tmpdir(), `pathway-kg-corpus-${snap.name}-`));
        const t0 = performance.now();
        const args = [
          'run',
          '--source',
          snap.pages,
          '--datanodes',
          snap.datanodes,
          '--reference',
          CORPUS.reference,
          '--out',
          out,
          '--quiet',
          '--endpoint',
          vt.sparql,
          '--graph-store',
          vt.graphCrud,
        ];
        let r = await runCli(args);
        // A crash of the server itself (not of the pipeline) is met as a user would: restart it, run again.
        if (r.status === 4 && (await ensureServerUp(vt))) {
          console.log(
            `[${snap.name}] *** Virtuoso went down during the load (exit 4: ${r.stderr.slice(0, 300)}); restarted, running again ***`,
          );
          r = await runCli(args);
        }
        loadSeconds = (performance.now() - t0) / 1000;
        status = r.status;
        stderr = r.stderr;
        if (status !== 0 && status !== 3) throw new Error(`pathway-kg run exited ${status}: ${stderr.slice(-2000)}`);
        report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as typeof report;
        pages = readPages(snap.pages);
        const rejected = new Set(report.rejects.map((x) => path.basename(x.file ?? '')));
        converted = [...pages.values()].filter((p) => !rejected.has(path.basename(p.file))).sort(byNumber);
        tables = new Map(
          converted.map((p) => [p.wpid, readTable(path.join(snap.datanodes, `${p.wpid}-datanodes.tsv`), snap.format)]),
        );
        allTableText = fold([...tables.values()].map((t) => t.text).join('\n')).toLowerCase();
        console.log(
          `[${snap.name}] run + Graph Store load: ${loadSeconds.toFixed(1)} s (exit ${status}); pages ${report.pages.read} read, ${report.pages.converted} converted, ${report.pages.rejected} rejected; ${report.triples} triples`,
        );
      }, 900_000);

      afterAll(async () => {
        await release?.();
        if (out) rmSync(out, { recursive: true, force: true });
      });

      it("loads every converted page into its own graph; the store holds report.json's triple count", async () => {
        expect(status, stderr).toBe(report.pages.rejected > 0 ? 3 : 0);
        expect(report.pages.read).toBe(pages.size);
        // Rejects are pages of this snapshot, few, and include every page without a title.
        for (const r of report.rejects)
          expect(pages.has(path.basename(r.file ?? '', '.md')), `reject ${r.file}`).toBe(true);
        expect(report.pages.rejected).toBeLessThan(pages.size / 100);
        const untitled = [...pages.values()].filter((p) => p.title === '').map((p) => p.wpid);
        for (const wpid of untitled)
          expect(
            converted.some((p) => p.wpid === wpid),
            `${wpid} has no title`,
          ).toBe(false);
        expect(report.pages.converted).toBe(converted.length);

        const graphs = await pipelineGraphs(vt);
        const pathwayGraphs = graphs.filter((g) => g.startsWith(WP_IRI));
        expect(sorted(pathwayGraphs)).toEqual(sorted(converted.map((p) => wpIri(p.wpid))));
        expect(sorted(graphs.filter((g) => !g.startsWith(WP_IRI) && !g.startsWith('urn:pathway-kg:shared:')))).toEqual([
          'urn:pathway-kg:dataset',
          'urn:pathway-kg:ontologies',
        ]);
        const filter = PIPELINE_GRAPH_PREFIXES.map((p) => `STRSTARTS(STR(?g), ${JSON.stringify(p)})`).join(' || ');
        const rows = await ask(`SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(${filter}) }`);
        const inStore = Number(rows[0]?.n?.value);
        console.log(
          `[${snap.name}] store: ${graphs.length} pipeline graphs, ${inStore} triples; report.json: ${report.triples} triples`,
        );
        expect(inStore).toBe(report.triples);
      });

      it('count of pathways: one per converted page', async () => {
        const rows = await ask(pattern('count of pathways'));
        const n = Number(rows[0]?.n?.value);
        console.log(`[${snap.name}] count of pathways: ${n} (converted pages: ${converted.length})`);
        expect(n).toBe(converted.length);
      });

      it('pathways per species: the converted pages grouped by organism, with NCBI Taxonomy PURLs', async () => {
        const expected = new Map<string, number>();
        for (const p of converted) {
          for (const name of p.organisms) {
            const taxon = taxa.get(name);
            expect(taxon, `taxon of ${name} (${p.wpid})`).toBeDefined();
            const key = `${name}\t${OBO}NCBITaxon_${taxon}`;
            expected.set(key, (expected.get(key) ?? 0) + 1);
          }
        }
        const rows = await ask(pattern('pathways per species'));
        const got = rows.map((r) => [`${r.name?.value}\t${r.organism?.value}`, Number(r.pathwayCount?.value)] as const);
        console.log(
          `[${snap.name}] pathways per species: ${got.length} rows; top ${got
            .slice(0, 4)
            .map(([k, n]) => `${k.split('\t')[0]} ${n}`)
            .join(', ')}`,
        );
        expect(new Map(got)).toEqual(expected);
        expect(got.length).toBe(expected.size);
        const counts = got.map(([, n]) => n);
        expect(counts).toEqual([...counts].sort((a, b) => b - a));
      });

      it("ontology tags of one pathway: the page's annotation ids as OBO PURLs, with its title and versionless IRI", async () => {
        // Current pages carry the ids; 2022 pages only labels, with the ids in info/WPn.info.
        const chosen = converted
          .filter(
            (p) =>
              p.annotationCount > 0 &&
              p.title !== '' &&
              (snap.info
                ? infoOntologyIds(path.join(snap.info, `${p.wpid}.info`)).length > 0
                : p.annotationIds.length > 0),
          )
          .slice(0, 5);
        if (snap.name === '2022') chosen.push(pages.get('WP1800')!);
        expect(chosen.length).toBeGreaterThanOrEqual(5);
        let equal = 0;
        for (const p of chosen) {
          const rows = await ask(pattern('ontology tags of one pathway', '"WP1800"', `"${p.wpid}"`));
          const tags = new Set(rows.map((r) => r.tag!.value));
          for (const r of rows) {
            expect(r.title?.value, `title of ${p.wpid}`).toBe(p.title);
            expect(r.pathway?.value).toBe(wpIri(p.wpid));
          }
          const ids = snap.info ? infoOntologyIds(path.join(snap.info, `${p.wpid}.info`)) : p.annotationIds;
          const want = new Set(ids.map((id) => `${OBO}${id.replace(':', '_')}`));
          console.log(
            `[${snap.name}] ontology tags of ${p.wpid}: ${
              sorted(tags)
                .map((t) => t.slice(OBO.length))
                .join(' ') || '-'
            } (ids: ${ids.join(' ')})`,
          );
          if (snap.info) {
            // Linked from labels: never a term the info file lacks; most pathways get all of them.
            for (const t of tags)
              expect(want.has(t), `${p.wpid}: ${t} is not in ${p.wpid}.info ontology-ids`).toBe(true);
          } else {
            expect(sorted(tags), p.wpid).toEqual(sorted(want));
          }
          if (sorted(tags).join() === sorted(want).join()) equal++;
        }
        console.log(`[${snap.name}] ontology tags: ${equal} of ${chosen.length} pathways give exactly their ids`);
        expect(equal).toBeGreaterThanOrEqual(chosen.length - 1);
        if (snap.name === '2022') {
          const rows = await ask(pattern('ontology tags of one pathway'));
          expect(rows.map((r) => [r.tag?.value, r.title?.value, r.pathway?.value])).toEqual([
            [`${OBO}PW_0000272`, 'Presynaptic depolarization and calcium channel opening', `${WP_IRI}WP1800`],
          ]);
        }
      });

      it('gene products of one pathway: every GeneProduct row with a gene id, on human pathways', async () => {
        const geneRows = (t: Table) =>
          t.rows.filter((r) => r.type === 'GeneProduct' && r.label !== '' && r.ids.size > 0);
        const chosen = converted
          .filter(
            (p) => p.organisms[0] === HUMAN && tables.get(p.wpid)!.clean && geneRows(tables.get(p.wpid)!).length > 0,
          )
          .slice(0, 4);
        expect(chosen.length).toBe(4);
        if (snap.name === '2022') chosen.push(pages.get('WP1800')!);
        for (const p of chosen) {
          const query =
            p.wpid === 'WP1800'
              ? pattern('gene products of one pathway')
              : pattern('gene products of one pathway', '"WP1800"', `"${p.wpid}"`);
          const rows = await ask(query);
          const labels = new Set(rows.map((r) => r.geneProduct!.value));
          const want = new Set(geneRows(tables.get(p.wpid)!).map((r) => r.label));
          console.log(
            `[${snap.name}] gene products of ${p.wpid}: ${labels.size} labels returned, ${want.size} GeneProduct rows with gene ids in its table`,
          );
          for (const r of rows) expect(r.pathway?.value).toBe(wpIri(p.wpid));
          expect(
            sorted([...want].filter((l) => !labels.has(l))),
            `GeneProduct rows of ${p.wpid} missing from the answer`,
          ).toEqual([]);
          // A gene node is shared by pathways, so its labels may come from other tables, never from nowhere
          // (a label may be the repaired form of UTF-8 read as Latin-1 in the table: "IFNÎ²" for "IFNβ").
          const inSomeTable = (l: string): boolean =>
            [l, Buffer.from(l, 'utf8').toString('latin1')].some((v) => allTableText.includes(fold(v).toLowerCase()));
          expect(sorted([...labels].filter((l) => !inSomeTable(l))), `labels of ${p.wpid} found in no table`).toEqual(
            [],
          );
        }
      });

      /** Checks one run of the Ensembl pattern: lower bound from identifiers, upper bound from any mention. */
      async function checkEnsembl(ensembl: string, query: string): Promise<void> {
        const human = (p: Page) => p.organisms[0] === HUMAN;
        const lower = new Set(
          converted.filter((p) => ensemblIdsOf(tables.get(p.wpid)!, human(p), hgnc).has(ensembl)).map((p) => p.wpid),
        );
        const words = geneWords(
          ensembl,
          hgnc,
          readFileSync(path.join(PROJECT_ROOT, 'mappings', 'label-usage.tsv'), 'utf8'),
        );
        const upper = new Set(
          converted
            .filter((p) => mentionsAny(tables.get(p.wpid)!.text, words) || mentionsAny(p.text, words))
            .map((p) => p.wpid),
        );
        const rows = await ask(query);
        let got = rows.map((r) => r.wpid!.value);
        // Graphs of other test files (test/load's fixtures, not pipeline graphs) may name pathways of no page.
        const foreign: string[] = [];
        for (const wpid of got.filter((w) => !pages.has(w))) {
          const inPipeline = await ask(
            `SELECT ?g WHERE { GRAPH ?g { ?rev <http://purl.org/dc/terms/identifier> ${JSON.stringify(wpid)} } FILTER(STRSTARTS(STR(?g), "${WP_IRI}")) } LIMIT 1`,
          );
          if (inPipeline.length === 0) foreign.push(wpid);
        }
        got = got.filter((w) => !foreign.includes(w));
        console.log(
          `[${snap.name}] pathways containing ${ensembl} (${words[1] ?? '?'}): ${got.length} returned; ${lower.size} named by identifiers, ${upper.size} mention it${foreign.length ? `; ignored ${foreign.join(' ')} from other test files' graphs` : ''}`,
        );
        expect(new Set(got).size).toBe(got.length);
        expect(
          sorted([...lower].filter((w) => !got.includes(w))),
          `pathways whose tables name ${ensembl} by id, not returned`,
        ).toEqual([]);
        expect(sorted(got.filter((w) => !upper.has(w))), `pathways returned that never mention ${ensembl}`).toEqual([]);
      }

      it('pathways that contain a gene, by Ensembl id: the gene in the most human tables', async () => {
        const counts = new Map<string, number>();
        for (const p of converted) {
          if (p.organisms[0] !== HUMAN) continue;
          for (const id of ensemblIdsOf(tables.get(p.wpid)!, true, hgnc)) counts.set(id, (counts.get(id) ?? 0) + 1);
        }
        const [top] = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
        expect(top).toBeDefined();
        expect(top![0]).toMatch(/^ENSG\d{11}$/);
        console.log(`[${snap.name}] most common Ensembl gene in human tables: ${top![0]} in ${top![1]} pathways`);
        await checkEnsembl(top![0], pattern('pathways that contain a gene, by Ensembl id', 'ENSG00000167535', top![0]));
      });

      it("pathways that contain a gene, by Ensembl id: the document's own query (ENSG00000167535), unchanged", async () => {
        await checkEnsembl('ENSG00000167535', pattern('pathways that contain a gene, by Ensembl id'));
      });
    });
  }
});
