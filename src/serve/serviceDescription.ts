// The SPARQL 1.1 Service Description of the endpoint (Turtle), answered at /sparql without a query.

import { Writer, DataFactory } from 'n3';
import { GRAPH_TYPES, SOLUTION_TYPES } from './negotiate.js';

const { namedNode, blankNode, literal, quad } = DataFactory;
const SD = 'http://www.w3.org/ns/sparql-service-description#';
const FORMATS = 'http://www.w3.org/ns/formats/';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const VOID = 'http://rdfs.org/ns/void#';
const XSD_INTEGER = 'http://www.w3.org/2001/XMLSchema#integer';

/** W3C format IRIs (http://www.w3.org/ns/formats/) of the media types this endpoint writes. */
const FORMAT_IRI: Record<string, string> = {
  'application/sparql-results+json': 'SPARQL_Results_JSON',
  'application/sparql-results+xml': 'SPARQL_Results_XML',
  'text/csv': 'SPARQL_Results_CSV',
  'text/tab-separated-values': 'SPARQL_Results_TSV',
  'text/turtle': 'Turtle',
  'application/n-triples': 'N-Triples',
  'application/ld+json': 'JSON-LD',
};

/**
 * `endpoint` is built from the server's own --host and --port, which listen() accepted (never from a
 * request's Host header, which a client chooses).
 */
export function serviceDescription(endpoint: string, quads: number): Promise<string> {
  const service = namedNode(endpoint);
  const dataset = blankNode('dataset');
  const graph = blankNode('defaultGraph');
  const sd = (local: string) => namedNode(`${SD}${local}`);
  const triples = [
    quad(service, namedNode(RDF_TYPE), sd('Service')),
    quad(service, sd('endpoint'), service),
    quad(service, sd('supportedLanguage'), sd('SPARQL11Query')),
    // The run's graphs are all there and a pattern outside GRAPH sees them together.
    quad(service, sd('feature'), sd('UnionDefaultGraph')),
    ...[...SOLUTION_TYPES, ...GRAPH_TYPES].map((t) =>
      quad(service, sd('resultFormat'), namedNode(`${FORMATS}${FORMAT_IRI[t.mediaType]}`)),
    ),
    quad(service, sd('defaultDataset'), dataset),
    quad(dataset, namedNode(RDF_TYPE), sd('Dataset')),
    quad(dataset, sd('defaultGraph'), graph),
    quad(graph, namedNode(RDF_TYPE), sd('Graph')),
    quad(graph, namedNode(`${VOID}triples`), literal(String(quads), namedNode(XSD_INTEGER))),
  ];
  const writer = new Writer({ format: 'Turtle', prefixes: { sd: SD, void: VOID, formats: FORMATS } });
  writer.addQuads(triples);
  return new Promise((resolve, reject) => writer.end((error, result) => (error ? reject(error) : resolve(result))));
}
