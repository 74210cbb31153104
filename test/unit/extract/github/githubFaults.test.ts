// A GitHub source that misbehaves: 5xx bursts, dropped connections, rate limits, bytes that do not
// match their SHA, a truncated listing. Each ends with the right content or a clear error; nothing good is lost.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isPipelineError } from '../../../../src/errors.js';
import { parseGithubSource } from '../../../../src/extract/github/source.js';
import { syncGithubSource } from '../../../../src/extract/github/sync.js';
import { runCli } from '../../../support/cli.js';
import { CORPUS, describeCorpus, PROJECT_ROOT } from '../../../support/corpus.js';
import { blobSha, FakeGithub, type Files } from '../../../../bench/fakeGithub.js';

const REFERENCE = path.join(PROJECT_ROOT, 'examples', 'reference');

function repoFiles(ids: string[]): Files {
  const files: Files = new Map();
  for (const id of ids) {
    files.set(`pathways/${id}/${id}.md`, readFileSync(path.join(CORPUS.pagesCurrent, `${id}.md`)));
    const table = path.join(CORPUS.datanodesCurrent, `${id}-datanodes.tsv`);
    if (existsSync(table)) files.set(`pathways/${id}/${id}-datanodes.tsv`, readFileSync(table));
  }
  return files;
}

// Twelve pages further into the snapshot than github.test.ts reads (empty without the corpus: the describe is skipped).
const IDS = (existsSync(CORPUS.pagesCurrent) ? readdirSync(CORPUS.pagesCurrent) : [])
  .filter((f) => /^WP\d+\.md$/.test(f))
  .map((f) => f.slice(0, -3))
  .sort((a, b) => Number(a.slice(2)) - Number(b.slice(2)))
  .slice(100, 112);

async function snapshotOf(out: string): Promise<Record<string, string>> {
  // The dataset graph says when the run was: everything else must be the same.
  const nq = await readFile(path.join(out, 'all.nq'), 'utf8');
  const result: Record<string, string> = {
    'all.nq': nq
      .split('\n')
      .filter((l) => !l.endsWith('<urn:pathway-kg:dataset> .'))
      .join('\n'),
  };
  for (const f of await readdir(path.join(out, 'pathways')))
    result[f] = await readFile(path.join(out, 'pathways', f), 'utf8');
  return result;
}

describeCorpus('a misbehaving GitHub source', () => {
  const github = new FakeGithub();
  const first = repoFiles(IDS.slice(0, 10));
  let dir: string;
  let n = 0;
  const newOut = () => path.join(dir, `out${++n}`);
  const run = (out: string) =>
    runCli([
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
    ]);
  let goodOut: string;
  let good: Record<string, string>;
  let goodNq: string;
  const untouched = async () => {
    expect(await readFile(path.join(goodOut, 'all.nq'), 'utf8')).toBe(goodNq);
    expect(await snapshotOf(goodOut)).toEqual(good);
  };

  beforeAll(async () => {
    await github.start();
    dir = await mkdtemp(path.join(tmpdir(), 'pkg-github-faults-'));
    github.push(first);
    goodOut = newOut();
    expect((await run(goodOut)).status).toBe(0);
    good = await snapshotOf(goodOut);
    goodNq = await readFile(path.join(goodOut, 'all.nq'), 'utf8');
  });
  afterAll(() => github.stop());
  beforeEach(() => {
    github.fault = undefined;
    github.truncated = false;
    github.branches.set('main', [...github.commits.keys()][0]!);
  });

  it('5xx bursts and dropped connections are retried to the same output', async () => {
    let api = 0;
    let raw = 0;
    github.fault = (req, res) => {
      if (req.url!.startsWith('/api/') && api++ === 0) return (res.writeHead(502).end('bad gateway'), true);
      if (!req.url!.startsWith('/raw/')) return false;
      raw++;
      if (raw <= 3) return (res.writeHead(503, { 'content-type': 'text/html' }).end('<html>busy</html>'), true);
      if (raw <= 5) return (req.socket.destroy(), true);
      return false;
    };
    const out = newOut();
    const r = await run(out);
    expect(r.status).toBe(0);
    expect(raw).toBeGreaterThan(5);
    expect(await snapshotOf(out)).toEqual(good);
  });

  it('429 with Retry-After and an exhausted rate limit are waited out as the server says', async () => {
    const now = 1_700_000_000_000;
    let raw = 0;
    github.fault = (req, res) => {
      if (req.url!.includes('/git/trees/') && !listed)
        return ((listed = true), res.writeHead(429, { 'retry-after': '7' }).end('{"message":"slow down"}'), true);
      if (req.url!.startsWith('/raw/') && raw++ === 0) {
        return (
          res
            .writeHead(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 3) })
            .end('{"message":"API rate limit exceeded"}'),
          true
        );
      }
      return false;
    };
    let listed = false;
    const waits: number[] = [];
    const extracted = await syncGithubSource({
      source: parseGithubSource(github.spec),
      api: github.api,
      raw: github.raw,
      cacheDir: path.join(dir, 'cache-ratelimit'),
      out: newOut(),
      concurrency: 1,
      fetch: { sleep: async (ms) => void waits.push(ms), now: () => now },
    });
    expect(waits).toEqual([7000, 4000]);
    expect(extracted.rejects).toEqual([]);
    expect(extracted.stats.downloaded).toBe([...first.keys()].length);
  });

  it('a rate limit that resets too late stops the run with status 4, output untouched', async () => {
    github.fault = (req, res) => {
      if (!req.url!.startsWith('/api/')) return false;
      res
        .writeHead(403, {
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
        })
        .end('{"message":"API rate limit exceeded"}');
      return true;
    };
    github.push(new Map([...first].slice(2)));
    const r = await run(goodOut);
    expect(r.status).toBe(4);
    expect(r.stderr).toMatch(
      /resolving wikipathways\/wikipathways-database@HEAD: rate limited \(HTTP 403\); the limit resets in 36\d\d s, more than the 900 s this run still waits \(set GITHUB_TOKEN for a higher limit\) \[SOURCE_UNREACHABLE\]/,
    );
    await untouched();
  });

  it('a host answering 429 forever is waited out at most 15 minutes in all, then SOURCE_UNREACHABLE', async () => {
    github.fault = (_req, res) => (res.writeHead(429, { 'retry-after': '60' }).end(), true);
    const waits: number[] = [];
    const error = await syncGithubSource({
      source: parseGithubSource(github.spec),
      api: github.api,
      raw: github.raw,
      cacheDir: path.join(dir, 'cache-429'),
      out: newOut(),
      concurrency: 1,
      fetch: { sleep: async (ms) => void waits.push(ms) },
    }).catch((e: unknown) => e);
    expect(waits).toEqual(Array(15).fill(60_000));
    expect(isPipelineError(error) && error.code).toBe('SOURCE_UNREACHABLE');
    expect((error as Error).message).toBe(
      'resolving wikipathways/wikipathways-database@HEAD: rate limited (HTTP 429); the limit resets in 60 s, more than the 0 s this run still waits (set GITHUB_TOKEN for a higher limit)',
    );
  });

  it('a blob longer than its listed size is cut off at size + 1 and refused, not read to the end', async () => {
    const victim = [...first.keys()][0]!;
    let sent = 0;
    github.fault = (req, res) => {
      if (!req.url!.endsWith(victim)) return false;
      res.writeHead(200);
      const chunk = Buffer.alloc(64 * 1024, 0x41);
      const more = () => {
        while (sent < 64 * 1024 * 1024 && res.write(chunk)) sent += chunk.length;
        if (sent < 64 * 1024 * 1024) res.once('drain', more);
        else res.end();
      };
      res.on('error', () => undefined);
      more();
      return true;
    };
    const extracted = await syncGithubSource({
      source: parseGithubSource(github.spec),
      api: github.api,
      raw: github.raw,
      cacheDir: path.join(dir, 'cache-long'),
      out: newOut(),
      concurrency: 2,
    });
    expect(extracted.rejects.map((e) => [e.code, e.file])).toEqual([['PAGE_DOWNLOAD_FAILED', victim]]);
    expect(extracted.rejects[0]!.message).toMatch(
      new RegExp(
        `^${victim} downloaded at [0-9a-f]{40} is longer than the ${first.get(victim)!.length} bytes its listing gives; not used, not cached$`,
      ),
    );
    expect(sent).toBeLessThan(64 * 1024 * 1024);
  });

  it('a source that never answers is given up after the retries (SOURCE_UNREACHABLE), nothing read', async () => {
    github.fault = (_req, res) => (res.writeHead(503).end(), true);
    const before = github.log.length;
    const error = await syncGithubSource({
      source: parseGithubSource(github.spec),
      api: github.api,
      raw: github.raw,
      cacheDir: path.join(dir, 'cache-down'),
      out: newOut(),
      concurrency: 2,
      fetch: { sleep: async () => undefined },
    }).catch((e: unknown) => e);
    expect(isPipelineError(error) && error.code).toBe('SOURCE_UNREACHABLE');
    expect((error as Error).message).toBe(
      'resolving wikipathways/wikipathways-database@HEAD: HTTP 503 (gave up after 5 attempts)',
    );
    expect(github.log.length - before).toBe(5);
  });

  it('a truncated listing is refused (status 2), never read as deletions', async () => {
    github.push(new Map([...first].slice(4)));
    github.truncated = true;
    const r = await run(goodOut);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      'GitHub truncated the listing (too many files for one request); nothing was changed. Clone the repository and give --source the folder instead [SOURCE_INVALID]',
    );
    await untouched();
  });

  it('GITHUB_TOKEN goes to the API and raw hosts as a header, and nowhere else', async () => {
    const token = 'ghp_NotARealTokenButLongEnough0123456789';
    const seen = new Set<string>();
    github.fault = (req) => (seen.add(String(req.headers.authorization)), false);
    const out = newOut();
    const r = await runCli(
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
      ],
      { GITHUB_TOKEN: token },
    );
    expect(r.status).toBe(0);
    expect([...seen]).toEqual([`Bearer ${token}`]);
    expect(r.stdout + r.stderr).not.toContain(token);
    for (const f of ['report.json', 'source.json', 'all.nq', 'state.json'])
      expect(await readFile(path.join(out, f), 'utf8')).not.toContain(token);
  });

  it('a token the host refuses is status 5, and the message does not show it', async () => {
    const token = 'ghp_RefusedToken0123456789';
    github.fault = (_req, res) => (res.writeHead(401).end('{"message":"Bad credentials"}'), true);
    const r = await runCli(
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
        goodOut,
        '--quiet',
      ],
      { GITHUB_TOKEN: token },
    );
    expect(r.status).toBe(5);
    expect(r.stderr).toContain(
      'resolving wikipathways/wikipathways-database@HEAD: HTTP 401 (check GITHUB_TOKEN): {"message":"Bad credentials"} [SOURCE_AUTH]',
    );
    expect(r.stderr).not.toContain(token);
    await untouched();
  });

  it("a server's error text reaches the terminal without control characters", async () => {
    github.fault = (_req, res) => (res.writeHead(418).end('\x1b[2J\x1b[31mforged\rline\u202e'), true);
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
      goodOut,
      '--quiet',
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      'resolving wikipathways/wikipathways-database@HEAD: HTTP 418: ?[2J?[31mforged line? [SOURCE_INVALID]',
    );
    expect(r.stderr).not.toMatch(/[\x00-\x09\x0b-\x1f\u202e]/);
    await untouched();
  });

  it('an unknown ref is a usage error (status 2)', async () => {
    const r = await runCli([
      'run',
      '--source',
      `${github.spec}@no-such-branch`,
      '--github-api',
      github.api,
      '--github-raw',
      github.raw,
      '--reference',
      REFERENCE,
      '--out',
      newOut(),
      '--quiet',
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('wikipathways/wikipathways-database: no repository or no ref "no-such-branch"');
  });

  describe('bytes that do not match their blob SHA', () => {
    it('reject that page (status 3), keep its previous version, cache nothing, and are fetched again next run', async () => {
      const out = newOut();
      expect((await run(out)).status).toBe(0);
      const before = await snapshotOf(out);
      const [edited, added] = [IDS[0]!, IDS[10]!];
      const second: Files = new Map(first);
      const editedPath = `pathways/${edited}/${edited}.md`;
      second.set(
        editedPath,
        Buffer.from(
          first
            .get(editedPath)!
            .toString('utf8')
            .replace(/\ntitle: (.*)\n/, '\ntitle: $1 (revised)\n'),
        ),
      );
      for (const [p, b] of repoFiles([added])) second.set(p, b);
      const addedPath = `pathways/${added}/${added}.md`;
      const commit2 = github.push(second);
      // A stale copy for the edited page, a cut-off one for the new page.
      github.fault = (req, res) => {
        if (req.url!.endsWith(editedPath)) return (res.writeHead(200).end(first.get(editedPath)), true);
        if (req.url!.endsWith(addedPath))
          return (res.writeHead(200).end(second.get(addedPath)!.subarray(0, 100)), true);
        return false;
      };
      const r = await run(out);
      expect(r.status).toBe(3);
      const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8'));
      const rejects = report.rejects.map((x: { code: string; file: string }) => [x.code, x.file]);
      expect(rejects).toEqual([
        ['PAGE_DOWNLOAD_FAILED', editedPath],
        ['PAGE_DOWNLOAD_FAILED', addedPath],
      ]);
      expect(report.rejects[0].message).toBe(
        `${editedPath} downloaded at ${commit2} does not match its git blob SHA ${blobSha(second.get(editedPath)!)} (got ${blobSha(first.get(editedPath)!)}, ${first.get(editedPath)!.length} bytes); not used, not cached`,
      );
      const after = await snapshotOf(out);
      expect(after[`${edited}.ttl`]).toBe(before[`${edited}.ttl`]);
      expect(after[`${added}.ttl`]).toBeUndefined();
      for (const p of [editedPath, addedPath]) {
        const sha = blobSha(second.get(p)!);
        expect(existsSync(path.join(out, 'cache', 'blobs', sha.slice(0, 2), sha))).toBe(false);
      }
      const prov = JSON.parse(await readFile(path.join(out, 'source.json'), 'utf8'));
      expect(prov.pathways[edited]).toContainEqual({
        path: editedPath,
        sha: blobSha(first.get(editedPath)!),
        commit: [...github.commits.keys()][0],
      });
      expect(prov.pathways[added]).toBeUndefined();

      // The cache lost the previous version: it is fetched again at its own commit, still nothing dropped.
      const commit1 = [...github.commits.keys()][0]!;
      const oldSha = blobSha(first.get(editedPath)!);
      await rm(path.join(out, 'cache', 'blobs', oldSha.slice(0, 2), oldSha));
      const logMid = github.log.length;
      expect((await run(out)).status).toBe(3);
      expect(github.log.slice(logMid)).toContain(`/raw/${github.owner}/${github.repo}/${commit1}/${editedPath}`);
      expect((await snapshotOf(out))[`${edited}.ttl`]).toBe(before[`${edited}.ttl`]);

      // The host heals: exactly the two files are fetched, and the run converges.
      github.fault = undefined;
      const logBefore = github.log.length;
      const healed = await run(out);
      expect(healed.status).toBe(0);
      const raw = github.log.slice(logBefore).filter((l) => l.startsWith('/raw/'));
      expect(raw.map((l) => l.split(`${commit2}/`)[1]).sort()).toEqual([editedPath, addedPath].sort());
      const final = await snapshotOf(out);
      expect(final[`${edited}.ttl`]).toContain('(revised)');
      expect(final[`${added}.ttl`]).toBeDefined();
    });
  });
});
