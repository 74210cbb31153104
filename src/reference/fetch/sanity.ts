// What a downloaded reference file must look like before it may replace a good one, and the version it carries.

import { gunzipSync } from 'node:zlib';
import type { ReferenceSource } from './sources.js';

export type Verdict = { ok: true; version?: string } | { ok: false; reason: string };

/** Checks `bytes` (gunzipped first when `source.path` ends in .gz) against the source's rule. */
export function checkReferenceFile(source: ReferenceSource, bytes: Buffer): Verdict {
  if (bytes.length === 0) return { ok: false, reason: 'empty file' };
  let data = bytes;
  if (source.path.endsWith('.gz')) {
    try {
      data = gunzipSync(bytes);
    } catch {
      return { ok: false, reason: 'not a complete gzip file' };
    }
  }
  if (data.length < source.minBytes)
    return { ok: false, reason: `${data.length} bytes, less than the ${source.minBytes} expected: cut off?` };
  // Decoding only the start: the checks read the header, a 16 MB table need not become one string twice.
  const head = data
    .subarray(0, 64 * 1024)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  if (/^\s*<(!doctype html|html|\?xml|head|body)/i.test(head))
    return { ok: false, reason: 'an HTML or XML page, not the data file (an error or login page?)' };
  switch (source.check) {
    case 'tsv':
      return checkTsv(source, data, head);
    case 'obo':
      return checkObo(data, head);
    case 'jsonld-context':
      return checkContext(data);
  }
}

function checkTsv(source: ReferenceSource, data: Buffer, head: string): Verdict {
  const firstLine = head.split(/\r?\n/, 1)[0]!;
  const columns = firstLine.split('\t').map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
  const missing = (source.header ?? []).filter((h) => !columns.includes(h));
  if (missing.length > 0 || columns.length < 2)
    return {
      ok: false,
      reason: `the first line is not the expected header (missing ${missing.join(', ') || 'tab-separated columns'})`,
    };
  // Not every table ends in a newline; a table cut mid-row has fewer cells in its last row than its header.
  const tail = data
    .subarray(Math.max(0, data.length - 64 * 1024))
    .toString('utf8')
    .replace(/[\r\n]+$/, '');
  const lastRow = tail.slice(tail.lastIndexOf('\n') + 1);
  if (lastRow.split('\t').length < columns.length)
    return { ok: false, reason: `the last row has fewer cells than the header's ${columns.length}: cut off?` };
  const version =
    source.name === 'hgnc' ? newestDate(data.toString('utf8'), columns.indexOf('date_modified')) : undefined;
  return version === undefined ? { ok: true } : { ok: true, version };
}

/** HGNC's release date: the newest `date_modified` in the table. */
function newestDate(text: string, column: number): string | undefined {
  if (column < 0) return undefined;
  let newest = '';
  for (const line of text.split('\n').slice(1)) {
    const value = line.split('\t')[column]?.trim().replace(/^"|"$/g, '') ?? '';
    if (/^\d{4}-\d{2}-\d{2}$/.test(value) && value > newest) newest = value;
  }
  return newest === '' ? undefined : newest;
}

function checkObo(data: Buffer, head: string): Verdict {
  if (!/^format-version:/m.test(head.split(/\n\s*\n/, 1)[0]!))
    return { ok: false, reason: 'no format-version in the OBO header' };
  if (!data.includes('\n[Term]')) return { ok: false, reason: 'no [Term] stanza' };
  if (data[data.length - 1] !== 0x0a) return { ok: false, reason: 'the last line is not complete: cut off?' };
  const version = /^data-version:\s*(.+?)\s*$/m.exec(head.split(/\n\s*\n/, 1)[0]!)?.[1];
  return version === undefined ? { ok: true } : { ok: true, version };
}

function checkContext(data: Buffer): Verdict {
  try {
    const parsed = JSON.parse(data.toString('utf8')) as { '@context'?: unknown };
    const context = parsed['@context'];
    if (typeof context !== 'object' || context === null || Array.isArray(context) || !('@vocab' in context))
      return { ok: false, reason: 'JSON without an "@context" object holding "@vocab"' };
    return { ok: true };
  } catch {
    return { ok: false, reason: 'not complete JSON' };
  }
}
