// Finds pathway pages (WPn.md) and participant tables (WPn-datanodes.tsv) under the source folders.

import { lstatSync, readdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import { PipelineError } from '../errors.js';
import type { ReadPolicy } from './checkFile.js';

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
  /** Folders that could not be read and were skipped (FOLDER_UNREADABLE). */
  warnings: Diagnostic[];
  /** What the readers may open: files inside these folders, or anywhere with --follow-symlinks. */
  policy: ReadPolicy;
}

export interface ListOptions {
  /** Read pages and tables that are links to files outside the source folders. */
  followSymlinks?: boolean;
}

/**
 * Walks `source` (and `datanodes` folders) recursively; both the flat and the upstream `pathways/WPn/` layouts work.
 */
export async function listSources(
  source: string,
  datanodes: string[] = [],
  options: ListOptions = {},
): Promise<SourceListing> {
  const pages = new Map<string, string>();
  const tables = new Map<string, string>();
  const duplicates: SourceListing['duplicates'] = [];
  const warnings: Diagnostic[] = [];
  // The same file reached twice (--datanodes equal to or inside --source, a bind mount) is one file.
  const seen = new Set<string>();
  const roots = [source, ...datanodes];
  for (const [index, root] of roots.entries()) {
    // Pages come from --source only, even when a --datanodes folder is the same folder.
    const isSource = index === 0;
    for (const file of walk(root, isSource ? '--source' : '--datanodes', warnings, true)) {
      const name = path.basename(file);
      const page = isSource ? PAGE.exec(name) : null;
      const table = page ? null : TABLE.exec(name);
      if (!page && !table) continue;
      const identity = fileIdentity(file);
      if (seen.has(identity)) continue;
      seen.add(identity);
      if (page) {
        const wpid = page[1]!;
        const kept = pages.get(wpid);
        if (kept === undefined) pages.set(wpid, file);
        else duplicates.push({ wpid, file, kept });
      } else if (!tables.has(table![1]!)) {
        tables.set(table![1]!, file);
      }
    }
  }
  const ordered = [...pages].sort((a, b) => wpNumber(a[0]) - wpNumber(b[0])).map(([wpid, file]) => ({ wpid, file }));
  const policy: ReadPolicy = { roots: roots.map(realRoot), followSymlinks: options.followSymlinks ?? false };
  return { pages: ordered, tables, duplicates, warnings, policy };
}

export function wpNumber(wpid: string): number {
  return Number(wpid.slice(2));
}

/** Device, inode and name: a file listed under the same name through two paths is one file. */
function fileIdentity(file: string): string {
  try {
    const s = lstatSync(file);
    return `${s.dev}:${s.ino}:${path.basename(file)}`;
  } catch {
    return file;
  }
}

function realRoot(root: string): string {
  try {
    return realpathSync(root);
  } catch {
    return path.resolve(root);
  }
}

/**
 * Every entry that is not a folder (files, links, FIFOs: the reader decides); an unreadable subfolder is skipped with a
 * warning.
 */
function* walk(dir: string, flag: string, warnings: Diagnostic[], isRoot: boolean): Generator<string> {
  let entries: { name: string; dir: boolean }[];
  try {
    // Synchronous: through opendir's iterator and an async walk, each entry cost a promise or two.
    entries = readdirSync(dir, { withFileTypes: true }).map((e) => ({ name: e.name, dir: e.isDirectory() }));
  } catch (cause) {
    const reason = (cause as NodeJS.ErrnoException).code ?? String(cause);
    if (isRoot)
      throw new PipelineError('CONFIG_INVALID', `Cannot read folder ${dir} given as ${flag}: ${reason}`, {
        file: dir,
        key: flag,
        cause,
      });
    // One unreadable folder (lost+found under a service user) must not stop the run.
    warnings.push(
      diagnostic('FOLDER_UNREADABLE', `Cannot read folder under ${flag}: ${reason}; its pages and tables are skipped`, {
        file: dir,
        key: flag,
      }),
    );
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.dir) {
      if (!SKIP_DIRS.has(entry.name)) yield* walk(full, flag, warnings, false);
    } else {
      yield full;
    }
  }
}
