// Signs of life on long steps: the reference tables as they are read, pages and graphs as they go,
// nothing with --quiet.

import { Writable } from 'node:stream';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { progressPrinter } from '../../../src/cli/progress.js';
import { runCli } from '../../support/cli.js';
import { EXAMPLES, REFERENCE } from '../../support/incremental.js';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';

function capture(isTTY: boolean): { stream: Writable & { isTTY?: boolean }; text: () => string } {
  let text = '';
  const stream: Writable & { isTTY?: boolean } = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  stream.isTTY = isTTY;
  return { stream, text: () => text };
}

describe('progressPrinter', () => {
  it('in a log: a line every 10% of a known total', () => {
    const c = capture(false);
    const p = progressPrinter(c.stream, false, 'graphs');
    for (let done = 1; done <= 25; done++) p.update({ done, total: 25 });
    p.done();
    const lines = c.text().trimEnd().split('\n');
    expect(lines.map((l) => l.replace(/, [0-9]+ graphs\/s$/, ''))).toEqual([
      '1/25 graphs (4%)',
      '3/25 graphs (12%)',
      '5/25 graphs (20%)',
      '8/25 graphs (32%)',
      '10/25 graphs (40%)',
      '13/25 graphs (52%)',
      '15/25 graphs (60%)',
      '18/25 graphs (72%)',
      '20/25 graphs (80%)',
      '23/25 graphs (92%)',
      '25/25 graphs (100%)',
    ]);
  });

  it('in a log, total unknown: a line every 200', () => {
    const c = capture(false);
    const p = progressPrinter(c.stream, false, 'graphs');
    for (let done = 1; done <= 450; done++) p.update({ done });
    expect(
      c
        .text()
        .split('\n')
        .filter(Boolean)
        .map((l) => l.replace(/, [0-9]+ graphs\/s$/, '')),
    ).toEqual(['1 graphs', '200 graphs', '400 graphs']);
  });

  it('on a terminal: one line redrawn in place, ended by done()', () => {
    const c = capture(true);
    const p = progressPrinter(c.stream, false);
    p.update({ done: 1, total: 2 });
    p.update({ done: 2, total: 2 });
    p.done();
    expect(c.text()).toMatch(
      /^\r\x1b\[K1\/2 pages \(50%\), [0-9]+ pages\/s\r\x1b\[K2\/2 pages \(100%\), [0-9]+ pages\/s\n$/,
    );
  });

  it('quiet: nothing', () => {
    const c = capture(false);
    const p = progressPrinter(c.stream, true);
    p.update({ done: 1, total: 1 });
    p.done();
    expect(c.text()).toBe('');
  });
});

describe('pathway-kg run progress on stderr', () => {
  const args = async (quiet: boolean) => {
    const out = await mkdtemp(path.join(tmpdir(), 'pkg-progress-'));
    return [
      'run',
      '--source',
      path.join(EXAMPLES, 'pages'),
      '--datanodes',
      path.join(EXAMPLES, 'datanodes'),
      '--reference',
      REFERENCE,
      '--out',
      out,
      ...(quiet ? ['--quiet'] : []),
    ];
  };

  it('says when the reference tables start loading, each table as it is read with its time, and when they are ready; then the pages', async () => {
    const r = await runCli(await args(false));
    expect(r.status).toBe(0);
    const lines = r.stderr.split('\n');
    expect(lines[0]).toBe(`reference: reading 6 tables from ${REFERENCE}`);
    const tables = lines
      .filter((l) => / read \([0-9]+\.[0-9] s\)$/.test(l))
      .map((l) => l.replace(/ read \(.*$/, ''))
      .sort();
    expect(tables).toEqual(
      [
        'reference: hgnc/hgnc_complete_set.txt',
        'reference: ontology/cl-basic.obo',
        'reference: ontology/doid.obo',
        'reference: ontology/pathway.obo',
        'reference: schemaorg/schemaorgcontext.jsonld',
        'reference: taxonomy/bridgedb_organisms.tsv',
      ].sort(),
    );
    const ready = lines.findIndex((l) => /^reference: ready \([0-9]+\.[0-9] s\)$/.test(l));
    const firstPage = lines.findIndex((l) => /^1\/4 pages \(25%\)/.test(l));
    expect(ready).toBeGreaterThan(0);
    expect(firstPage).toBeGreaterThan(ready);
    expect(lines.filter((l) => / pages \([0-9]+%\)/.test(l)).map((l) => l.replace(/, [0-9]+ pages\/s$/, ''))).toEqual([
      '1/4 pages (25%)',
      '2/4 pages (50%)',
      '3/4 pages (75%)',
      '4/4 pages (100%)',
    ]);
  });

  it('--quiet: nothing on stderr', async () => {
    const r = await runCli(await args(true));
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
  });
});
