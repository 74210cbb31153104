// Label rules from the linking benchmark's 2022/current misses and wrong links (fixture: hgnc_forms.txt):
// symbols whose case is part of them, protein changes and parts after a symbol, two names of one gene.

import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMappings } from '../../../../src/mappings.js';
import { loadHgnc, type HgncTable } from '../../../../src/reference/hgnc.js';
import { caseBound } from '../../../../src/transform/participants/geneIndex.js';
import { describedSymbol } from '../../../../src/transform/participants/labelForms.js';
import type { Resolution } from '../../../../src/transform/participants/model.js';
import { listedSymbols, nonGeneLabel } from '../../../../src/transform/participants/nonGeneLabels.js';
import { unresolvedText, viaText } from '../../../../src/transform/participants/outcomeText.js';
import { resolveByLabel } from '../../../../src/transform/participants/resolveLabel.js';
import { PROJECT_ROOT } from '../../../support/corpus.js';

let hgnc: HgncTable;
beforeAll(async () => {
  hgnc = await loadHgnc(path.join(PROJECT_ROOT, 'test', 'fixtures', 'participants', 'hgnc_forms.txt'));
});

function show(r: Resolution): string {
  if (r.kind === 'linked') return `linked ${r.record.symbol} by ${viaText(r)}`;
  if (r.kind === 'ambiguous') return `ambiguous (${r.reason}) ${r.candidates.map((c) => c.symbol).join(',')}`;
  return `unresolved: ${unresolvedText(r.reason)}`;
}

describe('symbols whose case is part of them (a lower-case letter, a capital, a number)', () => {
  it('are told by their form', () => {
    expect(['uL11', 'eS24', 'mS22', 'pS2', 'aP2'].map(caseBound)).toEqual([true, true, true, true, true]);
    expect(['UL11', 'p105', 'p16INK4a', 'iRhom2', 'c-Myc', 'Hsp90'].map(caseBound)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it.each([
    // Herpesvirus genes (2022 WP5014: HCMV UL11, US3) are not the ribosomal proteins uL11, uS3.
    ['UL11', 'unresolved: no HGNC symbol, previous symbol, alias or name matches'],
    ['US3', 'unresolved: no HGNC symbol, previous symbol, alias or name matches'],
    ['ul11', 'unresolved: no HGNC symbol, previous symbol, alias or name matches'],
    ['U-L11', 'unresolved: no HGNC symbol, previous symbol, alias or name matches'],
    // Written as HGNC writes it, the alias still links.
    ['uL11', 'linked RPL12 by alias symbol'],
    ['uS3', 'linked RPS3 by alias symbol'],
    // `PS2` is presenilin 2's alias as written, and no longer also TFF1's `pS2` in capitals.
    ['PS2', 'linked PSEN2 by alias symbol'],
    ['ps2', 'linked PSEN2 by alias symbol, any case'],
  ])('%s', (label, expected) => {
    expect(show(resolveByLabel(label, hgnc))).toBe(expected);
  });
});

describe('protein changes and parts after a symbol', () => {
  it('read the symbol', () => {
    expect(describedSymbol('EGFR L747_S752del')).toBe('EGFR');
    expect(describedSymbol('EGFR E746_A750del;T790M')).toBe('EGFR');
    expect(describedSymbol('EGFR D770_N771insNPH')).toBe('EGFR');
    expect(describedSymbol('EGFR L747_P753delinsS')).toBe('EGFR');
    expect(describedSymbol('BRAF 599dupT')).toBe('BRAF');
    expect(describedSymbol('NOTCH1 Q2440* Transmembrane Fragment')).toBe('NOTCH1');
    expect(describedSymbol('NOTCH1 P2474Afs*4 Transmembrane Fragment')).toBe('NOTCH1');
    expect(describedSymbol('NOTCH1 V1676D S2 cleavage fragment')).toBe('NOTCH1');
    expect(describedSymbol('TUBB3 folding intermediate')).toBe('TUBB3');
    expect(describedSymbol('TUBB3 unfolded')).toBe('TUBB3');
    expect(describedSymbol('MST1 p.R703C')).toBe('MST1');
    expect(describedSymbol('PIGV anchor')).toBe('PIGV');
  });

  it('leave other words alone', () => {
    // A word that is no change: another gene, a number alone, a site of another kind.
    expect(describedSymbol('EGFR KRAS')).toBeUndefined();
    expect(describedSymbol('EGFR 790')).toBeUndefined();
    expect(describedSymbol('NOTCH1 S5 cleavage fragment')).toBeUndefined();
    expect(describedSymbol('EGFR T790M;KRAS')).toBeUndefined();
    expect(describedSymbol('EGFR del')).toBeUndefined();
  });

  it.each([
    ['EGFR L858R;T790M', 'linked EGFR by described symbol'],
    ['NOTCH1 L1574P Extracellular Fragment', 'linked NOTCH1 by described symbol'],
    ['EGF receptor', 'linked EGFR by naming convention'],
  ])('%s', (label, expected) => {
    expect(show(resolveByLabel(label, hgnc))).toBe(expected);
  });
});

describe('two names of one gene side by side', () => {
  it.each([
    ['ABCD3 or PMP70', 'linked ABCD3 by two names of one gene'],
    ['PMP70 ABCD3', 'linked ABCD3 by two names of one gene'],
    // `p105` alone is NFKB1 or NFKB2: the symbol beside it says which.
    ['NFKB1 p105', 'linked NFKB1 by two names of one gene'],
    ['NFKB2 p105', 'linked NFKB2 by two names of one gene'],
    ['p105', 'ambiguous (several records) NFKB1,NFKB2'],
    // Two genes, or a name of another gene beside the symbol: no one gene.
    ['EGFR KRAS', 'unresolved: no HGNC symbol, previous symbol, alias or name matches'],
    ['NFKB1 p100', 'unresolved: no HGNC symbol, previous symbol, alias or name matches'],
    ['NFKB1 NFKB2', 'unresolved: no HGNC symbol, previous symbol, alias or name matches'],
    // `or` joins a choice of genes: no qualifier of the last one (2022 `GPAM or GPAT2`, `TLR7 or TLR8`).
    ['NFKB1 or NFKB2', 'unresolved: no HGNC symbol, previous symbol, alias or name matches'],
    ['EGFR and KRAS', 'unresolved: no HGNC symbol, previous symbol, alias or name matches'],
  ])('%s', (label, expected) => {
    expect(show(resolveByLabel(label, hgnc))).toBe(expected);
  });
});

describe('lists of genes', () => {
  it('read each part past a residue range, an isoform number, a trailing `gene` or a previous symbol', () => {
    // 2022 `ID1, ID3 gene`, `CRHR1, CRHR2-1`, `RDH5(24-318), RDH11`, `DDX58, IFIH1` were linked to their last gene.
    expect(listedSymbols('EGFR, KRAS gene', hgnc)).toEqual(['EGFR', 'KRAS']);
    expect(listedSymbols('NFKB1, NFKB2-1', hgnc)).toEqual(['NFKB1', 'NFKB2']);
    expect(listedSymbols('EGFR(24-318), KRAS', hgnc)).toEqual(['EGFR', 'KRAS']);
    expect(listedSymbols('ERBB, KRAS1', hgnc)).toEqual(['EGFR', 'KRAS']);
    expect(nonGeneLabel('EGFR, KRAS gene', [], hgnc)).toBe('several genes listed');
  });

  it('are one gene when every part names the same, and no list when a part is only an alias', () => {
    expect(nonGeneLabel('EGFR, ERBB', [], hgnc)).toBeUndefined();
    expect(listedSymbols('NFKB1, p105', hgnc)).toBeUndefined();
    expect(listedSymbols('NFKB1,2-KRAS', hgnc)).toBeUndefined();
  });
});

describe('labels whose form names no one gene (mappings/participants.json nonGeneLabels)', () => {
  const rules = loadMappings().participants.nonGeneLabels;
  it.each([
    'Active FLT3: GRB2', // Reactome's complex notation with a space after the colon
    'TRIF:activated TLR4',
    'CARMA1 bound to PDK1',
    'mRNA Cleaved by SMG6',
    'Regulation of TP53',
    'regulation by RUNX1',
    'Cargo of TOMM40',
    'Processing of SMDT1',
    'PLA2(16)', // a family with the count of its members
    'CYP(5)',
    'BTN3A1(BTN3A2,BTN3A3)', // a member with the others
    'LPPR4(LPPR1-3,5)',
    'KE472: Down Regulation, CPT1A', // AOP key events
    'KE54 Up Regulation, CD36',
  ])('%s', (label) => {
    expect(nonGeneLabel(label, rules, hgnc)).toBe('non-gene label');
  });

  it.each([
    'SHIP (1)', // SHIP1, numbered after a space
    'EGFR(24-318)', // a residue range
    'Bile acid-CoA:amino acid N-acyltransferase', // an enzyme named after its substrates
    'KEAP1',
    'Regulatory factor X',
    'NFKB1 p105',
  ])('not %s', (label) => {
    expect(nonGeneLabel(label, rules, hgnc)).toBeUndefined();
  });
});
