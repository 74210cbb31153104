// bench/stages.ts, the stages of one build alone: run from the build (`npm test` builds first) as npm run bench runs
// it, over the example pages, for this build and for a folder that is no build.

import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listSources } from '../../../src/extract/listSources.js';
import { readSources } from '../../../src/extract/readSources.js';
import { loadMappings } from '../../../src/mappings.js';
import { loadReference } from '../../../src/reference/loadReference.js';
import { transformContext, transformPage } from '../../../src/transform/transformPage.js';
import { PROJECT_ROOT } from '../../support/corpus.js';

const EXAMPLES = path.join(PROJECT_ROOT, 'examples');
const SCRIPT = path.join(PROJECT_ROOT, 'dist', 'bench', 'stages.js');

function stages(dist: string) {
  const args = ['--dist', dist, '--source', path.join(EXAMPLES, 'pages'), '--datanodes'];
  args.push(path.join(EXAMPLES, 'datanodes'), '--reference', path.join(EXAMPLES, 'reference'));
  return spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8' });
}

describe('bench/stages.js', () => {
  let empty: string;
  beforeAll(async () => {
    empty = await mkdtemp(path.join(tmpdir(), 'pathway-kg-stages-'));
  });
  afterAll(async () => {
    await rm(empty, { recursive: true, force: true });
  });

  it('times every example page through the build it is given, with as many quads as the transform makes', async () => {
    const r = stages(path.join(PROJECT_ROOT, 'dist'));
    expect(r.status, r.stderr).toBe(0);
    const figures = JSON.parse(r.stdout.trim()) as Record<string, number>;
    const pages = (await readdir(path.join(EXAMPLES, 'pages'))).filter((f) => /^WP\d+\.md$/.test(f));
    expect(figures['pages']).toBe(pages.length);
    // The same pages transformed here, from the sources: the script's loop loses no page and counts every quad.
    const mappings = loadMappings();
    const ctx = transformContext(mappings, await loadReference(path.join(EXAMPLES, 'reference'), mappings));
    let quads = 0;
    const listing = await listSources(path.join(EXAMPLES, 'pages'), [path.join(EXAMPLES, 'datanodes')]);
    for await (const read of readSources(listing))
      if (read.ok) quads += (await transformPage(read.page, ctx)).quads.length;
    expect(quads).toBeGreaterThan(0);
    expect(figures['quads']).toBe(quads);
    for (const key of ['referenceSeconds', 'transformSeconds', 'serializeSeconds', 'transformCpu', 'serializeCpu'])
      expect(figures[key], key).toBeGreaterThan(0);
  });

  it('names what a folder that is no build lacks, and exits 1', () => {
    const r = stages(empty);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/no loadMappings in src\/mappings\.js/);
    expect(r.stdout).toBe('');
  });
});
