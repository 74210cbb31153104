// The whole shared corpus through `pathway-kg run`: every page converted or rejected, every file parses back.

import { spawnSync } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { StreamParser, Parser } from 'n3';
import { beforeAll, expect, it } from 'vitest';
import { runCli } from '../../support/cli.js';
import { CORPUS, describeCorpus } from '../../support/corpus.js';

const SNAPSHOTS = [
  { name: '2022', pages: CORPUS.pages2022, datanodes: CORPUS.datanodes2022 },
  { name: 'current', pages: CORPUS.pagesCurrent, datanodes: CORPUS.datanodesCurrent },
];

async function quadsPerGraph(file: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const parser = new StreamParser({ format: 'N-Quads' });
  createReadStream(file).pipe(parser);
  for await (const q of parser) counts.set(q.graph.value, (counts.get(q.graph.value) ?? 0) + 1);
  return counts;
}

function rapperCount(file: string, syntax: string): number {
  const r = spawnSync('rapper', ['-i', syntax, '-c', file], { encoding: 'utf8' });
  if (r.error) throw new Error(process.env.PATHWAY_KG_RAPPER_MISSING ?? `rapper could not run: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`rapper rejected ${file}: ${r.stderr}`);
  const m = /returned ([0-9]+) (triples|statements)/.exec(r.stderr);
  if (!m) throw new Error(`no count from rapper: ${r.stderr}`);
  return Number(m[1]);
}

for (const snap of SNAPSHOTS) {
  describeCorpus(`corpus snapshot ${snap.name}`, () => {
    let out: string;
    let status: number;
    let report: any;

    beforeAll(async () => {
      out = await mkdtemp(path.join(tmpdir(), `pkg-corpus-${snap.name}-`));
      const r = await runCli([
        'run',
        '--source',
        snap.pages,
        '--datanodes',
        snap.datanodes,
        '--reference',
        CORPUS.reference,
        '--out',
        out,
        '--quiet',
      ]);
      status = r.status;
      if (status !== 0 && status !== 3) throw new Error(`run failed (${status}): ${r.stderr}`);
      report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8'));
      console.log(
        `[corpus ${snap.name}] pages read ${report.pages.read}, converted ${report.pages.converted}, rejected ${report.pages.rejected}; triples ${report.triples}; ${report.seconds} s; peak ${report.peakRssMb} MB; warnings ${JSON.stringify(report.warnings.byCode)}`,
      );
    }, 600_000);

    it('accounts for every page: converted or rejected with a code and a file', async () => {
      const pages = (await readdir(snap.pages)).filter((n) => /^WP[0-9]+\.md$/.test(n));
      expect(report.pages.read).toBe(pages.length);
      expect(report.pages.converted + report.pages.rejected).toBe(pages.length);
      expect(report.rejects.length).toBe(report.pages.rejected);
      for (const r of report.rejects) {
        expect(r.code).toMatch(/^PAGE_/);
        expect(r.file).toMatch(/WP[0-9]+\.md$/);
      }
      const written = await readdir(path.join(out, 'pathways'));
      expect(written.length).toBe(report.pages.converted);
      expect(status).toBe(report.pages.rejected > 0 ? 3 : 0);
    });

    it('writes Turtle files that n3 parses back to the quads of all.nq, graph by graph', async () => {
      const perGraph = await quadsPerGraph(path.join(out, 'all.nq'));
      const names = (await readdir(path.join(out, 'pathways'))).sort();
      let triples = 0;
      for (const name of names) {
        const text = await readFile(path.join(out, 'pathways', name), 'utf8');
        const n = new Parser({ format: 'Turtle' }).parse(text).length;
        const graph = `https://identifiers.org/wikipathways/${name.replace('.ttl', '')}`;
        expect([name, n]).toEqual([name, perGraph.get(graph)]);
        triples += n;
      }
      const total = [...perGraph.values()].reduce((a, b) => a + b, 0);
      expect(total).toBe(report.triples);
      console.log(
        `[corpus ${snap.name}] ${names.length} Turtle files, ${triples} pathway triples, ${total} quads in all.nq`,
      );
    }, 300_000);

    it('writes files that rapper parses, with the same counts', async () => {
      const names = (await readdir(path.join(out, 'pathways'))).sort();
      // Turtle documents may follow each other in one file (prefixes may be declared again).
      const joined = path.join(out, 'joined.ttl.check');
      const parts: string[] = [];
      for (const name of names) parts.push(await readFile(path.join(out, 'pathways', name), 'utf8'));
      await writeFile(joined, parts.join('\n'));
      const nq = rapperCount(path.join(out, 'all.nq'), 'nquads');
      expect(nq).toBe(report.triples);
      const ttl = rapperCount(joined, 'turtle');
      const perGraph = await quadsPerGraph(path.join(out, 'all.nq'));
      const pathwayQuads = [...perGraph]
        .filter(([g]) => g.startsWith('https://identifiers.org/wikipathways/'))
        .reduce((a, [, n]) => a + n, 0);
      expect(ttl).toBe(pathwayQuads); // rapper counts every statement it reads, repeats across files included
      console.log(`[corpus ${snap.name}] rapper: all.nq ${nq} statements, Turtle ${ttl} triples`);
    }, 300_000);
  });
}
