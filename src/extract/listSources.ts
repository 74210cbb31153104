// Finds pathway pages (WPn.md) and participant tables (WPn-datanodes.tsv) under the source folders.

import { opendir } from 'node:fs/promises';
import path from 'node:path';
import { PipelineError } from '../errors.js';

const PAGE = /^(WP[0-9]+)\.md$/;
const TABLE = /^(WP[0-9]+)-datanodes\.tsv$/;
const SKIP_DIRS = new Set(['node_modules', '.git']);

export interface SourceListing {
  /** Pages in WP-number order. */
  pages: { wpid: string; file: string }[];
  /** WPn -> participant table file. */
  tables: Map<string, string>;
  /** Second and later files for one WPn: reported, not read. */
  duplicates: { wpid: string; file: string; kept: string }[];
}

/** Walks `source` (and `datanodes` folders) recursively; both the flat and the upstream `pathways/WPn/` layouts work. */
export async function listSources(source: string, datanodes: string[] = []): Promise<SourceListing> {
  const pages = new Map<string, string>();
  const tables = new Map<string, string>();
  const duplicates: SourceListing['duplicates'] = [];
  for (const root of [source, ...datanodes]) {
    const isSource = root === source;
    for await (const file of walk(root, isSource ? '--source' : '--datanodes')) {
      const name = path.basename(file);
      const page = isSource ? PAGE.exec(name) : null;
      if (page) {
        const wpid = page[1]!;
        const kept = pages.get(wpid);
        if (kept === undefined) pages.set(wpid, file);
        else duplicates.push({ wpid, file, kept });
        continue;
      }
      const table = TABLE.exec(name);
      if (table && !tables.has(table[1]!)) tables.set(table[1]!, file);
    }
  }
  const ordered = [...pages].sort((a, b) => wpNumber(a[0]) - wpNumber(b[0])).map(([wpid, file]) => ({ wpid, file }));
  return { pages: ordered, tables, duplicates };
}

export function wpNumber(wpid: string): number {
  return Number(wpid.slice(2));
}

async function* walk(dir: string, flag: string): AsyncGenerator<string> {
  let handle;
  try {
    handle = await opendir(dir);
  } catch (cause) {
    throw new PipelineError('CONFIG_INVALID', `Cannot read folder ${dir} given as ${flag}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}`, { file: dir, key: flag, cause });
  }
  const entries: { name: string; dir: boolean; file: boolean }[] = [];
  for await (const entry of handle) entries.push({ name: entry.name, dir: entry.isDirectory(), file: entry.isFile() || entry.isSymbolicLink() });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.dir) {
      if (!SKIP_DIRS.has(entry.name)) yield* walk(full, flag);
    } else if (entry.file) {
      yield full;
    }
  }
}
