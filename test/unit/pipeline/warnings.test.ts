// A nightly report says the same thing about the same input: an unchanged re-run reports the warnings
// of the run that converted its pages, not none.

import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../support/corpus.js';
import { runCli } from '../../support/cli.js';

const FIXTURES = path.join(PROJECT_ROOT, 'test/fixtures/iris');
const REFERENCE = path.join(PROJECT_ROOT, 'examples/reference');

describe('warnings on an unchanged re-run', () => {
  let dir: string;
  let args: string[];
  const reportOf = async () => JSON.parse(await readFile(path.join(dir, 'out', 'report.json'), 'utf8'));
  let first: any;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'pkg-warn-'));
    await cp(path.join(FIXTURES, 'pages'), path.join(dir, 'pages'), { recursive: true });
    await cp(path.join(FIXTURES, 'datanodes'), path.join(dir, 'datanodes'), { recursive: true });
    args = [
      'run',
      '--source',
      path.join(dir, 'pages'),
      '--datanodes',
      path.join(dir, 'datanodes'),
      '--reference',
      REFERENCE,
      '--out',
      path.join(dir, 'out'),
      '--quiet',
    ];
    const r = await runCli(args);
    expect(r.status).toBe(0);
    first = await reportOf();
  });

  it('the first run has warnings to repeat', () => {
    expect(first.warnings.total).toBeGreaterThan(5);
    expect(first.pages.unchanged).toBe(0);
  });

  it('reports the same warnings, counts and order when nothing changed', async () => {
    expect((await runCli(args)).status).toBe(0);
    const second = await reportOf();
    expect(second.pages.unchanged).toBe(2);
    expect(second.warnings).toEqual(first.warnings);
  });

  it("drops the warnings of a page whose edit fixed them, keeps the other page's", async () => {
    const page = path.join(dir, 'pages', 'WP902.md');
    const kept = first.warnings.items.filter((w: any) => !w.file?.endsWith('WP902.md'));
    const text = await readFile(page, 'utf8');
    // WP902 replaced by a page with no hostile values: its warnings must go, WP901's stay.
    const clean = await readFile(path.join(PROJECT_ROOT, 'examples/pages/WP9001.md'), 'utf8');
    expect(text).not.toBe(clean);
    await writeFile(page, clean.replace(/WP9001/g, 'WP902'));
    expect((await runCli(args)).status).toBe(0);
    const third = await reportOf();
    expect(third.pages.unchanged).toBe(1);
    expect(third.warnings.items).toEqual(kept);
  });
});
