// A run with a few pages to read keeps its output on the main thread (src/run/threadChoice.ts): the pages to read are
// counted from the stamps the last run recorded (snapshot.ts pagesToRead), by the no-change check that reads the state
// anyway (unchangedRun.ts), before the reference tables load. The same bytes come out either way
// (test/unit/load/outputThread.test.ts).

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRunConfig, type RunConfig } from '../../../src/config.js';
import type { RunFingerprint } from '../../../src/load/state.js';
import { runPipeline } from '../../../src/pipeline.js';
import { pagesToRead, RACY_MS, takeSnapshot, type InputSnapshot } from '../../../src/run/snapshot.js';
import { FEW_PAGES, wantsOutputThread } from '../../../src/run/threadChoice.js';
import { unchangedRun } from '../../../src/run/unchangedRun.js';
import { PROJECT_ROOT } from '../../support/corpus.js';

describe('wantsOutputThread', () => {
  it('starts the thread when the pages to read are unknown (a first run) or more than a few', () => {
    expect(wantsOutputThread(undefined)).toBe(true);
    expect(wantsOutputThread(FEW_PAGES + 1)).toBe(true);
    expect(wantsOutputThread(100_000)).toBe(true);
  });

  it('keeps the output on the main thread for a few pages, and for none', () => {
    expect(wantsOutputThread(0)).toBe(false);
    expect(wantsOutputThread(1)).toBe(false);
    expect(wantsOutputThread(FEW_PAGES)).toBe(false);
  });
});

describe('pagesToRead', () => {
  const snapshot = (stamps: [string, string][], runWide = 'wide'): InputSnapshot => ({
    listing: { pages: stamps.map(([wpid]) => ({ wpid, file: `${wpid}.md` })) } as InputSnapshot['listing'],
    inputs: 'inputs',
    racyPages: [],
    racyReference: {},
    runWide,
    pageStamps: new Map(stamps.filter(([, s]) => s !== '')),
  });
  const recorded = (pages: Record<string, string> | undefined, runWide = 'wide'): RunFingerprint =>
    ({ inputs: 'x', racyPages: [], racyReference: {}, runInputs: 'r', report: 'h', runWide, pages }) as RunFingerprint;
  const now = snapshot([
    ['WP1', 'a'],
    ['WP2', 'b'],
    ['WP3', 'c'],
    ['WP4', ''], // racy now: no stamp to trust
  ]);

  it('counts the pages whose stamps the last run did not record', () => {
    expect(pagesToRead(now, recorded({ WP1: 'a', WP2: 'b', WP3: 'c', WP4: 'd' }))).toBe(1);
    expect(pagesToRead(now, recorded({ WP1: 'a', WP2: 'x', WP3: 'c' }))).toBe(2); // WP2 edited
    expect(pagesToRead(now, recorded({ WP1: 'a' }))).toBe(3); // new pages, or pages not recorded
  });

  it('counts every page without a record of stamps, or when a run-wide input changed', () => {
    expect(pagesToRead(now, undefined)).toBe(4);
    expect(pagesToRead(now, recorded(undefined))).toBe(4);
    expect(pagesToRead(now, recorded({ WP1: 'a', WP2: 'b', WP3: 'c' }, 'other'))).toBe(4);
    expect(pagesToRead(snapshot([]), recorded({ WP1: 'a' }))).toBe(0);
  });
});

describe('the no-change check hands the count to the usual path', () => {
  let dir: string;
  let config: RunConfig;
  const page = (wpid: string) => path.join(dir, 'pages', `${wpid}.md`);
  const retitle = (wpid: string, title: string) =>
    writeFileSync(page(wpid), readFileSync(page(wpid), 'utf8').replace(/^title: .*$/m, `title: ${title}`));
  const settle = () => sleep(RACY_MS + 100);
  const check = async () => unchangedRun(config, {}, (await takeSnapshot(config))!, new Date());

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'pkg-threadchoice-'));
    const examples = path.join(PROJECT_ROOT, 'examples');
    for (const d of ['pages', 'datanodes', 'reference'])
      cpSync(path.join(examples, d), path.join(dir, d), { recursive: true });
    config = checkRunConfig({
      source: path.join(dir, 'pages'),
      datanodes: [path.join(dir, 'datanodes')],
      reference: path.join(dir, 'reference'),
      out: path.join(dir, 'out'),
    });
    await settle();
  }, 30_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('unknown before a first run (no state)', async () => {
    expect(await check()).toEqual({ report: undefined, stagingDropped: 0 });
  });

  it('one page retitled after a settled run: one page to read', async () => {
    await runPipeline(config);
    retitle('WP9001', 'A new title');
    await settle();
    await runPipeline(config); // records WP9001's new stamps
    await settle();
    expect((await check()).report).toBeDefined(); // nothing changed since
    retitle('WP9002', 'Another title');
    await settle();
    expect(await check()).toEqual({ report: undefined, stagingDropped: 0, toRead: 1 });
  }, 60_000);
});
