// HTTP to a SPARQL endpoint: keep-alive undici Agent, per-request timeouts, auth handshake, retries.

import { Agent, request } from 'undici';
import { Authenticator } from './auth.js';
import { authFailure, isRetryable, networkFailure, statusFailure, type RequestContext } from './failures.js';
import type { Credentials } from './options.js';
import { displayUrl, makeRedactor } from './redact.js';
import { withRetry } from './retry.js';
import { TOOL } from '../../version.js';

export interface HttpSettings {
  timeoutMs: number;
  retries: number;
  retryBaseMs: number;
  retryMaxMs: number;
  /** Connections per origin. */
  connections: number;
  credentials?: Credentials;
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
    this.redact = makeRedactor(settings.credentials);
  }

  /** Sends the request, retrying 5xx, timeouts and lost connections; throws a PipelineError otherwise. */
  send(req: EndpointRequest): Promise<EndpointResponse> {
    const { settings } = this;
    return withRetry((attempt) => this.attempt(req, attempt), {
      retries: settings.retries,
      baseMs: settings.retryBaseMs,
      maxMs: settings.retryMaxMs,
      ...(settings.onRetry ? { onRetry: settings.onRetry } : {}),
    }, isRetryable);
  }

  /** One attempt, including up to two answers to 401 challenges (a fresh nonce, then a stale one). */
  private async attempt(req: EndpointRequest, attempt: number): Promise<EndpointResponse> {
    const ctx: RequestContext = { endpoint: displayUrl(req.endpoint), what: req.what, attempt, timeoutMs: this.settings.timeoutMs };
    if (req.graph !== undefined) ctx.graph = req.graph;
    const target = new URL(req.url);
    const uri = `${target.pathname}${target.search}`;
    let answeredFresh = false;
    for (let round = 0; round < 3; round++) {
      const headers: Record<string, string> = { 'user-agent': `${TOOL.name}/${TOOL.version}`, ...req.headers };
      const authorization = this.auth.header(req.method, uri);
      if (authorization !== undefined) headers.authorization = authorization;
      let status: number;
      let body: string;
      let wwwAuthenticate: string | string[] | undefined;
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
        body = await res.body.text();
      } catch (error) {
        throw networkFailure(error, ctx, this.redact);
      }
      if ((status >= 200 && status < 300) || req.alsoOk?.includes(status)) return { status, body };
      if (status !== 401) throw statusFailure(status, body, ctx, this.redact);
      const outcome = this.auth.onUnauthorized(wwwAuthenticate, answeredFresh);
      if (!outcome.retry) throw authFailure(outcome.reason, outcome.schemes, ctx);
      answeredFresh = true;
    }
    throw authFailure('rejected', [], ctx);
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}
