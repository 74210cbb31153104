// `pathway-kg query --endpoint <url>`: the same query, prefixes and output formats against any SPARQL endpoint.

import { parse } from 'oxigraph';
import { PipelineError } from '../errors.js';
import { basicAuthorization } from '../load/sparql/digest.js';
import { displayUrl } from '../load/sparql/redact.js';
import { formatGraph } from './formatGraph.js';
import { formatTable } from './formatTable.js';
import { prefixLine } from './prefixes.js';
import { checkFormat, type RunQueryOptions } from './runQuery.js';
import { queryForm, scanPrefixes } from './scanQuery.js';
import type { JsonResults } from './sparqlJson.js';

const ACCEPT: Record<string, string> = {
  table: 'application/sparql-results+json',
  json: 'application/sparql-results+json',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  // Graphs come as N-Triples (every endpoint writes it) and are written here as Turtle or N-Triples.
  turtle: 'application/n-triples',
  ntriples: 'application/n-triples',
};

const TIMEOUT_MS = 300_000;

/**
 * Only the predefined prefixes the query uses and does not declare, on the query's first line, so that
 * an endpoint's "line N" is the user's line N (columns on line 1 shift by the added declarations).
 */
export function withUsedPrefixes(query: string, prefixes: Record<string, string>): string {
  const { used, declared } = scanPrefixes(query);
  const needed: Record<string, string> = {};
  for (const { prefix } of used)
    if (!declared.has(prefix) && Object.hasOwn(prefixes, prefix)) needed[prefix] = prefixes[prefix]!;
  return Object.keys(needed).length === 0 ? query : `${prefixLine(needed)} ${query}`;
}

export async function runEndpointQuery(endpoint: string, query: string, options: RunQueryOptions): Promise<string> {
  const form = queryForm(query);
  const graphForm = form === 'CONSTRUCT' || form === 'DESCRIBE';
  const format =
    options.format === undefined ? (graphForm ? 'turtle' : options.isTTY ? 'table' : 'tsv') : options.format;
  checkFormat(format, form, graphForm);
  const body = await post(endpoint, withUsedPrefixes(query, options.prefixes), ACCEPT[format]!, options.file);
  if (graphForm) {
    let quads;
    try {
      quads = parse(body, { format: 'application/n-triples' });
    } catch (cause) {
      throw new PipelineError(
        'ENDPOINT_HTTP_STATUS',
        `The endpoint ${displayUrl(endpoint)} answered with no N-Triples: ${(cause as Error).message}`,
        { cause },
      );
    }
    return formatGraph(quads, format === 'ntriples' ? 'ntriples' : 'turtle', options.prefixes);
  }
  if (format === 'table') {
    let results: JsonResults;
    try {
      results = JSON.parse(body) as JsonResults;
    } catch (cause) {
      throw new PipelineError(
        'ENDPOINT_HTTP_STATUS',
        `The endpoint ${displayUrl(endpoint)} answered with no SPARQL JSON results: ${excerpt(body)}`,
        { cause },
      );
    }
    return formatTable(results, options.prefixes);
  }
  return body.endsWith('\n') ? body : `${body}\n`;
}

async function post(endpoint: string, query: string, accept: string, file: string | undefined): Promise<string> {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch (cause) {
    throw new PipelineError(
      'USAGE',
      `Expected --endpoint to be an http(s) URL, got ${JSON.stringify(displayUrl(endpoint))}`,
      { key: '--endpoint', cause },
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new PipelineError(
      'USAGE',
      `Expected --endpoint to be an http(s) URL, got ${JSON.stringify(displayUrl(endpoint))}`,
      { key: '--endpoint' },
    );
  const headers: Record<string, string> = { Accept: accept, 'Content-Type': 'application/x-www-form-urlencoded' };
  // fetch refuses a URL with user info: it becomes a Basic Authorization header.
  if (url.username !== '')
    headers.Authorization = basicAuthorization(decodeURIComponent(url.username), decodeURIComponent(url.password));
  url.username = '';
  url.password = '';
  const shown = displayUrl(endpoint);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers,
      body: new URLSearchParams({ query }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (cause) {
    if ((cause as Error).name === 'TimeoutError')
      throw new PipelineError('ENDPOINT_TIMEOUT', `The endpoint ${shown} gave no answer in ${TIMEOUT_MS / 1000} s`, {
        cause,
      });
    const reason = ((cause as Error).cause as Error | undefined)?.message ?? (cause as Error).message;
    throw new PipelineError('ENDPOINT_UNREACHABLE', `Cannot reach the endpoint ${shown}: ${reason}`, { cause });
  }
  const text = await response.text();
  if (response.ok) return text;
  const where = file === undefined ? {} : { file };
  if (response.status === 400)
    throw new PipelineError('QUERY_INVALID', `The endpoint ${shown} refused the query: ${excerpt(text)}`, where);
  if (response.status === 401)
    throw new PipelineError(
      'ENDPOINT_AUTH',
      `The endpoint ${shown} asks for credentials (HTTP 401): put them in the URL, https://user:password@host/sparql`,
    );
  throw new PipelineError(
    'ENDPOINT_HTTP_STATUS',
    `The endpoint ${shown} answered HTTP ${response.status}: ${excerpt(text)}`,
    where,
  );
}

function excerpt(text: string): string {
  const one = text.trim().replace(/\s+/g, ' ');
  return one.length > 500 ? `${one.slice(0, 500)}…` : one;
}
