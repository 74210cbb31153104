// Label rules added from the linking benchmark's misses, each with a hand-written case (fixture: hgnc_rules.txt).

import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadHgnc, type HgncTable } from '../../src/reference/hgnc.js';
import { conventionalSymbols, isoformBase, romanValue, stripDecorations } from '../../src/transform/participants/normalise.js';
import { looksLikeSmallMolecule } from '../../src/transform/participants/smallMolecule.js';
import { resolveByLabel, type Resolution } from '../../src/transform/participants/resolveGene.js';
import { PROJECT_ROOT } from '../support/corpus.js';

let hgnc: HgncTable;
beforeAll(async () => {
  hgnc = await loadHgnc(path.join(PROJECT_ROOT, 'test', 'fixtures', 'participants', 'hgnc_rules.txt'));
});

function show(r: Resolution): string {
  if (r.kind === 'linked') return `linked ${r.record.symbol} by ${r.via}`;
  if (r.kind === 'ambiguous') return `ambiguous (${r.reason}) ${r.candidates.map((c) => c.symbol).join(',')}`;
  return `unresolved: ${r.reason}`;
}

describe('Reactome isoform labels (symbol, hyphen, isoform number)', () => {
  it('reads the symbol of SYMBOL-n', () => {
    expect(isoformBase('GRB2-1')).toBe('GRB2');
    expect(isoformBase('NUP98-5')).toBe('NUP98');
    expect(isoformBase('GRB2')).toBeUndefined();
    expect(isoformBase('GRB2-123')).toBeUndefined();
    expect(isoformBase('IL-6 receptor')).toBeUndefined();
  });

  it.each([
    ['GRB2-1', 'linked GRB2 by isoform'],
    ['p-Y239,Y240,Y317-SHC1-2', 'linked SHC1 by isoform'],
    ['SHC1-3(1-?)', 'linked SHC1 by isoform'],
    // folding would glue 2 and 1 into PTPN21, another gene
    ['PTPN2-1', 'linked PTPN2 by isoform'],
    ['PTPN21', 'linked PTPN21 by symbol'],
    // a symbol ending in a letter: folding reads ACE-2 as ACE2 first
    ['ACE-2', 'linked ACE2 by symbol, folded'],
  ])('%s', (label, expected) => {
    expect(show(resolveByLabel(label, hgnc))).toBe(expected);
  });
});

describe('clotting factors by Roman numeral', () => {
  it('reads Roman numerals', () => {
    expect([romanValue('II'), romanValue('IV'), romanValue('IX'), romanValue('XIII'), romanValue('XII')]).toEqual([2, 4, 9, 13, 12]);
  });

  it('turns Factor <numeral> and F<numeral>, activated or not, into F<number>', () => {
    expect(conventionalSymbols('Factor VIIa')).toEqual(['F7']);
    expect(conventionalSymbols('coagulation factor IX')).toEqual(['F9']);
    expect(conventionalSymbols('FXIa')).toEqual(['F11']);
    expect(conventionalSymbols('Factor H')).toEqual([]);
    expect(conventionalSymbols('fix')).toEqual([]);
  });

  it.each([
    ['Factor VIIa', 'linked F7 by naming convention'],
    ['Factor X', 'linked F10 by naming convention'],
    ['FXIa', 'linked F11 by naming convention'],
    ['Factor XIII', 'unresolved: no HGNC symbol, previous symbol, alias or name matches'],
  ])('%s', (label, expected) => {
    expect(show(resolveByLabel(label, hgnc))).toBe(expected);
  });
});

describe('UniProt precursor names', () => {
  it('drops a trailing "precursor"', () => {
    expect(stripDecorations('TGFA precursor')).toBe('TGFA');
    expect(stripDecorations('Precursor')).toBe('Precursor');
  });

  it.each([
    ['TGFA precursor', 'linked TGFA by symbol'],
    ['Coagulation factor X precursor', 'linked F10 by name'],
  ])('%s', (label, expected) => {
    expect(show(resolveByLabel(label, hgnc))).toBe(expected);
  });
});

describe('nucleotide sugars are small molecules', () => {
  it.each(['UDP-GalNAc', 'GDP-b-L-fucose', 'CDP-choline', 'UDP-glucose'])('%s', (label) => {
    expect(looksLikeSmallMolecule(label)).toBe(true);
  });

  it.each(['TDP-43', 'ADP-ribo-EEF2', 'UDP-glucuronosyltransferase', 'UDP-glucose 6-dehydrogenase'])('%s is left to the gene tiers', (label) => {
    expect(looksLikeSmallMolecule(label)).toBe(false);
  });

  it('is not linked even where it spells an alias', () => {
    expect(show(resolveByLabel('UDP-GalNAc', hgnc))).toBe('unresolved: an ion or small molecule');
    expect(show(resolveByLabel('GDP-b-L-fucose (out)', hgnc))).toBe('unresolved: an ion or small molecule');
  });
});
