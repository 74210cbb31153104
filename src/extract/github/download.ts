// Downloads the blobs the cache lacks from the raw file host, a bounded number at a time, each checked
// against its git blob SHA before it is cached.

import PQueue from 'p-queue';
import { PipelineError } from '../../errors.js';
import type { HttpFetcher } from '../http/client.js';
import { gitBlobSha, type BlobCache } from './cache.js';
import { encodePath, type TreeFile } from './listing.js';
import type { GithubSource } from './source.js';

export interface DownloadPlan {
  raw: string;
  source: GithubSource;
  commit: string;
  concurrency: number;
}

export interface DownloadResult {
  downloaded: number;
  bytes: number;
  /** Path -> the reason that file cannot be used (bytes not matching the SHA, missing on the host). */
  failed: Map<string, PipelineError>;
}

/** A file to fetch; `commit` when it is to be read at another commit than the run's (a previous version). */
export type DownloadFile = TreeFile & { commit?: string };

export function rawUrl(raw: string, source: GithubSource, commit: string, file: string): string {
  return `${raw.replace(/\/+$/, '')}/${source.owner}/${source.repo}/${commit}/${encodePath(file)}`;
}

/**
 * Fetches every file of `files` (blobs not cached). A file the host cannot give right is a failure of
 * that file; a host that cannot be reached stops everything (SOURCE_UNREACHABLE) after the files
 * already in flight, whose blobs stay cached for the next run.
 */
export async function downloadBlobs(
  files: DownloadFile[],
  cache: BlobCache,
  http: HttpFetcher,
  plan: DownloadPlan,
): Promise<DownloadResult> {
  const result: DownloadResult = { downloaded: 0, bytes: 0, failed: new Map() };
  const queue = new PQueue({ concurrency: plan.concurrency });
  let fatal: unknown;
  const one = async (file: DownloadFile) => {
    if (fatal !== undefined) return;
    const at = file.commit ?? plan.commit;
    const url = rawUrl(plan.raw, plan.source, at, file.path);
    try {
      // The listing gave the size: a byte more is already a wrong file, and no host can fill the memory.
      const res = await http.get({
        url,
        what: `downloading ${file.path}`,
        alsoOk: [404],
        ...(file.size >= 0 ? { maxBytes: file.size + 1 } : {}),
      });
      if (res.status === 404) {
        result.failed.set(
          file.path,
          new PipelineError(
            'PAGE_DOWNLOAD_FAILED',
            `${file.path} is listed at ${at} but the raw file host answers 404; not used`,
            { file: file.path, key: file.sha },
          ),
        );
        return;
      }
      const actual = gitBlobSha(res.body);
      if (res.overflow) {
        result.failed.set(
          file.path,
          new PipelineError(
            'PAGE_DOWNLOAD_FAILED',
            `${file.path} downloaded at ${at} is longer than the ${file.size} bytes its listing gives; not used, not cached`,
            { file: file.path, key: file.sha },
          ),
        );
        return;
      }
      if (actual !== file.sha) {
        result.failed.set(
          file.path,
          new PipelineError(
            'PAGE_DOWNLOAD_FAILED',
            `${file.path} downloaded at ${at} does not match its git blob SHA ${file.sha} (got ${actual}, ${res.body.length} bytes); not used, not cached`,
            { file: file.path, key: file.sha },
          ),
        );
        return;
      }
      await cache.put(file.sha, res.body);
      result.downloaded++;
      result.bytes += res.body.length;
    } catch (error) {
      fatal ??= error;
      queue.clear();
    }
  };
  // Blobs shared by several paths are fetched once.
  const firstPath = new Map<string, string>();
  for (const file of files) {
    if (firstPath.has(file.sha)) continue;
    firstPath.set(file.sha, file.path);
    void queue.add(() => one(file));
  }
  await queue.onIdle();
  if (fatal !== undefined) throw fatal;
  // A blob fetched once serves every path that names it; a failure counts for each of those paths.
  for (const file of files) {
    const failure = result.failed.get(firstPath.get(file.sha)!);
    if (failure !== undefined && !result.failed.has(file.path)) result.failed.set(file.path, failure);
  }
  return result;
}
