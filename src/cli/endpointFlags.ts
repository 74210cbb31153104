// The endpoint flags shared by `run` and `load`: their parse spec, help text, and the options they give. Light on
// purpose: the sink (src/load/endpointSink.ts, with undici and p-queue) is only imported when an endpoint is given.

import { endpointOptionsFromEnv, type EndpointOptions } from '../load/sparql/options.js';

export const ENDPOINT_OPTIONS = {
  endpoint: { type: 'string' },
  'update-endpoint': { type: 'string' },
  'graph-store': { type: 'string' },
  concurrency: { type: 'string' },
  timeout: { type: 'string' },
  retries: { type: 'string' },
  'batch-triples': { type: 'string' },
  'max-retry-after': { type: 'string' },
  'create-absent': { type: 'string' },
  'confirm-batch': { type: 'string' },
  'serve-from': { type: 'string' },
} as const;

export const ENDPOINT_HELP = `  --endpoint <url>         SPARQL 1.1 query endpoint of a store to load (e.g. http://127.0.0.1:8890/sparql)
  --update-endpoint <url>  SPARQL 1.1 Update endpoint (default: --endpoint)
  --graph-store <url>      Graph Store Protocol endpoint; when given, each graph is replaced with one PUT
                           (Virtuoso: http://host:8890/sparql-graph-crud)
  --concurrency <n>        graphs loaded at once (default 4)
  --timeout <ms>           per-request timeout (default 60000)
  --retries <n>            retries on 5xx, 408, 429, timeouts and dropped connections (default 4; no other 4xx)
  --max-retry-after <ms>   longest Retry-After wait honoured (default 120000); a longer one fails the request
  --batch-triples <n>      triples per INSERT DATA request when Update is used (default 200)
  --create-absent <how>    a graph the store does not hold yet: replace (default; as any other graph) or direct
                           (Graph Store POST, or INSERT DATA without a staging graph: less work for the store, but a
                           request the server runs late, after a retry, can add its blank-node triples twice)
  --confirm-batch <n>      confirm up to n loaded graphs with one count of the whole store (default 1: one count
                           query per graph); 200 saves a fifth of Virtuoso's work, which answers it from its
                           graph index; on other stores it may cost a scan of everything they hold
  --serve-from <url>       http://<address>:<port> of this machine that the store can reach: the store LOADs the
                           graphs from a server this run starts there (N-Quads documents of about 4 MiB at random
                           paths, served only during the load; one Update request and one count per document).
                           For Virtuoso, on the same host or network; much faster than PUT or INSERT DATA
  Credentials, when the store needs them: PATHWAY_KG_ENDPOINT_USER and PATHWAY_KG_ENDPOINT_PASSWORD
  (digest, or basic as the server asks). They are never printed, and never put in a URL. Basic is answered
  only over https or to this machine unless PATHWAY_KG_ENDPOINT_BASIC_OVER_HTTP=allow.
`;

type Values = { [K in keyof typeof ENDPOINT_OPTIONS]?: string | undefined };

/** Endpoint options from the flags and the environment, or undefined when no --endpoint is given. */
export function endpointFromFlags(values: Values, env: NodeJS.ProcessEnv): EndpointOptions | undefined {
  if (values.endpoint === undefined) return undefined;
  return endpointOptionsFromEnv(
    {
      endpoint: values.endpoint,
      ...(values['update-endpoint'] !== undefined ? { updateEndpoint: values['update-endpoint'] } : {}),
      ...(values['graph-store'] !== undefined ? { graphStore: values['graph-store'] } : {}),
      ...(values.concurrency !== undefined ? { concurrency: values.concurrency } : {}),
      ...(values.timeout !== undefined ? { timeoutMs: values.timeout } : {}),
      ...(values.retries !== undefined ? { retries: values.retries } : {}),
      ...(values['batch-triples'] !== undefined ? { batchTriples: values['batch-triples'] } : {}),
      ...(values['max-retry-after'] !== undefined ? { maxRetryAfterMs: values['max-retry-after'] } : {}),
      ...(values['create-absent'] !== undefined ? { createAbsent: values['create-absent'] } : {}),
      ...(values['confirm-batch'] !== undefined ? { confirmBatch: values['confirm-batch'] } : {}),
      ...(values['serve-from'] !== undefined ? { serveFrom: values['serve-from'] } : {}),
    },
    env,
  );
}
