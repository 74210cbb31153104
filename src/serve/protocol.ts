// Reads a SPARQL 1.1 Protocol request: the query (or a refused update) from GET, a form or a sparql-query body.

import type { IncomingMessage } from 'node:http';

/** An HTTP status with the plain-text message the client gets. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export interface SparqlRequest {
  /** Undefined when the request holds no query (the service description is then answered). */
  query?: string;
  /** A `format` parameter, overriding the Accept header. */
  format?: string;
}

const FORM = 'application/x-www-form-urlencoded';
const SPARQL_QUERY = 'application/sparql-query';
const SPARQL_UPDATE = 'application/sparql-update';

/** The query of a GET or POST to /sparql; HttpError for what the protocol (or this read-only endpoint) refuses. */
export async function readSparqlRequest(req: IncomingMessage, url: URL, maxBodyBytes: number): Promise<SparqlRequest> {
  if (req.method === 'GET' || req.method === 'HEAD') return fromParams(url.searchParams);
  if (req.method !== 'POST')
    throw new HttpError(405, `${req.method} is not supported at /sparql: use GET or POST`, {
      Allow: 'GET, HEAD, POST, OPTIONS',
    });
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === SPARQL_UPDATE) throw readOnly();
  if (type !== FORM && type !== SPARQL_QUERY) {
    throw new HttpError(
      415,
      `Expected a POST body of type ${FORM} or ${SPARQL_QUERY}, got ${type === '' ? 'none' : JSON.stringify(type)}`,
    );
  }
  const body = await readBody(req, maxBodyBytes);
  if (type === FORM) return fromParams(new URLSearchParams(body), true);
  // The protocol puts only the dataset and format in the URL of a sparql-query POST; a query there too is ambiguous.
  if (url.searchParams.has('query')) throw new HttpError(400, 'Expected the query in the body or in the URL, not both');
  checkDataset(url.searchParams);
  const format = url.searchParams.get('format') ?? undefined;
  return { query: body, ...(format === undefined ? {} : { format }) };
}

function fromParams(params: URLSearchParams, form = false): SparqlRequest {
  if (params.has('update')) throw readOnly();
  const queries = params.getAll('query');
  if (queries.length > 1) throw new HttpError(400, 'Expected one query parameter, got ' + queries.length);
  checkDataset(params);
  const format = params.get('format') ?? undefined;
  const query = queries[0];
  if (query !== undefined && query.trim() === '')
    throw new HttpError(400, 'Expected a SPARQL query, got an empty query parameter');
  if (form && query === undefined) throw new HttpError(400, 'Expected a query parameter in the form');
  return { ...(query === undefined ? {} : { query }), ...(format === undefined ? {} : { format }) };
}

/** The dataset is the run's (every graph, union default graph); FROM and FROM NAMED in the query can narrow it. */
function checkDataset(params: URLSearchParams): void {
  for (const name of ['default-graph-uri', 'named-graph-uri']) {
    if (params.has(name))
      throw new HttpError(
        400,
        `The ${name} parameter is not supported here: write FROM <graph> or FROM NAMED <graph> in the query`,
      );
  }
}

function readOnly(): HttpError {
  return new HttpError(
    403,
    'This endpoint is read-only: SPARQL updates are refused (the data changes only when `pathway-kg run` writes a new --out)',
  );
}

function readBody(req: IncomingMessage, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        reject(new HttpError(413, `The request body is larger than ${max} bytes`, { Connection: 'close' }));
        req.pause();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
