// Labels whose form says they name no one gene: a complex, a multimer, a pathway, a list of several genes.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAPPINGS_DIR, loadMappings } from '../../../../src/mappings.js';
import { loadHgnc, type HgncTable } from '../../../../src/reference/hgnc.js';
import { keywordParticipants } from '../../../../src/transform/participants/keywords.js';
import type { Participant } from '../../../../src/transform/participants/model.js';
import { parseParticipantMappings } from '../../../../src/transform/participants/parseParticipantMappings.js';
import { listedSymbols, modifiedSymbols, nonGeneLabel } from '../../../../src/transform/participants/nonGeneLabels.js';
import { resolveByLabel } from '../../../../src/transform/participants/resolveLabel.js';
import { resolveParticipants } from '../../../../src/transform/participants/resolveParticipants.js';
import { PROJECT_ROOT } from '../../../support/corpus.js';

let hgnc: HgncTable;
beforeAll(async () => {
  hgnc = await loadHgnc(path.join(PROJECT_ROOT, 'test', 'fixtures', 'participants', 'hgnc_small.txt'));
});

describe('a label listing genes', () => {
  it('names several when every comma-separated part is an approved symbol, after modifications or in parentheses', () => {
    expect(listedSymbols('AKT1, AKT2', hgnc)).toEqual(['AKT1', 'AKT2']);
    expect(listedSymbols('p-AKT1,p-Y705-AKT2,(AKT3)', hgnc)).toEqual(['AKT1', 'AKT2', 'AKT3']);
    expect(nonGeneLabel('MAPK8, MAPK9', [], hgnc)).toBe('several genes listed');
  });

  it('does not when a part is a residue list, continues a name with a digit, or is no approved symbol', () => {
    expect(listedSymbols('p-T180,Y182-MAPK14', hgnc)).toBeUndefined(); // one phosphorylated protein
    expect(listedSymbols('AKT2,3-MAPK14', hgnc)).toBeUndefined(); // AKT2 and AKT3 modifying MAPK14 (Reactome's SUMO2,3-BRCA1)
    expect(listedSymbols('AKT1, PKB', hgnc)).toBeUndefined();
    expect(listedSymbols('MAPK14', hgnc)).toBeUndefined();
    // The same symbol twice is one gene.
    expect(nonGeneLabel('MAPK14, p-MAPK14', [], hgnc)).toBeUndefined();
  });
});

describe('a set of modified proteins or numbered family members', () => {
  it('names every modified protein of a Reactome set, and the further numbers of a symbol', () => {
    // 2022 WP1904 `p-4S,T404-IRF3,p-S477,S479-IRF7` and WP1843 `MMP1,2` were linked to IRF7 and MMP12.
    expect(modifiedSymbols('p-S218,S222-MAPK8,p-S257,T261-MAPK9', hgnc)).toEqual(['MAPK8', 'MAPK9']);
    expect(modifiedSymbols('p-2S,S376,T,T209-MAPK8, MAPK9', hgnc)).toEqual(['MAPK8', 'MAPK9']);
    expect(modifiedSymbols('MAPK8,9', hgnc)).toEqual(['MAPK8', 'MAPK9']);
    expect(modifiedSymbols('AKT1,(AKT2, AKT3)', hgnc)).toEqual(['AKT1', 'AKT2', 'AKT3']);
    expect(resolveByLabel('p-S218,S222-MAPK8,p-S257,T261-MAPK9', hgnc)).toEqual({
      kind: 'unresolved',
      reason: 'several genes listed',
    });
    expect(resolveByLabel('MAPK8,9', hgnc)).toEqual({ kind: 'unresolved', reason: 'several genes listed' });
  });

  it('names one for a residue list, and none for the modifier of a protein (SUMO2,3-BRCA1)', () => {
    expect(modifiedSymbols('p-T180,Y182-MAPK14', hgnc)).toEqual(['MAPK14']);
    expect(modifiedSymbols('p-Y1161,1165,1166-MAPK14', hgnc)).toEqual(['MAPK14']);
    expect(modifiedSymbols('AKT2,3-MAPK14', hgnc)).toEqual(['MAPK14']);
    expect(modifiedSymbols('MAPK14', hgnc)).toEqual([]);
    expect(resolveByLabel('p-T180,Y182-MAPK14', hgnc)).toMatchObject({ kind: 'linked', record: { symbol: 'MAPK14' } });
    expect(resolveByLabel('AKT2,3-MAPK14', hgnc)).toMatchObject({ kind: 'linked', record: { symbol: 'MAPK14' } });
  });

  it("leaves such a label to other pathways' tables (2022 `CYSLTR1,2` rows carry CYSLTR2's ids)", () => {
    const pm = loadMappings().participants;
    const [r] = resolveParticipants(keywordParticipants(['MAPK8,9']), {
      hgnc,
      pm,
      human: true,
      usage: () => ({ sense: 'HGNC:6886', pathways: 2, of: 2 }),
    });
    expect(r!.resolution).toMatchObject({ kind: 'linked', record: { symbol: 'MAPK9' }, via: 'label usage' });
    const [none] = resolveParticipants(keywordParticipants(['MAPK8,9']), {
      hgnc,
      pm,
      human: true,
      usage: () => undefined,
    });
    expect(none!.resolution).toEqual({ kind: 'unresolved', reason: 'several genes listed' });
  });
});

describe('the rules of mappings', () => {
  const rules = loadMappings().participants.nonGeneLabels;
  it('(mappings/participants.json nonGeneLabels) name complexes, multimers, pathways and sets', () => {
    expect(nonGeneLabel('SUMO1:C93-UBE2I', rules, hgnc)).toBe('non-gene label');
    expect(nonGeneLabel('CCNA:p-T160-CDK2', rules, hgnc)).toBe('non-gene label');
    expect(nonGeneLabel('Bile acid-CoA:amino acid N-acyltransferase', rules, hgnc)).toBeUndefined();
    expect(nonGeneLabel('MAPK14', rules, hgnc)).toBeUndefined();
    for (const label of [
      'PAK1 dimer',
      'Dimeric TGFB1',
      'AKT1 homodimer',
      'Mediator complex',
      'Signaling by ERBB2',
      'ligands of SLC7A5',
    ])
      expect(nonGeneLabel(label, rules, hgnc), label).toBe('non-gene label');
    // A name that merely contains the words: HGNC's name of EPOP; a monomer is one gene's product.
    for (const label of [
      'Elongin BC and Polycomb repressive complex 2-associated protein',
      'MAPK14 monomer',
      'Signal peptidase',
    ])
      expect(nonGeneLabel(label, rules, hgnc), label).toBeUndefined();
  });
});

describe('resolving such labels', () => {
  const mappings = loadMappings();
  const pm = mappings.participants;
  const outcome = (participants: Participant[]): string[] =>
    resolveParticipants(participants, { hgnc, pm, human: true, usage: () => undefined }).map((r) => {
      const res = r.resolution!;
      return res.kind === 'linked' ? res.record.symbol : res.kind === 'unresolved' ? res.reason : res.kind;
    });

  it('links none of them by label, keyword or row', () => {
    expect(
      outcome(
        keywordParticipants([
          'AKT1:p-T180,Y182-MAPK14',
          'MAPK14 dimer',
          'Signaling by MAPK14',
          'AKT1, AKT2',
          'p-T180,Y182-MAPK14',
        ]),
      ),
    ).toEqual(['non-gene label', 'non-gene label', 'non-gene label', 'several genes listed', 'MAPK14']);
    expect(outcome([{ label: 'MAPK14 dimer', type: 'Protein', ids: {}, origin: { kind: 'table', line: 2 } }])).toEqual([
      'non-gene label',
    ]);
  });

  it('still links a row by the identifier it carries', () => {
    const row: Participant = {
      label: 'MAPK14 dimer',
      type: 'Protein',
      ids: { ncbigene: ['1432'] },
      primary: { system: 'ncbigene', id: '1432' },
      origin: { kind: 'table', line: 2 },
    };
    expect(outcome([row])).toEqual(['MAPK14']);
  });

  it('links no row whose own id names a pathway, whatever its type and label (current WP2870: PI3K as wikipathways:WP5472)', () => {
    const row = (system: string, id: string): Participant => ({
      label: 'AKT1',
      type: 'GeneProduct',
      ids: { [system]: [id] },
      primary: { system, id },
      origin: { kind: 'table', line: 2 },
    });
    expect(
      outcome([row('wikipathways', 'WP5472'), row('kegg.pathway', 'hsa04151'), row('reactome', 'R-HSA-69488')]),
    ).toEqual(['own id names no human gene', 'own id names no human gene', 'AKT1']);
  });

  it('rejects a pattern that is no regular expression, naming its place', () => {
    const shipped = JSON.parse(readFileSync(path.join(DEFAULT_MAPPINGS_DIR, 'participants.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(() =>
      parseParticipantMappings(
        JSON.stringify({ ...shipped, nonGeneLabels: ['dimer', '(unclosed'] }),
        'p.json',
        mappings,
      ),
    ).toThrow(expect.objectContaining({ code: 'MAPPING_INVALID', file: 'p.json', key: 'nonGeneLabels[1]' }));
    expect(() =>
      parseParticipantMappings(JSON.stringify({ ...shipped, nonGeneLabels: 'dimer' }), 'p.json', mappings),
    ).toThrow(expect.objectContaining({ code: 'MAPPING_INVALID', key: 'nonGeneLabels' }));
  });
});
