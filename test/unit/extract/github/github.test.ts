// `run --source github:…` against an in-process stand-in for GitHub (test/support/fakeGithub.ts)
// serving a small subset of the shared corpus, read in place, as a repository with two commits.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../../../support/cli.js';
import { CORPUS, describeCorpus, PROJECT_ROOT } from '../../../support/corpus.js';
import { blobSha, FakeGithub, type Files } from '../../../../bench/fakeGithub.js';

const REFERENCE = path.join(PROJECT_ROOT, 'examples', 'reference');
const DATASET = '<urn:pathway-kg:dataset> .';

/** The first `n` pages of the current snapshot by WP number. */
function wpids(n: number): string[] {
  return readdirSync(CORPUS.pagesCurrent)
    .filter((f) => /^WP\d+\.md$/.test(f))
    .map((f) => f.slice(0, -3))
    .sort((a, b) => Number(a.slice(2)) - Number(b.slice(2)))
    .slice(0, n);
}

/** A repository tree as upstream lays it out, plus files the run has no use for. */
function repoFiles(ids: string[]): Files {
  const files: Files = new Map([['README.md', Buffer.from('# not a page\n')]]);
  for (const id of ids) {
    files.set(`pathways/${id}/${id}.md`, readFileSync(path.join(CORPUS.pagesCurrent, `${id}.md`)));
    const table = path.join(CORPUS.datanodesCurrent, `${id}-datanodes.tsv`);
    if (existsSync(table)) files.set(`pathways/${id}/${id}-datanodes.tsv`, readFileSync(table));
    files.set(`pathways/${id}/${id}.gpml`, Buffer.from(`<Pathway Name="${id}"/>\n`));
  }
  return files;
}

const wanted = (p: string) => /\/WP\d+(\.md|-datanodes\.tsv)$/.test(p);

/** The same files as a local folder, run the ordinary way: the output a GitHub run must equal. */
async function localRun(files: Files, dir: string): Promise<{ status: number; out: string }> {
  const source = path.join(dir, 'src');
  for (const [p, b] of files) {
    if (!wanted(p)) continue;
    await mkdir(path.dirname(path.join(source, p)), { recursive: true });
    await writeFile(path.join(source, p), b);
  }
  const out = path.join(dir, 'out');
  const r = await runCli(['run', '--source', source, '--reference', REFERENCE, '--out', out, '--quiet']);
  return { status: r.status, out };
}

/** all.nq without the dataset graph, every Turtle file: what must not depend on where pages came from. */
async function outputOf(out: string): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  const nq = await readFile(path.join(out, 'all.nq'), 'utf8');
  result['all.nq'] = nq
    .split('\n')
    .filter((l) => !l.endsWith(DATASET))
    .join('\n');
  result['ontologies.ttl'] = await readFile(path.join(out, 'ontologies.ttl'), 'utf8');
  for (const f of (await readdir(path.join(out, 'pathways'))).sort())
    result[`pathways/${f}`] = await readFile(path.join(out, 'pathways', f), 'utf8');
  return result;
}

function changeTitle(page: Buffer): Buffer {
  const text = page.toString('utf8');
  const changed = text.replace(/\ntitle: (.*)\n/, '\ntitle: $1 (revised)\n');
  if (changed === text) throw new Error('fixture: no title line');
  return Buffer.from(changed);
}

describeCorpus('run --source github:owner/repo', () => {
  const github = new FakeGithub();
  const ids = wpids(32);
  const first = repoFiles(ids.slice(0, 30));
  // The second commit: two pages removed, two pages and one table changed, two pages added.
  const second: Files = new Map(first);
  const [gone1, gone2, edited1, edited2, tableEdited] = ids as [string, string, string, string, string];
  for (const id of [gone1, gone2])
    for (const p of [...second.keys()]) if (p.startsWith(`pathways/${id}/`)) second.delete(p);
  for (const id of [edited1, edited2])
    second.set(`pathways/${id}/${id}.md`, changeTitle(first.get(`pathways/${id}/${id}.md`)!));
  const tablePath = `pathways/${tableEdited}/${tableEdited}-datanodes.tsv`;
  second.set(
    tablePath,
    Buffer.from(
      first
        .get(tablePath)!
        .toString('utf8')
        .replace(/\n[^\n]*\n?$/, '\n'),
    ),
  );
  for (const [p, b] of repoFiles(ids.slice(30))) second.set(p, b);
  let dir: string;
  let out: string;
  let commit1: string;
  let commit2: string;
  const run = (extra: string[] = [], env: NodeJS.ProcessEnv = {}) =>
    runCli(
      [
        'run',
        '--source',
        github.spec,
        '--github-api',
        github.api,
        '--github-raw',
        github.raw,
        '--reference',
        REFERENCE,
        '--out',
        out,
        '--quiet',
        ...extra,
      ],
      env,
    );

  beforeAll(async () => {
    await github.start();
    dir = await mkdtemp(path.join(tmpdir(), 'pkg-github-'));
    out = path.join(dir, 'out');
    commit1 = github.push(first);
  });
  afterAll(() => github.stop());

  it('first run: downloads every page and table once, and writes what a local-folder run writes', async () => {
    const r = await run();
    const local = await localRun(first, path.join(dir, 'local1'));
    expect(r.status).toBe(local.status);
    expect(github.requests('/api/')).toEqual([
      `/api/repos/${github.owner}/${github.repo}/commits/HEAD`,
      `/api/repos/${github.owner}/${github.repo}/git/trees/${commit1}?recursive=1`,
    ]);
    const expected = [...first.keys()].filter(wanted).map((p) => `/raw/${github.owner}/${github.repo}/${commit1}/${p}`);
    expect(expected.length).toBeGreaterThanOrEqual(50);
    expect(github.requests('/raw/').sort()).toEqual(expected.sort());
    expect(await outputOf(out)).toEqual(await outputOf(local.out));
  });

  it('records each pathway provenance in source.json and the dataset graph', async () => {
    const prov = JSON.parse(await readFile(path.join(out, 'source.json'), 'utf8'));
    const id = ids[5]!;
    expect(prov.commit).toBe(commit1);
    expect(prov.repository).toBe('wikipathways/wikipathways-database');
    expect(prov.fetched).toMatchObject({
      listingCached: false,
      downloaded: [...first.keys()].filter(wanted).length,
      requests: 2 + [...first.keys()].filter(wanted).length,
    });
    expect(prov.pathways[id]).toContainEqual({
      path: `pathways/${id}/${id}.md`,
      sha: blobSha(first.get(`pathways/${id}/${id}.md`)!),
      commit: commit1,
    });
    const nq = await readFile(path.join(out, 'all.nq'), 'utf8');
    const fileIri = `<${github.raw}/wikipathways/wikipathways-database/${commit1}/pathways/${id}/${id}.md>`;
    expect(nq).toContain(
      `<https://identifiers.org/wikipathways/${id}> <http://www.w3.org/ns/prov#wasDerivedFrom> ${fileIri} ${DATASET}`,
    );
    expect(nq).toContain(
      `${fileIri} <http://purl.org/dc/terms/identifier> "git-blob:${blobSha(first.get(`pathways/${id}/${id}.md`)!)}" ${DATASET}`,
    );
    const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8'));
    expect(report.source).toBe(`github:wikipathways/wikipathways-database@${commit1}`);
  });

  it('a second --out sharing the cache downloads nothing and writes the same output', async () => {
    const before = github.log.length;
    const other = path.join(dir, 'other-out');
    const r = await runCli([
      'run',
      '--source',
      github.spec,
      '--github-api',
      github.api,
      '--github-raw',
      github.raw,
      '--reference',
      REFERENCE,
      '--out',
      other,
      '--cache',
      path.join(out, 'cache'),
      '--quiet',
    ]);
    expect(r.status).toBe(0);
    expect(github.log.slice(before)).toEqual([`/api/repos/${github.owner}/${github.repo}/commits/HEAD`]);
    expect(await outputOf(other)).toEqual(await outputOf(out));
    expect(existsSync(path.join(other, 'cache'))).toBe(false);
  });

  it('a missing --reference is found before anything is downloaded', async () => {
    const before = github.log.length;
    const r = await runCli([
      'run',
      '--source',
      github.spec,
      '--github-api',
      github.api,
      '--github-raw',
      github.raw,
      '--out',
      path.join(dir, 'no-ref'),
      '--quiet',
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('pathway-kg run: Missing --reference <dir> [USAGE]\n');
    expect(github.log.length).toBe(before);
  });

  it('a no-change night costs one request (the ref resolved) and no download', async () => {
    const before = github.log.length;
    const r = await run();
    expect(r.status).toBe(0);
    expect(github.log.slice(before)).toEqual([`/api/repos/${github.owner}/${github.repo}/commits/HEAD`]);
    // Same commit, same files: nothing read or written (the download's own figures do not count as a change).
    expect(JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')).unchangedSince).toBeDefined();
  });

  it('after a second commit, fetches exactly the changed blobs, replaces and drops the right graphs', async () => {
    const ttlBefore = await outputOf(out);
    commit2 = github.push(second);
    const before = github.log.length;
    const r = await run();
    const log = github.log.slice(before);
    const changed = [...second]
      .filter(([p, b]) => wanted(p) && first.get(p)?.equals(b) !== true)
      .map(([p]) => `/raw/${github.owner}/${github.repo}/${commit2}/${p}`);
    // 2 pages + 1 table changed, 2 pages (and their tables) added.
    expect(changed.length).toBeGreaterThanOrEqual(5);
    expect(log.filter((l) => l.startsWith('/raw/')).sort()).toEqual(changed.sort());
    expect(log.filter((l) => l.startsWith('/api/'))).toHaveLength(2);
    const local = await localRun(second, path.join(dir, 'local2'));
    expect(r.status).toBe(local.status);
    const now = await outputOf(out);
    expect(now).toEqual(await outputOf(local.out));
    expect(now[`pathways/${gone1}.ttl`]).toBeUndefined();
    expect(now[`pathways/${edited1}.ttl`]).toContain('(revised)');
    expect(now[`pathways/${ids[30]}.ttl`]).toBeDefined();
    expect(now[`pathways/${ids[10]}.ttl`]).toBe(ttlBefore[`pathways/${ids[10]}.ttl`]);
  });
});
