// Pathway-level facts checked against GPML2RDF's own files (../shared/data/wikipathways/gpml2rdf,
// WP4853 r128505): the values below were read by hand from wp/WP4853.ttl and authors/WP4853.ttl.
import { DataFactory, type Quad } from 'n3';
import { describe, expect, it } from 'vitest';
import { loadMappings } from '../../../src/mappings.js';
import { parsePage } from '../../../src/transform/parsePage.js';
import { pathwayQuads, pathwaySubjects } from '../../../src/transform/pathwayQuads.js';

const { namedNode, literal } = DataFactory;
const mappings = loadMappings();

const WP = 'https://identifiers.org/wikipathways/';
const DC = 'http://purl.org/dc/elements/1.1/';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const FOAF = 'http://xmlns.com/foaf/0.1/';
const PQ = 'http://www.wikidata.org/prop/qualifier/';
const USER = 'http://rdf.wikipathways.org/User/';
const ONTOLOGY_TAG = 'http://vocabularies.wikipathways.org/wp#ontologyTag';

function page(extra: string): string {
  return `---
title: Linoleic acid metabolism affected by SARS-CoV-2
wpid: WP4853
revision: r128505
organisms:
- Homo sapiens
${extra}
---
`;
}

function convert(extra: string): { quads: Quad[]; warnings: string[] } {
  const record = parsePage({ file: 'pages/WP4853.md', fileWpid: 'WP4853', text: page(extra) });
  const { quads, warnings } = pathwayQuads(record, pathwaySubjects(record, mappings), mappings, () => '9606');
  return { quads, warnings: warnings.map((w) => `${w.code} ${w.message}`) };
}

const has = (quads: Quad[], s: string, p: string, o: ReturnType<typeof namedNode> | ReturnType<typeof literal>) =>
  quads.some((q) => q.subject.value === s && q.predicate.value === p && q.object.equals(o));
const objects = (quads: Quad[], s: string, p: string) =>
  quads.filter((q) => q.subject.value === s && q.predicate.value === p).map((q) => q.object.value);

describe('authors', () => {
  const { quads, warnings } = convert('authors:\n- Egonw\n- Conroy lipids\n- Evelo\n- Fehrhart\n- Mkutmon');

  it('are dc:creator User IRIs of the versionless pathway, as in authors/WP4853.ttl', () => {
    expect(objects(quads, `${WP}WP4853`, `${DC}creator`)).toEqual([
      `${USER}Egonw`,
      `${USER}Conroy_lipids`,
      `${USER}Evelo`,
      `${USER}Fehrhart`,
      `${USER}Mkutmon`,
    ]);
    expect(quads.filter((q) => q.predicate.value === `${DC}creator` && q.object.termType === 'Literal')).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('are foaf:Person with their place on the page as pq:series_ordinal, a plain string (Conroy_lipids "2", Mkutmon "5")', () => {
    expect(has(quads, `${USER}Conroy_lipids`, RDF_TYPE, namedNode(`${FOAF}Person`))).toBe(true);
    expect(has(quads, `${USER}Conroy_lipids`, `${PQ}series_ordinal`, literal('2'))).toBe(true);
    expect(has(quads, `${USER}Egonw`, `${PQ}series_ordinal`, literal('1'))).toBe(true);
    expect(has(quads, `${USER}Mkutmon`, `${PQ}series_ordinal`, literal('5'))).toBe(true);
  });

  it('decode entities, capitalise the first letter, percent-encode what an IRI forbids and refuse what a user name cannot hold', () => {
    const odd = convert(`authors:\n- Ana&iuml;s Van Marsenille\n- egonw\n- "'%(^'"\n- a/b\n- "x <y>"`);
    expect(objects(odd.quads, `${WP}WP4853`, `${DC}creator`)).toEqual([
      `${USER}Anaïs_Van_Marsenille`,
      `${USER}Egonw`,
      `${USER}'%25(%5E'`,
    ]);
    expect(has(odd.quads, `${USER}'%25(%5E'`, `${PQ}series_ordinal`, literal('3'))).toBe(true);
    expect(odd.warnings).toEqual([
      'PAGE_VALUE_IGNORED Ignored author "a/b": not a wiki user name',
      'PAGE_VALUE_IGNORED Ignored author "x <y>": not a wiki user name',
    ]);
  });
});

describe('versions and pages', () => {
  const { quads } = convert('');

  it('link the versionless to the versioned IRI (wp/WP4853.ttl: WP4853 pav:hasVersion WP4853_r128505)', () => {
    expect(has(quads, `${WP}WP4853`, 'http://purl.org/pav/hasVersion', namedNode(`${WP}WP4853_r128505`))).toBe(true);
  });

  it('give the revision page as GPML2RDF writes it (foaf:page <http://www.wikipathways.org/instance/WP4853_r128505>)', () => {
    expect(objects(quads, `${WP}WP4853_r128505`, `${FOAF}page`)).toEqual([
      'http://www.wikipathways.org/instance/WP4853_r128505',
    ]);
  });

  it('keep the page URL when the page has no revision', () => {
    const record = parsePage({
      file: 'pages/WP1800.md',
      fileWpid: 'WP1800',
      text: '---\ntitle: T\nwpid: WP1800\n---\n',
    });
    const out = pathwayQuads(record, pathwaySubjects(record, mappings), mappings, () => undefined).quads;
    expect(objects(out, `${WP}WP1800`, `${FOAF}page`)).toEqual(['https://wikipathways.github.io/pathways/WP1800.html']);
    expect(out.some((q) => q.predicate.value === 'http://purl.org/pav/hasVersion')).toBe(false);
  });
});

describe('communities', () => {
  it('are curation tags for the communities GPML2RDF tags, schema:isPartOf for all', () => {
    const { quads, warnings } = convert('communities:\n- COVID19\n- Lipids\n- CPTAC');
    expect(objects(quads, `${WP}WP4853_r128505`, ONTOLOGY_TAG)).toEqual([
      'http://vocabularies.wikipathways.org/wp#Curation:COVID19',
      'http://vocabularies.wikipathways.org/wp#Curation:Lipids',
    ]);
    expect(objects(quads, `${WP}WP4853_r128505`, 'http://schema.org/isPartOf')).toEqual([
      'https://www.wikipathways.org/communities/COVID19.html',
      'https://www.wikipathways.org/communities/Lipids.html',
      'https://www.wikipathways.org/communities/CPTAC.html',
    ]);
    expect(warnings).toEqual([]);
  });

  it('map every community GPML2RDF has a tag for', () => {
    const names = [
      'AOP',
      'IEM',
      'CIRM_Related',
      'COVID19',
      'Lipids',
      'RareDiseases',
      'SGD_Approved',
      'WormBase_Approved',
    ];
    const { quads } = convert(`communities:\n${names.map((n) => `- ${n}`).join('\n')}`);
    expect(objects(quads, `${WP}WP4853_r128505`, ONTOLOGY_TAG)).toEqual(
      names.map((n) => `http://vocabularies.wikipathways.org/wp#Curation:${n}`),
    );
  });
});
