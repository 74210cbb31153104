// A run killed (SIGKILL) after it wrote pathway files, then the inputs reverted: the re-run's output must
// be the original one, every pathways/WPn.ttl included (the files follow the state, never the killed run).
//
// The kill points are exact (PATHWAY_KG_TEST_KILL, src/load/killPoint.ts): before anything is put into
// place, and after all.nq was replaced but before the pathway files were. The CLI runs from dist/ in a
// child process, with the output thread and without it.

import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDistCli } from '../../support/distCli.js';
import { nqWithoutDataset, turtleFiles, workspace, type Workspace } from '../../support/incremental.js';

function runDist(
  ws: Workspace,
  env: NodeJS.ProcessEnv,
): Promise<{ status: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  const where = ['--source', ws.pages, '--datanodes', ws.datanodes, '--reference', ws.reference, '--out', ws.out];
  return runDistCli(['run', ...where, '--quiet'], env);
}

const EDITS: [string, string, string][] = [
  ['WP9001.md', 'title: Example calcium channel opening\n', 'title: Example calcium channel opening, edited\n'],
  ['WP9002.md', 'title: Example glutathione reduction\n', 'title: Example glutathione reduction, edited\n'],
];

describe('a killed incremental run followed by reverted inputs', () => {
  const ways: [string, NodeJS.ProcessEnv][] = [
    ['the output thread', {}],
    ['PATHWAY_KG_WORKER=off', { PATHWAY_KG_WORKER: 'off' }],
  ];
  for (const point of ['before-commit', 'after-all-nq']) {
    it.each(ways)(
      `killed at ${point} (%s): every pathway file, all.nq and the state end as the original run's`,
      async (_way, env) => {
        const ws = await workspace('pkg-killed-');
        expect((await runDist(ws, env)).status).toBe(0);
        const ttl = await turtleFiles(ws);
        const nq = await nqWithoutDataset(ws);
        const originals = new Map<string, string>();
        for (const [name, from, to] of EDITS) {
          const file = path.join(ws.pages, name);
          const text = await readFile(file, 'utf8');
          originals.set(file, text);
          expect(text).toContain(from);
          await writeFile(file, text.replace(from, to));
        }
        const killed = await runDist(ws, { ...env, PATHWAY_KG_TEST_KILL: point });
        expect(killed.signal).toBe('SIGKILL');
        // The killed run put no pathway file into place; it left its temporary files (the next run removes them).
        const left = await turtleFiles(ws);
        expect([...left.keys()].filter((n) => n.endsWith('.tmp')).length).toBeGreaterThan(0);
        expect(new Map([...left].filter(([n]) => !n.endsWith('.tmp')))).toEqual(ttl);
        for (const [file, text] of originals) await writeFile(file, text);
        const again = await runDist(ws, env);
        expect(again.stderr).toBe('');
        expect(again.status).toBe(0);
        expect(await turtleFiles(ws)).toEqual(ttl);
        expect(await nqWithoutDataset(ws)).toBe(nq);
        for (const dir of [ws.out, path.join(ws.out, 'pathways')])
          expect((await readdir(dir)).filter((n) => n.endsWith('.tmp') || n.includes('lock'))).toEqual([]);
      },
    );
  }
});
