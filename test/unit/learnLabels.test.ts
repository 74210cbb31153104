// learnLabels(): the learn-labels job as a library call, without the CLI.

import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { learnLabels } from '../../src/learnLabels.js';
import { PROJECT_ROOT } from '../support/corpus.js';

const FIXTURES = path.join(PROJECT_ROOT, 'test', 'fixtures', 'learn');
const SNAPSHOTS = ['snap1', 'snap2'].map((s) => ({
  source: path.join(FIXTURES, s, 'pages'),
  datanodes: [path.join(FIXTURES, s, 'datanodes')],
}));

describe('learnLabels', () => {
  let tmp: string;
  let reference: string;
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'pathway-kg-learn-lib-'));
    reference = path.join(tmp, 'reference');
    await cp(path.join(PROJECT_ROOT, 'examples', 'reference'), reference, { recursive: true });
    await cp(
      path.join(PROJECT_ROOT, 'test', 'fixtures', 'participants', 'hgnc_small.txt'),
      path.join(reference, 'hgnc', 'hgnc_complete_set.txt'),
    );
  });
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('learns from every snapshot, writes the useful verdicts and says how many', async () => {
    const out = path.join(tmp, 'usage.tsv');
    expect(await learnLabels({ sources: SNAPSHOTS, reference, out })).toEqual({
      pathways: 3,
      labels: 5,
      verdicts: 3,
      skipped: 0,
    });
    const rows = (await readFile(out, 'utf8')).split('\n').filter((l) => !l.startsWith('#'));
    expect(rows).toEqual([
      'label\tsense\tpathways\tof',
      'AKT\tHGNC:391\t3\t3',
      'ROS\tnot a gene\t2\t2',
      'p38\tHGNC:6876\t1\t1',
      '',
    ]);
  });

  it('rejects a folder that is not there before reading or writing anything', async () => {
    const out = path.join(tmp, 'never.tsv');
    const missing = path.join(tmp, 'no-such-folder');
    const sources = [SNAPSHOTS[0]!, { source: SNAPSHOTS[1]!.source, datanodes: [missing] }];
    await expect(learnLabels({ sources, reference, out })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      key: '--datanodes',
      file: missing,
      message: `--datanodes ${missing} is not a folder`,
    });
    expect(existsSync(out)).toBe(false);
  });
});
