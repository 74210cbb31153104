// Lists one consistent snapshot of a GitHub repository: the ref resolved to a commit once, then that
// commit's tree in one recursive request. A commit's tree never changes, so its listing is cached.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PipelineError } from '../../errors.js';
import { writeFileAtomic } from '../../load/atomicFile.js';
import type { HttpFetcher } from '../http/client.js';
import { isSha } from './cache.js';
import { sourceName, type GithubSource } from './source.js';

/** A page or participant table of the snapshot. */
export interface TreeFile {
  path: string;
  sha: string;
  size: number;
  wpid: string;
}

export interface Snapshot {
  commit: string;
  files: TreeFile[];
  /** True when the listing came from the cache (no tree request made). */
  cached: boolean;
}

// The files the local-folder extract reads (src/extract/listSources.ts), wherever they are in the tree.
const WANTED = /^(WP[0-9]+)(?:\.md|-datanodes\.tsv)$/;
const SKIP_DIRS = new Set(['node_modules', '.git']);

export function apiUrl(api: string, source: GithubSource, ...segments: string[]): string {
  return `${api.replace(/\/+$/, '')}/repos/${source.owner}/${source.repo}/${segments.join('/')}`;
}

/** A ref in a URL path: each segment encoded, the slashes of `release/1.0` kept. */
export function encodePath(p: string): string {
  return p.split('/').map(encodeURIComponent).join('/');
}

/** The commit `source.ref` (or the default branch) names now; a full commit SHA is taken as is. */
export async function resolveCommit(http: HttpFetcher, api: string, source: GithubSource): Promise<string> {
  if (source.ref !== undefined && isSha(source.ref)) return source.ref;
  const ref = source.ref ?? 'HEAD';
  const res = await http.get({
    url: apiUrl(api, source, 'commits', encodePath(ref)),
    what: `resolving ${sourceName(source)}@${ref}`,
    // Just the SHA: the full answer carries the commit's diff.
    headers: { accept: 'application/vnd.github.sha' },
    alsoOk: [404, 422],
  });
  if (res.status !== 200)
    throw new PipelineError(
      'SOURCE_INVALID',
      `${sourceName(source)}: no repository or no ref "${ref}" at ${api} (HTTP ${res.status})`,
      { key: '--source' },
    );
  const text = res.body.toString('utf8').trim();
  let sha: unknown = text;
  if (text.startsWith('{')) sha = (JSON.parse(text) as { sha?: unknown }).sha;
  if (!isSha(sha))
    throw new PipelineError(
      'SOURCE_INVALID',
      `${sourceName(source)}@${ref}: the API answered something that is not a commit SHA`,
      { key: '--source' },
    );
  return sha;
}

/** The pages and tables of `commit`, from the listing cache or one recursive tree request. */
export async function listSnapshot(
  http: HttpFetcher,
  api: string,
  source: GithubSource,
  commit: string,
  cacheDir: string,
): Promise<Snapshot> {
  const cacheFile = path.join(cacheDir, 'listings', `${source.owner}+${source.repo}+${commit}.json`);
  const cached = await readCachedListing(cacheFile);
  if (cached !== undefined) return { commit, files: cached, cached: true };
  const what = `listing ${sourceName(source)} at ${commit}`;
  // GitHub truncates a listing at 7 MB; a longer answer is no honest listing.
  const res = await http.get({
    url: `${apiUrl(api, source, 'git', 'trees', commit)}?recursive=1`,
    what,
    headers: { accept: 'application/vnd.github+json' },
    maxBytes: 64 * 1024 * 1024,
  });
  if (res.overflow)
    throw new PipelineError('SOURCE_INVALID', `${what}: the listing is longer than 64 MB; nothing was changed`, {
      key: '--source',
    });
  let body: { truncated?: unknown; tree?: unknown };
  try {
    body = JSON.parse(res.body.toString('utf8')) as typeof body;
  } catch (cause) {
    throw new PipelineError('SOURCE_INVALID', `${what}: the answer is not JSON`, { key: '--source', cause });
  }
  // A truncated listing lacks pages that still exist: read as is, it would drop their graphs.
  if (body.truncated !== false) {
    throw new PipelineError(
      'SOURCE_INVALID',
      `${what}: ${body.truncated === true ? 'GitHub truncated the listing (too many files for one request)' : 'the listing does not say whether it is complete'}; nothing was changed. Clone the repository and give --source the folder instead`,
      { key: '--source' },
    );
  }
  if (!Array.isArray(body.tree))
    throw new PipelineError('SOURCE_INVALID', `${what}: the answer has no tree`, { key: '--source' });
  const files = selectFiles(body.tree, what);
  await writeFileAtomic(cacheFile, JSON.stringify(files));
  return { commit, files, cached: false };
}

/** Keeps the blobs named like pages and tables; a path that could leave the folder it is written to is refused. */
export function selectFiles(tree: unknown[], what: string): TreeFile[] {
  const files: TreeFile[] = [];
  for (const entry of tree) {
    const e = entry as { path?: unknown; type?: unknown; mode?: unknown; sha?: unknown; size?: unknown };
    if (e.type !== 'blob' || e.mode === '120000' || typeof e.path !== 'string') continue;
    const segments = e.path.split('/');
    const match = WANTED.exec(segments[segments.length - 1]!);
    if (!match || segments.some((s) => SKIP_DIRS.has(s))) continue;
    if (segments.some((s) => s === '' || s === '.' || s === '..' || /[\\\0]/.test(s)) || !isSha(e.sha)) {
      throw new PipelineError(
        'SOURCE_INVALID',
        `${what}: unsafe or malformed entry ${JSON.stringify(e.path).slice(0, 200)}`,
        { key: '--source' },
      );
    }
    files.push({ path: e.path, sha: e.sha, size: typeof e.size === 'number' ? e.size : -1, wpid: match[1]! });
  }
  return files;
}

async function readCachedListing(file: string): Promise<TreeFile[] | undefined> {
  try {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    if (!Array.isArray(parsed)) return undefined;
    // Checked as the network's answer is: the cache is a file anyone could have edited.
    return selectFiles(
      parsed.map((f: TreeFile) => ({ ...f, type: 'blob' })),
      file,
    );
  } catch {
    return undefined;
  }
}
