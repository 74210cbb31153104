import { describe, expect, it } from 'vitest';
import { endpointOptionsFromEnv, resolveEndpointOptions } from '../../src/load/sparql/options.js';
import { displayUrl, makeRedactor } from '../../src/load/sparql/redact.js';
import { PipelineError } from '../../src/errors.js';

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
        { endpoint: 'http://127.0.0.1:8890/sparql', graphStore: 'https://store.example/sparql-graph-crud-auth', concurrency: '2', retries: 0, timeoutMs: '1500', batchTriples: '100' },
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
    expect(endpointOptionsFromEnv({ endpoint: 'http://h/q', updateEndpoint: 'http://h/u' }, {})).toEqual({ query: 'http://h/q', update: 'http://h/u' });
  });

  it.each([
    [{}, 'CONFIG_INVALID', '--endpoint', 'Expected `--endpoint` to be a SPARQL query URL, got nothing'],
    [{ endpoint: 'localhost:8890/sparql' }, 'CONFIG_INVALID', '--endpoint', 'Expected `--endpoint` to be an http or https URL, got "localhost:8890/sparql"'],
    [{ endpoint: 'ftp://h/sparql' }, 'CONFIG_INVALID', '--endpoint', 'Expected `--endpoint` to be an http or https URL, got "ftp://h/sparql"'],
    [{ endpoint: 'http://h/q', updateEndpoint: 'not a url' }, 'CONFIG_INVALID', '--update-endpoint', 'Expected `--update-endpoint` to be an http or https URL, got "not a url"'],
    [
      { endpoint: 'http://h/q', graphStore: 'http://dba:hunter2@h/crud' },
      'CONFIG_INVALID',
      '--graph-store',
      '`--graph-store` must not carry credentials (got "http://***@h/crud"): set PATHWAY_KG_ENDPOINT_USER and PATHWAY_KG_ENDPOINT_PASSWORD instead',
    ],
    [{ endpoint: 'http://h/q#x' }, 'CONFIG_INVALID', '--endpoint', 'Expected `--endpoint` to have no #fragment, got "http://h/q#x"'],
    [{ endpoint: 'http://h/q', concurrency: 0 }, 'CONFIG_INVALID', '--concurrency', 'Expected `--concurrency` to be an integer from 1 and up, got 0'],
    [{ endpoint: 'http://h/q', retries: '-1' }, 'CONFIG_INVALID', '--retries', 'Expected `--retries` to be an integer from 0 and up, got "-1"'],
    [{ endpoint: 'http://h/q', timeoutMs: '5s' }, 'CONFIG_INVALID', '--timeout', 'Expected `--timeout` to be an integer from 1 and up, got "5s"'],
    [{ endpoint: 'http://h/q', batchTriples: 1.5 }, 'CONFIG_INVALID', '--batch-triples', 'Expected `--batch-triples` to be an integer from 1 and up, got 1.5'],
  ])('rejects %j', (flags, code, key, message) => {
    const error = fails(() => endpointOptionsFromEnv(flags, {}));
    expect([error.code, error.key, error.message]).toEqual([code, key, message]);
  });

  it('wants both credentials or neither, and never echoes the password', () => {
    const a = fails(() => endpointOptionsFromEnv({ endpoint: 'http://h/q' }, { PATHWAY_KG_ENDPOINT_USER: 'u' }));
    expect(a.message).toBe('PATHWAY_KG_ENDPOINT_USER is set but PATHWAY_KG_ENDPOINT_PASSWORD is not: set both or neither');
    const b = fails(() => endpointOptionsFromEnv({ endpoint: 'http://h/q' }, { PATHWAY_KG_ENDPOINT_PASSWORD: 'topsecret' }));
    expect(b.message).toBe('PATHWAY_KG_ENDPOINT_PASSWORD is set but PATHWAY_KG_ENDPOINT_USER is not: set both or neither');
    expect(JSON.stringify(b)).not.toContain('topsecret');
    expect(endpointOptionsFromEnv({ endpoint: 'http://h/q' }, { PATHWAY_KG_ENDPOINT_USER: '', PATHWAY_KG_ENDPOINT_PASSWORD: '' })).toEqual({ query: 'http://h/q' });
  });

  it('fills the defaults', () => {
    expect(resolveEndpointOptions({ query: 'http://h/q' })).toEqual({
      query: 'http://h/q',
      update: 'http://h/q',
      concurrency: 4,
      timeoutMs: 60000,
      retries: 4,
      batchTriples: 500,
      retryBaseMs: 250,
      retryMaxMs: 8000,
    });
  });
});

describe('redaction', () => {
  it('hides URL user info', () => {
    expect(displayUrl('https://user:pw@example.org:8890/sparql?x=1')).toBe('https://***@example.org:8890/sparql?x=1');
    expect(displayUrl('http://example.org/sparql')).toBe('http://example.org/sparql');
  });

  it('hides the password, the basic token and the user wherever they appear', () => {
    const redact = makeRedactor({ user: 'loader', password: 'pa55word' });
    const token = Buffer.from('loader:pa55word').toString('base64');
    expect(redact(`user loader with pa55word, Authorization: Basic ${token} at http://x:y@h/`)).toBe('user *** with ***, Authorization: Basic *** at http://***@h/');
    expect(makeRedactor(undefined)('nothing to hide')).toBe('nothing to hide');
  });
});
