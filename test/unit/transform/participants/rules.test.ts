// Label rules added from the linking benchmark's misses, each with a hand-written case (fixture: hgnc_rules.txt).

import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMappings } from '../../../../src/mappings.js';
import { loadHgnc, type HgncTable } from '../../../../src/reference/hgnc.js';
import { keywordParticipants } from '../../../../src/transform/participants/keywords.js';
import {
  describedSymbol,
  entryNameCode,
  formPrefixed,
  greekIsoformBase,
  isoformBase,
  slashSides,
} from '../../../../src/transform/participants/labelForms.js';
import {
  conventionalSymbols,
  labelVariants,
  nameWords,
  qualifiedSymbol,
  romanValue,
  stripDecorations,
  withoutProteinWords,
} from '../../../../src/transform/participants/normalise.js';
import type { Resolution } from '../../../../src/transform/participants/model.js';
import { unresolvedText, viaText } from '../../../../src/transform/participants/outcomeText.js';
import { resolveByLabel } from '../../../../src/transform/participants/resolveLabel.js';
import { resolveParticipants } from '../../../../src/transform/participants/resolveParticipants.js';
import { looksLikeSmallMolecule } from '../../../../src/transform/participants/smallMolecule.js';
import { ambiguityWarning } from '../../../../src/transform/participants/warnings.js';
import { PROJECT_ROOT } from '../../../support/corpus.js';

let hgnc: HgncTable;
beforeAll(async () => {
  hgnc = await loadHgnc(path.join(PROJECT_ROOT, 'test', 'fixtures', 'participants', 'hgnc_rules.txt'));
});

function show(r: Resolution): string {
  if (r.kind === 'linked') return `linked ${r.record.symbol} by ${viaText(r)}`;
  if (r.kind === 'ambiguous') return `ambiguous (${r.reason}) ${r.candidates.map((c) => c.symbol).join(',')}`;
  return `unresolved: ${unresolvedText(r.reason)}`;
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

describe('isoforms named by a Greek letter after a symbol ending in a digit', () => {
  it('reads the symbol', () => {
    expect(greekIsoformBase('TP73alpha')).toBe('TP73');
    expect(greekIsoformBase('TP73 γ')).toBe('TP73');
    expect(greekIsoformBase('TNFalpha')).toBeUndefined();
    expect(greekIsoformBase('TP73')).toBeUndefined();
  });

  it.each([
    ['TP73alpha', 'linked TP73 by isoform'],
    ['TP73-δ', 'linked TP73 by isoform'],
    // a symbol that folding finds comes first: HIF1alpha is HIF1A (and HIF1 an alias of it)
    ['HIF1alpha', 'linked HIF1A by symbol, folded'],
  ])('%s', (label, expected) => {
    expect(show(resolveByLabel(label, hgnc))).toBe(expected);
  });
});

describe('clotting factors by Roman numeral', () => {
  it('reads Roman numerals', () => {
    expect([romanValue('II'), romanValue('IV'), romanValue('IX'), romanValue('XIII'), romanValue('XII')]).toEqual([
      2, 4, 9, 13, 12,
    ]);
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

  it.each(['TDP-43', 'ADP-ribo-EEF2', 'UDP-glucuronosyltransferase', 'UDP-glucose 6-dehydrogenase'])(
    '%s is left to the gene tiers',
    (label) => {
      expect(looksLikeSmallMolecule(label)).toBe(false);
    },
  );

  it('is not linked even where it spells an alias', () => {
    expect(show(resolveByLabel('UDP-GalNAc', hgnc))).toBe('unresolved: an ion or small molecule');
    expect(show(resolveByLabel('GDP-b-L-fucose (out)', hgnc))).toBe('unresolved: an ion or small molecule');
  });
});

describe('labels that join names with a bare slash', () => {
  it('splits the names, a trailing number or letter standing for the first name with its ending replaced', () => {
    expect(slashSides('SMAC/DIABLO')).toEqual(['SMAC', 'DIABLO']);
    expect(slashSides('ERK1/2')).toEqual(['ERK1', 'ERK2']);
    expect(slashSides('PKCa/b')).toEqual(['PKCa', 'PKCb']);
    expect(slashSides('C/EBPB')).toBeUndefined();
    expect(slashSides('ZEB1 / TCF8')).toBeUndefined();
    expect(slashSides('KDR')).toBeUndefined();
  });

  it.each([
    ['SMAC/DIABLO', 'linked DIABLO by each side of a slash'],
    ['KDR/FLK1', 'linked KDR by each side of a slash'],
    ['ERK1/2', 'ambiguous (several genes named) MAPK1,MAPK3'],
    ['MAPK3/MAPK1', 'ambiguous (several genes named) MAPK1,MAPK3'],
    // a name that resolves to nothing leaves the label to the other rules
    ['KDR/XYZ99', 'unresolved: no HGNC symbol, previous symbol, alias or name matches'],
  ])('%s', (label, expected) => {
    expect(show(resolveByLabel(label, hgnc))).toBe(expected);
  });

  it('warns that the label names several genes', () => {
    const r = resolveByLabel('ERK1/2', hgnc);
    if (r.kind !== 'ambiguous') throw new Error('expected ambiguity');
    const warning = ambiguityWarning('ERK1/2', r, { file: 'pages/WP1.md', key: 'keywords' });
    expect([warning.code, warning.message]).toEqual([
      'GENE_AMBIGUOUS',
      '"ERK1/2" names several genes (MAPK1, MAPK3); not linked',
    ]);
  });

  it('is never settled by the rest of the pathway', () => {
    const pm = loadMappings().participants;
    const resolved = resolveParticipants(keywordParticipants(['ERK1/2', 'MAPK3']), {
      hgnc,
      pm,
      human: true,
      usage: () => undefined,
    });
    expect(resolved.map((r) => show(r.resolution!))).toEqual([
      'ambiguous (several genes named) MAPK1,MAPK3',
      'linked MAPK3 by symbol',
    ]);
  });
});

describe('one-letter form prefixes (soluble, truncated, human, nuclear, inactivated)', () => {
  it('reads the name after s, t, h, n or i only', () => {
    expect(formPrefixed('sICAM-1')).toBe('ICAM-1');
    expect(formPrefixed('tBID')).toBe('BID');
    expect(formPrefixed('mTORC1')).toBeUndefined();
    expect(formPrefixed('sGC')).toBeUndefined();
    expect(formPrefixed('ICAM1')).toBeUndefined();
  });

  it.each([
    ['sICAM-1', 'linked ICAM1 by form prefix'],
    ['tBID', 'linked BID by form prefix'],
    // m begins names (mTOR): mTORC1 is not "m" + TORC1 (an alias of CRTC1)
    ['mTORC1', 'unresolved: no HGNC symbol, previous symbol, alias or name matches'],
    ['TORC1', 'linked CRTC1 by alias symbol'],
  ])('%s', (label, expected) => {
    expect(show(resolveByLabel(label, hgnc))).toBe(expected);
  });
});

describe('UniProt-style protein names', () => {
  it('drops the filler words HGNC names do not have', () => {
    expect(withoutProteinWords('Notchless protein homolog 1')).toBe('Notchless homolog 1');
    expect(withoutProteinWords('Probable G-protein coupled receptor 179')).toBe('G-protein coupled receptor 179');
    expect(withoutProteinWords('Uncharacterized protein C17orf50')).toBe('C17orf50');
    expect(withoutProteinWords('Protein S')).toBeUndefined();
    expect(withoutProteinWords('AATF')).toBeUndefined();
  });

  it('writes UniProt chemokine names as HGNC symbols', () => {
    expect(conventionalSymbols('C-C motif chemokine 13')).toEqual(['CCL13']);
    expect(conventionalSymbols('C-X-C motif chemokine 10')).toEqual(['CXCL10']);
    expect(conventionalSymbols('C-X3-C motif chemokine 1')).toEqual(['CX3CL1']);
    expect(conventionalSymbols('X-C motif chemokine 1')).toEqual(['XCL1']);
  });

  it('reads the name in an "aka" note', () => {
    expect(labelVariants('E2 (aka DBT)')).toContain('DBT');
  });

  it.each([
    ['Notchless protein homolog 1', 'linked NLE1 by name'],
    ['Protein AATF', 'linked AATF by symbol'],
    ['C-C motif chemokine 13', 'linked CCL13 by naming convention'],
    ['E2 (aka DBT)', 'linked DBT by symbol'],
  ])('%s', (label, expected) => {
    expect(show(resolveByLabel(label, hgnc))).toBe(expected);
  });
});

describe('Reactome upper-case modification codes before a symbol', () => {
  const isGene = (t: string): boolean => ['MYC', 'AGT2', 'RAB4A', 'AGXT2'].includes(t);

  it('lets codes that name no gene vouch for a symbol with a digit or of five letters', () => {
    expect(qualifiedSymbol('GGC-RAB4A', isGene)).toBe('RAB4A');
    expect(qualifiedSymbol('PXLP-AGXT2', isGene)).toBe('AGXT2');
    // without the gene table, or before a short all-letter symbol, or after a gene, they do not
    expect(qualifiedSymbol('GGC-RAB4A')).toBeUndefined();
    expect(qualifiedSymbol('PXLP-MYC', isGene)).toBeUndefined();
    expect(qualifiedSymbol('MYC-AGXT2', isGene)).toBeUndefined();
  });

  it.each([
    ['GGC-RAB4A', 'linked RAB4A by qualified symbol'],
    ['PXLP-K258-AGXT2-2', 'linked AGXT2 by qualified symbol'],
    ['MYC-AGXT2', 'unresolved: no HGNC symbol, previous symbol, alias or name matches'],
  ])('%s', (label, expected) => {
    expect(show(resolveByLabel(label, hgnc))).toBe(expected);
  });
});

describe('a symbol followed by words for a part, form or variant of its product', () => {
  it('reads the symbol', () => {
    expect(describedSymbol('C3 beta chain')).toBe('C3');
    expect(describedSymbol('C1R C-terminal fragment')).toBe('C1R');
    expect(describedSymbol('F12 T328R(20-328)')).toBe('F12');
    expect(describedSymbol('ERBB4 JM-A CYT-2 isoform')).toBe('ERBB4');
    // words that name another gene, or a Greek letter that is not a chain's
    expect(describedSymbol('EGF receptor')).toBeUndefined();
    expect(describedSymbol('IL6 binding protein')).toBeUndefined();
    expect(describedSymbol('IFNR alpha')).toBeUndefined();
  });

  it.each([
    ['C3 beta chain', 'linked C3 by described symbol'],
    ['EGFR G719C', 'linked EGFR by described symbol'],
    ['EGF receptor', 'linked EGFR by naming convention'],
    // a short symbol after a word for its state
    ['Active BTK', 'linked BTK by qualified symbol'],
    ['Pro-EGF', 'linked EGF by qualified symbol'],
    ['holo-BTK', 'unresolved: no HGNC symbol, previous symbol, alias or name matches'],
  ])('%s', (label, expected) => {
    expect(show(resolveByLabel(label, hgnc))).toBe(expected);
  });
});

describe('UniProt-style names with the words of an HGNC name', () => {
  it('reads a name as its words, filler words dropped, numbers kept in order', () => {
    expect(nameWords('LIM and SH3 domain protein 1')).toBe(nameWords('LIM and SH3 protein 1'));
    expect(nameWords('LIM and SH3 protein 1')).toBe('1 3 lim sh | 3 1');
    expect(nameWords('CDGSH iron-sulfur domain-containing protein 3, mitochondrial')).toBe(
      nameWords('CDGSH iron sulfur domain containing 3'),
    );
    expect(nameWords('Integrin α-4 subunit')).toBe(nameWords('integrin subunit alpha 4'));
    expect(nameWords('Histone H3.1')).not.toBe(nameWords('histone H1.3'));
    // `like` and `family` name other genes or a class
    expect(nameWords('integrin alpha 4-like')).not.toBe(nameWords('integrin alpha 4'));
    expect(nameWords('Interleukin-6 family')).not.toBe(nameWords('interleukin 6'));
    expect(nameWords('Protein S')).toBeUndefined();
  });

  it.each([
    ['LIM and SH3 domain protein 1', 'linked LASP1 by name words'],
    ['Integrin alpha-4 subunit', 'linked ITGA4 by name words'],
    // a previous name, its words in another order: "integrin, alpha 9"
    ['Alpha-9 integrin', 'linked ITGA9 by name words'],
    // alias names are not read word by word: ITGA9's "integrin, alpha 4-like", ITGA4's "alpha 4 subunit of VLA-4
    // receptor"
    ['Alpha 4-like integrin', 'unresolved: no HGNC symbol, previous symbol, alias or name matches'],
    ['VLA-4 receptor alpha 4 subunit', 'unresolved: no HGNC symbol, previous symbol, alias or name matches'],
    ['LIM domain', 'unresolved: no HGNC symbol, previous symbol, alias or name matches'],
  ])('%s', (label, expected) => {
    expect(show(resolveByLabel(label, hgnc))).toBe(expected);
  });
});

describe('UniProt entry names (PK3CA_HUMAN)', () => {
  it('reads the protein code', () => {
    expect(entryNameCode('PK3CA')).toBe('PK3CA');
    expect(entryNameCode('Pk3ca')).toBe('PK3CA');
    expect(entryNameCode('PK3CA_HUMAN')).toBe('PK3CA');
    // four characters, no digit, fewer than three letters
    expect(entryNameCode('PGE2')).toBeUndefined();
    expect(entryNameCode('LASPA')).toBeUndefined();
    expect(entryNameCode('H2O22')).toBeUndefined();
  });

  it.each([
    ['PK3CA', 'linked PIK3CA by UniProt entry name'],
    ['PK3CA_HUMAN', 'linked PIK3CA by UniProt entry name'],
    // a family stem: AKR1B1 is the only member of six characters, not the only member
    ['AKR1B', 'unresolved: no HGNC symbol, previous symbol, alias or name matches'],
    // COQ10A and COQ10B both fit
    ['COQ10', 'unresolved: no HGNC symbol, previous symbol, alias or name matches'],
    // the approved symbol itself comes first
    ['LASP1', 'linked LASP1 by symbol'],
  ])('%s', (label, expected) => {
    expect(show(resolveByLabel(label, hgnc))).toBe(expected);
  });
});

describe('folding that leaves a single character', () => {
  it.each([
    // PPIB holds the alias B: a lone Greek letter is no symbol
    ['β', 'unresolved: no HGNC symbol, previous symbol, alias or name matches'],
    ['B', 'ambiguous (short abbreviation) PPIB'],
  ])('%s', (label, expected) => {
    expect(show(resolveByLabel(label, hgnc))).toBe(expected);
  });
});
