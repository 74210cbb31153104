// Reads each listed page and its participant table, one at a time, as an async iterable.

import { readFile } from 'node:fs/promises';
import { PipelineError } from '../errors.js';
import type { SourcePage } from '../types.js';
import type { SourceListing } from './listSources.js';

export type ReadResult = { ok: true; page: SourcePage } | { ok: false; error: PipelineError; wpid: string; file: string };

const decoder = new TextDecoder('utf-8'); // invalid bytes become U+FFFD rather than failing the page

/** Yields pages in order; the next page's files are read while the current one is processed. */
export async function* readSources(listing: SourceListing): AsyncGenerator<ReadResult> {
  const { pages, tables } = listing;
  let next: Promise<ReadResult> | undefined = pages[0] && readOne(pages[0].wpid, pages[0].file, tables.get(pages[0].wpid));
  for (let i = 0; i < pages.length; i++) {
    const current = next!;
    const after = pages[i + 1];
    next = after && readOne(after.wpid, after.file, tables.get(after.wpid));
    yield await current;
  }
}

export async function readOne(wpid: string, file: string, tableFile: string | undefined): Promise<ReadResult> {
  let text: string;
  try {
    text = stripBom(decoder.decode(await readFile(file)));
  } catch (cause) {
    const reason = (cause as NodeJS.ErrnoException).code ?? String(cause);
    return { ok: false, wpid, file, error: new PipelineError('PAGE_UNREADABLE', `Cannot read page: ${reason}`, { file, cause }) };
  }
  const page: SourcePage = { file, fileWpid: wpid, text };
  if (tableFile !== undefined) {
    try {
      page.table = { file: tableFile, text: stripBom(decoder.decode(await readFile(tableFile))) };
    } catch (cause) {
      // The page still converts without its table; the problem is reported as a warning by the pipeline.
      page.tableError = new PipelineError('TABLE_UNREADABLE', `Cannot read participant table: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}`, { file: tableFile, cause });
    }
  }
  return { ok: true, page };
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
