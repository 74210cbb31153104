// `pathway-kg serve`: the SPARQL 1.1 Protocol at /sparql and the query page at /, over the run's store.

import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PipelineError, isPipelineError } from '../errors.js';
import { queryForm } from '../query/scanQuery.js';
import { QueryEngine, type LoadInfo, type QueryOutcome } from './engine.js';
import { readReadmeExamples } from './examples.js';
import { negotiate, wantsHtml } from './negotiate.js';
import { HttpError, readSparqlRequest } from './protocol.js';
import { serviceDescription } from './serviceDescription.js';
import { watchStore, type StoreWatcher } from './watch.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** The package root, from src/serve/ or dist/src/serve/. */
const PACKAGE_ROOT = path.resolve(HERE, '..', '..', ...(import.meta.url.includes('/dist/') ? ['..'] : []));
const PAGE_DIR = path.join(PACKAGE_ROOT, 'src', 'serve', 'page');

export interface ServeOptions {
  out: string;
  host: string;
  port: number;
  prefixes: Record<string, string>;
  timeLimitMs: number;
  maxResultBytes: number;
  /** Follow a new all.nq in --out (default true). */
  watch?: boolean;
  log?: (line: string) => void;
}

export interface RunningServer {
  /** The endpoint, e.g. http://127.0.0.1:7878/sparql */
  endpoint: string;
  port: number;
  loaded: LoadInfo;
  /** How many times the server swapped to new data. */
  reloads: { count: number };
  close(): Promise<void>;
}

const STATIC: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/page.js': { file: 'page.js', type: 'text/javascript; charset=utf-8' },
  '/page.css': { file: 'page.css', type: 'text/css; charset=utf-8' },
};

const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, HEAD, POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Accept, Content-Type',
  'Access-Control-Max-Age': '86400',
};

const MAX_BODY_BYTES = 1024 * 1024;

/** Loads the store, then listens; rejects when the store cannot be loaded or the port is taken. */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const log = options.log ?? (() => undefined);
  const engine = new QueryEngine(
    {
      out: options.out,
      prefixes: options.prefixes,
      maxResultChars: options.maxResultBytes,
      timeLimitMs: options.timeLimitMs,
    },
    log,
  );
  const reloads = { count: 0 };
  let quads = 0;
  let started = false;
  let closing = false;
  // Watching first: a run that commits while the first load runs is picked up after it.
  let changedDuringStart = false;
  let watcher: StoreWatcher | undefined;
  const onChange = (): void => {
    if (!started) {
      changedDuringStart = true;
      return;
    }
    log('a new all.nq is in place; loading it beside the current data');
    engine.reload().then(
      (info) => {
        quads = info.quads;
        reloads.count += 1;
        log(`now answering from the new data: ${info.quads} quads, loaded in ${(info.loadMs / 1000).toFixed(1)} s`);
      },
      (error: unknown) =>
        closing ||
        log(
          `the new all.nq cannot be loaded, still answering from the previous data: ${isPipelineError(error) ? error.located() : String(error)}`,
        ),
    );
  };
  if (options.watch !== false) watcher = await watchStore(options.out, onChange);
  let loaded: LoadInfo;
  try {
    loaded = await engine.start();
  } catch (error) {
    watcher?.close();
    await engine.close();
    throw error;
  }
  quads = loaded.quads;
  started = true;
  if (changedDuringStart) onChange();

  const examples = await readReadmeExamples(path.join(PACKAGE_ROOT, 'README.md'));
  let endpoint = '';
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      const headers = error instanceof HttpError ? error.headers : {};
      if (!(error instanceof HttpError)) log(`internal error: ${(error as Error)?.stack ?? String(error)}`);
      send(res, req, status, 'text/plain; charset=utf-8', `${(error as Error).message}\n`, headers);
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS).end();
      return;
    }
    if (url.pathname === '/sparql') return sparql(req, res, url);
    if (url.pathname === '/examples.json')
      return send(res, req, 200, 'application/json; charset=utf-8', JSON.stringify(examples));
    if (url.pathname === '/prefixes.json')
      return send(res, req, 200, 'application/json; charset=utf-8', JSON.stringify(options.prefixes));
    const asset = STATIC[url.pathname];
    if (asset === undefined)
      throw new HttpError(404, `Nothing at ${url.pathname}: the SPARQL endpoint is /sparql, the query page /`);
    if (req.method !== 'GET' && req.method !== 'HEAD')
      throw new HttpError(405, `${req.method} is not supported here`, { Allow: 'GET, HEAD' });
    send(res, req, 200, asset.type, await readFile(path.join(PAGE_DIR, asset.file), 'utf8'));
  }

  async function sparql(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const request = await readSparqlRequest(req, url, MAX_BODY_BYTES);
    if (request.query === undefined) {
      if (wantsHtml(req.headers.accept)) {
        res.writeHead(303, { ...CORS, Location: '/' }).end();
        return;
      }
      send(res, req, 200, 'text/turtle; charset=utf-8', await serviceDescription(endpoint, quads));
      return;
    }
    const form = queryForm(request.query);
    const type = negotiate(form, req.headers.accept, request.format);
    if (type === undefined) {
      const what =
        request.format === undefined ? `the Accept header (${req.headers.accept ?? ''})` : `format=${request.format}`;
      throw new HttpError(406, `No result format for a ${form ?? 'SELECT'} query matches ${what}`);
    }
    const outcome = await engine.query(request.query, type.format);
    if (outcome.ok) send(res, req, 200, `${type.mediaType}; charset=utf-8`, outcome.body, { Vary: 'Accept' });
    else throw new HttpError(STATUS[outcome.reason], outcome.message);
  }

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, () => resolve());
    });
  } catch (error) {
    // A port in use: the loaded worker and the watcher would keep the process alive for nothing.
    watcher?.close();
    await engine.close();
    throw new PipelineError('USAGE', `Cannot listen on ${options.host}:${options.port}: ${(error as Error).message}`, {
      key: '--port',
      cause: error,
    });
  }
  const port = (server.address() as AddressInfo).port;
  endpoint = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}/sparql`;

  return {
    endpoint,
    port,
    loaded,
    reloads,
    async close() {
      closing = true;
      watcher?.close();
      // No new connections; the idle ones go now, the busy ones once their answer is sent.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const stragglers = setTimeout(() => server.closeAllConnections(), 5000);
      await engine.close();
      await closed;
      clearTimeout(stragglers);
    },
  };
}

const STATUS: Record<Exclude<QueryOutcome, { ok: true }>['reason'], number> = {
  invalid: 400,
  // No standard status says "your answer is too big"; 500 with the reason, as for any other limit.
  'too-large': 500,
  // As Fuseki answers a query over its time limit.
  timeout: 503,
  error: 500,
};

function send(
  res: ServerResponse,
  req: IncomingMessage,
  status: number,
  type: string,
  body: string,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { ...CORS, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), ...headers });
  res.end(req.method === 'HEAD' ? undefined : body);
}
