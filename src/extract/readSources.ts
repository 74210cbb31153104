// Reads each listed page and its participant table, one at a time, as an async iterable.

import { isPipelineError, PipelineError } from '../errors.js';
import { DEFAULT_LIMITS, type Limits } from '../limits.js';
import type { SourcePage } from '../types.js';
import type { SourceListing } from './listSources.js';
import { readWithin } from './readBounded.js';

export type ReadResult = { ok: true; page: SourcePage } | { ok: false; error: PipelineError; wpid: string; file: string };

const decoder = new TextDecoder('utf-8'); // invalid bytes become U+FFFD rather than failing the page

/**
 * Yields pages in order, one at a time. Reads are synchronous: pages are small, and thousands of
 * promise round trips through the thread pool cost more than the reads.
 */
export async function* readSources(listing: SourceListing, limits: Limits = DEFAULT_LIMITS): AsyncGenerator<ReadResult> {
  for (const { wpid, file } of listing.pages) yield readOne(wpid, file, listing.tables.get(wpid), limits);
}

export function readOne(wpid: string, file: string, tableFile: string | undefined, limits: Limits = DEFAULT_LIMITS): ReadResult {
  let text: string;
  try {
    text = stripBom(decoder.decode(readWithin(file, 'pageBytes', limits)));
  } catch (cause) {
    if (isPipelineError(cause)) return { ok: false, wpid, file, error: cause };
    const reason = (cause as NodeJS.ErrnoException).code ?? String(cause);
    return { ok: false, wpid, file, error: new PipelineError('PAGE_UNREADABLE', `Cannot read page: ${reason}`, { file, cause }) };
  }
  const page: SourcePage = { file, fileWpid: wpid, text };
  if (tableFile !== undefined) {
    try {
      page.table = { file: tableFile, text: stripBom(decoder.decode(readWithin(tableFile, 'tableBytes', limits))) };
    } catch (cause) {
      // A table over its limit rejects the page, which keeps its previous version and participants.
      if (isPipelineError(cause)) return { ok: false, wpid, file, error: cause };
      // The page still converts without its table; the problem is reported as a warning by the pipeline.
      page.tableError = new PipelineError('TABLE_UNREADABLE', `Cannot read participant table: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}`, { file: tableFile, cause });
    }
  }
  return { ok: true, page };
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
