import { DataFactory } from 'n3';
import { describe, expect, it } from 'vitest';
import { loadMappings } from '../../../src/mappings.js';
import { annotationQuads } from '../../../src/transform/annotate.js';
import { testOntologies } from '../../support/ontologies.js';

const { namedNode, quad } = DataFactory;
const mappings = loadMappings();
const ontologies = testOntologies();
const WP = 'http://vocabularies.wikipathways.org/wp#';
const OBO = 'http://purl.obolibrary.org/obo/';
const subject = namedNode('https://identifiers.org/wikipathways/WP1_r1');
const graph = namedNode('https://identifiers.org/wikipathways/WP1');

function tags(id: string, typed: string): ReturnType<typeof quad>[] {
  const object = namedNode(OBO + id);
  return [
    quad(subject, namedNode(`${WP}ontologyTag`), object, graph),
    quad(subject, namedNode(WP + typed), object, graph),
  ];
}

describe('annotationQuads', () => {
  it('emits wp:ontologyTag and the typed tag for each linked term, as OBO PURLs in the pathway graph', () => {
    const out = annotationQuads(
      [
        { kind: 'PW', id: 'PW:0000003', line: 3 },
        { kind: 'DOID', label: 'fatty liver disease', line: 6 },
        { kind: 'CL', id: 'CL:4023154', line: 9 },
      ],
      subject,
      graph,
      ontologies,
      mappings,
      'WP1.md',
    );
    expect(out.quads).toEqual([
      ...tags('PW_0000003', 'pathwayOntologyTag'),
      ...tags('DOID_9452', 'diseaseOntologyTag'),
      ...tags('CL_4023154', 'cellTypeOntologyTag'),
    ]);
    expect(out.termIds).toEqual(['PW:0000003', 'DOID:9452', 'CL:4023154']);
    expect(out.warnings).toEqual([]);
  });

  it('resolves a repeated annotation once: one warning, one pair of quads', () => {
    const out = annotationQuads(
      [
        { kind: 'PW', label: 'old signaling pathway', line: 3 },
        { kind: 'PW', label: 'Old  signaling pathway', line: 5 },
      ],
      subject,
      graph,
      ontologies,
      mappings,
      'WP1.md',
    );
    expect(out.quads).toEqual(tags('PW_0000003', 'pathwayOntologyTag'));
    expect(out.resolutions.length).toBe(1);
    expect(out.warnings.map((w) => [w.code, w.line])).toEqual([['ANNOTATION_OBSOLETE', 3]]);
  });

  it('emits a term reached by two different annotations once', () => {
    const out = annotationQuads(
      [
        { kind: 'PW', label: 'signaling pathway' },
        { kind: 'PW', id: 'PW:0000100' },
      ],
      subject,
      graph,
      ontologies,
      mappings,
      'WP1.md',
    );
    expect(out.quads).toEqual(tags('PW_0000003', 'pathwayOntologyTag'));
    expect(out.termIds).toEqual(['PW:0000003']);
    expect(out.resolutions.length).toBe(2);
  });

  it('links nothing for ambiguous or unresolved labels and passes their warnings on', () => {
    const out = annotationQuads(
      [
        { kind: 'PW', label: 'hypermethioninemia pathway', line: 2 },
        { kind: 'CL', label: 'unicorn cell', line: 4 },
      ],
      subject,
      graph,
      ontologies,
      mappings,
      'WP1.md',
    );
    expect(out.quads).toEqual([]);
    expect(out.warnings.map((w) => [w.code, w.file, w.line, w.key])).toEqual([
      ['ANNOTATION_AMBIGUOUS', 'WP1.md', 2, 'annotations'],
      ['ANNOTATION_UNRESOLVED', 'WP1.md', 4, 'annotations'],
    ]);
  });

  it('uses the page context to tell cut labels apart', () => {
    const without = annotationQuads(
      [{ kind: 'PW', label: '"Wnt signaling' }],
      subject,
      graph,
      ontologies,
      mappings,
      'WP1.md',
    );
    const withContext = annotationQuads(
      [{ kind: 'PW', label: '"Wnt signaling' }],
      subject,
      graph,
      ontologies,
      mappings,
      'WP1.md',
      'Canonical Wnt signaling',
    );
    expect(without.termIds).toEqual([]);
    expect(withContext.termIds).toEqual(['PW:0000201']);
  });

  it('does not build an IRI the obo pattern of the mappings rejects', () => {
    const narrow = {
      ...mappings,
      iris: {
        ...mappings.iris,
        obo: { template: 'http://purl.obolibrary.org/obo/{prefix}_{local}', pattern: /^(PW|DOID):[0-9]+$/ },
      },
    };
    const out = annotationQuads(
      [{ kind: 'CL', id: 'CL:0000000', line: 8 }],
      subject,
      graph,
      ontologies,
      narrow,
      'WP1.md',
    );
    expect(out.quads).toEqual([]);
    expect(out.warnings.map((w) => `${w.code}: ${w.message}`)).toEqual([
      'ANNOTATION_ID_UNKNOWN: Ontology id "CL:0000000" does not fit the "obo" pattern of mappings/iris.json; not linked',
    ]);
  });
});
