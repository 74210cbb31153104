// The speed floor: read and YAML-parse every page, write a given number of quads with n3's Writer, no mapping.
//
//   node dist/bench/floor.js --source <pages dir> --quads <n> --out <file.nq>
//
// Prints one JSON line: { pages, quads, seconds, peakRssMb }. The quads are spread evenly over the pages
// and built from each page's own strings, so the output is about as large as a real run's N-Quads.

import { createWriteStream } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import { parseArgs } from 'node:util';
import matter from 'gray-matter';
import { DataFactory, Writer, type Quad } from 'n3';

const { quad, namedNode, literal } = DataFactory;
// Same as the pipeline's frontmatter reader: an options object keeps gray-matter from caching pages.
const MATTER_OPTIONS = { language: 'yaml' } as const;
const PREDICATES = [
  'http://schema.org/keywords',
  'http://www.w3.org/2000/01/rdf-schema#label',
  'http://purl.org/dc/terms/description',
].map((p) => namedNode(p));

async function main(): Promise<void> {
  const started = performance.now();
  const { values } = parseArgs({
    options: { source: { type: 'string' }, quads: { type: 'string' }, out: { type: 'string' } },
  });
  if (values.source === undefined || values.out === undefined || !/^[0-9]+$/.test(values.quads ?? '')) {
    throw new Error('Usage: node dist/bench/floor.js --source <pages dir> --quads <n> --out <file.nq>');
  }
  const total = Number(values.quads);
  const pages = (await readdir(values.source, { recursive: true }))
    .filter((f) => /(^|\/)WP[0-9]+\.md$/.test(f))
    .sort()
    .map((f) => path.join(values.source!, f));
  const out = createWriteStream(values.out);
  const writer = new Writer({ format: 'N-Quads' });
  let written = 0;
  for (let i = 0; i < pages.length; i++) {
    const file = pages[i]!;
    const data = matter(await readFile(file, 'utf8'), MATTER_OPTIONS).data as Record<string, unknown>;
    const strings = collectStrings(data);
    if (strings.length === 0) strings.push(path.basename(file));
    const wpid = path.basename(file, '.md');
    const graph = namedNode(`https://identifiers.org/wikipathways/${wpid}`);
    const count = Math.floor(total / pages.length) + (i < total % pages.length ? 1 : 0);
    const quads: Quad[] = [];
    for (let k = 0; k < count; k++)
      quads.push(quad(graph, PREDICATES[k % PREDICATES.length]!, literal(strings[k % strings.length]!), graph));
    written += quads.length;
    if (!out.write(writer.quadsToString(quads))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  const result = {
    pages: pages.length,
    quads: written,
    seconds: (performance.now() - started) / 1000,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** Every string (and number) in the parsed frontmatter, depth-first. */
function collectStrings(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string' || typeof value === 'number') into.push(String(value));
  else if (Array.isArray(value)) for (const v of value) collectStrings(v, into);
  else if (value !== null && typeof value === 'object' && !(value instanceof Date))
    for (const v of Object.values(value)) collectStrings(v, into);
  return into;
}

main().catch((error: unknown) => {
  process.stderr.write(`floor: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exitCode = 1;
});
