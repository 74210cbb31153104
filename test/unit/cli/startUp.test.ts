// What a night with nothing to do loads: none of the packages the transform and the load need (n3, gray-matter,
// jsonld, undici), which would cost it a fifth of its time; a run that converts loads them, which shows the probe sees
// them.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../support/corpus.js';
import { runDistCli } from '../../support/distCli.js';

const TMP = mkdtempSync(path.join(os.tmpdir(), 'pathway-kg-startup-'));
const OUT = path.join(TMP, 'out');
const LOADED = path.join(TMP, 'loaded.json');
const PROBE = path.join(TMP, 'probe.mjs');
const EXAMPLES = path.join(PROJECT_ROOT, 'examples');
const HEAVY = ['n3', 'gray-matter', 'jsonld', 'undici'];

// The CommonJS modules the process loaded, written when it exits (the packages above are CommonJS).
writeFileSync(
  PROBE,
  `import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
const require = createRequire(import.meta.url);
process.on('exit', () => writeFileSync(${JSON.stringify(LOADED)}, JSON.stringify(Object.keys(require.cache))));
`,
);

afterAll(() => rmSync(TMP, { recursive: true, force: true }));

/** The heavy packages a run over the examples loaded. */
async function packagesLoaded(): Promise<string[]> {
  rmSync(LOADED, { force: true });
  const args = ['run', '--source', `${EXAMPLES}/pages`, '--datanodes', `${EXAMPLES}/datanodes`];
  const run = await runDistCli([...args, '--reference', `${EXAMPLES}/reference`, '--out', OUT, '--quiet'], {
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${pathToFileURL(PROBE).href}`,
  });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  const files = JSON.parse(readFileSync(LOADED, 'utf8')) as string[];
  return HEAVY.filter((p) => files.some((f) => f.includes(`${path.sep}node_modules${path.sep}${p}${path.sep}`)));
}

describe('start-up of `pathway-kg run`', () => {
  it('loads the transform and load packages on a run that converts, and none of them when nothing changed', async () => {
    expect(await packagesLoaded()).toEqual(expect.arrayContaining(['n3', 'gray-matter']));
    const report = () => JSON.parse(readFileSync(path.join(OUT, 'report.json'), 'utf8')) as { unchangedSince?: string };
    expect(report().unchangedSince).toBeUndefined();
    expect(await packagesLoaded()).toEqual([]);
    expect(report().unchangedSince).toBeDefined(); // the quick path was taken
  }, 60_000);
});
