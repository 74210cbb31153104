// The --graph flag of `run` and `load` (src/load/layout/singleGraph.ts does the load): apart from the load, so that a
// night with nothing to do does not load what the load needs (n3's parser, a fifth of its start-up).

import { PipelineError } from '../errors.js';
import { isSafeIri } from '../transform/iriText.js';

/**
 * The value of --graph, checked: an absolute IRI that needs no escaping (it is written into requests and queries as it
 * is).
 */
export function checkGraphIri(value: string): string {
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:/.test(value) || !isSafeIri(value)) {
    throw new PipelineError(
      'USAGE',
      `Expected \`--graph\` to be an absolute IRI such as http://rdf.wikipathways.org/, got ${JSON.stringify(value)}`,
      { key: '--graph' },
    );
  }
  return value;
}

/** The --graph flag, for `run` and `load` (parseArgs options and help). */
export const SINGLE_GRAPH_OPTIONS = { graph: { type: 'string' } } as const;
export const SINGLE_GRAPH_HELP = `  --graph <iri>            load everything into this one named graph (e.g. http://rdf.wikipathways.org/),
                           replaced as a whole when anything changed; needs --endpoint
`;

/** --graph checked against the other flags: undefined when not given. */
export function singleGraphFromFlags(value: string | undefined, endpointGiven: boolean): string | undefined {
  if (value === undefined) return undefined;
  const graph = checkGraphIri(value);
  if (!endpointGiven)
    throw new PipelineError('USAGE', '`--graph` names the graph of a store to load: it needs --endpoint', {
      key: '--graph',
    });
  return graph;
}
