// The nightly cases of issue 13, for npm run bench: a re-run with nothing changed, and a re-run after one page's
// title changed, each on the output of a completed first run (reference cache warm), as a user's night would be.
//
// The pages are copied into a folder of the bench's own (the shared corpus is never written); the tables and the
// reference are read in place. Before each timed run the bench waits until the inputs' stamps are more than
// RACY_MS old, so that the run can trust them (a stamp that close to the run is read again to be sure, see
// README "Incremental runs"): a night's inputs were written hours before.

import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { RACY_MS } from '../src/run/snapshot.js';
import { loadAverage, runChild, type ChildRun } from './child.js';

export interface IncrementalOptions {
  cli: string;
  pages: string;
  datanodes: string;
  reference: string;
  /** A folder of the bench's own: the pages are copied under it and the output written there. */
  dir: string;
  repeat: number;
  log: (line: string) => void;
}

export interface IncrementalResult {
  unchanged: ChildRun;
  unchangedLoad: string;
  onePage: ChildRun;
  onePageLoad: string;
  /** The page edited. */
  page: string;
  /** The output folder of the runs (its all.nq serves the load rows). */
  out: string;
}

async function report(
  out: string,
): Promise<{ unchangedSince?: string; pages?: { converted?: number; unchanged?: number } }> {
  return JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')) as {
    unchangedSince?: string;
    pages?: { converted?: number; unchanged?: number };
  };
}

/** Inputs' stamps older than this are trusted by the next run (RACY_MS, and a little more). */
const STAMP_SECONDS = RACY_MS / 1000 + 0.1;

export async function benchIncremental(o: IncrementalOptions): Promise<IncrementalResult> {
  const pages = path.join(o.dir, 'pages');
  const out = path.join(o.dir, 'out');
  await cp(o.pages, pages, { recursive: true });
  const page = (await readdir(pages, { recursive: true })).filter((f) => /(^|\/)WP[0-9]+\.md$/.test(f)).sort()[0];
  if (page === undefined) throw new Error(`no WPn.md page in ${o.pages}`);
  const pageFile = path.join(pages, page);
  const original = await readFile(pageFile, 'utf8');
  if (!/^title: .*$/m.test(original)) throw new Error(`${pageFile} has no title line to edit`);
  const args = [o.cli, 'run', '--source', pages, '--datanodes', o.datanodes, '--reference', o.reference, '--out', out];
  const run = async (what: string): Promise<ChildRun> => {
    const r = await runChild(args);
    if (r.status !== 0 && r.status !== 3)
      throw new Error(`pathway-kg run (${what}) exited with ${r.status}:\n${r.stderr.slice(-2000)}`);
    return r;
  };
  await sleep(STAMP_SECONDS * 1000);
  o.log(`    first run (untimed)…`);
  await run('first run');
  let unchanged: ChildRun | undefined;
  let onePage: ChildRun | undefined;
  let unchangedLoad = '';
  let onePageLoad = '';
  for (let i = 0; i < o.repeat; i++) {
    await sleep(STAMP_SECONDS * 1000);
    o.log(`    re-run, nothing changed, ${i + 1}/${o.repeat}…`);
    const load = loadAverage();
    const u = await run('nothing changed');
    const quick = await report(out);
    if (quick.unchangedSince === undefined)
      throw new Error(
        `the re-run with nothing changed did not take the quick path (report.json has no unchangedSince)`,
      );
    if (unchanged === undefined || u.seconds < unchanged.seconds) [unchanged, unchangedLoad] = [u, load];
    // A new title each time, so that every timed run has one page to convert.
    await writeFile(pageFile, original.replace(/^title: .*$/m, `title: Bench title ${i + 1}`));
    await sleep(STAMP_SECONDS * 1000);
    o.log(`    re-run, one page changed (${page}'s title), ${i + 1}/${o.repeat}…`);
    const load2 = loadAverage();
    const c = await run('one page changed');
    // report.json counts every page of the output as converted, and those taken from the last run as unchanged too.
    const { converted = 0, unchanged: kept = 0 } = (await report(out)).pages ?? {};
    if (converted - kept !== 1)
      throw new Error(`the re-run after one page changed converted ${converted - kept} pages again, not 1`);
    if (onePage === undefined || c.seconds < onePage.seconds) [onePage, onePageLoad] = [c, load2];
  }
  return { unchanged: unchanged!, unchangedLoad, onePage: onePage!, onePageLoad, page, out };
}
