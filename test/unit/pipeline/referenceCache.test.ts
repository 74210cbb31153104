// A re-run with the parsed-reference cache warm (src/reference/cache/) picks up a one-byte change of a page, and of a
// reference table, and leaves the same files as a fresh run (no earlier output, no cache) over the edited inputs.

import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRunConfig } from '../../../src/config.js';
import { runPipeline } from '../../../src/pipeline.js';
import { referenceCacheFile } from '../../../src/reference/cache/referenceCache.js';
import { PROJECT_ROOT } from '../../support/corpus.js';
import { outputTexts } from '../../support/outputFiles.js';

const EXAMPLES = path.join(PROJECT_ROOT, 'examples');

describe('a re-run with the reference cache warm', () => {
  let work: string;
  let lines: string[];

  beforeAll(() => {
    work = mkdtempSync(path.join(tmpdir(), 'pkg-refcache-run-'));
    for (const d of ['pages', 'datanodes', 'reference'])
      cpSync(path.join(EXAMPLES, d), path.join(work, d), { recursive: true });
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  const run = (out: string) => {
    lines = [];
    return runPipeline(
      checkRunConfig({
        source: path.join(work, 'pages'),
        datanodes: [path.join(work, 'datanodes')],
        reference: path.join(work, 'reference'),
        out: path.join(work, out),
      }),
      { log: (line) => lines.push(line) },
    );
  };
  const fromCache = () => lines.some((l) => l.endsWith('(the others from the cache)'));
  /** One byte replaced, size and mtime kept: only the content (and the ctime) says it changed. */
  const editByte = (file: string, from: string, to: string) => {
    const before = statSync(file);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain(from);
    expect(Buffer.byteLength(from)).toBe(Buffer.byteLength(to));
    writeFileSync(file, text.replace(from, to));
    utimesSync(file, before.atime, before.mtime);
  };

  it('converts the one page changed, as a fresh run over the edited inputs does', async () => {
    await run('out');
    expect(fromCache()).toBe(false);
    expect(statSync(referenceCacheFile(path.join(work, 'out'))).size).toBeGreaterThan(0);

    const page = path.join(work, 'pages', 'WP9001.md');
    const title = /^title: (.+)$/m.exec(readFileSync(page, 'utf8'))![1]!;
    editByte(page, `title: ${title}`, `title: ${title.slice(0, -1)}#`);
    const report = await run('out');
    expect(fromCache()).toBe(true);
    expect(report.pages.unchanged).toBe(report.pages.converted - 1);
    expect(readFileSync(path.join(work, 'out', 'pathways', 'WP9001.ttl'), 'utf8')).toContain(`${title.slice(0, -1)}#`);

    await run('fresh-1');
    expect(fromCache()).toBe(false);
    expect(outputOf('out')).toEqual(outputOf('fresh-1'));
  });

  it('reads the tables again when one byte of HGNC changed, and the pages that use it follow', async () => {
    // CACNB3 is a participant of WP9001 (examples/datanodes): its HGNC symbol is written on the node.
    const before = readFileSync(path.join(work, 'out', 'all.nq'), 'utf8');
    expect(before).toContain('"CACNB3"');
    editByte(path.join(work, 'reference', 'hgnc', 'hgnc_complete_set.txt'), '\tCACNB3\t', '\tCACNB7\t');
    await run('out');
    expect(fromCache()).toBe(false);
    const after = readFileSync(path.join(work, 'out', 'all.nq'), 'utf8');
    expect(after).not.toEqual(before);

    await run('fresh-2');
    expect(outputOf('out')).toEqual(outputOf('fresh-2'));
    // And the cache now holds the edited table: the next page edit finds it.
    const page = path.join(work, 'pages', 'WP9002.md');
    const title = /^title: (.+)$/m.exec(readFileSync(page, 'utf8'))![1]!;
    editByte(page, `title: ${title}`, `title: ${title.slice(0, -1)}#`);
    await run('out');
    expect(fromCache()).toBe(true);
    expect(readFileSync(path.join(work, 'out', 'all.nq'), 'utf8')).toContain('hgnc.symbol/CACNB7>');
  });

  /** Every output file but the cache, the run's accounts and time stamps (its start is in the dataset graph). */
  function outputOf(out: string): Record<string, string> {
    return outputTexts(path.join(work, out));
  }
});
