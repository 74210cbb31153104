// A run that converts reads only the pages whose page or table stamp moved since the last run read them
// (src/run/snapshot.ts unreadPages); the others are reused from the state without being read. Every kind of change is
// still read, and the output equals a fresh run's over the same inputs.

import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRunConfig, type RunConfig } from '../../../src/config.js';
import type { Limits } from '../../../src/limits.js';
import { runPipeline } from '../../../src/pipeline.js';
import type { RunReport } from '../../../src/report.js';
import { RACY_MS } from '../../../src/run/snapshot.js';
import { PROJECT_ROOT } from '../../support/corpus.js';
import { outputTexts } from '../../support/outputFiles.js';
import { editKeepingStamps, setMtimeNs } from '../../support/stamps.js';

const EXAMPLES = path.join(PROJECT_ROOT, 'examples');
const ALL = ['WP9001', 'WP9002', 'WP9003', 'WP9004'];

let dir: string;
const config = (out = 'out', limits?: Partial<Limits>): RunConfig =>
  checkRunConfig({
    source: path.join(dir, 'pages'),
    datanodes: [path.join(dir, 'datanodes')],
    reference: path.join(dir, 'reference'),
    out: path.join(dir, out),
    ...(limits ? { limits } : {}),
  });
const page = (wpid: string) => path.join(dir, 'pages', `${wpid}.md`);
const ttl = (wpid: string) => readFileSync(path.join(dir, 'out', 'pathways', `${wpid}.ttl`), 'utf8');
const state = () => JSON.parse(readFileSync(path.join(dir, 'out', 'state.json'), 'utf8'));

/** A run of `out`, with the pages it read. */
async function traced(c = config()): Promise<{ report: RunReport; read: string[] }> {
  const read: string[] = [];
  const report = await runPipeline(c, { onRead: (wpid) => read.push(wpid) });
  return { report, read };
}

/** Stamps older than RACY_MS: a run trusts them (a night's pages were written hours before). */
const settle = () => sleep(RACY_MS + 100);

let converged = 0;
/**
 * Every page's stamp old and recorded: a run after a page edit, all stamps settled (a page edited just before a run is
 * racy, and not recorded: the next run reads it again).
 */
async function converge(): Promise<void> {
  await settle();
  retitle('WP9001', `Converged ${++converged}`);
  await settle();
  const r = await traced();
  expect(r.read).toContain('WP9001');
  expect(Object.keys(state().fingerprint.pages).length).toBe(r.report.pages.read - r.report.pages.rejected);
}

/** A new title for a page, in place (its size and times change). */
function retitle(wpid: string, title: string): void {
  writeFileSync(page(wpid), readFileSync(page(wpid), 'utf8').replace(/^title: .*$/m, `title: ${title}`));
}

/** One byte changed in place, the size kept and the mtime put back to the nanosecond: only the ctime moves. */
function editOneByte(file: string, from: string, to: string): void {
  editKeepingStamps(file, from, to);
}

/** Every output file but the run's accounts, caches and time stamps (its start is in the dataset graph). */
function outputOf(out: string): Record<string, string> {
  return outputTexts(path.join(dir, out), { skipHidden: true });
}

/** The output equals a fresh run's (no earlier output) over the inputs as they are now. */
async function expectFreshOutput(report: RunReport): Promise<void> {
  rmSync(path.join(dir, 'fresh'), { recursive: true, force: true });
  const fresh = await runPipeline(config('fresh'));
  expect(outputOf('out')).toEqual(outputOf('fresh'));
  const accounts = (r: RunReport) => [r.pages.read, r.pages.converted, r.pages.rejected, r.triples, r.coverage];
  expect(accounts(report)).toEqual(accounts(fresh));
}

describe('a run that converts reads only the pages whose stamps moved', () => {
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'pkg-unread-'));
    for (const d of ['pages', 'datanodes', 'reference'])
      cpSync(path.join(EXAMPLES, d), path.join(dir, d), { recursive: true });
    await settle();
    expect((await traced()).read).toEqual(ALL);
    expect(Object.keys(state().fingerprint.pages)).toEqual(ALL);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // In order, on one workspace: each test settles the stamps, changes something and checks the next run.

  it('one page edited: only it is read, and the output is a fresh run’s', async () => {
    retitle('WP9002', 'Edited two');
    const r = await traced();
    expect(r.read).toEqual(['WP9002']);
    expect([r.report.pages.converted, r.report.pages.unchanged]).toEqual([4, 3]);
    expect(ttl('WP9002')).toContain('Edited two');
    await expectFreshOutput(r.report);
  });

  it('a page whose stamp was racy is not recorded: the next run reads it again', async () => {
    // WP9002 was edited just before the last run: a coarse clock could hide a second edit in the same tick.
    expect(state().fingerprint.pages).not.toHaveProperty('WP9002');
    expect(state().fingerprint.racyPages).toEqual(['WP9002']);
    retitle('WP9001', 'Edited one');
    const r = await traced();
    expect(r.read).toEqual(['WP9001', 'WP9002']);
    await expectFreshOutput(r.report);
  });

  it('one byte of a page, its size kept and its mtime put back (only the ctime moves)', async () => {
    await converge();
    editOneByte(page('WP9003'), 'cAMP signaling', 'cAMP signalinG');
    const r = await traced();
    expect(r.read).toEqual(['WP9003']);
    expect(ttl('WP9003')).toContain('cAMP signalinG');
    await expectFreshOutput(r.report);
  });

  it('one byte of a participant table, its page unchanged', async () => {
    await converge();
    editOneByte(path.join(dir, 'datanodes', 'WP9002-datanodes.tsv'), 'Glutathione (reduced)', 'Glutathione (reducex)');
    const r = await traced();
    expect(r.read).toEqual(['WP9002']);
    expect(readFileSync(path.join(dir, 'out', 'all.nq'), 'utf8')).toContain('"Glutathione (reducex)"');
    await expectFreshOutput(r.report);
  });

  it('a page replaced by another file with the same bytes and mtime (a new inode)', async () => {
    await converge();
    const file = page('WP9004');
    const before = statSync(file, { bigint: true });
    const other = path.join(dir, 'pages', 'replacement.tmp');
    cpSync(file, other);
    setMtimeNs(other, before.mtimeNs);
    renameSync(other, file);
    const after = statSync(file, { bigint: true });
    expect([after.size, after.mtimeNs]).toEqual([before.size, before.mtimeNs]);
    expect(after.ino).not.toBe(before.ino);
    const r = await traced();
    expect(r.read).toEqual(['WP9004']);
    await expectFreshOutput(r.report);
  });

  it('a page deleted, and a page added: the others are not read', async () => {
    await converge();
    rmSync(page('WP9003'));
    let r = await traced();
    expect(r.read).toEqual([]);
    expect(r.report.pages.read).toBe(3);
    await expectFreshOutput(r.report);
    writeFileSync(page('WP9005'), readFileSync(page('WP9004'), 'utf8').replaceAll('WP9004', 'WP9005'));
    r = await traced();
    expect(r.read).toEqual(['WP9005']);
    await expectFreshOutput(r.report);
  });

  it('a pathway’s Turtle file deleted by hand is written again, also by a run with nothing else changed', async () => {
    await converge();
    const file = path.join(dir, 'out', 'pathways', 'WP9002.ttl');
    const before = readFileSync(file, 'utf8');
    rmSync(file);
    const r = await traced();
    expect([r.read, r.report.unchangedSince]).toEqual([['WP9002'], undefined]);
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect((await traced()).report.unchangedSince).toBeDefined(); // and then nothing to do
  });

  it('a rejected edit keeps the previous version, and is read (and rejected) again by the next run', async () => {
    await converge();
    writeFileSync(page('WP9004'), '---\ntitle: [unclosed\n---\n');
    await settle(); // its stamp is old by the run that rejects it: only its outcome keeps it from being recorded
    let r = await traced();
    expect([r.read, r.report.pages.rejected]).toEqual([['WP9004'], 1]);
    expect(state().fingerprint.pages).not.toHaveProperty('WP9004');
    await settle();
    retitle('WP9001', 'Edited one again');
    r = await traced();
    expect([r.read, r.report.pages.rejected]).toEqual([['WP9001', 'WP9004'], 1]);
  });

  it('a state of the version before page stamps: every page is read, and the stamps are recorded', async () => {
    await converge();
    const s = state();
    delete s.fingerprint.pages;
    delete s.fingerprint.runWide;
    writeFileSync(path.join(dir, 'out', 'state.json'), JSON.stringify(s));
    await settle();
    retitle('WP9005', 'Edited five');
    let r = await traced();
    expect(r.read).toEqual(['WP9001', 'WP9002', 'WP9004', 'WP9005']);
    // WP9004 was rejected, WP9005 is racy.
    expect(Object.keys(state().fingerprint.pages)).toEqual(['WP9001', 'WP9002']);
    await settle();
    retitle('WP9001', 'Edited one once more');
    r = await traced();
    expect(r.read).toEqual(['WP9001', 'WP9004', 'WP9005']);
  });

  it('a limit made smaller reads every page again: a page over it is rejected, not reused', async () => {
    await converge();
    retitle('WP9005', 'Edited five again');
    const small = { pageBytes: statSync(page('WP9001')).size - 1 };
    const r = await traced(config('out', small));
    expect(r.read).toEqual(['WP9001', 'WP9002', 'WP9004', 'WP9005']);
    expect(r.report.rejects.map((e) => [e.code, path.basename(e.file ?? '')])).toContainEqual([
      'PAGE_LIMIT_EXCEEDED',
      'WP9001.md',
    ]);
  });
});
