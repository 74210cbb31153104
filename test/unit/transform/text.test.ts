import { describe, expect, it } from 'vitest';
import { cleanDescription, decodeEntities, repairMojibake } from '../../../src/transform/text.js';
import { prepareBlock } from '../../../src/transform/jsonldPrepare.js';

describe('cleanDescription', () => {
  it('writes a Markdown link as label (url), as it does a MediaWiki link', () => {
    expect(
      cleanDescription('See [the KEGG map](https://www.kegg.jp/map00591) and [http://example.org/wnt Wnt overview].'),
    ).toBe('See the KEGG map (https://www.kegg.jp/map00591) and Wnt overview (http://example.org/wnt).');
  });

  it('keeps balanced parentheses inside a Markdown link URL and allows a space before its )', () => {
    expect(
      cleanDescription('[APC](https://en.wikipedia.org/wiki/APC_(gene)) and [Portal](https://a.org/x?id=1 ).'),
    ).toBe('APC (https://en.wikipedia.org/wiki/APC_(gene)) and Portal (https://a.org/x?id=1).');
  });

  it('writes a Markdown link whose label is its URL once', () => {
    expect(cleanDescription('[https://a.org/x](https://a.org/x)')).toBe('https://a.org/x');
  });

  it('leaves text in brackets that is not a link as it is', () => {
    expect(cleanDescription('TLR[2,4] (see [1]) and [x](not a url)')).toBe('TLR[2,4] (see [1]) and [x](not a url)');
  });

  it('decodes every named HTML entity, not only a table of them', () => {
    // &iuml; (in a 2022 author name), &Omega;, &frac12; and &sup2; were not in the old 42-entry table.
    expect(cleanDescription('Ana&iuml;s: &Omega; &frac12; m&sup2; &beta;-catenin &#946; &#x3b2;')).toBe(
      'Anaïs: Ω ½ m² β-catenin β β',
    );
  });

  it('decodes text escaped several times, as pages carry it (2022 WP1104: five times)', () => {
    expect(cleanDescription('17&amp;#x3b2;-estradiol and 17&amp;amp;#x3b2;-estradiol')).toBe(
      '17β-estradiol and 17β-estradiol',
    );
    expect(cleanDescription('17&amp;amp;amp;amp;#x3b2;-estradiol')).toBe('17β-estradiol');
  });

  it('leaves a reference without its semicolon (a URL query) as written', () => {
    expect(decodeEntities('https://a.org/?a=1&copy=2&lt=3')).toBe('https://a.org/?a=1&copy=2&lt=3');
  });

  it('turns a decoded carriage return into a line break', () => {
    expect(cleanDescription('first&#xD;\nsecond&#xD;third')).toBe('first\nsecond\nthird');
  });

  it('stays fast on 16,000 unclosed [http://x y fragments', () => {
    const text = '[http://x y '.repeat(16_000) + '[label](http://z';
    const started = performance.now();
    const out = cleanDescription(text);
    expect(performance.now() - started).toBeLessThan(200);
    expect(out.startsWith('[http://x y [http://x y')).toBe(true);
  });

  it('stays fast on a long run of spaces inside an unclosed MediaWiki link', () => {
    const text = `[http://x${' '.repeat(50_000)}`;
    const started = performance.now();
    expect(cleanDescription(text)).toBe('[http://x');
    expect(performance.now() - started).toBeLessThan(200);
  });
});

describe('repairMojibake', () => {
  it('repairs a word next to a sequence whose last byte was lost (2022 WP3380)', () => {
    // Before: the whole run failed to decode because of the broken â€ and KÃ¶ck stayed.
    expect(repairMojibake('(KÃ¶ck A. et al. 1990) kappaâ€\uFFFDlight IÎºB')).toBe(
      '(Köck A. et al. 1990) kappa‐light IκB',
    );
  });

  it('reads a lost third byte as a hyphen inside a word and as a closing quote elsewhere (2022 WP3551, WP4122)', () => {
    expect(repairMojibake('â€œsecondaryâ€\uFFFD species; mitogenâ€\uFFFDactivated')).toBe(
      '“secondary” species; mitogen‐activated',
    );
  });

  it('leaves genuine Latin-1 and non-Latin text alone', () => {
    expect(repairMojibake('Köck, Massagué, Ångström → β')).toBe('Köck, Massagué, Ångström → β');
  });
});

describe('keywords in schema-jsonld', () => {
  it('are trimmed and the empty ones dropped before conversion', () => {
    const block = prepareBlock(
      { '@type': 'Dataset', keywords: ['  TCF4 ', '', '   ', 'Wnt'], about: { keywords: ' ' } },
      {},
      {},
    );
    expect(block).toEqual({ '@type': 'Dataset', keywords: ['TCF4', 'Wnt'], about: {} });
  });
});
