// HTTP to a SPARQL endpoint: keep-alive undici Agent, per-request timeouts, auth handshake, retries.

import { Agent, request } from 'undici';
import { Authenticator } from './auth.js';
import {
  authFailure,
  isRetryable,
  isRetryableStatus,
  networkFailure,
  retryAfterTooLong,
  serverDelayOf,
  statusFailure,
  type RequestContext,
} from './failures.js';
import type { Credentials } from './credentials.js';
import { ENDPOINT_DEFAULTS } from './options.js';
import { displayUrl, makeRedactor } from './redact.js';
import { withRetry } from './retry.js';
import { retryAfterMs } from './retryAfter.js';
import { TOOL } from '../../version.js';

export interface HttpSettings {
  timeoutMs: number;
  retries: number;
  retryBaseMs: number;
  retryMaxMs: number;
  /** Longest Retry-After honoured; a longer one fails the request. Default: ENDPOINT_DEFAULTS.maxRetryAfterMs. */
  maxRetryAfterMs?: number;
  /** Connections per origin. */
  connections: number;
  credentials?: Credentials;
  /** Other strings never shown in an error or a retry message (see makeRedactor). */
  secrets?: string[];
  /** Told about every retry (tests and progress output); the error is already redacted. */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

export interface EndpointRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The URL requested (may add query parameters to the endpoint). */
  url: string;
  /** The endpoint as configured, named in messages. */
  endpoint: string;
  /** `loading graph <…>` and the like. */
  what: string;
  graph?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Statuses besides 2xx that count as success (404 for a DELETE of a missing graph). */
  alsoOk?: number[];
}

export interface EndpointResponse {
  status: number;
  body: string;
}

export class EndpointHttp {
  private readonly agent: Agent;
  private readonly auth: Authenticator;
  readonly redact: (text: string) => string;

  constructor(private readonly settings: HttpSettings) {
    this.agent = new Agent({
      connections: settings.connections,
      // Virtuoso closes idle connections after 10 s; stay under it so a reused socket is rarely a dead one.
      keepAliveTimeout: 4_000,
      keepAliveMaxTimeout: 8_000,
      connect: { timeout: settings.timeoutMs },
    });
    this.auth = new Authenticator(settings.credentials);
    this.redact = makeRedactor(settings.credentials, settings.secrets);
  }

  /** Sends the request, retrying 5xx, 408, 429, timeouts and lost connections; throws a PipelineError otherwise. */
  send(req: EndpointRequest): Promise<EndpointResponse> {
    const { settings } = this;
    return withRetry(
      (attempt) => this.attempt(req, attempt),
      {
        retries: settings.retries,
        baseMs: settings.retryBaseMs,
        maxMs: settings.retryMaxMs,
        serverDelay: serverDelayOf,
        ...(settings.onRetry ? { onRetry: settings.onRetry } : {}),
      },
      isRetryable,
    );
  }

  /** One attempt, including up to two answers to 401 challenges (a fresh nonce, then a stale one). */
  private async attempt(req: EndpointRequest, attempt: number): Promise<EndpointResponse> {
    const ctx: RequestContext = {
      endpoint: displayUrl(req.endpoint),
      what: req.what,
      attempt,
      timeoutMs: this.settings.timeoutMs,
    };
    if (req.graph !== undefined) ctx.graph = req.graph;
    const target = new URL(req.url);
    let answeredFresh = false;
    for (let round = 0; round < 3; round++) {
      const headers: Record<string, string> = { 'user-agent': `${TOOL.name}/${TOOL.version}`, ...req.headers };
      const authorization = this.auth.header(req.method, target);
      if (authorization !== undefined) headers.authorization = authorization;
      let status: number;
      let body: string;
      let wwwAuthenticate: string | string[] | undefined;
      let retryAfter: string | string[] | undefined;
      try {
        const res = await request(req.url, {
          method: req.method,
          headers,
          body: req.body ?? null,
          dispatcher: this.agent,
          headersTimeout: this.settings.timeoutMs,
          bodyTimeout: this.settings.timeoutMs,
        });
        status = res.statusCode;
        wwwAuthenticate = res.headers['www-authenticate'];
        retryAfter = res.headers['retry-after'];
        body = await res.body.text();
      } catch (error) {
        throw networkFailure(error, ctx, this.redact);
      }
      if ((status >= 200 && status < 300) || req.alsoOk?.includes(status)) return { status, body };
      if (isRetryableStatus(status)) throw this.busy(status, body, retryAfter, ctx);
      if (status !== 401) throw statusFailure(status, body, ctx, this.redact);
      const outcome = this.auth.onUnauthorized(target, wwwAuthenticate, answeredFresh);
      if (!outcome.retry) throw authFailure(outcome.reason, outcome.schemes, ctx);
      answeredFresh = true;
    }
    throw authFailure('rejected', [], ctx);
  }

  /** A 408, 429 or 5xx: retried after its Retry-After, unless that is longer than the run should wait. */
  private busy(status: number, body: string, header: string | string[] | undefined, ctx: RequestContext): Error {
    const wait = retryAfterMs(header);
    const max = this.settings.maxRetryAfterMs ?? ENDPOINT_DEFAULTS.maxRetryAfterMs;
    if (wait !== undefined && wait > max) return retryAfterTooLong(status, wait, max, body, ctx, this.redact);
    return statusFailure(status, body, ctx, this.redact, wait);
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}
