// `pathway-kg reference fetch`: brings every reference file up to date from its canonical URL, asking
// only for what changed (ETag / Last-Modified) and replacing a file only with one that passes its check.

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { asPipelineError, PipelineError } from '../../errors.js';
import { HttpFetcher, type FetchSettings } from '../../extract/http/client.js';
import { writeFileAtomic } from '../../load/atomicFile.js';
import { checkReferenceFile } from './sanity.js';
import type { ReferenceSource } from './sources.js';

/** What the last good fetch of a file was: enough for a conditional request next time. */
export interface FetchRecord {
  url: string;
  etag?: string;
  lastModified?: string;
  sha256: string;
  bytes: number;
  version?: string;
  fetchedAt: string;
}

export const FETCH_STATE_FILE = 'reference-fetch.json';

export interface FetchOutcome {
  source: ReferenceSource;
  /**
   * new: no file before; updated: different bytes; unchanged: 304 or the same bytes; failed: the previous file (if any)
   * kept.
   */
  status: 'new' | 'updated' | 'unchanged' | 'failed';
  version?: string;
  bytes?: number;
  error?: PipelineError;
}

export interface FetchResult {
  outcomes: FetchOutcome[];
  requests: number;
}

export async function fetchReference(
  into: string,
  sources: ReferenceSource[],
  fetch: Partial<FetchSettings> = {},
): Promise<FetchResult> {
  const stateFile = path.join(into, FETCH_STATE_FILE);
  const state = await readFetchState(stateFile);
  const http = new HttpFetcher({ connections: 4, timeoutMs: 120_000, ...fetch });
  try {
    const outcomes = await Promise.all(sources.map((s) => fetchOne(http, into, s, state)));
    await writeFileAtomic(stateFile, JSON.stringify(state, null, 2) + '\n');
    return { outcomes, requests: http.stats.requests };
  } finally {
    await http.close();
  }
}

async function fetchOne(
  http: HttpFetcher,
  into: string,
  source: ReferenceSource,
  state: Record<string, FetchRecord>,
): Promise<FetchOutcome> {
  const target = path.join(into, source.path);
  const current = await readFile(target).catch(() => undefined);
  const record = state[source.path];
  // A remembered ETag only counts for the file it was given with, still on disk.
  const conditional =
    current !== undefined && record !== undefined && record.url === source.url && record.sha256 === sha256(current);
  const headers: Record<string, string> = {};
  if (conditional && record.etag !== undefined) headers['if-none-match'] = record.etag;
  if (conditional && record.lastModified !== undefined) headers['if-modified-since'] = record.lastModified;
  try {
    const res = await http.get({
      url: source.url,
      what: `fetching ${source.name}`,
      headers,
      alsoOk: [304],
      followRedirects: true,
    });
    if (res.status === 304)
      return withVersion({ source, status: 'unchanged', bytes: current!.length }, record!.version);
    const verdict = res.overflow
      ? ({ ok: false, reason: 'more than 512 MB' } as const)
      : checkReferenceFile(source, res.body);
    if (!verdict.ok) {
      const kept = current === undefined ? 'no file written' : `the previous ${source.path} is kept`;
      return {
        source,
        status: 'failed',
        error: new PipelineError('REFERENCE_INVALID', `${source.name}: ${source.url} gave ${verdict.reason}; ${kept}`, {
          file: source.path,
          key: source.name,
        }),
      };
    }
    const hash = sha256(res.body);
    const next: FetchRecord = {
      url: source.url,
      sha256: hash,
      bytes: res.body.length,
      fetchedAt: new Date().toISOString(),
    };
    const header = (name: string) =>
      typeof res.headers[name] === 'string' ? (res.headers[name] as string) : undefined;
    const etag = header('etag');
    const lastModified = header('last-modified');
    if (etag !== undefined) next.etag = etag;
    if (lastModified !== undefined) next.lastModified = lastModified;
    if (verdict.version !== undefined) next.version = verdict.version;
    const same = current !== undefined && sha256(current) === hash;
    if (!same) await writeFileAtomic(target, res.body);
    state[source.path] = next;
    return withVersion(
      { source, status: same ? 'unchanged' : current === undefined ? 'new' : 'updated', bytes: res.body.length },
      verdict.version,
    );
  } catch (error) {
    return {
      source,
      status: 'failed',
      error: asPipelineError(error, 'SOURCE_UNREACHABLE', { file: source.path, key: source.name }),
    };
  }
}

function withVersion(outcome: FetchOutcome, version: string | undefined): FetchOutcome {
  if (version !== undefined) outcome.version = version;
  return outcome;
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function readFetchState(file: string): Promise<Record<string, FetchRecord>> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as unknown;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, FetchRecord>)
      : {};
  } catch {
    // No record (first fetch, or a damaged file): every file is asked for in full, nothing is lost.
    return {};
  }
}
