// A synthetic corpus built from the real one: N pages with their tables, the real pages cycled through.
//
//   node dist/bench/synthetic.js --out <dir> [--pages 100000] [--from <pages dir> --datanodes <tables dir>]
//
// Page i is a copy of real page i mod R (R real pages, in WP-number order) and of its table, under the
// new id WP<100000 + i>: every whole-word mention of the real page's own id (wpid, schema-jsonld @id,
// redirects, a table's Pathway row) becomes the new id, and from the second round on the plain `title:`
// line gets " (copy k)". The shapes (annotations, schema-jsonld, table rows, rejected pages) are the real
// ones, so a run over N pages does N/R times the real work, on ids no real page uses. Deterministic:
// the same N and source give the same bytes. Writes <out>/pages and <out>/datanodes; <out> must not exist.

import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/** The first synthetic id: above every real WikiPathways id, so no synthetic page collides with one. */
export const FIRST_SYNTHETIC_ID = 100_000;

export interface RealPage {
  wpid: string;
  page: string;
  table: string | undefined;
}

/** The real pages (and tables, when there is one) in WP-number order. */
export async function readRealPages(pagesDir: string, tablesDir: string): Promise<RealPage[]> {
  const names = (await readdir(pagesDir)).filter((f) => /^WP[0-9]+\.md$/.test(f));
  names.sort((a, b) => Number(a.slice(2, -3)) - Number(b.slice(2, -3)));
  const tables = new Set(await readdir(tablesDir).catch(() => [] as string[]));
  const out: RealPage[] = [];
  for (const name of names) {
    const wpid = name.slice(0, -3);
    const tableName = `${wpid}-datanodes.tsv`;
    const page = await readFile(path.join(pagesDir, name), 'utf8');
    const table = tables.has(tableName) ? await readFile(path.join(tablesDir, tableName), 'utf8') : undefined;
    out.push({ wpid, page, table });
  }
  if (out.length === 0) throw new Error(`No WPn.md pages in ${pagesDir}`);
  return out;
}

/** Synthetic page `i` (0-based) from the real pages: its id, page text and table text. */
export function syntheticPage(
  real: readonly RealPage[],
  i: number,
): { wpid: string; page: string; table: string | undefined } {
  const source = real[i % real.length]!;
  const round = Math.floor(i / real.length);
  const wpid = `WP${FIRST_SYNTHETIC_ID + i}`;
  const ownId = new RegExp(`\\b${source.wpid}\\b`, 'g');
  let page = source.page.replace(ownId, wpid);
  // Only a plain one-line title is changed (a quoted or folded one is left as it is): the YAML stays valid.
  if (round > 0)
    page = page.replace(
      /^title: ([^'"|>\n][^\n]*)$/m,
      (_, title: string) => `title: ${title.trimEnd()} (copy ${round})`,
    );
  return { wpid, page, table: source.table?.replace(ownId, wpid) };
}

/** Writes `count` synthetic pages (and their tables) under `out`; returns the bytes written. */
export async function writeSyntheticCorpus(
  real: readonly RealPage[],
  count: number,
  out: string,
): Promise<{ pages: number; tables: number; bytes: number }> {
  if (existsSync(out)) throw new Error(`${out} exists already: give a folder that does not`);
  const pagesDir = path.join(out, 'pages');
  const tablesDir = path.join(out, 'datanodes');
  await mkdir(pagesDir, { recursive: true });
  await mkdir(tablesDir, { recursive: true });
  let tables = 0;
  let bytes = 0;
  // A few files at a time: the writes overlap without thousands of open handles.
  const BATCH = 64;
  for (let start = 0; start < count; start += BATCH) {
    const writes: Promise<void>[] = [];
    for (let i = start; i < Math.min(count, start + BATCH); i++) {
      const p = syntheticPage(real, i);
      writes.push(writeFile(path.join(pagesDir, `${p.wpid}.md`), p.page));
      bytes += Buffer.byteLength(p.page);
      if (p.table !== undefined) {
        writes.push(writeFile(path.join(tablesDir, `${p.wpid}-datanodes.tsv`), p.table));
        bytes += Buffer.byteLength(p.table);
        tables++;
      }
    }
    await Promise.all(writes);
  }
  return { pages: count, tables, bytes };
}

async function main(): Promise<void> {
  const shared = path.resolve(
    process.env.PATHWAY_KG_SHARED_DATA ??
      path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'data'),
  );
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      pages: { type: 'string', default: '100000' },
      from: { type: 'string', default: path.join(shared, 'wikipathways', 'pages') },
      datanodes: { type: 'string', default: path.join(shared, 'wikipathways', 'datanodes') },
    },
  });
  const count = Number(values.pages);
  if (values.out === undefined || !Number.isInteger(count) || count < 1) {
    throw new Error(
      'Usage: node dist/bench/synthetic.js --out <new folder> [--pages 100000] [--from <pages dir>] [--datanodes <tables dir>]',
    );
  }
  const real = await readRealPages(values.from, values.datanodes);
  const started = performance.now();
  const written = await writeSyntheticCorpus(real, count, values.out);
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(
    `${written.pages} pages, ${written.tables} tables, ${(written.bytes / 1048576).toFixed(0)} MB from ${real.length} real pages in ${values.out} (${seconds.toFixed(1)} s)\n`,
  );
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    process.stderr.write(`synthetic: ${(error as Error)?.message ?? String(error)}\n`);
    process.exitCode = 1;
  });
}
