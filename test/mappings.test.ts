// loadMappings: the one reader of mappings/, returning typed data; the package root found once.

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAPPINGS_DIR, loadMappings } from '../src/mappings.js';
import { PACKAGE_ROOT } from '../src/packageRoot.js';
import { TOOL } from '../src/version.js';
import { PROJECT_ROOT } from './support/corpus.js';

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
    const pkg = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
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

  it.each(['pathway.json', 'licenses.json'])('refuses a mappings folder without %s, naming the file', (name) => {
    const dir = copyOfMappings();
    rmSync(path.join(dir, name));
    expect(() => loadMappings(dir)).toThrow(expect.objectContaining({ code: 'MAPPING_INVALID', file: path.join(dir, name), message: `Cannot read mapping file ${path.join(dir, name)}` }));
  });

  it('refuses a licence that is not an http(s) IRI when loading, before any page is read', () => {
    const dir = copyOfMappings();
    writeFileSync(path.join(dir, 'licenses.json'), JSON.stringify({ CC0: 'javascript:alert(1)' }));
    expect(() => loadMappings(dir)).toThrow(expect.objectContaining({ code: 'MAPPING_INVALID', key: 'CC0', file: path.join(dir, 'licenses.json') }));
  });

  it('counts each mapping file toward the version', () => {
    const dir = copyOfMappings();
    const before = loadMappings(dir).version;
    expect(loadMappings(dir).version).toBe(before);
    writeFileSync(path.join(dir, 'pathway.json'), readFileSync(path.join(dir, 'pathway.json'), 'utf8') + '\n');
    expect(loadMappings(dir).version).not.toBe(before);
  });
});
