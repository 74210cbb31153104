// The keyword cross-check: keywords found in no row label, whole or as part of a label of several words.

import { describe, expect, it } from 'vitest';
import { keywordsNotInTable } from '../../../../src/transform/participants/keywords.js';
import type { Participant } from '../../../../src/transform/participants/model.js';

const rows = (...labels: string[]): Participant[] =>
  labels.map((label, i) => ({ label, type: 'GeneProduct', ids: {}, origin: { kind: 'table', line: i + 2 } }));

describe('keywordsNotInTable', () => {
  it('finds a keyword as a whole label or inside a label of several words, ignoring case', () => {
    const table = rows('TP53', 'Wnt signaling pathway', 'MAP kinase 1');
    expect(keywordsNotInTable(['tp53', 'Signaling', 'kinase 1', 'Missing'], table)).toEqual(['Missing']);
  });

  it('never finds a keyword across two labels', () => {
    // "pathway map" is the end of one label and the start of the next: in neither.
    const table = rows('Wnt signaling pathway', 'MAP kinase 1');
    expect(keywordsNotInTable(['pathway map', 'pathway\u0000map', 'way'], table)).toEqual([
      'pathway map',
      'pathway\u0000map',
    ]);
  });

  it('finds a keyword holding a NUL inside a label, and not one that is in none', () => {
    const table = rows('odd\u0000label here');
    expect(keywordsNotInTable(['d\u0000l', 'x\u0000y'], table)).toEqual(['x\u0000y']);
  });

  it('an empty keyword is in any label of several words, and in no one-word label', () => {
    expect(keywordsNotInTable([''], rows('a b'))).toEqual([]);
    expect(keywordsNotInTable([''], rows('TP53'))).toEqual(['']);
    expect(keywordsNotInTable([''], [])).toEqual(['']);
  });
});
