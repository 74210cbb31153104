// An --out that cannot be created or written is refused by the configuration check, at once (it used to spin forever).

import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeOutDir } from '../../src/outDir.js';
import { PROJECT_ROOT } from '../support/corpus.js';
import { runCliChild } from '../support/cliChild.js';

const EXAMPLES = path.join(PROJECT_ROOT, 'examples');
const args = (out: string) => [
  'run',
  '--source',
  path.join(EXAMPLES, 'pages'),
  '--reference',
  path.join(EXAMPLES, 'reference'),
  '--out',
  out,
  '--quiet',
];

describe.skipIf(!existsSync('/proc/1'))('--out /proc/1/out', () => {
  it('exits 2 within seconds with a CONFIG_INVALID naming --out', async () => {
    const r = await runCliChild(args('/proc/1/out'), { timeoutMs: 20_000 });
    expect(r.status).toBe(2);
    expect(r.ms).toBeLessThan(10_000);
    expect(r.stderr).toMatch(
      /^pathway-kg run: \/proc\/1\/out: --out \/proc\/1\/out cannot be created: \/proc\/1 is not writable \((EACCES|EPERM)\) \[CONFIG_INVALID\]\n$/,
    );
  });

  it('creating it without the check fails at once instead of looping', () => {
    const started = Date.now();
    expect(() => makeOutDir('/proc/1/out/deeper')).toThrow(
      /^Cannot create --out \/proc\/1\/out\/deeper: (ENOENT|EACCES|EPERM) on \/proc\/1\/out$/,
    );
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe('--out whose parent is a file', () => {
  it('exits 2 naming the file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pkg-outfile-'));
    await writeFile(path.join(dir, 'file'), 'x');
    const out = path.join(dir, 'file', 'out');
    const r = await runCliChild(args(out), { timeoutMs: 20_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `pathway-kg run: ${out}: --out ${out} cannot be created: ${path.join(dir, 'file')} is not a folder [CONFIG_INVALID]\n`,
    );
  });

  it('missing parents of a good --out are created', async () => {
    const out = path.join(await mkdtemp(path.join(tmpdir(), 'pkg-outdeep-')), 'a', 'b', 'c');
    makeOutDir(out);
    expect(existsSync(out)).toBe(true);
    makeOutDir(out); // already there: fine
  });
});
