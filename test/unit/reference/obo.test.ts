import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PipelineError } from '../../../src/errors.js';
import { loadObo, parseObo, stripComment, unescape } from '../../../src/reference/obo.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'reference');
const fixture = (name: string): string => path.join(FIXTURES, name);

async function failure(promise: Promise<unknown>): Promise<PipelineError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PipelineError) return error;
    throw error;
  }
  throw new Error('expected a PipelineError');
}

describe('loadObo', () => {
  it('reads the header version and the terms of its own prefix', async () => {
    const pw = await loadObo(fixture('mini.obo'), 'PW');
    expect(pw.version).toBe('9.99');
    expect(pw.prefix).toBe('PW');
    expect([...pw.terms.keys()]).toEqual(['PW:0000001', 'PW:0000003', 'PW:0000008', 'PW:0000100']);
    expect([...pw.foreign.keys()]).toEqual(['GO:0007165']);
    expect(pw.foreign.get('GO:0007165')?.parents).toEqual(['PW:0000001']);
  });

  it('parses synonyms with their scope, quoted text, escapes and a quoted "!"', async () => {
    const term = (await loadObo(fixture('mini.obo'), 'PW')).terms.get('PW:0000003');
    expect(term?.name).toBe('signaling pathway');
    expect(term?.synonyms).toEqual([
      { text: 'signalling pathway', scope: 'EXACT' },
      { text: 'signal "transduction" path', scope: 'RELATED' },
      { text: 'sig. ! path', scope: 'BROAD' },
      { text: 'signaling cascade', scope: 'NARROW' },
    ]);
    expect(term?.parents).toEqual(['PW:0000001']);
    expect(term?.line).toBe(11);
  });

  it('strips qualifiers and trailing comments from is_a, keeps an escaped "!" in a name, reads alt_id', async () => {
    const term = (await loadObo(fixture('mini.obo'), 'PW')).terms.get('PW:0000008');
    expect(term?.name).toBe('Wnt signaling pathway ! (all)');
    expect(term?.parents).toEqual(['PW:0000003', 'PW:0000001']);
    expect(term?.altIds).toEqual(['PW:0000007']);
  });

  it('reads is_obsolete, replaced_by and consider, and indexes alt ids', async () => {
    const pw = await loadObo(fixture('mini.obo'), 'PW');
    const term = pw.terms.get('PW:0000100');
    expect(term?.obsolete).toBe(true);
    expect(term?.replacedBy).toEqual(['PW:0000003']);
    expect(term?.consider).toEqual(['PW:0000008']);
    expect(pw.terms.get('PW:0000003')?.obsolete).toBe(false);
    expect(pw.altIds.get('PW:0000007')).toBe('PW:0000008');
  });

  it('reads a gzipped file (detected by its magic bytes, whatever its name) to the same ontology', async () => {
    const plain = await loadObo(fixture('mini.obo'), 'PW');
    const gzipped = await loadObo(fixture('mini-gzipped.obo'), 'PW');
    expect(readFileSync(fixture('mini-gzipped.obo'))[0]).toBe(0x1f);
    expect(gzipped.version).toBe(plain.version);
    expect([...gzipped.terms.values()]).toEqual([...plain.terms.values()]);
  });

  it('falls back to a content hash when there is no data-version', async () => {
    const text = readFileSync(fixture('noversion.obo'), 'utf8');
    const expected = `sha256:${createHash('sha256').update(text).digest('hex').slice(0, 16)}`;
    expect((await loadObo(fixture('noversion.obo'), 'CL')).version).toBe(expected);
  });

  it('reports a missing file as REFERENCE_MISSING naming the file and the flag', async () => {
    const error = await failure(loadObo(fixture('absent.obo'), 'PW'));
    expect(error.code).toBe('REFERENCE_MISSING');
    expect(error.message).toBe(`Reference file ${fixture('absent.obo')} not found (check --reference)`);
    expect(error.file).toBe(fixture('absent.obo'));
    expect(error.key).toBe('--reference');
  });

  it('reports a broken gzip stream as REFERENCE_INVALID', async () => {
    const error = await failure(loadObo(fixture('truncated.gz'), 'PW'));
    expect(error.code).toBe('REFERENCE_INVALID');
    expect(error.message).toMatch(/^Reference file .*truncated\.gz starts like gzip but does not decompress: /);
  });

  it('reports malformed lines as REFERENCE_INVALID with file and line', async () => {
    const noColon = await failure(loadObo(fixture('badline.obo'), 'PW'));
    expect([noColon.code, noColon.message, noColon.file, noColon.line]).toEqual([
      'REFERENCE_INVALID',
      'Expected "tag: value", got "this line has no colon"',
      fixture('badline.obo'),
      6,
    ]);
    const synonym = await failure(loadObo(fixture('badsynonym.obo'), 'PW'));
    expect([synonym.message, synonym.line]).toEqual([
      'Expected synonym: "text" EXACT|RELATED|BROAD|NARROW [...], got "unquoted EXACT []"',
      5,
    ]);
    const other = await failure(loadObo(fixture('wrongprefix.obo'), 'PW'));
    expect([other.message, other.line]).toEqual(['No [Term] stanza with a PW: id', 6]);
  });

  it('rejects a term without an id and a duplicate id', () => {
    expect(() => parseObo('[Term]\nname: x\n', 'f.obo', 'PW')).toThrow('Expected an id: line in this [Term] stanza');
    expect(() => parseObo('[Term]\nid: PW:1\n\n[Term]\nid: PW:1\n', 'f.obo', 'PW')).toThrow('Duplicate term PW:1');
  });
});

describe('OBO value helpers', () => {
  it('cuts a trailing comment only outside quotes and escapes', () => {
    expect(stripComment('PW:0000001 ! pathway')).toBe('PW:0000001');
    expect(stripComment('"a ! b" EXACT [] ! note')).toBe('"a ! b" EXACT []');
    expect(stripComment('a \\! b')).toBe('a \\! b');
  });

  it('unescapes \\n, \\t, \\W and any other escaped character', () => {
    expect(unescape('a\\nb\\tc\\Wd\\"e\\\\f')).toBe('a\nb\tc d"e\\f');
  });
});
