import { cp, mkdtemp, readdir, readFile, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Parser } from 'n3';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../support/corpus.js';
import { runCli } from '../../support/cli.js';

const EXAMPLES = path.join(PROJECT_ROOT, 'examples');
const REFERENCE = path.join(EXAMPLES, 'reference');

describe('pathway-kg run with bad pages', () => {
  let source: string;
  let out: string;
  let result: Awaited<ReturnType<typeof runCli>>;
  let report: any;

  beforeAll(async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pkg-bad-'));
    source = path.join(dir, 'pages');
    out = path.join(dir, 'out');
    await cp(path.join(PROJECT_ROOT, 'test/fixtures/pages-bad'), source, { recursive: true });
    await symlink(path.join(dir, 'nowhere.md'), path.join(source, 'WP16.md'));
    result = await runCli(['run', '--source', source, '--reference', REFERENCE, '--out', out, '--quiet']);
    report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8'));
  });

  it('exits 3 and writes the good page', async () => {
    expect(result.status).toBe(3);
    expect(await readdir(path.join(out, 'pathways'))).toEqual(['WP11.ttl']);
    expect(report.pages).toEqual({ read: 7, converted: 1, rejected: 6, unchanged: 0 });
  });

  it('records every reject with code, file, line and exact message', () => {
    const rel = (f: string) => path.relative(source, f);
    const rejects = report.rejects.map((r: any) => [r.code, rel(r.file), r.line, r.message]);
    expect(rejects).toEqual([
      [
        'PAGE_DUPLICATE_WPID',
        'nested/WP11.md',
        undefined,
        `Second page for WP11 (first: ${path.join(source, 'WP11.md')}); not read`,
      ],
      ['PAGE_YAML_INVALID', 'WP12.md', 6, 'Invalid YAML in frontmatter: bad indentation of a sequence entry'],
      ['PAGE_WPID_MISSING', 'WP13.md', 2, 'Page has no "wpid" (or "ID") key'],
      ['PAGE_TITLE_MISSING', 'WP14.md', 2, 'Page has no title ("title" and schema-jsonld "name" are missing or empty)'],
      ['PAGE_FRONTMATTER_MISSING', 'WP15.md', 1, 'Page does not start with a "---" frontmatter line'],
      ['PAGE_UNREADABLE', 'WP16.md', undefined, 'Cannot read page: ENOENT'],
    ]);
  });

  it('leaves no temporary files behind', async () => {
    const all = [...(await readdir(out)), ...(await readdir(path.join(out, 'pathways')))];
    expect(all.filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});

describe('pathway-kg usage errors', () => {
  it('exits 2 and names the flag when --source is missing', async () => {
    const r = await runCli(['run', '--reference', REFERENCE, '--out', '/tmp/x']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('pathway-kg run: Missing --source <dir> [USAGE]\n');
  });

  it('exits 2 for an unknown flag', async () => {
    const r = await runCli(['run', '--sauce', 'x']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("Unknown option '--sauce'");
  });

  it('exits 2 when the reference folder lacks a table', async () => {
    const r = await runCli([
      'run',
      '--source',
      path.join(EXAMPLES, 'pages'),
      '--reference',
      path.join(EXAMPLES, 'pages'),
      '--out',
      '/tmp/pkg-noref',
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/REFERENCE_MISSING/);
  });

  it('prints help for run', async () => {
    const r = await runCli(['run', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: pathway-kg run --source <dir> --reference <dir> --out <dir>/);
  });
});

describe('pathway-kg run on the bundled examples', () => {
  it('is deterministic: two runs give byte-identical Turtle files that parse back', async () => {
    const dirs = [await mkdtemp(path.join(tmpdir(), 'pkg-a-')), await mkdtemp(path.join(tmpdir(), 'pkg-b-'))];
    for (const out of dirs) {
      const r = await runCli([
        'run',
        '--source',
        path.join(EXAMPLES, 'pages'),
        '--datanodes',
        path.join(EXAMPLES, 'datanodes'),
        '--reference',
        REFERENCE,
        '--out',
        out,
        '--quiet',
      ]);
      expect(r.status).toBe(0);
    }
    const names = await readdir(path.join(dirs[0]!, 'pathways'));
    expect(names).toEqual(['WP9001.ttl', 'WP9002.ttl', 'WP9003.ttl', 'WP9004.ttl']);
    for (const name of names) {
      const [a, b] = await Promise.all(dirs.map((d) => readFile(path.join(d, 'pathways', name), 'utf8')));
      expect(a).toBe(b);
      expect(new Parser().parse(a!).length).toBeGreaterThan(10);
    }
  });
});
