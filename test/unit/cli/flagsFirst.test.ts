// Every flag of `run` is checked before a GitHub source is synced: a typo must not cost a whole snapshot.
// The GitHub API here is a closed port: reaching for it would end in exit 4 (unreachable), not 2.

import { createServer } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.js';
import { PROJECT_ROOT } from '../../support/corpus.js';

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

describe('run --source github:… checks its flags first', () => {
  const reference = path.join(PROJECT_ROOT, 'examples', 'reference');
  it.each([
    ['a bad --limit', ['--limit', 'bogus=1'], '--limit'],
    ['a bad --min-source-share', ['--min-source-share', '2'], '--min-source-share'],
    ['a bad --timeout', ['--endpoint', 'http://127.0.0.1:1/sparql', '--timeout', 'soon'], 'timeout'],
    ['an --out that cannot be made', ['--out', '/proc/1/out'], '/proc/1/out'],
  ])('%s: exit 2, no request made', async (_what, flags, named) => {
    const api = `http://127.0.0.1:${await closedPort()}`;
    const args = [
      'run',
      '--source',
      'github:owner/repo',
      '--reference',
      reference,
      '--out',
      '/tmp/pkg-flags-first',
      '--github-api',
      api,
      '--github-raw',
      api,
      '--quiet',
      ...flags,
    ];
    const r = await runCli(args);
    expect([r.status, r.stderr.includes(named)]).toEqual([2, true]);
  });
});
