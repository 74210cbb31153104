// A table row can name the page's own pathway (2022 WP1344's table lists "26S Proteasome Degradation",
// Pathway, WP1344): the facts its node shares with the pathway node are written once, so that a store,
// which keeps one copy of a triple, holds what report.json counts.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { termToId } from 'n3';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMappings } from '../../../src/mappings.js';
import { loadReference } from '../../../src/reference/loadReference.js';
import { transformContext, transformPage, type TransformContext } from '../../../src/transform/transformPage.js';
import { PROJECT_ROOT } from '../../support/corpus.js';

const EXAMPLES = path.join(PROJECT_ROOT, 'examples');
const PATHWAY = 'https://identifiers.org/wikipathways/WP9001';

describe('a Pathway row naming its own page', () => {
  let ctx: TransformContext;
  let text: string;
  beforeAll(async () => {
    const mappings = loadMappings();
    ctx = transformContext(mappings, await loadReference(path.join(EXAMPLES, 'reference'), mappings));
    text = await readFile(path.join(EXAMPLES, 'pages', 'WP9001.md'), 'utf8');
  });

  it('writes each triple once, and still the row’s own facts', async () => {
    const table =
      'Label\tType\tID\tDatabase\tComment\nThis very pathway\tPathway\tWP9001\tWikiPathways\t\nCACNB3\tGeneProduct\t784\tEntrez Gene\t\n';
    const result = await transformPage(
      { file: 'WP9001.md', fileWpid: 'WP9001', text, table: { file: 'WP9001-datanodes.tsv', text: table } },
      ctx,
    );
    const keys = result.quads.map((q) => `${termToId(q.subject)} ${termToId(q.predicate)} ${termToId(q.object)}`);
    expect(keys.length - new Set(keys).size).toBe(0);
    // The pathway is typed once; the row adds what the pathway part did not say (its label, wp:DataNode).
    const about = result.quads.filter((q) => q.subject.value === PATHWAY);
    const types = about
      .filter((q) => q.predicate.value.endsWith('#type'))
      .map((q) => q.object.value)
      .sort();
    expect(types).toEqual([
      'http://vocabularies.wikipathways.org/wp#DataNode',
      'http://vocabularies.wikipathways.org/wp#Pathway',
      'http://www.w3.org/2004/02/skos/core#Collection',
    ]);
    expect(
      about.some(
        (q) =>
          q.predicate.value === 'http://www.w3.org/2000/01/rdf-schema#label' && q.object.value === 'This very pathway',
      ),
    ).toBe(true);
  });

  it('finds the row after other rows too', async () => {
    const table =
      'Label\tType\tID\tDatabase\tComment\nCACNB3\tGeneProduct\t784\tEntrez Gene\t\n' +
      'CACNB4\tGeneProduct\t785\tEntrez Gene\t\nThis very pathway\tPathway\tWP9001\tWikiPathways\t\n';
    const result = await transformPage(
      { file: 'WP9001.md', fileWpid: 'WP9001', text, table: { file: 'WP9001-datanodes.tsv', text: table } },
      ctx,
    );
    const keys = result.quads.map((q) => `${termToId(q.subject)} ${termToId(q.predicate)} ${termToId(q.object)}`);
    expect(keys.length - new Set(keys).size).toBe(0);
    const types = result.quads.filter((q) => q.subject.value === PATHWAY && q.predicate.value.endsWith('#type'));
    expect(types).toHaveLength(3);
    expect(result.quads.some((q) => q.object.value === 'CACNB4')).toBe(true);
  });
});
