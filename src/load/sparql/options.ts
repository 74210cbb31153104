// Endpoint settings: the options the loader takes, built and checked once from flags and the environment.

import { PipelineError } from '../../errors.js';
import { credentialsFromEnv, PASSWORD_ENV, USER_ENV, type Credentials } from './credentials.js';
import { displayUrl, isSecretParam } from './redact.js';

export interface EndpointOptions {
  /** SPARQL 1.1 query endpoint, used for the count check. */
  query: string;
  /** SPARQL 1.1 Update endpoint. Default: `query`. */
  update?: string;
  /** Graph Store HTTP Protocol endpoint. When given, graphs are replaced with PUT; otherwise with Update. */
  graphStore?: string;
  /** Graphs loaded at the same time. Default: 4. */
  concurrency?: number;
  /** Time allowed for the response headers, and between body chunks, of one request. Default: 60000. */
  timeoutMs?: number;
  /** Retries of one request after a 5xx, a timeout or a lost connection (never after a 4xx). Default: 4. */
  retries?: number;
  /** Triples per `INSERT DATA` request; halved on its own when the server says a request is too large. Default: 200. */
  batchTriples?: number;
  /** First backoff delay; each retry doubles it (with jitter), up to `retryMaxMs`. Default: 250. */
  retryBaseMs?: number;
  /** Longest backoff delay. Default: 8000. */
  retryMaxMs?: number;
  /**
   * Longest wait a 408, 429 or 5xx answer may ask for with Retry-After; a longer one fails the request at once,
   * saying so, instead of holding the run. Default: 120000.
   */
  maxRetryAfterMs?: number;
  /** Basic or digest credentials, taken from PATHWAY_KG_ENDPOINT_USER / PATHWAY_KG_ENDPOINT_PASSWORD. */
  credentials?: Credentials;
  /**
   * Graphs of a load confirmed by one count of the whole store (GROUP BY graph), sent once this many wait, when
   * nothing else is being loaded, or 2 s after the first; the graph's load slot is free meanwhile. 1 (the default)
   * counts each graph with a query of its own before its slot goes to the next graph. Above 1, a graph written but
   * not yet confirmed when the run is killed is sent again by the next run (it is journalled in flight until then).
   */
  confirmBatch?: number;
  /**
   * Graph Store: a graph the caller knows is absent from the store (not in the count at the start of the run) is
   * created with POST rather than PUT: Virtuoso 7.2 spends about half the CPU on a POST of a small graph (see
   * bench/virtuoso.ts). A POST adds to what the graph holds, so a graph whose count comes out wrong after it (it was
   * there after all, or a retried POST was applied twice) is sent again with PUT. Left: a POST that timed out and that
   * the server executes after the graph was confirmed adds the graph's blank-node triples a second time; the next run's
   * count check finds the graph and loads it again. false: every graph is PUT. Default: false.
   */
  postToAbsent?: boolean;
  /**
   * SPARQL Update: a graph the caller knows is absent is written with INSERT DATA into the graph itself, without a
   * staging graph and a swap (half the requests, and no copy). As postToAbsent: a wrong count after it loads the graph
   * again through staging; a blank-node INSERT executed late, after the graph was confirmed, is found by the next
   * run's count check. false: every graph goes through staging. Default: false.
   */
  insertIntoAbsent?: boolean;
  /**
   * `http://host:port` this process can be reached at by the store: graphs are then served from it as N-Quads documents
   * of about 4 MiB, each loaded by one Update request (its graphs emptied by one DELETE, then `LOAD <doc>`),
   * and confirmed by one count of the whole store per document (src/load/sparql/pull.ts). For Virtuoso, whose LOAD of
   * N-Quads puts each quad into its own graph; on the same host or network as the store. Unset: no server is started.
   */
  serveFrom?: string;
}

export const ENDPOINT_DEFAULTS = {
  concurrency: 4,
  timeoutMs: 60_000,
  retries: 4,
  // Virtuoso 7.2 rejects an INSERT DATA of about 1,400 short triples ("generated SQL text has exceeded 10000
  // lines"), and its cost per triple grows with the request: an 8,800-triple graph took 560-580 ms of its CPU in
  // requests of 200, 700-780 ms in requests of 500 (and twice the wall time), 1,020 ms in requests of 1,000; 100 was
  // no cheaper than 200 (Virtuoso 7.2.5, its CPU time read from /proc; README "Speed").
  batchTriples: 200,
  retryBaseMs: 250,
  retryMaxMs: 8_000,
  // A busy store or a rate limiter asks for seconds; two minutes covers a restart. Hours mean maintenance: better
  // to fail the nightly run and say so than to hold a job that looks hung.
  maxRetryAfterMs: 120_000,
  confirmBatch: 1,
  // Both off: a direct write executed late by the server, after a timeout, a retry and the graph's confirmation, adds
  // the graph's blank-node triples a second time (test/integration/pipeline/lateRequests.test.ts holds requests so),
  // where PUT and the staging swap stay exact. On: --create-absent direct.
  postToAbsent: false,
  insertIntoAbsent: false,
} as const;

/** The endpoint flags as the CLI parsed them (numbers may still be strings). */
export interface EndpointFlags {
  endpoint?: string;
  updateEndpoint?: string;
  graphStore?: string;
  concurrency?: number | string;
  timeoutMs?: number | string;
  retries?: number | string;
  batchTriples?: number | string;
  maxRetryAfterMs?: number | string;
  createAbsent?: string;
  confirmBatch?: number | string;
  serveFrom?: string;
}

/** Checks the flags and reads the credentials from `env`; every problem is a CONFIG_INVALID naming the flag. */
export function endpointOptionsFromEnv(flags: EndpointFlags, env: NodeJS.ProcessEnv = process.env): EndpointOptions {
  if (flags.endpoint === undefined || flags.endpoint === '') {
    throw new PipelineError('CONFIG_INVALID', 'Expected `--endpoint` to be a SPARQL query URL, got nothing', {
      key: '--endpoint',
    });
  }
  const options: EndpointOptions = { query: checkUrl('--endpoint', flags.endpoint) };
  if (flags.updateEndpoint !== undefined) options.update = checkUrl('--update-endpoint', flags.updateEndpoint);
  if (flags.graphStore !== undefined) options.graphStore = checkUrl('--graph-store', flags.graphStore);
  if (flags.concurrency !== undefined) options.concurrency = checkInteger('--concurrency', flags.concurrency, 1);
  if (flags.timeoutMs !== undefined) options.timeoutMs = checkInteger('--timeout', flags.timeoutMs, 1);
  if (flags.retries !== undefined) options.retries = checkInteger('--retries', flags.retries, 0);
  if (flags.batchTriples !== undefined) options.batchTriples = checkInteger('--batch-triples', flags.batchTriples, 1);
  if (flags.maxRetryAfterMs !== undefined)
    options.maxRetryAfterMs = checkInteger('--max-retry-after', flags.maxRetryAfterMs, 0);
  if (flags.confirmBatch !== undefined) options.confirmBatch = checkInteger('--confirm-batch', flags.confirmBatch, 1);
  if (flags.createAbsent !== undefined) {
    options.postToAbsent = options.insertIntoAbsent = checkCreateAbsent(flags.createAbsent);
  }
  if (flags.serveFrom !== undefined) options.serveFrom = checkServeFrom(flags.serveFrom);
  const credentials = credentialsFromEnv(env);
  if (credentials) options.credentials = credentials;
  return options;
}

/** An absolute http(s) URL without user info, secret-looking parameters or fragment; returned as given. */
export function checkUrl(flag: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new PipelineError(
      'CONFIG_INVALID',
      `Expected \`${flag}\` to be an http or https URL, got ${JSON.stringify(displayUrl(value))}`,
      { key: flag },
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new PipelineError(
      'CONFIG_INVALID',
      `Expected \`${flag}\` to be an http or https URL, got ${JSON.stringify(displayUrl(value))}`,
      { key: flag },
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw new PipelineError(
      'CONFIG_INVALID',
      `\`${flag}\` must not carry credentials (got ${JSON.stringify(displayUrl(value))}): set ${USER_ENV} and ${PASSWORD_ENV} instead`,
      { key: flag },
    );
  }
  // A password in the query string would be sent in the clear, logged by every proxy, and become the state's key.
  const secret = [...url.searchParams.keys()].find(isSecretParam);
  if (secret !== undefined) {
    throw new PipelineError(
      'CONFIG_INVALID',
      `\`${flag}\` must not carry credentials in its query string (parameter ${JSON.stringify(secret)} in ${JSON.stringify(displayUrl(value))}): set ${USER_ENV} and ${PASSWORD_ENV} instead`,
      { key: flag },
    );
  }
  if (url.hash !== '') {
    throw new PipelineError(
      'CONFIG_INVALID',
      `Expected \`${flag}\` to have no #fragment, got ${JSON.stringify(displayUrl(value))}`,
      { key: flag },
    );
  }
  return value;
}

/**
 * `--serve-from`: an http URL with an explicit port and nothing after it (the documents' paths are this process's to
 * choose); the host is also the address bound, so it must be one of this machine's.
 */
export function checkServeFrom(value: string): string {
  const url = checkUrl('--serve-from', value);
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' || parsed.port === '' || parsed.pathname !== '/' || parsed.search !== '') {
    throw new PipelineError(
      'CONFIG_INVALID',
      `Expected \`--serve-from\` to be http://<address>:<port> (an address of this machine the store can reach), got ${JSON.stringify(displayUrl(value))}`,
      { key: '--serve-from' },
    );
  }
  return url;
}

/**
 * `--create-absent direct`: a graph the store does not hold is written straight in (Graph Store POST, or INSERT DATA
 * without staging); `replace` (the default): like any other graph (PUT, or staging and swap).
 */
function checkCreateAbsent(value: string): boolean {
  if (value === 'direct' || value === 'replace') return value === 'direct';
  throw new PipelineError(
    'CONFIG_INVALID',
    `Expected \`--create-absent\` to be direct or replace, got ${JSON.stringify(value)}`,
    { key: '--create-absent' },
  );
}

function checkInteger(flag: string, value: number | string, min: number): number {
  const n = typeof value === 'number' ? value : /^\s*-?\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min) {
    throw new PipelineError(
      'CONFIG_INVALID',
      `Expected \`${flag}\` to be an integer from ${min} and up, got ${JSON.stringify(value)}`,
      { key: flag },
    );
  }
  return n;
}

/** The options with every default filled in, checked again for callers that built them by hand. */
export type ResolvedEndpointOptions = Required<Omit<EndpointOptions, 'graphStore' | 'credentials' | 'serveFrom'>> &
  Pick<EndpointOptions, 'graphStore' | 'credentials' | 'serveFrom'>;

export function resolveEndpointOptions(opts: EndpointOptions): ResolvedEndpointOptions {
  const resolved: ResolvedEndpointOptions = {
    query: checkUrl('--endpoint', opts.query),
    update: checkUrl('--update-endpoint', opts.update ?? opts.query),
    concurrency: checkInteger('--concurrency', opts.concurrency ?? ENDPOINT_DEFAULTS.concurrency, 1),
    timeoutMs: checkInteger('--timeout', opts.timeoutMs ?? ENDPOINT_DEFAULTS.timeoutMs, 1),
    retries: checkInteger('--retries', opts.retries ?? ENDPOINT_DEFAULTS.retries, 0),
    batchTriples: checkInteger('--batch-triples', opts.batchTriples ?? ENDPOINT_DEFAULTS.batchTriples, 1),
    retryBaseMs: checkInteger('retryBaseMs', opts.retryBaseMs ?? ENDPOINT_DEFAULTS.retryBaseMs, 0),
    retryMaxMs: checkInteger('retryMaxMs', opts.retryMaxMs ?? ENDPOINT_DEFAULTS.retryMaxMs, 0),
    maxRetryAfterMs: checkInteger('--max-retry-after', opts.maxRetryAfterMs ?? ENDPOINT_DEFAULTS.maxRetryAfterMs, 0),
    confirmBatch: checkInteger('--confirm-batch', opts.confirmBatch ?? ENDPOINT_DEFAULTS.confirmBatch, 1),
    postToAbsent: opts.postToAbsent ?? ENDPOINT_DEFAULTS.postToAbsent,
    insertIntoAbsent: opts.insertIntoAbsent ?? ENDPOINT_DEFAULTS.insertIntoAbsent,
  };
  if (opts.graphStore !== undefined) resolved.graphStore = checkUrl('--graph-store', opts.graphStore);
  if (opts.credentials !== undefined) resolved.credentials = opts.credentials;
  if (opts.serveFrom !== undefined) resolved.serveFrom = checkServeFrom(opts.serveFrom);
  return resolved;
}
