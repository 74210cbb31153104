// safeIri: what RFC 3987 forbids percent-encoded, what cannot be an IRI refused; keepValidIris drops and reports.

import { DataFactory } from 'n3';
import { describe, expect, it } from 'vitest';
import { isSafeIri, keepValidIris, safeIri } from '../../../src/transform/safeIri.js';

const { quad, namedNode, literal } = DataFactory;

describe('safeIri', () => {
  it('keeps valid IRIs exactly as they are', () => {
    for (const iri of [
      'https://identifiers.org/wikipathways/WP1_r123',
      'http://purl.obolibrary.org/obo/PW_0000001',
      'https://doi.org/10.1000/ok(1);2-F',
      'http://www.w3.org/1999/02/22-rdf-syntax-ns#type',
      'https://example.org/a%20b?q=1&r=%C3%BC#frag',
      'urn:uuid:123e4567-e89b-12d3-a456-426614174000',
      'https://[2001:db8::1]:8080/p',
      'https://例え.jp/パスウェイ/ü?q=é#ß',
    ]) {
      expect(safeIri(iri), iri).toBe(iri);
      expect(isSafeIri(iri), iri).toBe(true);
    }
  });

  it('percent-encodes < and > in DOIs: the attack and a real SICI DOI', () => {
    expect(safeIri('https://doi.org/10.1234/a>;<http://evil/p><http://evil/o')).toBe(
      'https://doi.org/10.1234/a%3E;%3Chttp://evil/p%3E%3Chttp://evil/o',
    );
    expect(safeIri('https://doi.org/10.1002/(SICI)1097-4636(199606)31:2<171::AID-JBM3>3.0.CO;2-F')).toBe(
      'https://doi.org/10.1002/(SICI)1097-4636(199606)31:2%3C171::AID-JBM3%3E3.0.CO;2-F',
    );
  });

  it('percent-encodes space, quote, braces, bar, backslash, caret, backquote and control characters', () => {
    expect(safeIri('http://x/a b"c{d}e|f\\g^h`i')).toBe('http://x/a%20b%22c%7Bd%7De%7Cf%5Cg%5Eh%60i');
    expect(safeIri('http://x/new\nline\ttab\u0000nul\u007fdel')).toBe('http://x/new%0Aline%09tab%00nul%7Fdel');
    // C1 controls and non-characters are not RFC 3987 ucschar: encoded as UTF-8.
    expect(safeIri('http://x/\u0085\uFFFE\uFDD0')).toBe('http://x/%C2%85%EF%BF%BE%EF%B7%90');
  });

  it('keeps valid escapes, escapes a bare %, a second # and brackets outside the host', () => {
    expect(safeIri('http://x/100%/%2f/%zz')).toBe('http://x/100%25/%2f/%25zz');
    expect(safeIri('http://x/a#b#c')).toBe('http://x/a#b%23c');
    expect(safeIri('https://[::1]/[x]?[y]')).toBe('https://[::1]/%5Bx%5D?%5By%5D');
  });

  it('allows private-use characters in the query only', () => {
    expect(safeIri('http://x/\uE000?\uE000#\uE000')).toBe('http://x/%EE%80%80?\uE000#%EE%80%80');
  });

  it('gives the same IRI when applied twice', () => {
    for (const text of ['https://doi.org/10.1234/a>;<x', 'http://x/100%/a b#c#d', 'http://x/\u0085']) {
      const once = safeIri(text)!;
      expect(safeIri(once)).toBe(once);
    }
  });

  it('refuses what cannot be an IRI: no scheme, a blank node label, a lone surrogate', () => {
    for (const text of [
      '',
      'not an iri',
      '10.1234/a',
      '/relative/path',
      '_:b0',
      '1http://x',
      ' http://x',
      'http://x/\uD800',
    ]) {
      expect(safeIri(text), JSON.stringify(text)).toBeUndefined();
      expect(isSafeIri(text)).toBe(false);
    }
  });
});

describe('keepValidIris', () => {
  const g = namedNode('https://identifiers.org/wikipathways/WP1');
  const s = namedNode('https://identifiers.org/wikipathways/WP1');
  const p = namedNode('http://purl.org/dc/terms/title');

  it('returns the same array when every IRI is valid', () => {
    const quads = [quad(s, p, literal('x'), g), quad(s, p, namedNode('https://例え.jp/'), g)];
    const r = keepValidIris(quads, { file: 'WP1.md' });
    expect(r.quads).toBe(quads);
    expect(r.warnings).toEqual([]);
  });

  it('drops each quad with an invalid IRI anywhere (object, predicate, datatype) and reports it where it came from', () => {
    const good = quad(s, p, literal('kept'), g);
    const quads = [
      good,
      quad(s, p, namedNode('https://doi.org/10.1/a>;<http://evil/p>'), g),
      quad(s, namedNode('http://evil/p> <x'), literal('y'), g),
      quad(s, p, literal('v', namedNode('http://a/>;<http://evil/p>')), g),
      good,
    ];
    const r = keepValidIris(quads, { file: 'WP1.md', key: 'citedin' });
    expect(r.quads).toEqual([good, good]);
    expect(r.warnings.map((w) => [w.code, w.file, w.key, w.message])).toEqual([
      [
        'IRI_INVALID',
        'WP1.md',
        'citedin',
        'Dropped a triple whose IRI "https://doi.org/10.1/a>;<http://evil/p>" is not a valid IRI',
      ],
      ['IRI_INVALID', 'WP1.md', 'citedin', 'Dropped a triple whose IRI "http://evil/p> <x" is not a valid IRI'],
      [
        'IRI_INVALID',
        'WP1.md',
        'citedin',
        'Dropped a triple whose IRI "http://a/>;<http://evil/p>" is not a valid IRI',
      ],
    ]);
    // Plain data, the refused IRI in typed details: what report.json and state.json record as they are.
    expect(r.warnings[0]).toStrictEqual({
      code: 'IRI_INVALID',
      message: 'Dropped a triple whose IRI "https://doi.org/10.1/a>;<http://evil/p>" is not a valid IRI',
      file: 'WP1.md',
      key: 'citedin',
      details: { iri: 'https://doi.org/10.1/a>;<http://evil/p>' },
    });
  });

  it('checks a repeated term each time until it is found valid: a bad subject costs every quad it starts', () => {
    const bad = namedNode('http://x/a b');
    const r = keepValidIris(
      [quad(bad, p, literal('1'), g), quad(bad, p, literal('2'), g), quad(s, p, literal('3'), g)],
      { file: 'WP1.md' },
    );
    expect(r.quads).toEqual([quad(s, p, literal('3'), g)]);
    expect(r.warnings).toHaveLength(2);
  });
});
