// The dataset graph: what was run, on which sources, under which licence, and the prefixes the endpoint declares.

import path from 'node:path';
import { DataFactory, type Quad } from 'n3';
import { provenanceQuads, type SourceProvenance } from '../extract/github/provenance.js';
import { term, type Mappings } from '../mappings.js';
import type { RunReport } from '../report.js';
import { safeNamedNode } from './safeIri.js';

const { quad, namedNode, literal } = DataFactory;

/**
 * Facts about the run itself, replaced on every run, in the graph `graphIri` (also the dataset's IRI):
 * `void:Dataset` with title, `dcterms:license` (CC0, as the WikiPathways content), `pav:createdOn`,
 * `pav:createdWith`, counts, the sources (a GitHub repository's URL and commit, or only the base
 * names of the local pages and tables folders: an absolute path says nothing to others and tells them
 * about this machine), the reference inputs' versions, and one `sh:declare` per predefined prefix,
 * which the endpoint's prefix-listing query reads.
 */
export function datasetQuads(
  report: RunReport,
  mappings: Mappings,
  provenance: SourceProvenance | undefined,
  graphIri: string,
): Quad[] {
  const g = namedNode(graphIri);
  const ds = g;
  const t = (p: string, l: string) => term(mappings, p, l);
  const xsd = (l: string) => t('xsd', l);
  const created = literal(report.startedAt, xsd('dateTime'));
  const out: Quad[] = [
    quad(ds, t('rdf', 'type'), t('void', 'Dataset'), g),
    quad(ds, t('dcterms', 'title'), literal('WikiPathways pathways converted by pathway-kg'), g),
    quad(ds, t('dcterms', 'created'), created, g),
    quad(ds, t('pav', 'createdOn'), created, g),
    quad(ds, t('pav', 'createdWith'), literal(`${report.tool.name} ${report.tool.version}`), g),
    quad(ds, t('void', 'entities'), literal(String(report.pages.converted), xsd('integer')), g),
    quad(ds, t('void', 'triples'), literal(String(report.triples), xsd('integer')), g),
  ];
  const cc0 = mappings.licenses.CC0;
  const license = cc0 === undefined ? undefined : safeNamedNode(cc0);
  if (license !== undefined) out.push(quad(ds, t('dcterms', 'license'), license, g));
  const repository =
    provenance === undefined ? undefined : safeNamedNode(`https://github.com/${provenance.repository}`);
  if (repository !== undefined) out.push(quad(ds, t('dcterms', 'source'), repository, g));
  else if (provenance === undefined) {
    for (const folder of [report.source, ...report.datanodes])
      out.push(quad(ds, t('dcterms', 'source'), literal(path.basename(path.resolve(folder))), g));
  }
  for (const [name, version] of Object.entries(report.versions).sort()) {
    const input = namedNode(`${graphIri}:input:${encodeURIComponent(name)}`);
    out.push(
      quad(ds, t('pav', 'importedFrom'), input, g),
      quad(input, t('rdfs', 'label'), literal(name), g),
      quad(input, t('pav', 'version'), literal(version), g),
    );
  }
  for (const [prefix, namespace] of Object.entries(mappings.queryPrefixes).sort(([a], [b]) => a.localeCompare(b))) {
    const declaration = namedNode(`${graphIri}:prefix:${encodeURIComponent(prefix)}`);
    out.push(
      quad(ds, t('sh', 'declare'), declaration, g),
      quad(declaration, t('sh', 'prefix'), literal(prefix), g),
      quad(declaration, t('sh', 'namespace'), literal(namespace, xsd('anyURI')), g),
    );
  }
  out.push(...provenanceQuads(provenance, mappings, g));
  return out;
}
