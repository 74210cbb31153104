// The sink that loads a run into a SPARQL endpoint: imported only when an endpoint is given (undici, p-queue).

import { EndpointSink } from '../load/endpointSink.js';
import { SparqlLoader } from '../load/sparql/loader.js';
import type { EndpointOptions } from '../load/sparql/options.js';
import type { RunState } from '../load/state.js';

export function endpointSinkFactory(options: EndpointOptions, out: string, onRetry?: (message: string) => void): (state: RunState) => EndpointSink {
  return (state) =>
    new EndpointSink(
      new SparqlLoader(options, onRetry ? { onRetry: (error, attempt, delayMs) => onRetry(`retry ${attempt} in ${delayMs} ms: ${(error as Error).message}`) } : {}),
      out,
      state,
    );
}
