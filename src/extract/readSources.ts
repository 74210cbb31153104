// Reads each listed page and its participant table, one at a time, as an async iterable.

import { diagnostic } from '../diagnostics.js';
import { PipelineError } from '../errors.js';
import { DEFAULT_LIMITS, type Limits } from '../limits.js';
import type { SourcePage } from '../types.js';
import { readRegularFile, type ReadPolicy } from './checkFile.js';
import type { SourceListing } from './listSources.js';
import { tooLarge } from './readBounded.js';

export type ReadResult =
  { ok: true; page: SourcePage } | { ok: false; error: PipelineError; wpid: string; file: string };

const decoder = new TextDecoder('utf-8'); // invalid bytes become U+FFFD rather than failing the page

/**
 * Yields pages in order, one at a time. Reads are synchronous: pages are small, and thousands of
 * promise round trips through the thread pool cost more than the reads.
 */
export async function* readSources(
  listing: SourceListing,
  limits: Limits = DEFAULT_LIMITS,
): AsyncGenerator<ReadResult> {
  for (const { wpid, file } of listing.pages)
    yield readOne(wpid, file, listing.tables.get(wpid), listing.policy, limits);
}

/** `policy` (from the listing) keeps links out of the source folders unread; without it only regular files are read. */
export function readOne(
  wpid: string,
  file: string,
  tableFile: string | undefined,
  policy?: ReadPolicy,
  limits: Limits = DEFAULT_LIMITS,
): ReadResult {
  const read = readRegularFile(file, policy, limits.pageBytes);
  if (!read.ok) {
    const error =
      'tooLarge' in read
        ? tooLarge(file, 'pageBytes', read.size, limits)
        : new PipelineError('PAGE_UNREADABLE', `Cannot read page: ${read.reason}`, { file, cause: read.cause });
    return { ok: false, wpid, file, error };
  }
  const page: SourcePage = { file, fileWpid: wpid, text: stripBom(decoder.decode(read.bytes)) };
  if (tableFile !== undefined) {
    const table = readRegularFile(tableFile, policy, limits.tableBytes);
    // A table over its limit rejects the page, which keeps its previous version and participants.
    if (!table.ok && 'tooLarge' in table)
      return { ok: false, wpid, file, error: tooLarge(tableFile, 'tableBytes', table.size, limits) };
    // The page still converts without its table; the problem is reported as a warning by the pipeline.
    if (table.ok) page.table = { file: tableFile, text: stripBom(decoder.decode(table.bytes)) };
    else
      page.tableError = diagnostic('TABLE_UNREADABLE', `Cannot read participant table: ${table.reason}`, {
        file: tableFile,
      });
  }
  return { ok: true, page };
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
