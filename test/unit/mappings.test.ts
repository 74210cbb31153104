// loadMappings: the one reader of mappings/, returning typed data; the package root found once.

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAPPINGS_DIR, loadMappings, term } from '../../src/mappings.js';
import { PACKAGE_ROOT } from '../../src/packageRoot.js';
import { TOOL } from '../../src/version.js';
import { PROJECT_ROOT } from '../support/corpus.js';

/** A copy of the package's mappings/ to spoil. */
function copyOfMappings(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'pkg-mappings-'));
  cpSync(path.join(PROJECT_ROOT, 'mappings'), dir, { recursive: true });
  return dir;
}

describe('the package root', () => {
  it('is the repository, for the version and for mappings/ alike', () => {
    expect(PACKAGE_ROOT).toBe(PROJECT_ROOT);
    expect(DEFAULT_MAPPINGS_DIR).toBe(path.join(PROJECT_ROOT, 'mappings'));
    const pkg = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
      name: string;
      version: string;
    };
    expect(TOOL).toEqual({ name: pkg.name, version: pkg.version });
  });
});

describe('loadMappings', () => {
  it('returns the licences and the pathway IRI forms parsed', () => {
    const m = loadMappings();
    expect(m.licenses.CC0).toBe('http://creativecommons.org/publicdomain/zero/1.0/');
    expect(Object.keys(m.pathway.iris).sort()).toEqual(['curation', 'page.rev', 'user']);
    expect(m.pathway.iris.user.template).toContain('{id}');
  });

  it.each(['pathway.json', 'licenses.json', 'participants.json'])(
    'refuses a mappings folder without %s, naming the file',
    (name) => {
      const dir = copyOfMappings();
      rmSync(path.join(dir, name));
      expect(() => loadMappings(dir)).toThrow(
        expect.objectContaining({
          code: 'MAPPING_INVALID',
          file: path.join(dir, name),
          message: `Cannot read mapping file ${path.join(dir, name)}`,
        }),
      );
    },
  );

  it('refuses a licence that is not an http(s) IRI when loading, before any page is read', () => {
    const dir = copyOfMappings();
    writeFileSync(path.join(dir, 'licenses.json'), JSON.stringify({ CC0: 'javascript:alert(1)' }));
    expect(() => loadMappings(dir)).toThrow(
      expect.objectContaining({ code: 'MAPPING_INVALID', key: 'CC0', file: path.join(dir, 'licenses.json') }),
    );
  });

  it('counts each mapping file toward the version', () => {
    const dir = copyOfMappings();
    const before = loadMappings(dir).version;
    expect(loadMappings(dir).version).toBe(before);
    writeFileSync(path.join(dir, 'pathway.json'), readFileSync(path.join(dir, 'pathway.json'), 'utf8') + '\n');
    expect(loadMappings(dir).version).not.toBe(before);
  });
});

describe('loadMappings: participants.json, label-usage.tsv and query-prefixes.json as typed fields', () => {
  /** The file spoilt with `change`, then loaded: what loadMappings throws (undefined when it does not). */
  function loadSpoilt(name: string, change: (text: string) => string): unknown {
    const dir = copyOfMappings();
    const file = path.join(dir, name);
    writeFileSync(file, change(readFileSync(file, 'utf8')));
    try {
      loadMappings(dir);
    } catch (error) {
      return error;
    }
    return undefined;
  }

  it('parses them at load, so that nothing reads or parses a mapping file afterwards', () => {
    const dir = copyOfMappings();
    const m = loadMappings(dir);
    for (const name of ['participants.json', 'label-usage.tsv', 'query-prefixes.json']) rmSync(path.join(dir, name));
    expect(m.participants.types.get('GeneProduct')).toEqual(expect.objectContaining({ geneLike: true }));
    expect(m.participants.labelUsage.get('AKT')).toEqual({
      sense: 'HGNC:391',
      pathways: expect.any(Number),
      of: expect.any(Number),
    });
    expect(m.queryPrefixes.gpml).toBe('http://vocabularies.wikipathways.org/gpml#');
    expect(m.queryPrefixes.wp).toBe(m.prefixes.wp);
  });

  it('refuses an invalid participants.json at load, naming the file and the key', () => {
    const error = loadSpoilt('participants.json', (text) =>
      JSON.stringify({ ...JSON.parse(text), hgncLink: 'nope:seeAlso' }),
    );
    expect(error).toMatchObject({
      code: 'MAPPING_INVALID',
      file: expect.stringMatching(/participants\.json$/),
      key: 'hgncLink',
    });
  });

  it('refuses a participants.json naming a system iris.json does not have, at load', () => {
    const error = loadSpoilt('participants.json', (text) =>
      JSON.stringify({ ...JSON.parse(text), nodeIdOrder: ['ensembl', 'ensemble'] }),
    );
    expect(error).toMatchObject({
      code: 'MAPPING_INVALID',
      file: expect.stringMatching(/participants\.json$/),
      key: 'nodeIdOrder[1]',
    });
  });

  it('refuses a participants.json that is no JSON, at load', () => {
    expect(loadSpoilt('participants.json', (text) => text.slice(0, 20))).toMatchObject({
      code: 'MAPPING_INVALID',
      file: expect.stringMatching(/participants\.json$/),
      message: expect.stringMatching(/^Invalid JSON: /),
    });
  });

  it('refuses a bad label-usage.tsv at load, with its file and line', () => {
    const dir = copyOfMappings();
    writeFileSync(path.join(dir, 'label-usage.tsv'), '# comment\nlabel\tsense\n');
    expect(() => loadMappings(dir)).toThrow(
      expect.objectContaining({ code: 'MAPPING_INVALID', file: path.join(dir, 'label-usage.tsv'), line: 2 }),
    );
  });

  it('has no label usage without label-usage.tsv, and only the prefixes of prefixes.json without query-prefixes.json', () => {
    const dir = copyOfMappings();
    rmSync(path.join(dir, 'label-usage.tsv'));
    rmSync(path.join(dir, 'query-prefixes.json'));
    const m = loadMappings(dir);
    expect(m.participants.labelUsage.size).toBe(0);
    expect(m.queryPrefixes).toEqual(m.prefixes);
    expect(m.queryPrefixes.gpml).toBeUndefined();
  });

  it('refuses a query prefix that is not an http(s) namespace at load, naming the file and the prefix', () => {
    const error = loadSpoilt('query-prefixes.json', (text) =>
      JSON.stringify({ ...JSON.parse(text), evil: 'javascript:alert(1)' }),
    );
    expect(error).toMatchObject({
      code: 'MAPPING_INVALID',
      file: expect.stringMatching(/query-prefixes\.json$/),
      key: 'evil',
    });
  });

  it('refuses a query prefix that prefixes.json maps to another namespace, at load', () => {
    const error = loadSpoilt('query-prefixes.json', (text) =>
      JSON.stringify({ ...JSON.parse(text), wp: 'http://example.org/not-wp#' }),
    );
    expect(error).toMatchObject({
      code: 'MAPPING_INVALID',
      key: 'wp',
      message: expect.stringMatching(/^Prefix "wp" is .* in prefixes\.json and http:\/\/example\.org\/not-wp# here$/),
    });
  });

  it('refuses a query-prefixes.json that is no JSON, at load', () => {
    expect(loadSpoilt('query-prefixes.json', () => '{')).toMatchObject({
      code: 'MAPPING_INVALID',
      file: expect.stringMatching(/query-prefixes\.json$/),
    });
  });
});

describe('term', () => {
  it('makes one term per prefix and local name, kept apart where a joined "prefix:local" key would meet', () => {
    const m = loadMappings();
    const pathway = term(m, 'wp', 'Pathway');
    expect(pathway.value).toBe(`${m.prefixes['wp']}Pathway`);
    expect(term(m, 'wp', 'Pathway')).toBe(pathway); // the same object: the writers compare terms by identity
    // Two prefixes, one of them with a colon in its local name: distinct terms with their own namespaces.
    const spoiled = { ...m, prefixes: { ...m.prefixes, a: 'http://a.example/', 'a:b': 'http://ab.example/' } };
    expect(term(spoiled, 'a', 'b:c').value).toBe('http://a.example/b:c');
    expect(term(spoiled, 'a:b', 'c').value).toBe('http://ab.example/c');
    expect(() => term(m, 'nope', 'X')).toThrow(/Unknown prefix "nope".*mappings\/prefixes\.json/);
  });
});
