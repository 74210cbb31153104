// A full disk while writing the output: OUTPUT_UNWRITABLE naming the file (exit 1), no temporary file
// left, the previous output byte for byte as it was, and a run that completes once there is room.
//
// The disk is a real one: a 1 MB tmpfs mounted for the test (needs root and mount, as in the CI
// container; skipped with a message otherwise), filled until only 16 KB are free. The CLI runs from
// dist/ in a child process, with the output thread and without it.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES } from '../../support/incremental.js';
import { runDistCli } from '../../support/distCli.js';

const FREE = 16 * 1024;

const base = mkdtempSync(path.join(tmpdir(), 'pkg-diskfull-'));
const disk = path.join(base, 'disk');
function tryMount(): string | undefined {
  if (process.getuid?.() !== 0) return 'not root';
  cpSync(EXAMPLES, path.join(base, 'examples'), { recursive: true });
  readdirSync(base); // the folder exists
  spawnSync('mkdir', ['-p', disk]);
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', disk], { encoding: 'utf8' });
  return r.status === 0 ? undefined : `mount failed: ${r.stderr.trim()}`;
}
const cannot = tryMount();
if (cannot) process.stderr.write(`skipping the disk-full tests: ${cannot}\n`);

function runDist(
  out: string,
  extra: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ status: number | null; stderr: string }> {
  const ex = path.join(base, 'examples');
  const args = [
    'run',
    '--source',
    path.join(ex, 'pages'),
    '--datanodes',
    path.join(ex, 'datanodes'),
    '--reference',
    path.join(ex, 'reference'),
    '--out',
    out,
    '--quiet',
    ...extra,
  ];
  return runDistCli([...args], env);
}

/** Every file under `dir`, relative path -> sha256. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(path.join(dir, name));
    } catch {
      continue; // a folder
    }
    out.set(name, createHash('sha256').update(bytes).digest('hex'));
  }
  return new Map([...out].sort());
}

describe.skipIf(cannot !== undefined)('a full disk', () => {
  beforeAll(() => undefined);
  afterAll(() => {
    spawnSync('umount', [disk]);
    rmSync(base, { recursive: true, force: true });
  });

  it.each([
    ['the output thread', {}],
    ['PATHWAY_KG_WORKER=off', { PATHWAY_KG_WORKER: 'off' }],
  ])(
    `ENOSPC during a --full re-run (%s): OUTPUT_UNWRITABLE naming the file, exit 1, previous output intact`,
    async (_way, env) => {
      const out = path.join(disk, 'out');
      rmSync(out, { recursive: true, force: true }); // each way from a first run of its own
      const first = await runDist(out, [], env);
      expect(first.stderr).toBe('');
      expect(first.status).toBe(0);
      const before = snapshot(out);
      const filler = path.join(disk, 'filler');
      const s = statfsSync(disk);
      writeFileSync(filler, Buffer.alloc(Math.max(0, s.bavail * s.bsize - FREE)));
      try {
        const r = await runDist(out, ['--full'], env);
        expect(r.status).toBe(1);
        expect(r.stderr).toMatch(
          new RegExp(
            `^pathway-kg run: ${out}/(all\\.nq|pathways/WP900[1-4]\\.ttl|ontologies\\.ttl|dataset\\.ttl|layout/\\.([0-9]+\\.(claims|added)|pathways)\\.[0-9]+\\.tmp|\\.pathway-states\\.[0-9]+\\.tmp): Cannot write this file: no space left on the device \\(ENOSPC\\) \\[OUTPUT_UNWRITABLE\\]\\n$`,
          ),
        );
        // No temporary file, no lock, every file of the previous run as it was.
        expect(snapshot(out)).toEqual(before);
      } finally {
        rmSync(filler);
      }
      const again = await runDist(out, ['--full'], env);
      expect(again.stderr).toBe('');
      expect(again.status).toBe(0);
    },
  );

  it('a read-only file system (EROFS): refused before anything is written (the --out check, exit 2), nothing changed', async () => {
    const out = path.join(disk, 'out'); // as the test above left it
    const before = snapshot(out);
    expect(spawnSync('mount', ['-o', 'remount,ro', disk]).status).toBe(0);
    try {
      const r = await runDist(out, ['--full'], {});
      expect(r.stderr).toBe(`pathway-kg run: ${out}: --out ${out} is not writable (EROFS) [CONFIG_INVALID]\n`);
      expect(r.status).toBe(2);
      expect(snapshot(out)).toEqual(before);
    } finally {
      spawnSync('mount', ['-o', 'remount,rw', disk]);
    }
  });
});
