// The run's `--source github:owner/repo[@ref]` flags: syncs the snapshot before the run, records its provenance after.

import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { PipelineError } from '../errors.js';
import { isGithubSource, parseGithubSource } from '../extract/github/source.js';
import type { ExtractedSource } from '../extract/github/sync.js';
import type { CliIO } from './io.js';
import { printable } from './printable.js';

export const GITHUB_OPTIONS = {
  cache: { type: 'string' },
  'download-concurrency': { type: 'string' },
  'github-api': { type: 'string' },
  'github-raw': { type: 'string' },
} as const;

export const GITHUB_HELP = `  --source github:owner/repo[@ref]   read the pages and tables of a GitHub repository (default ref:
                      its default branch); only blobs not in --cache are downloaded, each checked
                      against its git blob SHA. GITHUB_TOKEN, when set, is sent to the API and raw hosts
  --cache <dir>       content-addressed blob cache (default <out>/cache)
  --download-concurrency <n>  downloads at a time (default 8)
  --github-api <url>  default https://api.github.com
  --github-raw <url>  default https://raw.githubusercontent.com`;

export interface GithubFlags {
  source?: string;
  out?: string;
  reference?: string;
  quiet?: boolean;
  cache?: string;
  'download-concurrency'?: string;
  'github-api'?: string;
  'github-raw'?: string;
}

/** Syncs `--source github:…` into the cache and returns the folder to run on, or undefined for a local --source. */
export async function prepareGithubSource(values: GithubFlags, io: CliIO): Promise<ExtractedSource | undefined> {
  if (!isGithubSource(values.source)) return undefined;
  const source = parseGithubSource(values.source);
  if (values.out === undefined || values.out === '')
    throw new PipelineError('USAGE', 'Missing --out <dir>', { key: '--out' });
  const out = path.resolve(values.out);
  // Checked before the download, not after it: a typo should not cost a whole snapshot.
  if (values.reference === undefined || values.reference === '')
    throw new PipelineError('USAGE', 'Missing --reference <dir>', { key: '--reference' });
  if (!existsSync(values.reference) || !statSync(values.reference).isDirectory())
    throw new PipelineError('CONFIG_INVALID', `--reference ${path.resolve(values.reference)} is not a folder`, {
      key: '--reference',
      file: path.resolve(values.reference),
    });
  const concurrency = Number(values['download-concurrency'] ?? 8);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64)
    throw new PipelineError(
      'USAGE',
      `--download-concurrency must be a whole number from 1 to 64, not "${values['download-concurrency']}"`,
      { key: '--download-concurrency' },
    );
  const api = httpUrl(values['github-api'] ?? 'https://api.github.com', '--github-api');
  const raw = httpUrl(values['github-raw'] ?? 'https://raw.githubusercontent.com', '--github-raw');
  const token = io.env.GITHUB_TOKEN;
  // The HTTP client (undici) is loaded only for a GitHub source.
  const { syncGithubSource } = await import('../extract/github/sync.js');
  const extracted = await syncGithubSource({
    source,
    api,
    raw,
    out,
    cacheDir: path.resolve(values.cache ?? path.join(out, 'cache')),
    concurrency,
    ...(token !== undefined && token !== '' ? { token } : {}),
    fetch: values.quiet ? {} : { onRetry: (m) => io.stderr.write(`${printable(m)}\n`) },
  });
  if (!values.quiet) {
    const s = extracted.stats;
    io.stderr.write(
      `${extracted.provenance.source}: ${s.listed} pages and tables listed${s.listingCached ? ' (listing cached)' : ''}, ${s.downloaded} downloaded (${s.downloadedBytes} bytes), ${s.requests} requests, ${extracted.rejects.length} unusable\n`,
    );
  }
  return extracted;
}

/** After a completed run: which files the output now holds, for the next run and for people. */
export async function recordGithubSource(extracted: ExtractedSource | undefined, out: string): Promise<void> {
  if (extracted === undefined) return;
  const { writeProvenance } = await import('../extract/github/provenance.js');
  await writeProvenance(out, { ...extracted.provenance, fetched: extracted.stats });
}

function httpUrl(value: string, flag: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new PipelineError('USAGE', `${flag} ${value} is not a URL`, { key: flag });
  }
  if (
    (url.protocol !== 'https:' && url.protocol !== 'http:') ||
    url.username !== '' ||
    url.password !== '' ||
    url.search !== ''
  ) {
    throw new PipelineError('USAGE', `${flag} must be an http(s) URL without credentials or query`, { key: flag });
  }
  return url.href.replace(/\/+$/, '');
}
