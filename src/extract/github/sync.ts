// `--source github:owner/repo[@ref]`: brings one snapshot's pages and tables into the blob cache (only
// what it lacks) and lays them out as a local folder, so that the rest of the run is the local-folder run.

import { createHash } from 'node:crypto';
import { copyFile, link, mkdir, readdir, rename, rm, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import { PipelineError } from '../../errors.js';
import { HttpFetcher, type FetchSettings, type FetchStats } from '../http/client.js';
import { BlobCache } from './cache.js';
import { downloadBlobs, type DownloadFile } from './download.js';
import { listSnapshot, resolveCommit, type TreeFile } from './listing.js';
import { readProvenance, type ProvenanceFile, type SourceProvenance } from './provenance.js';
import { sourceName, type GithubSource } from './source.js';

export interface GithubSyncOptions {
  source: GithubSource;
  api: string;
  raw: string;
  cacheDir: string;
  /** --out: where the previous run's provenance is. */
  out: string;
  concurrency: number;
  token?: string;
  fetch?: Partial<FetchSettings>;
}

export interface SyncStats extends FetchStats {
  listed: number;
  listingCached: boolean;
  downloaded: number;
  downloadedBytes: number;
}

/** What the run reads: a folder laid out like a clone, the provenance, and the files that could not be used. */
export interface ExtractedSource {
  dir: string;
  provenance: SourceProvenance;
  /** One per unusable file: the pathway keeps its previous files, or is left out when it had none. */
  rejects: PipelineError[];
  stats: SyncStats;
}

/** Trees older than this and not the current one are removed; a run reads its tree for hours at most. */
const TREE_MAX_AGE_MS = 24 * 3600_000;

export async function syncGithubSource(o: GithubSyncOptions): Promise<ExtractedSource> {
  const origins = [o.api, o.raw].map((u) => new URL(u).origin);
  const http = new HttpFetcher({
    ...o.fetch,
    connections: o.concurrency,
    ...(o.token !== undefined ? { token: o.token, tokenOrigins: origins } : {}),
  });
  const cache = new BlobCache(o.cacheDir);
  const repository = sourceName(o.source);
  try {
    const commit = await resolveCommit(http, o.api, o.source);
    const snapshot = await listSnapshot(http, o.api, o.source, commit, o.cacheDir);
    // An empty snapshot is a wrong ref or repository far more often than a deleted collection: read as is, it would
    // drop every graph.
    if (!snapshot.files.some((f) => f.path.endsWith('.md')))
      throw new PipelineError('SOURCE_INVALID', `${repository} at ${commit} has no WPn.md pages; nothing was changed`, {
        key: '--source',
      });
    const missing: TreeFile[] = [];
    for (const file of snapshot.files) if (!(await cache.holds(file.sha))) missing.push(file);
    const result = await downloadBlobs(missing, cache, http, {
      raw: o.raw,
      source: o.source,
      commit,
      concurrency: o.concurrency,
    });

    const previous = await readProvenance(o.out, repository);
    const byWpid = new Map<string, TreeFile[]>();
    for (const f of snapshot.files) byWpid.set(f.wpid, [...(byWpid.get(f.wpid) ?? []), f]);
    const pathways: Record<string, ProvenanceFile[]> = {};
    const rejects: PipelineError[] = [];
    const restore: DownloadFile[] = [];
    for (const [wpid, files] of byWpid) {
      const failed = files.map((f) => result.failed.get(f.path)).filter((e): e is PipelineError => e !== undefined);
      if (failed.length === 0) {
        pathways[wpid] = files.map((f) => ({ path: f.path, sha: f.sha, commit }));
        continue;
      }
      rejects.push(...failed);
      // The pathway as the last run read it: a bad download loses nothing.
      const before = previous?.pathways[wpid];
      if (before === undefined) continue;
      pathways[wpid] = before;
      // A previous version gone from the cache (a cleared --cache) is fetched again at its own commit.
      for (const f of before)
        if (!(await cache.holds(f.sha))) restore.push({ path: f.path, sha: f.sha, size: -1, wpid, commit: f.commit });
    }
    const restored = await downloadBlobs(restore, cache, http, {
      raw: o.raw,
      source: o.source,
      commit,
      concurrency: o.concurrency,
    });
    const lost = [...restored.failed.values()][0];
    if (lost !== undefined)
      throw new PipelineError(
        'SOURCE_INVALID',
        `${lost.message}; that was the previous version of a page this run could not use: stopping before its graph is dropped`,
        { file: lost.file ?? '', key: lost.key ?? '' },
      );
    const dir = await materialise(cache, pathways);
    const provenance: SourceProvenance = {
      source: `github:${repository}@${commit}`,
      repository,
      ref: o.source.ref ?? 'HEAD',
      commit,
      raw: o.raw,
      pathways,
    };
    const stats: SyncStats = {
      ...http.stats,
      listed: snapshot.files.length,
      listingCached: snapshot.cached,
      downloaded: result.downloaded + restored.downloaded,
      downloadedBytes: result.bytes + restored.bytes,
    };
    return { dir, provenance, rejects, stats };
  } finally {
    await http.close();
  }
}

/**
 * Lays the files out under `<cache>/trees/<id>`, hard links into the blob cache (copies where links are
 * refused), `<id>` naming the exact set of files: an existing tree is complete, since trees are renamed
 * into place whole.
 */
async function materialise(cache: BlobCache, pathways: Record<string, ProvenanceFile[]>): Promise<string> {
  const files = Object.values(pathways)
    .flat()
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const id = createHash('sha256')
    .update(files.map((f) => `${f.path}\0${f.sha}\n`).join(''))
    .digest('hex')
    .slice(0, 24);
  const trees = path.join(cache.dir, 'trees');
  const dir = path.join(trees, id);
  if (await exists(dir)) {
    const now = new Date();
    await utimes(dir, now, now);
  } else {
    const tmp = path.join(trees, `.${id}.${process.pid}.tmp`);
    await rm(tmp, { recursive: true, force: true });
    for (const f of files) {
      const target = path.join(tmp, ...f.path.split('/'));
      await mkdir(path.dirname(target), { recursive: true });
      await link(cache.file(f.sha), target).catch(() => copyFile(cache.file(f.sha), target));
    }
    await mkdir(tmp, { recursive: true });
    // Another run may have made the same tree meanwhile: theirs is as good as ours.
    await rename(tmp, dir).catch(async (error: NodeJS.ErrnoException) => {
      await rm(tmp, { recursive: true, force: true });
      if (!(await exists(dir))) throw error;
    });
  }
  await pruneTrees(trees, id);
  return dir;
}

async function pruneTrees(trees: string, keep: string): Promise<void> {
  const now = Date.now();
  for (const name of await readdir(trees).catch(() => [] as string[])) {
    if (name === keep || name.startsWith('.')) continue;
    const s = await stat(path.join(trees, name)).catch(() => undefined);
    if (s !== undefined && now - s.mtimeMs > TREE_MAX_AGE_MS)
      await rm(path.join(trees, name), { recursive: true, force: true });
  }
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}
