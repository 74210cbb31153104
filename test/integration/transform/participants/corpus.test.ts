import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { loadMappings } from '../../../../src/mappings.js';
import type { TableStats } from '../../../../src/transform/participants/model.js';
import { parseTable } from '../../../../src/transform/participants/parseTable.js';
import { CORPUS, describeCorpus } from '../../../support/corpus.js';

const pm = loadMappings().participants;

function parseAll(dir: string, format: '2022' | 'current') {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('-datanodes.tsv'))
    .sort();
  const totals: TableStats & { files: number; participants: number; warnings: Record<string, number> } = {
    files: 0,
    participants: 0,
    lines: 0,
    rows: 0,
    multiLineRows: 0,
    labelLines: 0,
    commentLines: 0,
    lostLines: 0,
    warnings: {},
  };
  const problems: string[] = [];
  for (const name of files) {
    const file = path.join(dir, name);
    const text = readFileSync(file, 'utf8');
    const parsed = parseTable({ file, text }, pm);
    totals.files++;
    totals.participants += parsed.participants.length;
    for (const key of ['lines', 'rows', 'multiLineRows', 'labelLines', 'commentLines', 'lostLines'] as const)
      totals[key] += parsed.stats[key];
    for (const w of parsed.warnings) totals.warnings[w.code] = (totals.warnings[w.code] ?? 0) + 1;
    const physical = text.split('\n').length;
    if (text.trim() !== '' && parsed.format !== format) problems.push(`${name}: read as ${parsed.format}`);
    for (const p of parsed.participants) {
      if (p.origin.kind !== 'table' || p.origin.line < 2 || p.origin.line > physical)
        problems.push(`${name}: row at line ${JSON.stringify(p.origin)}`);
    }
  }
  return { totals, problems };
}

describeCorpus('participant tables of the shared corpus', () => {
  it('reads every 2022 table (broken TSV) without losing rows', () => {
    const { totals, problems } = parseAll(CORPUS.datanodes2022, '2022');
    process.stdout.write(`2022 datanodes: ${JSON.stringify(totals)}\n`);
    expect(problems).toEqual([]);
    expect(totals.files).toBeGreaterThan(2000);
    expect(totals.rows).toBe(totals.participants);
    // every continuation line went to a label or a comment but a handful
    expect(totals.lostLines).toBeLessThan(10);
    expect(totals.labelLines + totals.commentLines).toBeGreaterThan(10000);
  });

  it('reads every current table', () => {
    const { totals, problems } = parseAll(CORPUS.datanodesCurrent, 'current');
    process.stdout.write(`current datanodes: ${JSON.stringify(totals)}\n`);
    expect(problems).toEqual([]);
    expect(totals.files).toBeGreaterThan(1500);
    expect(totals.rows).toBe(totals.participants);
    expect(totals.lostLines).toBe(0);
  });
});
