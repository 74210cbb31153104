// The pathway node itself: type, identifiers, title, description, organism, dates, authors, links.

import { DataFactory, type NamedNode, type Quad, type Quad_Object } from 'n3';
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import { PipelineError } from '../errors.js';
import { makeIri, term, type Mappings } from '../mappings.js';
import type { PathwayRecord } from '../types.js';
import { authorQuads } from './authorQuads.js';
import { pathwayIri } from './pathwayMappings.js';
import { cleanDescription } from './text.js';

const { quad, literal } = DataFactory;

export interface PathwaySubjects {
  /** Versionless IRI: dc:identifier, the named graph, what pav:hasVersion hangs from. */
  pathway: NamedNode;
  /** Versioned IRI when the page has a revision, else the versionless one: subject of the pathway's facts. */
  subject: NamedNode;
}

export function pathwaySubjects(record: PathwayRecord, mappings: Mappings): PathwaySubjects {
  const pathway = makeIri(mappings, 'wikipathways', record.wpid);
  if (pathway === undefined)
    throw new PipelineError('PAGE_WPID_INVALID', `Cannot build an IRI for ${record.wpid}`, {
      file: record.file,
      key: 'wpid',
    });
  const versioned =
    record.revision === undefined
      ? undefined
      : makeIri(mappings, 'wikipathways.rev', `${record.wpid}_${record.revision}`);
  return { pathway, subject: versioned ?? pathway };
}

/** Organism name -> NCBI taxon id, as the reference's organism table answers it. */
export type TaxonLookup = (name: string) => string | undefined;

export function pathwayQuads(
  record: PathwayRecord,
  subjects: PathwaySubjects,
  mappings: Mappings,
  taxonFor: TaxonLookup,
): { quads: Quad[]; warnings: Diagnostic[] } {
  const { pathway, subject } = subjects;
  const graph = pathway;
  const t = (prefix: string, local: string) => term(mappings, prefix, local);
  const quads: Quad[] = [];
  const warnings: Diagnostic[] = [];
  const add = (s: NamedNode, p: NamedNode, o: Quad_Object) => quads.push(quad(s, p, o, graph));
  const at = (key: string) => {
    const line = record.keyLines?.get(key);
    return { file: record.file, key, ...(line !== undefined ? { line } : {}) };
  };
  const xsd = (local: string) => t('xsd', local);

  if (subject !== pathway) add(pathway, t('pav', 'hasVersion'), subject);
  add(subject, t('rdf', 'type'), t('wp', 'Pathway'));
  add(subject, t('rdf', 'type'), t('skos', 'Collection'));
  add(subject, t('dc', 'identifier'), pathway);
  add(subject, t('dcterms', 'identifier'), literal(record.wpid));
  add(subject, t('dc', 'title'), literal(record.title, 'en'));
  add(subject, t('dc', 'source'), literal('WikiPathways'));
  if (record.revision !== undefined) add(subject, t('pav', 'version'), literal(record.revision.slice(1)));
  if (record.description !== undefined) {
    const text = cleanDescription(record.description);
    if (text !== '') add(subject, t('dcterms', 'description'), literal(text));
  }
  for (const name of record.organisms) {
    add(subject, t('wp', 'organismName'), literal(name));
    const taxon = taxonFor(name);
    const iri = taxon === undefined ? undefined : makeIri(mappings, 'ncbitaxon', taxon);
    if (iri !== undefined) add(subject, t('wp', 'organism'), iri);
    else
      warnings.push(
        diagnostic(
          'ORGANISM_UNKNOWN',
          `Organism "${name}" is not in the organism table (add it to mappings/organisms.tsv)`,
          at(record.keyLines?.has('organisms') || !record.keyLines?.has('Species') ? 'organisms' : 'Species'),
        ),
      );
  }
  if (record.lastEdited !== undefined) add(subject, t('dcterms', 'modified'), literal(record.lastEdited, xsd('date')));
  const page = pageIri(record, mappings);
  if (page !== undefined) add(subject, t('foaf', 'page'), page);
  quads.push(...authorQuads(record, pathway, mappings, graph, warnings, at('authors')));
  const tags = mappings.pathway.curationTags;
  for (const community of record.communities) {
    const iri = makeIri(mappings, 'community', community);
    if (iri === undefined) {
      warnings.push(
        diagnostic(
          'PAGE_VALUE_IGNORED',
          `Ignored community ${JSON.stringify(community)}: not a valid community name`,
          at('communities'),
        ),
      );
      continue;
    }
    add(subject, t('schema', 'isPartOf'), iri);
    add(iri, t('rdfs', 'label'), literal(community));
    // The public endpoint's community queries ask for `wp:ontologyTag cur:<tag>`.
    const tag = tags.get(community);
    const tagIri = tag === undefined ? undefined : pathwayIri(mappings.pathway, 'curation', tag);
    if (tagIri !== undefined) add(subject, t('wp', 'ontologyTag'), tagIri);
  }
  for (const citation of record.citations) {
    const iri = citationIri(citation.link, mappings);
    if (iri === undefined) {
      warnings.push(
        diagnostic(
          'PAGE_VALUE_IGNORED',
          `Ignored citation ${JSON.stringify(citation.link)}: neither a PMC id nor a DOI`,
          at('citedin'),
        ),
      );
      continue;
    }
    add(subject, t('cito', 'isCitedBy'), iri);
    if (citation.title !== undefined) add(iri, t('dcterms', 'title'), literal(citation.title));
    const archived = citation.archived === undefined ? undefined : citationIri(citation.archived, mappings);
    if (archived !== undefined) add(iri, t('rdfs', 'seeAlso'), archived);
  }
  if (record.ndex !== undefined) {
    const iri = makeIri(mappings, 'ndex', record.ndex);
    if (iri !== undefined) add(subject, t('rdfs', 'seeAlso'), iri);
    else
      warnings.push(
        diagnostic(
          'PAGE_VALUE_IGNORED',
          `Ignored ndex ${JSON.stringify(record.ndex)}: not an NDEx network UUID`,
          at('ndex'),
        ),
      );
  }
  return { quads, warnings };
}

/**
 * GPML2RDF's page of the revision (`http://www.wikipathways.org/instance/WP4853_r128505`) when the page
 * names its revision; else the page's own URL, the only one the page gives.
 */
function pageIri(record: PathwayRecord, mappings: Mappings): NamedNode | undefined {
  if (record.revision !== undefined) {
    const page = pathwayIri(mappings.pathway, 'page.rev', `${record.wpid}_${record.revision}`);
    if (page !== undefined) return page;
  }
  return makeIri(mappings, 'wikipathways.page', record.wpid);
}

function citationIri(link: string, mappings: Mappings): NamedNode | undefined {
  if (/^PMC[0-9]+$/i.test(link)) return makeIri(mappings, 'pmc', link.toUpperCase());
  if (/^[0-9]+$/.test(link)) return makeIri(mappings, 'pubmed', link);
  const doi = link.replace(/^https?:\/\/(dx\.)?doi\.org\//i, '').replace(/^doi:/i, '');
  return makeIri(mappings, 'doi', doi);
}
