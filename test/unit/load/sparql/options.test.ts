import { describe, expect, it } from 'vitest';
import { endpointOptionsFromEnv, resolveEndpointOptions } from '../../../../src/load/sparql/options.js';
import { displayUrl, isSecretParam, makeRedactor } from '../../../../src/load/sparql/redact.js';
import { PipelineError } from '../../../../src/errors.js';

function fails(fn: () => unknown): PipelineError {
  try {
    fn();
  } catch (error) {
    if (error instanceof PipelineError) return error;
    throw error;
  }
  throw new Error('expected a PipelineError');
}

describe('endpointOptionsFromEnv', () => {
  it('takes the flags, numbers given as strings, and both credentials from the environment', () => {
    const env = { PATHWAY_KG_ENDPOINT_USER: 'loader', PATHWAY_KG_ENDPOINT_PASSWORD: 's3cret' };
    expect(
      endpointOptionsFromEnv(
        {
          endpoint: 'http://127.0.0.1:8890/sparql',
          graphStore: 'https://store.example/sparql-graph-crud-auth',
          concurrency: '2',
          retries: 0,
          timeoutMs: '1500',
          batchTriples: '100',
        },
        env,
      ),
    ).toEqual({
      query: 'http://127.0.0.1:8890/sparql',
      graphStore: 'https://store.example/sparql-graph-crud-auth',
      concurrency: 2,
      retries: 0,
      timeoutMs: 1500,
      batchTriples: 100,
      credentials: { user: 'loader', password: 's3cret' },
    });
    expect(endpointOptionsFromEnv({ endpoint: 'http://h/q', updateEndpoint: 'http://h/u' }, {})).toEqual({
      query: 'http://h/q',
      update: 'http://h/u',
    });
  });

  it.each([
    [{}, 'CONFIG_INVALID', '--endpoint', 'Expected `--endpoint` to be a SPARQL query URL, got nothing'],
    [
      { endpoint: 'localhost:8890/sparql' },
      'CONFIG_INVALID',
      '--endpoint',
      'Expected `--endpoint` to be an http or https URL, got "localhost:8890/sparql"',
    ],
    [
      { endpoint: 'ftp://h/sparql' },
      'CONFIG_INVALID',
      '--endpoint',
      'Expected `--endpoint` to be an http or https URL, got "ftp://h/sparql"',
    ],
    [
      { endpoint: 'http://h/q', updateEndpoint: 'not a url' },
      'CONFIG_INVALID',
      '--update-endpoint',
      'Expected `--update-endpoint` to be an http or https URL, got "not a url"',
    ],
    [
      { endpoint: 'http://h/q', graphStore: 'http://dba:hunter2@h/crud' },
      'CONFIG_INVALID',
      '--graph-store',
      '`--graph-store` must not carry credentials (got "http://***@h/crud"): set PATHWAY_KG_ENDPOINT_USER and PATHWAY_KG_ENDPOINT_PASSWORD instead',
    ],
    [
      { endpoint: 'http://h/q#x' },
      'CONFIG_INVALID',
      '--endpoint',
      'Expected `--endpoint` to have no #fragment, got "http://h/q#x"',
    ],
    [
      { endpoint: 'http://h/q#access_token=abc123' },
      'CONFIG_INVALID',
      '--endpoint',
      'Expected `--endpoint` to have no #fragment, got "http://h/q#access_token=***"',
    ],
    [
      { endpoint: 'http://h/q?password=hunter2' },
      'CONFIG_INVALID',
      '--endpoint',
      '`--endpoint` must not carry credentials in its query string (parameter "password" in "http://h/q?password=***"): set PATHWAY_KG_ENDPOINT_USER and PATHWAY_KG_ENDPOINT_PASSWORD instead',
    ],
    [
      { endpoint: 'http://h/q', graphStore: 'http://h/crud?default-graph-uri=urn:g&Access_Token=hunter2&x=1' },
      'CONFIG_INVALID',
      '--graph-store',
      '`--graph-store` must not carry credentials in its query string (parameter "Access_Token" in "http://h/crud?default-graph-uri=urn:g&Access_Token=***&x=1"): set PATHWAY_KG_ENDPOINT_USER and PATHWAY_KG_ENDPOINT_PASSWORD instead',
    ],
    [
      { endpoint: 'http://h:99999/q?pwd=hunter2' },
      'CONFIG_INVALID',
      '--endpoint',
      'Expected `--endpoint` to be an http or https URL, got "http://h:99999/q?pwd=***"',
    ],
    [
      { endpoint: 'http://h/q', maxRetryAfterMs: '2m' },
      'CONFIG_INVALID',
      '--max-retry-after',
      'Expected `--max-retry-after` to be an integer from 0 and up, got "2m"',
    ],
    [
      { endpoint: 'http://h/q', concurrency: 0 },
      'CONFIG_INVALID',
      '--concurrency',
      'Expected `--concurrency` to be an integer from 1 and up, got 0',
    ],
    [
      { endpoint: 'http://h/q', retries: '-1' },
      'CONFIG_INVALID',
      '--retries',
      'Expected `--retries` to be an integer from 0 and up, got "-1"',
    ],
    [
      { endpoint: 'http://h/q', timeoutMs: '5s' },
      'CONFIG_INVALID',
      '--timeout',
      'Expected `--timeout` to be an integer from 1 and up, got "5s"',
    ],
    [
      { endpoint: 'http://h/q', batchTriples: 1.5 },
      'CONFIG_INVALID',
      '--batch-triples',
      'Expected `--batch-triples` to be an integer from 1 and up, got 1.5',
    ],
  ])('rejects %j', (flags, code, key, message) => {
    const error = fails(() => endpointOptionsFromEnv(flags, {}));
    expect([error.code, error.key, error.message]).toEqual([code, key, message]);
  });

  it('wants both credentials or neither, and never echoes the password', () => {
    const a = fails(() => endpointOptionsFromEnv({ endpoint: 'http://h/q' }, { PATHWAY_KG_ENDPOINT_USER: 'u' }));
    expect(a.message).toBe(
      'PATHWAY_KG_ENDPOINT_USER is set but PATHWAY_KG_ENDPOINT_PASSWORD is not: set both or neither',
    );
    const b = fails(() =>
      endpointOptionsFromEnv({ endpoint: 'http://h/q' }, { PATHWAY_KG_ENDPOINT_PASSWORD: 'topsecret' }),
    );
    expect(b.message).toBe(
      'PATHWAY_KG_ENDPOINT_PASSWORD is set but PATHWAY_KG_ENDPOINT_USER is not: set both or neither',
    );
    expect(JSON.stringify(b)).not.toContain('topsecret');
    expect(
      endpointOptionsFromEnv(
        { endpoint: 'http://h/q' },
        { PATHWAY_KG_ENDPOINT_USER: '', PATHWAY_KG_ENDPOINT_PASSWORD: '' },
      ),
    ).toEqual({ query: 'http://h/q' });
  });

  it('fills the defaults', () => {
    expect(resolveEndpointOptions({ query: 'http://h/q' })).toEqual({
      query: 'http://h/q',
      update: 'http://h/q',
      concurrency: 4,
      timeoutMs: 60000,
      retries: 4,
      batchTriples: 200,
      retryBaseMs: 250,
      retryMaxMs: 8000,
      maxRetryAfterMs: 120000,
      confirmBatch: 1,
      postToAbsent: false,
      insertIntoAbsent: false,
    });
    expect(() => resolveEndpointOptions({ query: 'http://h/q', confirmBatch: 0 })).toThrow(
      'Expected `--confirm-batch` to be an integer from 1 and up, got 0',
    );
    expect(endpointOptionsFromEnv({ endpoint: 'http://h/q', maxRetryAfterMs: '0' }, {})).toEqual({
      query: 'http://h/q',
      maxRetryAfterMs: 0,
    });
  });

  it('--confirm-batch: a whole number from 1', () => {
    expect(endpointOptionsFromEnv({ endpoint: 'http://h/q', confirmBatch: '200' }, {})).toEqual({
      query: 'http://h/q',
      confirmBatch: 200,
    });
    for (const bad of ['0', '-3', '2.5', 'many']) {
      expect(() => endpointOptionsFromEnv({ endpoint: 'http://h/q', confirmBatch: bad }, {})).toThrow(
        `Expected \`--confirm-batch\` to be an integer from 1 and up, got ${JSON.stringify(bad)}`,
      );
    }
  });

  it('--create-absent: direct or replace, for Graph Store and Update alike; anything else refused naming the flag', () => {
    expect(endpointOptionsFromEnv({ endpoint: 'http://h/q', createAbsent: 'replace' }, {})).toEqual({
      query: 'http://h/q',
      postToAbsent: false,
      insertIntoAbsent: false,
    });
    expect(endpointOptionsFromEnv({ endpoint: 'http://h/q', createAbsent: 'direct' }, {})).toEqual({
      query: 'http://h/q',
      postToAbsent: true,
      insertIntoAbsent: true,
    });
    for (const bad of ['DIRECT', 'post', '']) {
      expect(() => endpointOptionsFromEnv({ endpoint: 'http://h/q', createAbsent: bad }, {})).toThrow(
        `Expected \`--create-absent\` to be direct or replace, got ${JSON.stringify(bad)}`,
      );
    }
  });

  it('keeps URLs whose parameters only look close to a secret name', () => {
    for (const url of [
      'http://h/q?default-graph-uri=urn:g',
      'http://h/q?format=json&timeout=5',
      'http://h/q?keyword=a&monkey=b&passage=c',
    ]) {
      expect(endpointOptionsFromEnv({ endpoint: url }, {}).query).toBe(url);
    }
  });

  it('Basic over plain http is allowed only by PATHWAY_KG_ENDPOINT_BASIC_OVER_HTTP=allow', () => {
    const env = { PATHWAY_KG_ENDPOINT_USER: 'u', PATHWAY_KG_ENDPOINT_PASSWORD: 'p' };
    expect(endpointOptionsFromEnv({ endpoint: 'http://h/q' }, env).credentials).toEqual({ user: 'u', password: 'p' });
    expect(
      endpointOptionsFromEnv({ endpoint: 'http://h/q' }, { ...env, PATHWAY_KG_ENDPOINT_BASIC_OVER_HTTP: 'allow' })
        .credentials,
    ).toEqual({ user: 'u', password: 'p', basicOverHttp: true });
    const error = fails(() =>
      endpointOptionsFromEnv({ endpoint: 'http://h/q' }, { ...env, PATHWAY_KG_ENDPOINT_BASIC_OVER_HTTP: 'yes' }),
    );
    expect([error.code, error.key, error.message]).toEqual([
      'CONFIG_INVALID',
      'PATHWAY_KG_ENDPOINT_BASIC_OVER_HTTP',
      'Expected PATHWAY_KG_ENDPOINT_BASIC_OVER_HTTP to be "allow" or unset, got "yes"',
    ]);
  });
});

describe('redaction', () => {
  it('hides URL user info', () => {
    expect(displayUrl('https://user:pw@example.org:8890/sparql?x=1')).toBe('https://***@example.org:8890/sparql?x=1');
    expect(displayUrl('http://example.org/sparql')).toBe('http://example.org/sparql');
  });

  it('hides the values of secret-looking parameters, in URLs that parse or not, and in running text', () => {
    expect(displayUrl('https://h/q?a=1&password=pw1&PWD=pw2;token=t3&x-api-key=k4&b=2#access_token=t5')).toBe(
      'https://h/q?a=1&password=***&PWD=***;token=***&x-api-key=***&b=2#access_token=***',
    );
    expect(displayUrl('http://h:99999/q?api%5Fkey=k6')).toBe('http://h:99999/q?api%5Fkey=***');
    expect(makeRedactor(undefined)('GET http://h/q?secret=s7 failed; see http://h/q?graph=urn:g')).toBe(
      'GET http://h/q?secret=*** failed; see http://h/q?graph=urn:g',
    );
  });

  it('names secret parameters without catching ordinary ones', () => {
    const secret = [
      'password',
      'Passwd',
      'pwd',
      'pass',
      'token',
      'access_token',
      'id-token',
      'key',
      'api_key',
      'apiKey',
      'X-API-KEY',
      'client_secret',
      'sig',
      'auth',
      'credentials',
    ];
    const ordinary = [
      'query',
      'graph',
      'default-graph-uri',
      'format',
      'timeout',
      'keyword',
      'monkey',
      'passage',
      'author',
      'signal',
    ];
    expect(secret.filter((n) => !isSecretParam(n))).toEqual([]);
    expect(ordinary.filter(isSecretParam)).toEqual([]);
  });

  it('hides the password, the basic token and the user wherever they appear', () => {
    const redact = makeRedactor({ user: 'loader', password: 'pa55word' });
    const token = Buffer.from('loader:pa55word').toString('base64');
    expect(redact(`user loader with pa55word, Authorization: Basic ${token} at http://x:y@h/`)).toBe(
      'user *** with ***, Authorization: Basic *** at http://***@h/',
    );
    expect(makeRedactor(undefined)('nothing to hide')).toBe('nothing to hide');
  });
});
