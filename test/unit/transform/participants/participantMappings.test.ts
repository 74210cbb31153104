// mappings/participants.json checked key by key (loadMappings parses it: test/unit/mappings.test.ts), and the Type
// rules.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAPPINGS_DIR, loadMappings } from '../../../../src/mappings.js';
import { parseParticipantMappings } from '../../../../src/transform/participants/parseParticipantMappings.js';
import { typeRule } from '../../../../src/transform/participants/participantMappings.js';

const shipped = JSON.parse(readFileSync(path.join(DEFAULT_MAPPINGS_DIR, 'participants.json'), 'utf8')) as Record<
  string,
  unknown
>;
const known = loadMappings();

function parseWith(changes: Record<string, unknown>): unknown {
  try {
    parseParticipantMappings(JSON.stringify({ ...shipped, ...changes }), 'p.json', known);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('parseParticipantMappings', () => {
  it('rejects text that is no JSON', () => {
    expect(() => parseParticipantMappings('{"types":', 'p.json', known)).toThrow(
      expect.objectContaining({
        code: 'MAPPING_INVALID',
        file: 'p.json',
        message: expect.stringMatching(/^Invalid JSON: /),
      }),
    );
  });

  it.each([
    [{ types: [] }, 'types', 'Expected "types" to be an object'],
    [
      { types: { GeneProduct: { class: 'GeneProduct' } } },
      'GeneProduct',
      'Expected type "GeneProduct" to be { "class": string | null, "also"?: string[], "geneLike": boolean, "nonGene"?: boolean (not with geneLike) }',
    ],
    // A gene-like type that also says non-gene would teach label usage that gene rows name no gene.
    [
      { types: { GeneProduct: { class: 'GeneProduct', geneLike: true, nonGene: true } } },
      'GeneProduct',
      'Expected type "GeneProduct" to be { "class": string | null, "also"?: string[], "geneLike": boolean, "nonGene"?: boolean (not with geneLike) }',
    ],
    [
      { types: { Complex: { class: 'Complex', geneLike: false, nonGene: 'yes' } } },
      'Complex',
      'Expected type "Complex" to be { "class": string | null, "also"?: string[], "geneLike": boolean, "nonGene"?: boolean (not with geneLike) }',
    ],
    [
      { currentColumns: { Ensembl: 'ensemble' } },
      'currentColumns.Ensembl',
      'Expected "currentColumns.Ensembl" to name a system of mappings/iris.json, got "ensemble"',
    ],
    [
      { prefixes: { x: 'nope' } },
      'prefixes.x',
      'Expected "prefixes.x" to name a system of mappings/iris.json or null, got "nope"',
    ],
    [
      { predicates: { ensembl: 'bdb ensembl' } },
      'ensembl',
      'Expected predicate of "ensembl" to be a wp: local name, got "bdb ensembl"',
    ],
    [{ sources: { ensembl: ' ' } }, 'sources.ensembl', 'Expected the source of "ensembl" to be a non-empty string'],
    [
      { hgncLink: 'nope:seeAlso' },
      'hgncLink',
      'Expected "hgncLink" to be a prefixed name of mappings/prefixes.json, got "nope:seeAlso"',
    ],
    [
      { labelLinkableSystems: 'hgnc' },
      'labelLinkableSystems',
      'Expected "labelLinkableSystems" to be a list of strings',
    ],
    [
      { humanGeneSystems: { ensembl: '(' } },
      'humanGeneSystems.ensembl',
      expect.stringMatching(/^Invalid pattern for "ensembl": /),
    ],
    [{ nodeIdOrder: 'ensembl' }, 'nodeIdOrder', 'Expected "nodeIdOrder" to be a list of systems'],
  ])('rejects %j with its key', (changes, key, message) => {
    expect(parseWith(changes)).toMatchObject({ code: 'MAPPING_INVALID', file: 'p.json', key, message });
  });

  it('reads the shipped file', () => {
    const pm = parseParticipantMappings(JSON.stringify(shipped), 'p.json', known);
    expect(pm.hgncLink).toEqual({ prefix: 'rdfs', local: 'seeAlso' });
    expect(pm.placeholderLabels.has('PROTEIN')).toBe(true);
    expect(pm.labelUsage.size).toBe(0);
  });
});

describe('typeRule', () => {
  it('takes the exact name first, then any case, else none', () => {
    const pm = known.participants;
    expect(typeRule(pm, 'GeneProduct')).toBe(pm.types.get('GeneProduct'));
    expect(typeRule(pm, 'geneproduct')).toBe(pm.types.get('GeneProduct'));
    expect(typeRule(pm, 'Gene Product')).toBeUndefined();
  });
});
