import { describe, expect, it } from 'vitest';
import {
  conventionalSymbols,
  foldName,
  foldSymbol,
  joinSpelledOut,
  labelVariants,
  qualifiedSymbol,
  spellOut,
  stripDecorations,
  stripModifications,
} from '../../../../src/transform/participants/normalise.js';
import { looksLikeSmallMolecule } from '../../../../src/transform/participants/smallMolecule.js';

describe('label normalisation', () => {
  it('trims leading and trailing spaces and folds inner runs', () => {
    expect(labelVariants('  CACNB3 ')).toEqual(['CACNB3']);
    expect(labelVariants('Voltage  Gated\nChannel')).toEqual(['Voltage Gated Channel']);
  });

  it('strips residue ranges, compartments, phosphosites, EC numbers and a trailing gene/protein', () => {
    expect(stripDecorations('CACNA2D1(1-?) ')).toBe('CACNA2D1');
    expect(stripDecorations('CACNA2D2(19-1150)')).toBe('CACNA2D2');
    expect(stripDecorations('UBC(1-76) [endosome membrane]')).toBe('UBC');
    expect(stripDecorations('p-S15,S20-TP53')).toBe('TP53');
    expect(stripDecorations('HMGCS1 gene')).toBe('HMGCS1');
    expect(stripDecorations('Glycerol kinaseEC 2.7.1.30')).toBe('Glycerol kinase');
    expect(stripDecorations('Phospholipase A2 (EC 3.1.1.4)')).toBe('Phospholipase A2');
    expect(stripDecorations('CD14')).toBe('CD14');
  });

  it('lists the forms to try: as written, undecorated, unmodified, vertical, both sides of a slash or parenthesis', () => {
    expect(labelVariants('CACNA2D1(1-?) ')).toEqual(['CACNA2D1(1-?)', 'CACNA2D1']);
    expect(labelVariants('P D G F A')).toEqual(['P D G F A', 'PDGFA']);
    expect(labelVariants('ZEB1 / TCF8')).toEqual(['ZEB1 / TCF8', 'ZEB1', 'TCF8']);
    expect(labelVariants('COX2 (PTGS2)')).toEqual(['COX2 (PTGS2)', 'COX2', 'PTGS2']);
    expect(labelVariants('MyrG-p-Y419-SRC')).toEqual(['MyrG-p-Y419-SRC', 'SRC']);
    expect(joinSpelledOut('A B')).toBe('AB');
    expect(joinSpelledOut('AB C')).toBeUndefined();
  });

  it('reads Reactome modification prefixes but keeps letters that belong to the name', () => {
    expect(stripModifications('p-4Y-PLCG1')).toBe('PLCG1');
    expect(stripModifications('K63polyUb-TRAF6')).toBe('TRAF6');
    expect(stripModifications('S-Farn-Me PalmS NRAS')).toBe('NRAS');
    expect(stripModifications('SUMO1-C93-UBE2I')).toBe('UBE2I');
    expect(stripModifications('p-S1981,Ac-K3016-ATM')).toBe('ATM');
    expect(stripModifications('p-Y-GAB2')).toBe('GAB2');
    expect(stripModifications('A-Raf')).toBeUndefined();
    expect(stripModifications('B-catenin')).toBeUndefined();
    expect(stripModifications('IL-6')).toBeUndefined();
  });

  it('finds the symbol of a qualified label only behind a qualifier', () => {
    expect(qualifiedSymbol('Unfolded TP53')).toBe('TP53');
    expect(qualifiedSymbol('3x4Hyp-5Hyl-COL1A1')).toBe('COL1A1');
    expect(qualifiedSymbol('UBE2I-G97-SUMO1')).toBe('SUMO1');
    expect(qualifiedSymbol('XylS-BCAN')).toBe('BCAN');
    // a short all-letter symbol needs a modification, not just a word, before it
    expect(qualifiedSymbol('holo-PC')).toBeUndefined();
    expect(qualifiedSymbol('Beta-3 AR')).toBeUndefined();
    expect(qualifiedSymbol('HIV-1 TAT')).toBeUndefined();
    expect(qualifiedSymbol('TP53')).toBeUndefined();
  });

  it('folds Greek letters, punctuation and case for symbol keys', () => {
    expect(foldSymbol('TNF-α')).toBe('TNFA');
    expect(foldSymbol('IL-1β')).toBe('IL1B');
    expect(foldSymbol('IFN-b')).toBe('IFNB');
    expect(foldSymbol('PKC alpha')).toBe('PKCA');
    expect(foldSymbol('IKKalpha')).toBe('IKKA');
    expect(foldSymbol('GSK3Beta')).toBe('GSK3B');
    expect(foldSymbol('PKC-theta')).toBe('PKCQ');
    expect(foldSymbol('PKC-eta')).toBe('PKCH');
    // short letter names only in lower case after a separator; words that merely contain them stay
    expect(foldSymbol('PI3K')).toBe('PI3K');
    expect(foldSymbol('TAU')).toBe('TAU');
    expect(foldSymbol('Betaine')).toBe('BETAINE');
  });

  it('folds names to letters and digits, Greek letters spelled out', () => {
    expect(foldName('Cathepsin K')).toBe('cathepsink');
    expect(foldName('Beclin1')).toBe(foldName('beclin 1'));
    expect(foldName('β-catenin')).toBe('betacatenin');
    expect(spellOut('Ca²⁺')).toBe('Ca2+');
    expect(spellOut('CO₂')).toBe('CO2');
    expect(spellOut('TNF–α')).toBe('TNF-alpha');
  });

  it('turns naming conventions into symbol keys', () => {
    expect(conventionalSymbols('RANK ligand')).toEqual(['RANKL']);
    expect(conventionalSymbols('EGF receptor')).toEqual(['EGFR']);
    expect(conventionalSymbols('miR-21')).toEqual(['MIR21']);
    expect(conventionalSymbols('hsa-mir-181a-5p')).toEqual(['MIR181A']);
    expect(conventionalSymbols('hsa-let-7a-1')).toEqual(['MIRLET7A1']);
    expect(conventionalSymbols('Cathepsin K')).toEqual([]);
  });
});

describe('small molecules are not genes', () => {
  it.each([
    'Ca2+',
    'K+',
    'Ca++',
    'Fe3+',
    'HCO3-',
    'Ca²⁺',
    'ATP',
    'AMP',
    'cAMP',
    'cGMP',
    'dATP',
    'NADPH',
    'NAD+',
    'acetyl-CoA',
    'CO2',
    'CO₂',
    'H2O',
    'PGE2',
    'IP3',
    'PIP2',
    'T3',
    '16:1(9Z)',
    'PD2(n-3 DPA)',
    'L-Arg',
    'D-Glucose',
    '[Ca2+]',
    '[CO2]',
    '[CO2](.-)',
  ])('%s', (label) => {
    expect(looksLikeSmallMolecule(label)).toBe(true);
  });

  it.each([
    'CAMP',
    'ATP1A1',
    'KRAS',
    'AKT1',
    'C3',
    'p53',
    'IL-6',
    'CD4',
    'PC',
    'NOS2',
    'PGD',
    'A-Raf',
    'Cathepsin K',
    '[KRAS]',
    '[cytosol]',
  ])('%s is left to the gene tiers', (label) => {
    expect(looksLikeSmallMolecule(label)).toBe(false);
  });
});
