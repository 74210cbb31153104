// Ranges of numbered family members (`RPA1-4`) against Reactome's isoform notation (`SHC1-3`), and the
// precursor form prefix (`proBDNF`); fixture: hgnc_ranges.txt.

import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMappings } from '../../../../src/mappings.js';
import { loadHgnc, type HgncTable } from '../../../../src/reference/hgnc.js';
import { keywordParticipants } from '../../../../src/transform/participants/keywords.js';
import { formPrefixed } from '../../../../src/transform/participants/labelForms.js';
import { memberRange } from '../../../../src/transform/participants/memberRange.js';
import type { Participant, Resolution } from '../../../../src/transform/participants/model.js';
import { viaText } from '../../../../src/transform/participants/outcomeText.js';
import { resolveParticipants } from '../../../../src/transform/participants/resolveParticipants.js';
import { PROJECT_ROOT } from '../../../support/corpus.js';

let hgnc: HgncTable;
beforeAll(async () => {
  hgnc = await loadHgnc(path.join(PROJECT_ROOT, 'test', 'fixtures', 'participants', 'hgnc_ranges.txt'));
});

const pm = loadMappings().participants;

function show(r: Resolution | undefined): string {
  if (r === undefined) return 'none';
  if (r.kind === 'linked') return `linked ${r.record.symbol} by ${viaText(r)}`;
  if (r.kind === 'ambiguous') return `ambiguous (${r.reason}) ${r.candidates.map((c) => c.symbol).join(',')}`;
  return `unresolved (${r.reason})`;
}

/** The page's keywords resolved as the pipeline resolves a page without a table (no label usage). */
function keywords(...labels: string[]): string[] {
  return resolveParticipants(keywordParticipants(labels), { hgnc, pm, human: true, usage: () => undefined }).map((r) =>
    show(r.resolution),
  );
}

describe('a range of numbered family members', () => {
  it('reads three or more members that are all approved symbols, after a modification too', () => {
    expect(memberRange('RPA1-4', hgnc)).toEqual(['RPA1', 'RPA2', 'RPA3', 'RPA4']);
    expect(memberRange('p-RPA1-4', hgnc)).toEqual(['RPA1', 'RPA2', 'RPA3', 'RPA4']);
    expect(memberRange('SHC1-3', hgnc)).toEqual(['SHC1', 'SHC2', 'SHC3']);
    // Two members apart by one: Reactome's isoform 2 (STAT1-2 is STAT1's isoform 2).
    expect(memberRange('STAT1-2', hgnc)).toBeUndefined();
    // A member HGNC does not have (RPA5): no range.
    expect(memberRange('RPA1-5', hgnc)).toBeUndefined();
    expect(memberRange('RPA1', hgnc)).toBeUndefined();
  });

  it('unlinks the isoform reading when the page names every other member (2022 WP1858: RPA1-4 beside RPA2, RPA3, RPA4)', () => {
    expect(keywords('RPA1-4', 'RPA2', 'RPA3', 'RPA4')).toEqual([
      'ambiguous (several genes named) RPA1,RPA2,RPA3,RPA4',
      'linked RPA2 by symbol',
      'linked RPA3 by symbol',
      'linked RPA4 by symbol',
    ]);
  });

  it("keeps Reactome's isoform where the page does not name the other members (SHC1-3 is SHC1's isoform 3)", () => {
    expect(keywords('SHC1-3', 'SHC1', 'GRB2')[0]).toBe('linked SHC1 by isoform');
    // One member missing from the page is enough to keep it.
    expect(keywords('RPA1-4', 'RPA2', 'RPA3')[0]).toBe('linked RPA1 by isoform');
    // Isoform 2 stays an isoform beside the next member.
    expect(keywords('STAT1-2', 'STAT2')[0]).toBe('linked STAT1 by isoform');
  });

  it('never touches a row linked by its own identifiers', () => {
    const row: Participant = {
      label: 'RPA1-4',
      type: 'GeneProduct',
      ids: { ncbigene: ['6117'] },
      primary: { system: 'ncbigene', id: '6117' },
      origin: { kind: 'table', line: 2 },
    };
    const others = ['RPA2', 'RPA3', 'RPA4'].map((label, i): Participant => ({
      label,
      type: 'GeneProduct',
      ids: {},
      origin: { kind: 'table', line: 3 + i },
    }));
    const out = resolveParticipants([row, ...others], { hgnc, pm, human: true, usage: () => undefined });
    expect(show(out[0]!.resolution)).toBe('linked RPA1 by identifier');
  });
});

describe('the precursor form prefix', () => {
  it('reads the name after pro or pro- (2022 WP4087 proKLK5, WP4565 proBDNF)', () => {
    expect(formPrefixed('proBDNF')).toBe('BDNF');
    expect(formPrefixed('pro-KLK5')).toBe('KLK5');
    // Not a word that merely starts with "pro", nor a lower-case rest.
    expect(formPrefixed('protein')).toBeUndefined();
    expect(formPrefixed('Prolactin')).toBeUndefined();
    expect(keywords('proBDNF', 'proKLK5', 'protein')).toEqual([
      'linked BDNF by form prefix',
      'linked KLK5 by form prefix',
      'unresolved (placeholder label)',
    ]);
  });
});
