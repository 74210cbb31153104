// normaliseLabel's shortcut for plain ASCII labels gives what its full chain of rules gives.

import { describe, expect, it } from 'vitest';
import { normaliseLabel, normaliseLabelByRules as byTheRules } from '../../../src/transform/labelIndex.js';

describe('normaliseLabel', () => {
  it('normalises plain and unusual labels, checked by hand', () => {
    expect(normaliseLabel('Wnt Signaling Pathway.')).toBe('wnt signaling pathway');
    expect(normaliseLabel('cancer , colon')).toBe('cancer, colon');
    expect(normaliseLabel('a , , b')).toBe('a,, b');
    expect(normaliseLabel('abc ..')).toBe('abc .');
    expect(normaliseLabel('  Type\u00a0II  diabetes\u2013mellitus ')).toBe('type ii diabetes-mellitus');
    expect(normaliseLabel('\u201cQuoted\u201d \u2018x\u2019 \ufb01ne')).toBe('"quoted" \'x\' fine');
  });

  it('gives what the rules give for every kind of character, spaces and stops', () => {
    const pieces = [
      'a',
      'B',
      'z9',
      ' ',
      '  ',
      ',',
      '.',
      '\t',
      '\n',
      'é',
      'ﬁ',
      '\u2013',
      '\u2212',
      '\u2019',
      '\u201c',
      '-',
      '"',
      "'",
      'İ',
      'ẞ',
      '\u00a0',
      ' ,',
      ', ',
      '..',
      'Ω',
    ];
    let seed = 7;
    const next = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    for (let i = 0; i < 20_000; i++) {
      let label = '';
      for (let k = next(9); k > 0; k--) label += pieces[next(pieces.length)];
      expect(normaliseLabel(label), JSON.stringify(label)).toBe(byTheRules(label));
    }
  });
});
