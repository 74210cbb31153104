import { DataFactory } from 'n3';
import { describe, expect, it } from 'vitest';
import { loadMappings } from '../../../src/mappings.js';
import { ontologyGraphQuads } from '../../../src/transform/ontologyGraph.js';
import { testOntologies } from '../../support/ontologies.js';

const { namedNode, literal, quad } = DataFactory;
const mappings = loadMappings();
const ontologies = testOntologies();
const OBO = 'http://purl.obolibrary.org/obo/';
const RDFS = 'http://www.w3.org/2000/01/rdf-schema#';
const graph = namedNode('https://example.org/graph/ontologies');

// Each term opens with its class statement, as the public endpoint types ontology terms.
const cls = (id: string) =>
  quad(
    namedNode(OBO + id),
    namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#type'),
    namedNode('http://www.w3.org/2002/07/owl#Class'),
    graph,
  );
const label = (id: string, name: string) => quad(namedNode(OBO + id), namedNode(`${RDFS}label`), literal(name), graph);
const sub = (id: string, parent: string) =>
  quad(namedNode(OBO + id), namedNode(`${RDFS}subClassOf`), namedNode(OBO + parent), graph);

describe('ontologyGraphQuads', () => {
  it('gives every used term and each ancestor its label and direct superclasses, sorted by id', () => {
    const quads = ontologyGraphQuads(['PW:0000201'], ontologies, mappings, graph);
    expect(quads).toEqual([
      cls('PW_0000001'),
      label('PW_0000001', 'pathway'),
      cls('PW_0000003'),
      label('PW_0000003', 'signaling pathway'),
      sub('PW_0000003', 'PW_0000001'),
      cls('PW_0000008'),
      label('PW_0000008', 'Wnt signaling pathway'),
      sub('PW_0000008', 'PW_0000003'),
      cls('PW_0000201'),
      label('PW_0000201', 'Wnt signaling, canonical pathway'),
      sub('PW_0000201', 'PW_0000008'),
    ]);
  });

  it('lists each term once when used terms share ancestors, with all parents of a term', () => {
    const quads = ontologyGraphQuads(['PW:0002471', 'PW:0000400', 'PW:0002471'], ontologies, mappings, graph);
    expect(quads).toEqual([
      cls('PW_0000001'),
      label('PW_0000001', 'pathway'),
      cls('PW_0000400'),
      label('PW_0000400', 'lipid pathway'),
      sub('PW_0000400', 'PW_0000001'),
      cls('PW_0002471'),
      label('PW_0002471', 'hypermethioninemia pathway'),
      sub('PW_0002471', 'PW_0000001'),
      sub('PW_0002471', 'PW_0000400'),
    ]);
  });

  it('marks obsolete terms owl:deprecated and skips ids the ontologies do not know', () => {
    const quads = ontologyGraphQuads(['CL:0000610', 'CL:4052028', 'GO:0000001'], ontologies, mappings, graph);
    expect(quads).toEqual([
      cls('CL_0000610'),
      label('CL_0000610', 'obsolete plant cell'),
      quad(
        namedNode(`${OBO}CL_0000610`),
        namedNode('http://www.w3.org/2002/07/owl#deprecated'),
        literal('true', namedNode('http://www.w3.org/2001/XMLSchema#boolean')),
        graph,
      ),
    ]);
  });

  it('steps through a parent of another prefix to the nearest own-prefix ancestor', () => {
    const quads = ontologyGraphQuads(['CL:4023154'], ontologies, mappings, graph);
    expect(quads).toEqual([
      cls('CL_0000000'),
      label('CL_0000000', 'cell'),
      cls('CL_4023154'),
      label('CL_4023154', 'myelinating glial cell'),
      sub('CL_4023154', 'CL_0000000'),
    ]);
  });

  it('returns the same quads in the same order whatever the order of the used ids', () => {
    const a = ontologyGraphQuads(['PW:0000597', 'DOID:9452', 'PW:0000028'], ontologies, mappings, graph);
    const b = ontologyGraphQuads(['PW:0000028', 'PW:0000597', 'DOID:9452'], ontologies, mappings, graph);
    expect(a).toEqual(b);
    expect(a.length).toBe(19); // 7 terms: 7 classes, 7 labels, 5 superclass links
  });
});
