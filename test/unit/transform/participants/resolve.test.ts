import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMappings } from '../../../../src/mappings.js';
import { loadHgnc, type HgncTable } from '../../../../src/reference/hgnc.js';
import { keywordParticipants } from '../../../../src/transform/participants/keywords.js';
import type { Participant, Resolution } from '../../../../src/transform/participants/model.js';
import { unresolvedText, viaText } from '../../../../src/transform/participants/outcomeText.js';
import { makeContext, pickByGeneGroups } from '../../../../src/transform/participants/pathwayContext.js';
import { resolveByIds } from '../../../../src/transform/participants/resolveIds.js';
import { resolveByLabel } from '../../../../src/transform/participants/resolveLabel.js';
import { resolveParticipants } from '../../../../src/transform/participants/resolveParticipants.js';
import { PROJECT_ROOT } from '../../../support/corpus.js';

let hgnc: HgncTable;
beforeAll(async () => {
  hgnc = await loadHgnc(path.join(PROJECT_ROOT, 'test', 'fixtures', 'participants', 'hgnc_small.txt'));
});

/** A resolution as symbols, for readable expectations. */
function show(r: Resolution | undefined): string {
  if (r === undefined) return 'none';
  if (r.kind === 'linked') return `linked ${r.record.symbol} by ${viaText(r)}`;
  if (r.kind === 'ambiguous') return `ambiguous (${r.reason}) ${r.candidates.map((c) => c.symbol).join(',')}`;
  return `unresolved: ${unresolvedText(r.reason)}`;
}

describe('resolution by identifiers', () => {
  it('follows Ensembl, NCBI Gene, HGNC, HGNC symbol (approved or unique previous) and UniProt ids', () => {
    expect(show(resolveByIds({ ensembl: ['ENSG00000167535'] }, hgnc))).toBe('linked CACNB3 by identifier');
    expect(show(resolveByIds({ ensembl: ['ENSG00000167535.12'] }, hgnc))).toBe('linked CACNB3 by identifier');
    expect(show(resolveByIds({ ncbigene: ['10000'] }, hgnc))).toBe('linked AKT3 by identifier');
    expect(show(resolveByIds({ hgnc: ['1404'] }, hgnc))).toBe('linked CACNB4 by identifier');
    expect(show(resolveByIds({ 'hgnc.symbol': ['CACNLB3'] }, hgnc))).toBe('linked CACNB3 by identifier');
    expect(show(resolveByIds({ uniprot: ['P31749-2'] }, hgnc))).toBe('linked AKT1 by identifier');
  });

  it('lets the row’s own identifier, else the majority, settle identifiers that disagree', () => {
    const ids = { ensembl: ['ENSG00000167535'], ncbigene: ['785'] };
    expect(show(resolveByIds(ids, hgnc, { system: 'ncbigene', id: '785' }))).toBe('linked CACNB4 by identifier');
    expect(show(resolveByIds({ ...ids, 'hgnc.symbol': ['CACNB4'] }, hgnc))).toBe('linked CACNB4 by identifier');
    expect(show(resolveByIds(ids, hgnc))).toBe('ambiguous (several records) CACNB3,CACNB4');
  });

  it('uses UniProt only without a stronger id, and reports a shared accession as ambiguous', () => {
    expect(show(resolveByIds({ uniprot: ['P55081'] }, hgnc))).toBe('ambiguous (several records) MFAP1,FAKE1');
    expect(show(resolveByIds({ uniprot: ['P55081'], ncbigene: ['4236'] }, hgnc))).toBe('linked MFAP1 by identifier');
  });

  it('says when there is nothing to go by', () => {
    expect(resolveByIds({ chebi: ['CHEBI:29108'] }, hgnc)).toBeUndefined();
    expect(show(resolveByIds({ ensembl: ['ENSMUSG00000000001'] }, hgnc))).toBe(
      'unresolved: its identifiers are not in the HGNC table',
    );
  });
});

describe('resolution by label', () => {
  it.each([
    ['CACNB3 ', 'linked CACNB3 by symbol'],
    ['CACNB3(1-?)', 'linked CACNB3 by symbol'],
    ['cacnb4', 'linked CACNB4 by symbol, any case'],
    ['CACNLB3', 'linked CACNB3 by previous symbol'],
    ['RANKL', 'linked TNFSF11 by alias symbol'],
    ['p-Y-CACNB4', 'linked CACNB4 by symbol'],
    ['TNF-α', 'linked TNF by previous symbol, folded'],
    ['IFN-b', 'linked IFNB1 by previous symbol, folded'],
    ['Cathepsin K', 'linked CTSK by name'],
    ['hsa-mir-181a', 'linked MIR181A2 by alias symbol'],
    ['Unfolded CACNB3', 'linked CACNB3 by qualified symbol'],
    ['CACNB3 / CACNLB4', 'linked CACNB3 by symbol'],
  ])('%s', (label, expected) => {
    expect(show(resolveByLabel(label, hgnc))).toBe(expected);
  });

  it('does not link an alias shared by several genes', () => {
    expect(show(resolveByLabel('p38', hgnc))).toBe('ambiguous (several records) MAPK14,AIMP2');
    expect(show(resolveByLabel('CACNB3 / CACNB4', hgnc))).toBe('ambiguous (several records) CACNB3,CACNB4');
  });

  it('does not link a family stem that is the alias of a gene outside the family', () => {
    expect(show(resolveByLabel('PKC', hgnc))).toBe('ambiguous (family name) PRKCA,PRKCB,PRRT2');
  });

  it('links a family stem that HGNC gives to one of the family as an alias', () => {
    expect(show(resolveByLabel('AMPK', hgnc))).toBe('linked PRKAA2 by alias symbol');
  });

  it('does not link a short abbreviation found only among alias symbols', () => {
    expect(show(resolveByLabel('ROS', hgnc))).toBe('ambiguous (short abbreviation) ROS1');
    expect(show(resolveByLabel('AKT', hgnc))).toBe('ambiguous (short abbreviation) AKT1');
  });

  it('leaves ions and small molecules alone, even when they spell a gene alias', () => {
    expect(show(resolveByLabel('AMP', hgnc))).toBe('unresolved: an ion or small molecule');
    expect(show(resolveByLabel('cAMP', hgnc))).toBe('unresolved: an ion or small molecule');
    expect(show(resolveByLabel('Ca2+', hgnc))).toBe('unresolved: an ion or small molecule');
  });

  it('never compares a capitalised short word ignoring case', () => {
    expect(show(resolveByLabel('Camp', hgnc))).toBe(
      'unresolved: no HGNC symbol, previous symbol, alias or name matches',
    );
    expect(show(resolveByLabel('CAMP', hgnc))).toBe('linked CAMP by symbol');
  });
});

describe('the pathway as context', () => {
  it('picks the candidate that shares a gene group with the other genes of the pathway', () => {
    const p38 = resolveByLabel('p38', hgnc);
    if (p38.kind !== 'ambiguous') throw new Error('expected ambiguity');
    expect(pickByGeneGroups(p38.candidates, makeContext([hgnc.bySymbol.get('MAPK11')!]))!.symbol).toBe('MAPK14');
    expect(pickByGeneGroups(p38.candidates, makeContext([hgnc.bySymbol.get('CACNB3')!]))).toBeUndefined();
    expect(pickByGeneGroups(p38.candidates, makeContext([]))).toBeUndefined();
  });

  const pm = loadMappings().participants;
  const resolve = (keywords: string[], human = true) =>
    resolveParticipants(keywordParticipants(keywords), { hgnc, pm, human, usage: () => undefined }).map(
      (r) => `${r.participant.label}: ${show(r.resolution)}`,
    );

  it('settles an ambiguous alias from the rest of the pathway', () => {
    expect(resolve(['p38', 'MAPK11'])).toEqual([
      'p38: linked MAPK14 by alias symbol, pathway context',
      'MAPK11: linked MAPK11 by symbol',
    ]);
    expect(resolve(['p38'])).toEqual(['p38: ambiguous (several records) MAPK14,AIMP2']);
  });

  it('leaves alone an ambiguity found only by ignoring case or punctuation', () => {
    expect(resolve(['P38', 'MAPK11'])).toEqual([
      'P38: ambiguous (several records) MAPK14,AIMP2',
      'MAPK11: linked MAPK11 by symbol',
    ]);
    expect(resolve(['p-38', 'MAPK11'])).toEqual([
      'p-38: ambiguous (several records) MAPK14,AIMP2',
      'MAPK11: linked MAPK11 by symbol',
    ]);
  });

  it('links a short abbreviation when its gene family is in the pathway', () => {
    expect(resolve(['AKT', 'AKT2'])).toEqual([
      'AKT: linked AKT1 by alias symbol, pathway context',
      'AKT2: linked AKT2 by symbol',
    ]);
    expect(resolve(['ROS', 'CACNB3'])).toEqual([
      'ROS: ambiguous (short abbreviation) ROS1',
      'CACNB3: linked CACNB3 by symbol',
    ]);
  });

  it('never picks a family member, even with its relatives in the pathway', () => {
    expect(resolve(['PKC', 'PRKCB'])).toEqual([
      'PKC: ambiguous (family name) PRKCA,PRKCB,PRRT2',
      'PRKCB: linked PRKCB by symbol',
    ]);
  });

  it('resolves nothing on other species', () => {
    expect(resolve(['CACNB3'], false)).toEqual(['CACNB3: none']);
  });

  it('resolves table rows by their ids first, by label when the ids do not reach HGNC, and only gene-like types', () => {
    const rows: Participant[] = [
      {
        label: 'renamed',
        type: 'Protein',
        ids: { uniprot: ['P54284'] },
        primary: { system: 'uniprot', id: 'P54284' },
        origin: { kind: 'table', line: 2 },
      },
      {
        label: 'CACNB4',
        type: 'GeneProduct',
        ids: { ensembl: ['ENSMUSG00000000001'] },
        origin: { kind: 'table', line: 3 },
      },
      { label: 'MFAP1', type: 'Protein', ids: { uniprot: ['P55081'] }, origin: { kind: 'table', line: 4 } },
      { label: 'CAMP', type: 'Metabolite', ids: { chebi: ['CHEBI:17489'] }, origin: { kind: 'table', line: 5 } },
    ];
    expect(
      resolveParticipants(rows, { hgnc, pm, human: true, usage: () => undefined }).map(
        (r) => `${r.participant.label}: ${show(r.resolution)}`,
      ),
    ).toEqual([
      'renamed: linked CACNB3 by identifier',
      'CACNB4: linked CACNB4 by symbol',
      'MFAP1: linked MFAP1 by identifier and label',
      'CAMP: none',
    ]);
  });
});
