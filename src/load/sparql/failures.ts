// Turns a failed endpoint request into a PipelineError with its code, an exact message and whether to retry.

import { PipelineError } from '../../errors.js';
import { BASIC_OVER_HTTP_ENV, PASSWORD_ENV, USER_ENV } from './credentials.js';

/** Which request failed, for the message: the endpoint as configured and what was being done. */
export interface RequestContext {
  /** The configured endpoint URL (already redacted). */
  endpoint: string;
  /** `loading graph <…>`, `dropping graph <…>`, `counting the triples of graph <…>`. */
  what: string;
  graph?: string;
  attempt: number;
  timeoutMs: number;
}

const retryable = new WeakSet<PipelineError>();
/** The Retry-After (ms) of the answer a failure came from. */
const serverDelays = new WeakMap<PipelineError, number>();

export function isRetryable(error: unknown): boolean {
  return error instanceof PipelineError && retryable.has(error);
}

/** How long the server asked to wait before the next attempt, if it did. */
export function serverDelayOf(error: unknown): number | undefined {
  return error instanceof PipelineError ? serverDelays.get(error) : undefined;
}

/** Statuses that say "not now" rather than "never": 408 Request Timeout, 429 Too Many Requests and every 5xx. */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

const TIMEOUT_CODES = new Set([
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'ETIMEDOUT',
]);
const REFUSED_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);
const NOT_FOUND_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME']);
const LOST_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
]);

function attempts(n: number): string {
  return n === 1 ? '1 attempt' : `${n} attempts`;
}

function details(ctx: RequestContext, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = { endpoint: ctx.endpoint, attempts: ctx.attempt, ...extra };
  if (ctx.graph !== undefined) out.graph = ctx.graph;
  return out;
}

function make(
  code: 'ENDPOINT_UNREACHABLE' | 'ENDPOINT_TIMEOUT' | 'ENDPOINT_HTTP_STATUS' | 'ENDPOINT_AUTH',
  message: string,
  ctx: RequestContext,
  canRetry: boolean,
  extra: Record<string, unknown> = {},
  cause?: unknown,
): PipelineError {
  const error = new PipelineError(code, message, {
    key: ctx.graph ?? ctx.endpoint,
    details: details(ctx, extra),
    cause,
  });
  if (canRetry) retryable.add(error);
  return error;
}

/** The first `code` string on the error or its causes (undici wraps socket errors). */
function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as Error & { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = current.cause;
  }
  return undefined;
}

/** A request that threw before a status could be read: timeouts, refused or lost connections. */
export function networkFailure(error: unknown, ctx: RequestContext, redact: (s: string) => string): PipelineError {
  const code = errorCode(error) ?? '';
  const detail = redact(error instanceof Error ? error.message : String(error));
  const n = attempts(ctx.attempt);
  if (TIMEOUT_CODES.has(code)) {
    return make(
      'ENDPOINT_TIMEOUT',
      `Endpoint ${ctx.endpoint} did not answer within ${ctx.timeoutMs} ms while ${ctx.what} (${n})`,
      ctx,
      true,
      { cause: code },
      error,
    );
  }
  if (REFUSED_CODES.has(code)) {
    return make(
      'ENDPOINT_UNREACHABLE',
      `Cannot reach endpoint ${ctx.endpoint} while ${ctx.what}: ${detail} (${n})`,
      ctx,
      true,
      { cause: code },
      error,
    );
  }
  if (NOT_FOUND_CODES.has(code)) {
    return make(
      'ENDPOINT_UNREACHABLE',
      `Cannot reach endpoint ${ctx.endpoint} while ${ctx.what}: ${detail} (${n})`,
      ctx,
      false,
      { cause: code },
      error,
    );
  }
  if (LOST_CODES.has(code)) {
    return make(
      'ENDPOINT_UNREACHABLE',
      `Lost the connection to endpoint ${ctx.endpoint} while ${ctx.what}: ${detail} (${n})`,
      ctx,
      true,
      { cause: code },
      error,
    );
  }
  return make(
    'ENDPOINT_UNREACHABLE',
    `Request to endpoint ${ctx.endpoint} failed while ${ctx.what}: ${detail} (${n})`,
    ctx,
    false,
    { cause: code || 'unknown' },
    error,
  );
}

/** A short, single-line, redacted excerpt of a response body. */
export function bodyExcerpt(body: string, redact: (s: string) => string, max = 300): string {
  const flat = redact(
    body
      .replace(/<[^>]*>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  );
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** A non-2xx status. 5xx, 408 and 429 may be retried (after `retryAfterMs` at least, when given); no other 4xx is. */
export function statusFailure(
  status: number,
  body: string,
  ctx: RequestContext,
  redact: (s: string) => string,
  retryAfterMs?: number,
): PipelineError {
  const excerpt = bodyExcerpt(body, redact);
  const tail = excerpt === '' ? '' : `: ${excerpt}`;
  if (status === 403) {
    return make(
      'ENDPOINT_AUTH',
      `Endpoint ${ctx.endpoint} refused access (HTTP 403) while ${ctx.what}${tail}`,
      ctx,
      false,
      { status, body: excerpt },
    );
  }
  const extra: Record<string, unknown> = { status, body: excerpt };
  if (retryAfterMs !== undefined) extra.retryAfterMs = retryAfterMs;
  const error = make(
    'ENDPOINT_HTTP_STATUS',
    `Endpoint ${ctx.endpoint} answered HTTP ${status} while ${ctx.what} (${attempts(ctx.attempt)})${tail}`,
    ctx,
    isRetryableStatus(status),
    extra,
  );
  if (retryAfterMs !== undefined) serverDelays.set(error, retryAfterMs);
  return error;
}

/** A retryable status whose Retry-After asks for more than `maxMs`: fails now rather than holding the run. */
export function retryAfterTooLong(
  status: number,
  retryAfterMs: number,
  maxMs: number,
  body: string,
  ctx: RequestContext,
  redact: (s: string) => string,
): PipelineError {
  const excerpt = bodyExcerpt(body, redact);
  const asked = Number.isFinite(retryAfterMs) ? `${Math.ceil(retryAfterMs / 1000)} s` : 'an unbounded time';
  return make(
    'ENDPOINT_HTTP_STATUS',
    `Endpoint ${ctx.endpoint} answered HTTP ${status} while ${ctx.what} (${attempts(ctx.attempt)}) and asked to be retried after ${asked}, ` +
      `longer than the ${maxMs / 1000} s this tool waits (--max-retry-after ${maxMs})`,
    ctx,
    false,
    {
      status,
      body: excerpt,
      retryAfterMs: Number.isFinite(retryAfterMs) ? retryAfterMs : null,
      maxRetryAfterMs: maxMs,
    },
  );
}

export type AuthFailureReason = 'no-credentials' | 'rejected' | 'unsupported' | 'downgrade' | 'basic-in-clear';

/**
 * A 401 that cannot be answered: no credentials, wrong ones, a scheme this client does not speak, Basic where
 * Digest was already answered (retried: a proxy in the path may have said it once), or Basic over plain http.
 */
export function authFailure(reason: AuthFailureReason, schemes: string[], ctx: RequestContext): PipelineError {
  const extra = { status: 401, schemes };
  switch (reason) {
    case 'downgrade':
      return make(
        'ENDPOINT_AUTH',
        `Endpoint ${ctx.endpoint} asked for Basic authentication (HTTP 401) while ${ctx.what} (${attempts(ctx.attempt)}) after Digest had been answered at this origin: ` +
          'the password is not sent in Basic form after a Digest exchange (a proxy or a misconfigured path?)',
        ctx,
        true,
        extra,
      );
    case 'basic-in-clear':
      return make(
        'ENDPOINT_AUTH',
        `Endpoint ${ctx.endpoint} asks for Basic authentication (HTTP 401) over plain http while ${ctx.what}: the password would cross the network readable; ` +
          `use https (or digest), or set ${BASIC_OVER_HTTP_ENV}=allow`,
        ctx,
        false,
        extra,
      );
    case 'no-credentials':
      return make(
        'ENDPOINT_AUTH',
        `Endpoint ${ctx.endpoint} requires authentication (HTTP 401) while ${ctx.what}: set ${USER_ENV} and ${PASSWORD_ENV}`,
        ctx,
        false,
        extra,
      );
    case 'rejected':
      return make(
        'ENDPOINT_AUTH',
        `Endpoint ${ctx.endpoint} rejected the credentials in ${USER_ENV} / ${PASSWORD_ENV} (HTTP 401) while ${ctx.what}`,
        ctx,
        false,
        extra,
      );
    case 'unsupported':
      return make(
        'ENDPOINT_AUTH',
        `Endpoint ${ctx.endpoint} asks for an authentication scheme this tool does not support (${schemes.join(', ') || 'none offered'}; digest and basic are supported) while ${ctx.what}`,
        ctx,
        false,
        extra,
      );
  }
}
