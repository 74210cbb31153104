// Authors as the public authors RDF has them: User IRIs typed foaf:Person, each with its place on the page.

import { DataFactory, type NamedNode, type Quad } from 'n3';
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import type { ErrorLocation } from '../errors.js';
import { term, type Mappings } from '../mappings.js';
import type { PathwayRecord } from '../types.js';
import { pathwayIri, userName } from './pathwayMappings.js';
import { decodeEntities } from './text.js';

const { quad, literal } = DataFactory;

/**
 * As GPML2RDF's authors files (wikipathways/SARS-CoV-2-WikiPathways `authors/WPn.ttl`): the versionless
 * pathway `dc:creator` each User IRI, the user `a foaf:Person` with `pq:series_ordinal "n"` (a plain
 * string, 1 for the first author on the page; the published queries match `"1"`). Entities in a name
 * are decoded (`Ana&iuml;s` is the user Anaïs); a name that cannot be a wiki user name (`/`, `#`,
 * brackets) is reported and left out.
 */
export function authorQuads(
  record: PathwayRecord,
  pathway: NamedNode,
  mappings: Mappings,
  graph: NamedNode,
  warnings: Diagnostic[],
  where: ErrorLocation,
): Quad[] {
  const m = mappings.pathway;
  const out: Quad[] = [];
  record.authors.forEach((author, index) => {
    const user = pathwayIri(m, 'user', userName(decodeEntities(author)));
    if (user === undefined) {
      warnings.push(
        diagnostic('PAGE_VALUE_IGNORED', `Ignored author ${JSON.stringify(author)}: not a wiki user name`, where),
      );
      return;
    }
    out.push(
      quad(pathway, term(mappings, 'dc', 'creator'), user, graph),
      quad(user, term(mappings, 'rdf', 'type'), term(mappings, 'foaf', 'Person'), graph),
      quad(user, term(mappings, 'pq', 'series_ordinal'), literal(String(index + 1)), graph),
    );
  });
  return out;
}
