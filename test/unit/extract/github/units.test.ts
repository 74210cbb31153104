// The small rules of the GitHub extract: blob ids, source names, listing entries, rate-limit waits.

import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { gitBlobSha } from '../../../../src/extract/github/cache.js';
import { selectFiles } from '../../../../src/extract/github/listing.js';
import { parseGithubSource } from '../../../../src/extract/github/source.js';
import { rateLimitWait, safeUrl } from '../../../../src/extract/http/client.js';

describe('gitBlobSha', () => {
  it('is what git itself computes', () => {
    for (const text of ['', 'hello\n', '---\ntitle: é\n---\n']) {
      const bytes = Buffer.from(text);
      expect(gitBlobSha(bytes)).toBe(
        execFileSync('git', ['hash-object', '--stdin'], { input: bytes }).toString().trim(),
      );
    }
  });
});

describe('parseGithubSource', () => {
  it('reads owner, repo and an optional ref (slashes allowed in a ref)', () => {
    expect(parseGithubSource('github:wikipathways/wikipathways-database')).toEqual({
      owner: 'wikipathways',
      repo: 'wikipathways-database',
    });
    expect(parseGithubSource('github:a/b@release/2024.1')).toEqual({ owner: 'a', repo: 'b', ref: 'release/2024.1' });
  });
  it.each([
    'github:a',
    'github:a/b/c',
    'github:../b',
    'github:a/..',
    'github:a/b@../x',
    'github:a/b@x?y=1',
    'github:a/b@',
    'github:a b/c',
  ])('refuses %s', (spec) => {
    expect(() => parseGithubSource(spec)).toThrow(/expected github:owner\/repo/);
  });
});

describe('selectFiles', () => {
  const sha = 'a'.repeat(40);
  it('keeps pages and tables anywhere but in node_modules or .git, and no symlinks', () => {
    const tree = [
      { path: 'pathways/WP1/WP1.md', type: 'blob', mode: '100644', sha, size: 3 },
      { path: 'pathways/WP1/WP1-datanodes.tsv', type: 'blob', mode: '100644', sha, size: 3 },
      { path: 'pathways/WP1/WP1.gpml', type: 'blob', mode: '100644', sha },
      { path: 'pathways/WP1', type: 'tree', mode: '040000', sha },
      { path: 'node_modules/x/WP2.md', type: 'blob', mode: '100644', sha },
      { path: 'WP3.md', type: 'blob', mode: '120000', sha },
    ];
    expect(selectFiles(tree, 'listing').map((f) => [f.path, f.wpid])).toEqual([
      ['pathways/WP1/WP1.md', 'WP1'],
      ['pathways/WP1/WP1-datanodes.tsv', 'WP1'],
    ]);
  });
  it.each(['../../etc/WP1.md', 'a/../WP1.md', '/WP1.md', 'a\\..\\/WP1.md', 'a//WP1.md'])(
    'refuses a path that could leave the tree: %s',
    (p) => {
      expect(() => selectFiles([{ path: p, type: 'blob', mode: '100644', sha }], 'listing')).toThrow(
        /unsafe or malformed entry/,
      );
    },
  );
  it('refuses a SHA that is not 40 hex digits (it names a cache file)', () => {
    expect(() => selectFiles([{ path: 'WP1.md', type: 'blob', mode: '100644', sha: '../../x' }], 'listing')).toThrow(
      /unsafe or malformed entry/,
    );
  });
});

describe('rateLimitWait', () => {
  const now = 1_000_000_000_000;
  it('reads Retry-After in seconds or as a date', () => {
    expect(rateLimitWait(429, { 'retry-after': '12' }, now)).toBe(12_000);
    expect(rateLimitWait(403, { 'retry-after': new Date(now + 5000).toUTCString() }, now)).toBe(5000);
  });
  it('waits for X-RateLimit-Reset when the limit is spent, plus a second', () => {
    expect(
      rateLimitWait(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 30) }, now),
    ).toBe(31_000);
  });
  it('a 403 that is no rate limit is a refusal, not a wait', () => {
    expect(rateLimitWait(403, { 'x-ratelimit-remaining': '4999' }, now)).toBeUndefined();
    expect(rateLimitWait(500, { 'retry-after': '1' }, now)).toBeUndefined();
  });
});

describe('safeUrl', () => {
  it('drops user info and query from a URL in messages', () => {
    expect(safeUrl('https://user:secret@raw.example/a/b?token=xyz')).toBe('https://raw.example/a/b');
  });
});
