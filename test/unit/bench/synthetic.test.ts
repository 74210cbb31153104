import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { syntheticPage, writeSyntheticCorpus, type RealPage } from '../../../bench/synthetic.js';

// WP1 is a prefix of WP10: a rewrite of WP1 that is not whole-word would turn WP10 into WP10000010.
const REAL: RealPage[] = [
  {
    wpid: 'WP1',
    page: '---\ntitle: Statin pathway\nwpid: WP1\nredirect_from:\n- /instance/WP1\ndescription: see WP10 and WP1.\n---\n',
    table:
      'Label\tType\tID\tDatabase\tComment\nStatin\tPathway\tWP10\tWikiPathways\t\nSelf\tPathway\tWP1\tWikiPathways\t\n',
  },
  { wpid: 'WP10', page: "---\ntitle: 'Quoted: title'\nwpid: WP10\n---\n", table: undefined },
];

describe('synthetic corpus', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('gives page i the id WP<100000+i> in place of the real page own id, and leaves other ids alone', () => {
    const p = syntheticPage(REAL, 0);
    expect(p.wpid).toBe('WP100000');
    expect(p.page).toBe(
      '---\ntitle: Statin pathway\nwpid: WP100000\nredirect_from:\n- /instance/WP100000\ndescription: see WP10 and WP100000.\n---\n',
    );
    expect(p.table).toBe(
      'Label\tType\tID\tDatabase\tComment\nStatin\tPathway\tWP10\tWikiPathways\t\nSelf\tPathway\tWP100000\tWikiPathways\t\n',
    );
  });

  it('cycles through the real pages and marks the title of every later round', () => {
    expect(syntheticPage(REAL, 1).page).toBe("---\ntitle: 'Quoted: title'\nwpid: WP100001\n---\n");
    const third = syntheticPage(REAL, 2);
    expect(third.wpid).toBe('WP100002');
    expect(third.page).toContain('\ntitle: Statin pathway (copy 1)\nwpid: WP100002\n');
    expect(syntheticPage(REAL, 4).page).toContain('\ntitle: Statin pathway (copy 2)\n');
    // A quoted title is left as it is rather than risk breaking the YAML.
    expect(syntheticPage(REAL, 3).page).toBe("---\ntitle: 'Quoted: title'\nwpid: WP100003\n---\n");
  });

  it('writes pages and tables (only where the real page has one) into a new folder, and refuses an existing one', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'pathway-kg-synthetic-'));
    const out = path.join(dir, 'corpus');
    const written = await writeSyntheticCorpus(REAL, 5, out);
    expect(written).toMatchObject({ pages: 5, tables: 3 });
    expect((await readdir(path.join(out, 'pages'))).sort()).toEqual([
      'WP100000.md',
      'WP100001.md',
      'WP100002.md',
      'WP100003.md',
      'WP100004.md',
    ]);
    expect((await readdir(path.join(out, 'datanodes'))).sort()).toEqual([
      'WP100000-datanodes.tsv',
      'WP100002-datanodes.tsv',
      'WP100004-datanodes.tsv',
    ]);
    expect(await readFile(path.join(out, 'pages', 'WP100004.md'), 'utf8')).toContain('wpid: WP100004\n');
    await expect(writeSyntheticCorpus(REAL, 1, out)).rejects.toThrow(/exists already/);
  });
});
