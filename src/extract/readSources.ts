// Reads each listed page and its participant table, one at a time, as an async iterable.

import { PipelineError } from '../errors.js';
import type { SourcePage } from '../types.js';
import { readRegularFile, type ReadPolicy } from './checkFile.js';
import type { SourceListing } from './listSources.js';

export type ReadResult = { ok: true; page: SourcePage } | { ok: false; error: PipelineError; wpid: string; file: string };

const decoder = new TextDecoder('utf-8'); // invalid bytes become U+FFFD rather than failing the page

/**
 * Yields pages in order, one at a time. Reads are synchronous: pages are small, and thousands of
 * promise round trips through the thread pool cost more than the reads.
 */
export async function* readSources(listing: SourceListing): AsyncGenerator<ReadResult> {
  for (const { wpid, file } of listing.pages) yield readOne(wpid, file, listing.tables.get(wpid), listing.policy);
}

/** `policy` (from the listing) keeps links out of the source folders unread; without it only regular files are read. */
export function readOne(wpid: string, file: string, tableFile: string | undefined, policy?: ReadPolicy): ReadResult {
  const read = readRegularFile(file, policy);
  if (!read.ok) {
    return { ok: false, wpid, file, error: new PipelineError('PAGE_UNREADABLE', `Cannot read page: ${read.reason}`, { file, cause: read.cause }) };
  }
  const page: SourcePage = { file, fileWpid: wpid, text: stripBom(decoder.decode(read.bytes)) };
  if (tableFile !== undefined) {
    const table = readRegularFile(tableFile, policy);
    // The page still converts without its table; the problem is reported as a warning by the pipeline.
    if (table.ok) page.table = { file: tableFile, text: stripBom(decoder.decode(table.bytes)) };
    else page.tableError = new PipelineError('TABLE_UNREADABLE', `Cannot read participant table: ${table.reason}`, { file: tableFile, cause: table.cause });
  }
  return { ok: true, page };
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
