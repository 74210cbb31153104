// Loads the organism table (genus, species → NCBI Taxonomy id), with additions from mappings/ winning.

import { createHash } from 'node:crypto';
import { PipelineError } from '../errors.js';
import { readReferenceText } from './gzip.js';

export interface Organisms {
  /** The NCBI Taxonomy id for a Latin name like "Homo sapiens" (any case, any spacing). */
  taxonFor(name: string): string | undefined;
  /** Hash of the table and the additions. */
  version: string;
  /** Number of distinct names known. */
  size: number;
}

/** Lower-cased, whitespace runs collapsed to one space, trimmed. */
export function organismKey(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * Reads taxonomy/bridgedb_organisms.tsv (`genus species short-name symbol ncbi`, one header line,
 * stray spaces trimmed). `additions` (genus + ' ' + species → taxon id, from mappings/organisms.tsv)
 * win over the table.
 */
export async function loadOrganisms(file: string, additions: Map<string, string>): Promise<Organisms> {
  return parseOrganisms(await readReferenceText(file), file, additions);
}

export function parseOrganisms(text: string, file: string, additions: Map<string, string>): Organisms {
  const taxa = new Map<string, string>();
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').split('\t').map((c) => c.trim().toLowerCase());
  const genusAt = header.indexOf('genus');
  const speciesAt = header.indexOf('species');
  const ncbiAt = header.indexOf('ncbi');
  if (genusAt < 0 || speciesAt < 0 || ncbiAt < 0) {
    throw new PipelineError(
      'REFERENCE_INVALID',
      `Expected a header with genus, species and ncbi columns, got ${JSON.stringify(lines[0] ?? '')}`,
      { file, line: 1, key: '--reference' },
    );
  }
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    const cells = line.split('\t').map((c) => c.trim());
    const genus = cells[genusAt] ?? '';
    const species = cells[speciesAt] ?? '';
    const ncbi = cells[ncbiAt] ?? '';
    if (genus === '' || species === '' || !/^[0-9]+$/.test(ncbi)) {
      throw new PipelineError(
        'REFERENCE_INVALID',
        `Expected genus, species and a numeric ncbi id, got ${JSON.stringify(line)}`,
        { file, line: i + 1, key: '--reference' },
      );
    }
    const key = organismKey(`${genus} ${species}`);
    if (!taxa.has(key)) taxa.set(key, ncbi);
  }
  for (const [name, ncbi] of additions) taxa.set(organismKey(name), ncbi);
  const additionsText = [...additions].map(([n, id]) => `${n}\t${id}`).join('\n');
  const version = `sha256:${createHash('sha256').update(text).update('\n--\n').update(additionsText).digest('hex').slice(0, 16)}`;
  return { taxonFor: (name) => taxa.get(organismKey(name)), version, size: taxa.size };
}
