// One run of the compiled CLI, as a child process, over the hostile pages and tables of issue 14
// ("Resource exhaustion") beside a good page. Each hostile input is rejected with its coded, located
// reject (or, for invalid rows under the limit, converted with a capped list of warnings); the good
// page converts; the child's peak RSS stays under PEAK_RSS_MB and the run ends within RUN_SECONDS.
// Before the limits, these inputs took 2 to 8 GB and minutes, or aborted the whole run.

import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../support/corpus.js';
import {
  HEADER_2022,
  HEADER_CURRENT,
  hostilePage,
  laughs,
  repeatLines,
  ROW_2022,
  ROW_CURRENT,
} from '../../support/hostile.js';

/** The documented bound: a run whose largest page is hostile stays within a normal run's memory. */
const PEAK_RSS_MB = 400;
const RUN_SECONDS = 30;
/** The watchdog stops a child past this (a regression must fail the test, not take the machine). */
const KILL_RSS_MB = 1500;

const CLI = path.join(PROJECT_ROOT, 'dist', 'src', 'cli', 'main.js');
const EXAMPLES = path.join(PROJECT_ROOT, 'examples');
const MB = 1024 * 1024;

interface Child {
  status: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  seconds: number;
  /** Highest VmHWM seen in /proc/<pid>/status while it ran, in MB (0 where /proc is absent). */
  polledPeakMb: number;
  killedBy?: string;
}

function runChild(args: string[]): Promise<Child> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [CLI, 'run', ...args, '--quiet'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let polledPeakMb = 0;
    let killedBy: string | undefined;
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const poll = setInterval(() => {
      try {
        const kb = Number(/VmHWM:\s+([0-9]+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0);
        polledPeakMb = Math.max(polledPeakMb, Math.round(kb / 1024));
      } catch {
        // gone, or no /proc: the report's own figure is checked as well
      }
      const seconds = (Date.now() - started) / 1000;
      if (polledPeakMb > KILL_RSS_MB || seconds > RUN_SECONDS * 2) {
        killedBy = polledPeakMb > KILL_RSS_MB ? `${polledPeakMb} MB` : `${seconds} s`;
        child.kill('SIGKILL');
      }
    }, 50);
    child.on('error', reject);
    child.on('close', (status, signal) => {
      clearInterval(poll);
      resolve({
        status,
        signal,
        stderr,
        seconds: (Date.now() - started) / 1000,
        polledPeakMb,
        ...(killedBy ? { killedBy } : {}),
      });
    });
  });
}

const jsonld = (inner: string) => `schema-jsonld:\n- '@context': https://schema.org/\n  name: x\n${inner}`;

/** wpid -> [page, table (2022 or current text) or undefined]. */
function hostileInputs(): Map<string, [string, string | undefined]> {
  const fiftyMb = 50 * MB;
  const inputs = new Map<string, [string, string | undefined]>([
    ['WP101', [hostilePage('WP101', jsonld(`  about:\n${laughs(9, '  ')}`)), undefined]],
    ['WP102', [hostilePage('WP102', `annotations:\n${laughs(9)}`), undefined]],
    ['WP103', [hostilePage('WP103', `authors:\n${laughs(9)}`), undefined]],
    ['WP104', [hostilePage('WP104', jsonld(`  keywords:\n${laughs(9, '  ')}`)), undefined]],
    [
      'WP105',
      [hostilePage('WP105', jsonld(`  keywords:\n${repeatLines('  - keyword', Math.ceil(fiftyMb / 12))}`)), undefined],
    ],
    ['WP106', [hostilePage('WP106', `description: ${'a'.repeat(fiftyMb)}`), undefined]],
    ['WP107', [hostilePage('WP107', jsonld(`  about: [${'1,'.repeat(1_400_000)}1]`)), undefined]],
    ['WP108', [hostilePage('WP108', jsonld(`  about: [${'1,'.repeat(400_000)}1]`)), undefined]],
    ['WP109', [hostilePage('WP109', ''), HEADER_2022 + repeatLines(ROW_2022, 1_000_000)]],
    ['WP110', [hostilePage('WP110', ''), HEADER_CURRENT + repeatLines(ROW_CURRENT, 1_000_000)]],
    ['WP111', [hostilePage('WP111', ''), HEADER_CURRENT + repeatLines('x', 1_000_000)]],
    // One row whose HGNC cell holds 150,000 values of unknown prefixes (a TABLE_ROW_INVALID each).
    [
      'WP112',
      [
        hostilePage('WP112', ''),
        `${HEADER_CURRENT}TP53\tGeneProduct\tncbigene:7157\t""\t\t\t${Array.from({ length: 150_000 }, (_, i) => `zz${i}:1`).join(';')}${'\t'.repeat(9)}\n`,
      ],
    ],
    // 200,000 rows of the wrong width (current) and 200,000 lines that belong to no row (2022).
    ['WP113', [hostilePage('WP113', ''), HEADER_CURRENT + repeatLines('x', 200_000)]],
    ['WP114', [hostilePage('WP114', ''), HEADER_2022 + repeatLines('no row', 200_000)]],
    ['WP115', [hostilePage('WP115', `authors: ${'['.repeat(100_000)}${']'.repeat(100_000)}`), undefined]],
    ['WP116', [hostilePage('WP116', `description: ${'a'.repeat(300_000)}`), undefined]],
  ]);
  return inputs;
}

describe('one run over hostile pages, as a child process', () => {
  let dir: string;
  let child: Child;
  let report: any;

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first (npm test does)`);
    dir = await mkdtemp(path.join(tmpdir(), 'pkg-hostile-'));
    await mkdir(path.join(dir, 'pages'));
    await mkdir(path.join(dir, 'tables'));
    for (const [wpid, [page, table]] of hostileInputs()) {
      await writeFile(path.join(dir, 'pages', `${wpid}.md`), page);
      if (table !== undefined) await writeFile(path.join(dir, 'tables', `${wpid}-datanodes.tsv`), table);
    }
    await copyFile(path.join(EXAMPLES, 'pages', 'WP9001.md'), path.join(dir, 'pages', 'WP9001.md'));
    await copyFile(
      path.join(EXAMPLES, 'datanodes', 'WP9001-datanodes.tsv'),
      path.join(dir, 'tables', 'WP9001-datanodes.tsv'),
    );
    // table-lines raised so that 200,000 invalid rows are under the limit (1,000,000 lines stay over it).
    child = await runChild([
      '--source',
      path.join(dir, 'pages'),
      '--datanodes',
      path.join(dir, 'tables'),
      '--reference',
      path.join(EXAMPLES, 'reference'),
      '--out',
      path.join(dir, 'out'),
      '--limit',
      'table-lines=250000',
    ]);
    report = JSON.parse(await readFile(path.join(dir, 'out', 'report.json'), 'utf8'));
  }, 120_000);

  afterAll(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('finishes in bounded time and memory, exit 3', () => {
    expect(child.killedBy).toBeUndefined();
    expect([child.status, child.signal, child.stderr]).toEqual([3, null, '']);
    expect(child.seconds).toBeLessThan(RUN_SECONDS);
    expect(report.peakRssMb).toBeLessThan(PEAK_RSS_MB);
    expect(child.polledPeakMb).toBeLessThan(PEAK_RSS_MB);
  });

  it('converts the good page and the pages whose invalid rows are under the limit', async () => {
    expect(await readdir(path.join(dir, 'out', 'pathways'))).toEqual([
      'WP112.ttl',
      'WP113.ttl',
      'WP114.ttl',
      'WP9001.ttl',
    ]);
    expect(report.pages).toEqual({ read: 17, converted: 4, rejected: 13, unchanged: 0 });
  });

  it('rejects each hostile page with a coded, located reject naming the limit', () => {
    const rejects = report.rejects.map((r: any) => [path.basename(r.file), r.code, r.key, r.line, r.details?.limit]);
    expect(rejects).toEqual([
      ['WP101.md', 'PAGE_LIMIT_EXCEEDED', 'schema-jsonld', 6, 'yaml-values'],
      ['WP102.md', 'PAGE_LIMIT_EXCEEDED', 'annotations', 6, 'yaml-values'],
      ['WP103.md', 'PAGE_LIMIT_EXCEEDED', 'authors', 6, 'yaml-values'],
      ['WP104.md', 'PAGE_LIMIT_EXCEEDED', 'schema-jsonld', 6, 'yaml-values'],
      ['WP105.md', 'PAGE_LIMIT_EXCEEDED', undefined, undefined, 'page-bytes'],
      ['WP106.md', 'PAGE_LIMIT_EXCEEDED', undefined, undefined, 'page-bytes'],
      ['WP107.md', 'PAGE_LIMIT_EXCEEDED', undefined, undefined, 'page-bytes'],
      ['WP108.md', 'PAGE_LIMIT_EXCEEDED', 'schema-jsonld', 6, 'yaml-values'],
      ['WP109-datanodes.tsv', 'TABLE_LIMIT_EXCEEDED', undefined, undefined, 'table-bytes'],
      ['WP110-datanodes.tsv', 'TABLE_LIMIT_EXCEEDED', undefined, undefined, 'table-bytes'],
      ['WP111-datanodes.tsv', 'TABLE_LIMIT_EXCEEDED', undefined, 250_002, 'table-lines'],
      ['WP115.md', 'PAGE_LIMIT_EXCEEDED', undefined, 6, 'yaml-depth'],
      ['WP116.md', 'PAGE_LIMIT_EXCEEDED', 'description', 6, 'string-length'],
    ]);
  });

  it('says how large a page over page-bytes is, without reading it', async () => {
    const size = (await stat(path.join(dir, 'pages', 'WP106.md'))).size;
    const r = report.rejects.find((x: any) => x.file.endsWith('WP106.md'));
    expect(r.message).toBe(
      `Page is ${size.toLocaleString('en-US')} bytes, not read; the limit is 1,048,576 (raise it with --limit page-bytes=<n>)`,
    );
  });

  it('lists at most table-warnings warnings per table and counts the rest', () => {
    const items = report.warnings.items as any[];
    const perTable = (wpid: string) => items.filter((w) => w.file.endsWith(`${wpid}-datanodes.tsv`));
    for (const wpid of ['WP112', 'WP113', 'WP114']) expect(perTable(wpid)).toHaveLength(2001);
    expect(perTable('WP113').at(-1)).toEqual({
      code: 'TABLE_ROW_INVALID',
      message:
        '198,000 more TABLE_ROW_INVALID warnings in this table are not listed (limit table-warnings: 2,000 per table)',
      file: expect.stringMatching(/WP113-datanodes\.tsv$/),
      details: { omitted: 198_000 },
    });
    expect(perTable('WP113')[0]).toMatchObject({
      code: 'TABLE_ROW_INVALID',
      line: 2,
      message: 'Expected 16 tab-separated columns, got 1',
    });
    expect(perTable('WP114')[0]).toMatchObject({
      code: 'TABLE_ROW_INVALID',
      line: 2,
      message: 'Line belongs to no row (no Type, ID and Database before it): "no row"',
    });
    // Counted in full: 150,000 + 200,000 + 200,000 row warnings, whatever else the good page has.
    expect(report.warnings.byCode.TABLE_ROW_INVALID).toBeGreaterThanOrEqual(550_000);
    expect(report.warnings.total).toBeGreaterThanOrEqual(550_000);
  });
});

describe('one run over the largest inputs the default limits allow, as a child process', () => {
  let dir: string;
  let child: Child;
  let report: any;

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first (npm test does)`);
    dir = await mkdtemp(path.join(tmpdir(), 'pkg-largest-'));
    await mkdir(path.join(dir, 'pages'));
    await mkdir(path.join(dir, 'tables'));
    const rows = Array.from(
      { length: 10_000 },
      (_, i) => `Gene label ${i}\tGeneProduct\t${100_000 + i}\tEntrez Gene\tA comment ${i}\n`,
    ).join('');
    let ids = 'ncbigene:1000000';
    for (let i = 1; ids.length < 2 * MB - 300; i++) ids += `;ncbigene:${1_000_000 + i}`;
    const inputs: [string, string, string | undefined][] = [
      // table-lines: 10,000 rows, each a node with an id.
      ['WP201', hostilePage('WP201', ''), HEADER_2022 + rows],
      // table-bytes: one row whose NCBI gene cell fills the table (about 117,000 ids, a link each).
      [
        'WP202',
        hostilePage('WP202', ''),
        `${HEADER_CURRENT}TP53\tGeneProduct\tncbigene:7157\t""\t\t${ids}${'\t'.repeat(10)}\n`,
      ],
      // yaml-values: a schema-jsonld list of 99,000 values, a quad each.
      [
        'WP203',
        hostilePage('WP203', jsonld(`  about: [${Array.from({ length: 99_000 }, (_, i) => `t${i}`).join(',')}]`)),
        undefined,
      ],
      // keywords: 10,000 of them, each a participant to resolve.
      [
        'WP204',
        hostilePage('WP204', jsonld(`  keywords: [${Array.from({ length: 10_000 }, (_, i) => `GENE${i}`).join(',')}]`)),
        undefined,
      ],
    ];
    for (const [wpid, page, table] of inputs) {
      await writeFile(path.join(dir, 'pages', `${wpid}.md`), page);
      if (table !== undefined) await writeFile(path.join(dir, 'tables', `${wpid}-datanodes.tsv`), table);
    }
    expect((await stat(path.join(dir, 'tables', 'WP202-datanodes.tsv'))).size).toBeLessThanOrEqual(2 * MB);
    child = await runChild([
      '--source',
      path.join(dir, 'pages'),
      '--datanodes',
      path.join(dir, 'tables'),
      '--reference',
      path.join(EXAMPLES, 'reference'),
      '--out',
      path.join(dir, 'out'),
    ]);
    report = JSON.parse(await readFile(path.join(dir, 'out', 'report.json'), 'utf8'));
  }, 120_000);

  afterAll(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('converts every page within the time and memory bound', () => {
    expect(child.killedBy).toBeUndefined();
    expect([child.status, child.signal, child.stderr]).toEqual([0, null, '']);
    expect(report.pages).toEqual({ read: 4, converted: 4, rejected: 0, unchanged: 0 });
    expect(child.seconds).toBeLessThan(RUN_SECONDS);
    expect(report.peakRssMb).toBeLessThan(PEAK_RSS_MB);
    expect(child.polledPeakMb).toBeLessThan(PEAK_RSS_MB);
  });
});
