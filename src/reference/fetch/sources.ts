// The list of reference files and their canonical URLs (mappings/reference-sources.json), checked once.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PipelineError } from '../../errors.js';

export type SanityCheck = 'tsv' | 'obo' | 'jsonld-context';

export interface ReferenceSource {
  /** The name the run's versions use (hgnc, PW, DOID, …). */
  name: string;
  /** Relative to --into, in the --reference layout. */
  path: string;
  url: string;
  check: SanityCheck;
  /** For `tsv`: columns the first line must hold. */
  header?: string[];
  /** Smaller than this is a cut-off download. */
  minBytes: number;
}

export const REFERENCE_SOURCES_FILE = 'reference-sources.json';

export function loadReferenceSources(file: string): ReferenceSource[] {
  const bad = (why: string) => new PipelineError('MAPPING_INVALID', `${why}`, { file });
  let parsed: { files?: unknown };
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as typeof parsed;
  } catch (cause) {
    throw new PipelineError('MAPPING_INVALID', `Cannot read the reference source list: ${(cause as Error).message}`, {
      file,
      cause,
    });
  }
  if (!Array.isArray(parsed.files) || parsed.files.length === 0) throw bad('"files" must be a non-empty list');
  const seen = new Set<string>();
  return parsed.files.map((entry: Partial<ReferenceSource>, i: number) => {
    const where = `files[${i}]`;
    if (typeof entry.name !== 'string' || entry.name === '') throw bad(`${where}: "name" missing`);
    if (
      typeof entry.path !== 'string' ||
      path.isAbsolute(entry.path) ||
      entry.path.split(/[\\/]/).some((s) => s === '..' || s === '')
    )
      throw bad(`${where} (${entry.name}): "path" must be a relative path inside --into`);
    if (seen.has(entry.path)) throw bad(`${where} (${entry.name}): path ${entry.path} listed twice`);
    seen.add(entry.path);
    let url: URL;
    try {
      url = new URL(String(entry.url));
    } catch {
      throw bad(`${where} (${entry.name}): "url" is not a URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw bad(`${where} (${entry.name}): only http(s) URLs are fetched`);
    if (entry.check !== 'tsv' && entry.check !== 'obo' && entry.check !== 'jsonld-context')
      throw bad(`${where} (${entry.name}): "check" must be tsv, obo or jsonld-context`);
    if (
      entry.header !== undefined &&
      (!Array.isArray(entry.header) || !entry.header.every((h) => typeof h === 'string'))
    )
      throw bad(`${where} (${entry.name}): "header" must be a list of column names`);
    const minBytes = entry.minBytes ?? 1;
    if (typeof minBytes !== 'number' || !(minBytes >= 1))
      throw bad(`${where} (${entry.name}): "minBytes" must be a positive number`);
    const source: ReferenceSource = { name: entry.name, path: entry.path, url: url.href, check: entry.check, minBytes };
    if (entry.header !== undefined) source.header = entry.header;
    return source;
  });
}
