// SIGTERM (systemd stopping a timer job) and SIGINT (Ctrl-C) in the middle of a run on the 2022 corpus:
// exit 143/130 with one line saying what was left, no temporary file, no lock, the previous output
// untouched, and a re-run that converges to the output of a run never stopped.
//
// The CLI runs from dist/ in a child process (`npm test` builds first), as a service manager runs it.

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { CORPUS, describeCorpus, PROJECT_ROOT } from '../../support/corpus.js';

const CLI = path.join(PROJECT_ROOT, 'dist', 'src', 'cli', 'main.js');
const PAGES = 2733;

interface Outcome {
  status: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/**
 * `pathway-kg run` on the corpus into `out`; with `stopWith`, that signal is sent once the progress
 * line shows `atPercent`% of the pages done (the progress goes to stderr, a line every 10%).
 */
function runCorpus(out: string, extra: string[] = [], stopWith?: NodeJS.Signals, atPercent = 20): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const args = [
      'run',
      '--source',
      CORPUS.pages2022,
      '--datanodes',
      CORPUS.datanodes2022,
      '--reference',
      CORPUS.reference,
      '--out',
      out,
      ...extra,
    ];
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let sent = false;
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
      const pct = [...stderr.matchAll(/ pages \(([0-9]+)%\)/g)].map((m) => Number(m[1]));
      if (stopWith && !sent && pct.some((p) => p >= atPercent && p < 100)) {
        sent = true;
        child.kill(stopWith);
      }
    });
    child.on('error', reject);
    child.on('close', (status, signal) => resolve({ status, signal, stderr }));
  });
}

/** Every file under `dir` (temporary and lock files included), relative path -> sha256. */
async function snapshot(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!existsSync(dir)) return out;
  for (const name of (await readdir(dir, { recursive: true })).sort()) {
    const bytes = await readFile(path.join(dir, name)).catch(() => undefined); // folders
    if (bytes !== undefined) out.set(name, createHash('sha256').update(bytes).digest('hex'));
  }
  return out;
}

/** The outputs with what differs between two runs of the same input taken out (times, --out, mtimes). */
async function comparable(dir: string): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  for (const name of (await readdir(dir, { recursive: true })).sort()) {
    if (name === 'report.json') continue;
    const bytes = await readFile(path.join(dir, name)).catch(() => undefined);
    if (bytes === undefined) continue;
    let text = bytes.toString('utf8');
    if (name === 'state.json') {
      const s = JSON.parse(text);
      delete s.allNq;
      delete s.fingerprint; // hashes the flags (--out differs) and notes which stamps were racy (timing)
      text = JSON.stringify(s);
    } else if (name === path.join('layout', 'layout.json')) {
      const s = JSON.parse(text);
      delete s.allNq; // when all.nq was written, as in state.json
      text = JSON.stringify(s);
    } else if (name === 'all.nq' || name === 'dataset.ttl') text = text.replace(/"[0-9T:.-]+Z"\^\^/g, '"time"^^');
    result.set(name, createHash('sha256').update(text).digest('hex'));
  }
  return result;
}

const leftovers = (snap: Map<string, string>) =>
  [...snap.keys()].filter((n) => n.endsWith('.tmp') || n.includes('.pathway-kg.lock'));

describeCorpus('stopping a run with a signal (2022 corpus)', () => {
  let base: string;
  let clean: Map<string, string>;
  beforeAll(async () => {
    base = await mkdtemp(path.join(tmpdir(), 'pkg-signals-'));
    const r = await runCorpus(path.join(base, 'clean'), ['--quiet']);
    if (r.status !== 3 && r.status !== 0) throw new Error(`clean run failed (${r.status}): ${r.stderr}`);
    clean = await comparable(path.join(base, 'clean'));
  }, 300_000);

  it('SIGTERM during a first run: exit 143, one line, nothing left behind; the re-run gives the clean output', async () => {
    const out = path.join(base, 'out');
    const r = await runCorpus(out, [], 'SIGTERM');
    expect(r.signal).toBe(null); // handled, not killed by it
    expect(r.status).toBe(143);
    const last = r.stderr.trimEnd().split('\n').at(-1)!;
    const m = new RegExp(
      `^pathway-kg run: stopped by SIGTERM after ([0-9]+) of ${PAGES} pages: this run's files were abandoned \\(all\\.nq and state\\.json are as before this run\\), temporary files removed, lock released; run again to finish$`,
    ).exec(last);
    expect(m, last).not.toBe(null);
    expect(Number(m![1])).toBeGreaterThan(0);
    expect(Number(m![1])).toBeLessThan(PAGES);
    // A first run stopped leaves no output at all: no state, no all.nq, no pathway file, no temporary file, no lock.
    // Only the parsed-reference cache (a cache, not output), written whole when the run stops: the re-run uses it.
    expect([...(await snapshot(out)).keys()]).toEqual(['reference-cache.json']);
    const again = await runCorpus(out, ['--quiet']);
    expect(again.status).toBe(3);
    expect(await comparable(out)).toEqual(clean);
  }, 300_000);

  it('SIGINT during a --full re-run: exit 130; every file of the previous run byte for byte as it was; the re-run converges', async () => {
    const out = path.join(base, 'out'); // as the test above left it: a completed run
    const before = await snapshot(out);
    expect(before.has('all.nq') && before.has('state.json')).toBe(true);
    const r = await runCorpus(out, ['--full'], 'SIGINT', 50);
    expect(r.signal).toBe(null);
    expect(r.status).toBe(130);
    expect(r.stderr.trimEnd().split('\n').at(-1)).toMatch(
      new RegExp(`^pathway-kg run: stopped by SIGINT after [0-9]+ of ${PAGES} pages: `),
    );
    const after = await snapshot(out);
    expect(leftovers(after)).toEqual([]);
    expect(after).toEqual(before);
    // The state still describes all.nq: the re-run reuses every pathway.
    const again = await runCorpus(out, ['--quiet']);
    expect(again.status).toBe(3);
    const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8'));
    expect(report.pages.unchanged).toBe(report.pages.converted);
    expect(await comparable(out)).toEqual(clean);
  }, 300_000);
});
