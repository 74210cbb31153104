// The README's example queries, for the query page and the bench: README.md is their one source.

import { readFile } from 'node:fs/promises';

export interface Example {
  /** The README section the query is shown in. */
  title: string;
  query: string;
}

/**
 * Every query the README passes to `pathway-kg query --out <dir> '…'`, indented as written (the
 * continuation lines' common indentation removed, two spaces kept).
 */
export function readmeExamples(readme: string): Example[] {
  const examples: Example[] = [];
  const pattern = /query --out \S+ \\\n[ \t]*'([^']+)'/g;
  for (const m of readme.matchAll(pattern)) {
    const heading = [...readme.slice(0, m.index).matchAll(/^#{2,3} (.+)$/gm)].pop();
    const [first, ...rest] = m[1]!.split('\n');
    const indent = Math.min(...rest.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length));
    const query = [first!.trim(), ...rest.map((l) => `  ${l.slice(indent).trimEnd()}`)].join('\n');
    const title = heading?.[1]?.trim() ?? 'Example';
    const n = examples.filter((e) => e.title.startsWith(title)).length;
    examples.push({ title: n === 0 ? title : `${title} (${n + 1})`, query });
  }
  return examples;
}

export async function readReadmeExamples(file: string): Promise<Example[]> {
  try {
    return readmeExamples(await readFile(file, 'utf8'));
  } catch {
    return []; // an installation without its README still serves; the page then has no examples to pick
  }
}
