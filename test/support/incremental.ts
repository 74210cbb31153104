// Shared helpers for the incremental-run tests: a private copy of the example pages, runs, all.nq by graph.

import { cp, mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from './corpus.js';
import { runCli, type CliResult } from './cli.js';

export const EXAMPLES = path.join(PROJECT_ROOT, 'examples');
export const REFERENCE = path.join(EXAMPLES, 'reference');
export const DATASET = 'urn:pathway-kg:dataset';
export const ONTOLOGIES = 'urn:pathway-kg:ontologies';
export const WP = (n: number): string => `https://identifiers.org/wikipathways/WP${n}`;

export interface Workspace {
  dir: string;
  pages: string;
  datanodes: string;
  reference: string;
  out: string;
}

/** A temporary folder holding copies of the example pages, tables and reference, and an empty --out. */
export async function workspace(prefix = 'pkg-inc-'): Promise<Workspace> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  const ws = {
    dir,
    pages: path.join(dir, 'pages'),
    datanodes: path.join(dir, 'datanodes'),
    reference: path.join(dir, 'reference'),
    out: path.join(dir, 'out'),
  };
  await cp(path.join(EXAMPLES, 'pages'), ws.pages, { recursive: true });
  await cp(path.join(EXAMPLES, 'datanodes'), ws.datanodes, { recursive: true });
  await cp(REFERENCE, ws.reference, { recursive: true });
  return ws;
}

/** `pathway-kg run` on the workspace, with extra flags. */
export function run(ws: Workspace, extra: string[] = [], env: NodeJS.ProcessEnv = process.env): Promise<CliResult> {
  return runCli(
    [
      'run',
      '--source',
      ws.pages,
      '--datanodes',
      ws.datanodes,
      '--reference',
      ws.reference,
      '--out',
      ws.out,
      '--quiet',
      ...extra,
    ],
    env,
  );
}

export async function report(ws: Workspace): Promise<any> {
  return JSON.parse(await readFile(path.join(ws.out, 'report.json'), 'utf8'));
}

export async function state(ws: Workspace): Promise<any> {
  return JSON.parse(await readFile(path.join(ws.out, 'state.json'), 'utf8'));
}

/** The graph IRI at the end of one N-Quads line (every line the tool writes ends with `<graph> .`). */
export function graphOfLine(line: string): string {
  const m = / <([^<>]*)> \.$/.exec(line);
  if (!m) throw new Error(`not a quad line with a named graph: ${line}`);
  return m[1]!;
}

/** all.nq as graph -> its lines (in file order). */
export async function nqGraphs(ws: Workspace): Promise<Map<string, string[]>> {
  const text = await readFile(path.join(ws.out, 'all.nq'), 'utf8');
  const graphs = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const g = graphOfLine(line);
    if (!graphs.has(g)) graphs.set(g, []);
    graphs.get(g)!.push(line);
  }
  return graphs;
}

/** all.nq without the dataset graph (which holds the run time), as text. */
export async function nqWithoutDataset(ws: Workspace): Promise<string> {
  const text = await readFile(path.join(ws.out, 'all.nq'), 'utf8');
  return text
    .split('\n')
    .filter((l) => l !== '' && graphOfLine(l) !== DATASET)
    .join('\n');
}

/** Every pathways/WPn.ttl, name -> its bytes as latin1 text (byte-exact, readable in a diff). */
export async function turtleFiles(ws: Workspace): Promise<Map<string, string>> {
  const dir = path.join(ws.out, 'pathways');
  const files = new Map<string, string>();
  for (const name of (await readdir(dir)).sort()) files.set(name, await readFile(path.join(dir, name), 'latin1'));
  return files;
}
