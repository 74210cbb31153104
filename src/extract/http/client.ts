// GET over keep-alive connections for the extract stage (GitHub's API, its raw file host, reference
// hosts): a timeout per request, retries with backoff on 5xx, resets and timeouts, rate limits honoured.

import { Agent, request } from 'undici';
import { PipelineError } from '../../errors.js';
import { backoffDelay } from '../../load/sparql/retry.js';
import { retryAfterMs } from '../../load/sparql/retryAfter.js';
import { TOOL } from '../../version.js';

export interface FetchSettings {
  timeoutMs: number;
  /** Retries after the first attempt, for 5xx, resets and timeouts. */
  retries: number;
  retryBaseMs: number;
  retryMaxMs: number;
  /** The longest a rate limit is waited out; a later reset stops the run instead (the next night retries). */
  maxRateLimitWaitMs: number;
  /** Connections per origin. */
  connections: number;
  /** Sent as `Authorization: Bearer …` to `tokenOrigins` only; never printed. */
  token?: string;
  tokenOrigins?: string[];
  onRetry?: (message: string, delayMs: number) => void;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export const FETCH_DEFAULTS: FetchSettings = {
  timeoutMs: 30_000,
  retries: 4,
  retryBaseMs: 500,
  retryMaxMs: 15_000,
  maxRateLimitWaitMs: 15 * 60_000,
  connections: 8,
};

export interface FetchRequest {
  url: string;
  /** `listing wikipathways/wikipathways-database` and the like, for messages. */
  what: string;
  headers?: Record<string, string>;
  /** Statuses besides 2xx returned to the caller instead of thrown (304, 404). */
  alsoOk?: number[];
  /** Stop reading after this many bytes (the response is then marked `overflow`): a host cannot fill the memory. */
  maxBytes?: number;
  /** Follow up to 5 redirects (ontology PURLs redirect to release hosts); the token goes to its own origins only. */
  followRedirects?: boolean;
}

const REDIRECTS = [301, 302, 303, 307, 308];
const MAX_REDIRECTS = 5;

export interface FetchResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** The body went past `maxBytes`: `body` holds only its start. */
  overflow?: boolean;
}

export interface FetchStats {
  requests: number;
  bytes: number;
  retries: number;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** One step failed in a way worth repeating (5xx, reset, timeout) or waiting out (rate limit). */
class Transient extends Error {
  constructor(
    message: string,
    readonly waitMs?: number,
  ) {
    super(message);
  }
}

export class HttpFetcher {
  private readonly agent: Agent;
  private readonly settings: FetchSettings;
  readonly stats: FetchStats = { requests: 0, bytes: 0, retries: 0 };

  constructor(settings: Partial<FetchSettings> = {}) {
    this.settings = { ...FETCH_DEFAULTS, ...settings };
    this.agent = new Agent({
      connections: this.settings.connections,
      keepAliveTimeout: 10_000,
      connect: { timeout: this.settings.timeoutMs },
    });
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  /** GETs `req.url`, retrying transient failures; throws SOURCE_* PipelineErrors (the token never in them). */
  async get(req: FetchRequest): Promise<FetchResponse> {
    const s = this.settings;
    const sleep = s.sleep ?? defaultSleep;
    let failures = 0;
    let redirects = 0;
    // Rate-limit waits are capped in total, so that a host answering 429 forever cannot hold the run.
    let waited = 0;
    for (;;) {
      try {
        if (!req.followRedirects) return await this.once(req);
        const res = await this.once({ ...req, alsoOk: [...(req.alsoOk ?? []), ...REDIRECTS] });
        const location = res.headers.location;
        if (!REDIRECTS.includes(res.status) || typeof location !== 'string') return res;
        if (++redirects > MAX_REDIRECTS)
          throw new PipelineError('SOURCE_INVALID', `${req.what}: more than ${MAX_REDIRECTS} redirects`, {
            file: safeUrl(req.url),
          });
        req = { ...req, url: new URL(location, req.url).href };
      } catch (error) {
        if (!(error instanceof Transient)) throw error;
        // A rate limit is waited out without spending a retry: the server said when to come back.
        const delay = error.waitMs ?? backoffDelay(++failures, s.retryBaseMs, s.retryMaxMs);
        if (error.waitMs === undefined && failures > s.retries) {
          throw new PipelineError(
            'SOURCE_UNREACHABLE',
            `${req.what}: ${error.message} (gave up after ${failures} attempts)`,
            { file: safeUrl(req.url) },
          );
        }
        if (error.waitMs !== undefined && waited + error.waitMs > s.maxRateLimitWaitMs) {
          throw new PipelineError(
            'SOURCE_UNREACHABLE',
            `${req.what}: ${error.message}; the limit resets in ${Math.ceil(error.waitMs / 1000)} s, more than the ${Math.round((s.maxRateLimitWaitMs - waited) / 1000)} s this run still waits (set GITHUB_TOKEN for a higher limit)`,
            { file: safeUrl(req.url) },
          );
        }
        if (error.waitMs !== undefined) waited += error.waitMs;
        this.stats.retries++;
        s.onRetry?.(`${req.what}: ${error.message}; retrying in ${(delay / 1000).toFixed(1)} s`, delay);
        await sleep(delay);
      }
    }
  }

  private async once(req: FetchRequest): Promise<FetchResponse> {
    const s = this.settings;
    const headers: Record<string, string> = { 'user-agent': `${TOOL.name}/${TOOL.version}`, ...req.headers };
    if (s.token !== undefined && (s.tokenOrigins ?? []).includes(new URL(req.url).origin))
      headers.authorization = `Bearer ${s.token}`;
    this.stats.requests++;
    let status: number;
    let resHeaders: FetchResponse['headers'];
    let body: Buffer;
    let overflow: boolean;
    try {
      const res = await request(req.url, {
        method: 'GET',
        headers,
        dispatcher: this.agent,
        headersTimeout: s.timeoutMs,
        bodyTimeout: s.timeoutMs,
      });
      status = res.statusCode;
      resHeaders = res.headers;
      ({ body, overflow } = await readBody(res.body, req.maxBytes ?? DEFAULT_MAX_BYTES));
    } catch (cause) {
      const code = (cause as { code?: string }).code ?? '';
      if (code === 'ERR_INVALID_URL' || code === 'UND_ERR_INVALID_ARG')
        throw new PipelineError('SOURCE_INVALID', `${req.what}: invalid URL ${safeUrl(req.url)}`, {
          key: req.url,
          cause,
        });
      throw new Transient(
        /TIMEOUT/.test(code)
          ? `no answer within ${s.timeoutMs / 1000} s`
          : `connection failed (${code || (cause as Error).message})`,
      );
    }
    this.stats.bytes += body.length;
    if ((status >= 200 && status < 300) || req.alsoOk?.includes(status))
      return overflow ? { status, headers: resHeaders, body, overflow } : { status, headers: resHeaders, body };
    const wait = rateLimitWait(status, resHeaders, (s.now ?? Date.now)());
    if (wait !== undefined) throw new Transient(`rate limited (HTTP ${status})`, wait);
    if (status >= 500 || status === 408) throw new Transient(`HTTP ${status}`);
    if (status === 401 || status === 403) {
      throw new PipelineError(
        'SOURCE_AUTH',
        `${req.what}: HTTP ${status}${s.token !== undefined ? ' (check GITHUB_TOKEN)' : ''}: ${snippet(body)}`,
        { file: safeUrl(req.url) },
      );
    }
    throw new PipelineError('SOURCE_INVALID', `${req.what}: HTTP ${status}: ${snippet(body)}`, {
      file: safeUrl(req.url),
    });
  }
}

/**
 * How long a 429 or 403 asks to wait, or undefined when it is no rate limit: `Retry-After` (seconds),
 * else an exhausted `X-RateLimit-Remaining: 0` until `X-RateLimit-Reset` (epoch seconds). A 403
 * without either is a real refusal.
 */
export function rateLimitWait(status: number, headers: FetchResponse['headers'], nowMs: number): number | undefined {
  if (status !== 429 && status !== 403) return undefined;
  const retryAfter = retryAfterMs(headers['retry-after'], nowMs);
  if (retryAfter !== undefined) return retryAfter;
  const header = (name: string) => {
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  if (header('x-ratelimit-remaining') === '0') {
    const reset = Number(header('x-ratelimit-reset'));
    // One extra second: the reset instant is rounded down to the second.
    if (Number.isFinite(reset)) return Math.max(0, reset * 1000 - nowMs) + 1000;
  }
  return status === 429 ? 60_000 : undefined;
}

const DEFAULT_MAX_BYTES = 512 * 1024 * 1024;

async function readBody(
  stream: AsyncIterable<Buffer> & { destroy(): void },
  maxBytes: number,
): Promise<{ body: Buffer; overflow: boolean }> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream) {
    if (length + chunk.length > maxBytes) {
      chunks.push(chunk.subarray(0, maxBytes - length));
      stream.destroy();
      return { body: Buffer.concat(chunks), overflow: true };
    }
    chunks.push(chunk);
    length += chunk.length;
  }
  return { body: Buffer.concat(chunks), overflow: false };
}

/** A URL as printed: no user info, no query string (a signed URL's token lives there). */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '<invalid URL>';
  }
}

function snippet(body: Buffer): string {
  // A server's words end up on a terminal: printable ASCII only.
  const text = body
    .subarray(0, 300)
    .toString('utf8')
    .replace(/\s+/g, ' ')
    .replace(/[^\x20-\x7e]/g, '?')
    .trim();
  return text === '' ? '(empty body)' : text;
}
