// runPipeline twice in one process (a server, a watch loop, a test suite): the second run must not
// trust what the first one learnt about the disk. Reported bug: with the output folder removed in
// between, the (main-thread) writer skipped making pathways/ again and failed with a raw ENOENT on
// `pathways/.WP9001.ttl.<pid>.tmp`.

import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkRunConfig } from '../../../src/config.js';
import { runPipeline } from '../../../src/pipeline.js';
import { PROJECT_ROOT } from '../../support/corpus.js';

const EXAMPLES = path.join(PROJECT_ROOT, 'examples');

describe('runPipeline twice in one process', () => {
  let out: string;

  beforeAll(async () => {
    out = path.join(await mkdtemp(path.join(tmpdir(), 'pkg-rerun-')), 'out');
  });

  const config = () =>
    checkRunConfig({
      source: path.join(EXAMPLES, 'pages'),
      datanodes: [path.join(EXAMPLES, 'datanodes')],
      reference: path.join(EXAMPLES, 'reference'),
      out,
      full: true,
    });

  it('writes the same pathway files again after the output folder was removed', async () => {
    await runPipeline(config());
    const names = (await readdir(path.join(out, 'pathways'))).sort();
    expect(names).toEqual(['WP9001.ttl', 'WP9002.ttl', 'WP9003.ttl', 'WP9004.ttl']);
    const first = await Promise.all(names.map((n) => readFile(path.join(out, 'pathways', n))));

    await rm(out, { recursive: true, force: true });
    const report = await runPipeline(config());

    expect(report.pages.converted).toBe(4);
    expect((await readdir(path.join(out, 'pathways'))).sort()).toEqual(names);
    const second = await Promise.all(names.map((n) => readFile(path.join(out, 'pathways', n))));
    second.forEach((bytes, i) => expect(bytes.equals(first[i]!)).toBe(true));
    expect((await readdir(out)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
