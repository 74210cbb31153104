// Typed resolution outcomes: a pick by pathway context is its own kind of link, and the words for each
// outcome (GENE_AMBIGUOUS details, benches) come from outcomeText.ts alone.

import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMappings } from '../../../../src/mappings.js';
import { loadHgnc, type HgncRecord, type HgncTable } from '../../../../src/reference/hgnc.js';
import { keywordParticipants } from '../../../../src/transform/participants/keywords.js';
import {
  linkedByIdentifiers,
  NOT_A_GENE,
  verdictRelinks,
  verdictUnlinks,
} from '../../../../src/transform/participants/labelUsage.js';
import type { Linked } from '../../../../src/transform/participants/model.js';
import { unresolvedText, viaText } from '../../../../src/transform/participants/outcomeText.js';
import { resolveParticipants } from '../../../../src/transform/participants/resolveParticipants.js';
import { PROJECT_ROOT } from '../../../support/corpus.js';

let hgnc: HgncTable;
let record: (symbol: string) => HgncRecord;
beforeAll(async () => {
  hgnc = await loadHgnc(path.join(PROJECT_ROOT, 'test', 'fixtures', 'participants', 'hgnc_small.txt'));
  record = (symbol) => hgnc.bySymbol.get(symbol)!;
});

describe('a pick by pathway context', () => {
  it('is a link of its own, keeping the tier that found the candidates', () => {
    const pm = loadMappings().participants;
    const [p38] = resolveParticipants(keywordParticipants(['p38', 'MAPK11']), {
      hgnc,
      pm,
      human: true,
      usage: () => undefined,
    });
    expect(p38!.resolution).toEqual({
      kind: 'linked',
      record: record('MAPK14'),
      via: 'pathway context',
      foundBy: 'alias symbol',
    });
    expect(viaText(p38!.resolution as Linked)).toBe('alias symbol, pathway context');
  });

  it('among candidates found by identifiers is no link by identifiers: label usage may still overrule it', () => {
    const picked: Linked = { kind: 'linked', record: record('CACNB3'), via: 'pathway context', foundBy: 'identifier' };
    expect(linkedByIdentifiers(picked)).toBe(false);
    expect(linkedByIdentifiers({ kind: 'linked', record: record('CACNB3'), via: 'identifier' })).toBe(true);
    expect(linkedByIdentifiers({ kind: 'linked', record: record('CACNB3'), via: 'identifier and label' })).toBe(true);
    expect(verdictRelinks(picked, { sense: 'HGNC:1404', pathways: 3, of: 3 })).toBe(true);
  });

  it('among approved symbols does not stand as an approved symbol against one pathway\'s "not a gene"', () => {
    const evidence = { sense: NOT_A_GENE, pathways: 1, of: 1 };
    expect(
      verdictUnlinks({ kind: 'linked', record: record('CACNB3'), via: 'pathway context', foundBy: 'symbol' }, evidence),
    ).toBe(true);
    expect(verdictUnlinks({ kind: 'linked', record: record('CACNB3'), via: 'symbol' }, evidence)).toBe(false);
  });
});

describe('outcome text', () => {
  it('words a link by how it was made', () => {
    expect(viaText({ kind: 'linked', record: record('CACNB3'), via: 'symbol, any case' })).toBe('symbol, any case');
    expect(viaText({ kind: 'linked', record: record('CACNB3'), via: 'pathway context', foundBy: 'identifier' })).toBe(
      'identifier, pathway context',
    );
    expect(
      viaText({ kind: 'ambiguous', candidates: [], via: 'each side of a slash', reason: 'several genes named' }),
    ).toBe('each side of a slash');
  });

  it.each([
    ['empty label', 'empty label'],
    ['small molecule', 'an ion or small molecule'],
    ['identifiers not in HGNC', 'its identifiers are not in the HGNC table'],
    ['no label match', 'no HGNC symbol, previous symbol, alias or name matches'],
    ['used for a non-gene', "other pathways' tables use this label for a non-gene"],
    ['placeholder label', 'a placeholder label'],
    ['own id names no human gene', 'its own identifier names no human gene'],
    ['own id not in HGNC', 'its own identifier is not in the HGNC table and its label is no approved symbol'],
  ] as const)('words the unresolved reason %j', (reason, text) => {
    expect(unresolvedText(reason)).toBe(text);
  });
});
