import { describe, expect, it } from 'vitest';
import {
  basicAuthorization,
  digestAuthorization,
  digestSupported,
  parseChallenges,
} from '../../../../src/load/sparql/digest.js';
import { Authenticator } from '../../../../src/load/sparql/auth.js';

describe('parseChallenges', () => {
  it('reads Virtuoso’s digest challenge', () => {
    const header =
      'Digest realm="SPARQL", domain="/sparql-auth", nonce="83a0611c5bc151a31800a2b3fae451fd", opaque="5ebe2294ecd0e0f08eab7690d2a6ee69", stale="false", qop="auth", algorithm="MD5"';
    expect(parseChallenges(header)).toEqual([
      {
        scheme: 'digest',
        params: {
          realm: 'SPARQL',
          domain: '/sparql-auth',
          nonce: '83a0611c5bc151a31800a2b3fae451fd',
          opaque: '5ebe2294ecd0e0f08eab7690d2a6ee69',
          stale: 'false',
          qop: 'auth',
          algorithm: 'MD5',
        },
      },
    ]);
  });

  it('splits several challenges in one header and across headers, with escapes and bare tokens', () => {
    expect(
      parseChallenges([
        'Digest realm="a \\"b\\"", qop="auth,auth-int", algorithm=SHA-256, nonce=xyz, Basic realm="r"',
        'Bearer',
      ]),
    ).toEqual([
      { scheme: 'digest', params: { realm: 'a "b"', qop: 'auth,auth-int', algorithm: 'SHA-256', nonce: 'xyz' } },
      { scheme: 'basic', params: { realm: 'r' } },
      { scheme: 'bearer', params: {} },
    ]);
    expect(parseChallenges(undefined)).toEqual([]);
  });

  it('supports MD5 and SHA-256 (and -sess) with qop auth or no qop, not auth-int alone', () => {
    const c = (params: Record<string, string>) => ({ scheme: 'digest', params: { nonce: 'n', ...params } });
    expect(digestSupported(c({}))).toBe(true);
    expect(digestSupported(c({ algorithm: 'SHA-256-sess', qop: 'auth' }))).toBe(true);
    expect(digestSupported(c({ qop: 'auth-int' }))).toBe(false);
    expect(digestSupported(c({ algorithm: 'SHA-512-256' }))).toBe(false);
    expect(digestSupported({ scheme: 'digest', params: {} })).toBe(false);
  });
});

describe('digestAuthorization', () => {
  it('matches the RFC 2617 example (MD5, qop=auth)', () => {
    const header = digestAuthorization({
      challenge: {
        scheme: 'digest',
        params: {
          realm: 'testrealm@host.com',
          qop: 'auth,auth-int',
          nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
          opaque: '5ccc069c403ebaf9f0171e9517f40e41',
        },
      },
      method: 'GET',
      uri: '/dir/index.html',
      user: 'Mufasa',
      password: 'Circle Of Life',
      nc: 1,
      cnonce: '0a4f113b',
    });
    expect(header).toBe(
      'Digest username="Mufasa", realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="/dir/index.html", algorithm=MD5, ' +
        'response="6629fae49393a05397450978507c4ef1", qop=auth, nc=00000001, cnonce="0a4f113b", opaque="5ccc069c403ebaf9f0171e9517f40e41"',
    );
  });

  it.each([
    ['MD5', '8ca523f5e9506fed4657c9700eebdbec'],
    ['SHA-256', '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1'],
  ])('matches the RFC 7616 §3.9.1 example with %s', (algorithm, response) => {
    const header = digestAuthorization({
      challenge: {
        scheme: 'digest',
        params: {
          realm: 'http-auth@example.org',
          qop: 'auth, auth-int',
          algorithm,
          nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
          opaque: 'FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS',
        },
      },
      method: 'GET',
      uri: '/dir/index.html',
      user: 'Mufasa',
      password: 'Circle of Life',
      nc: 1,
      cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
    });
    expect(header).toContain(`response="${response}"`);
    expect(header).toContain(`algorithm=${algorithm}`);
  });

  it('counts nc in hex and quotes the user name', () => {
    const header = digestAuthorization({
      challenge: { scheme: 'digest', params: { nonce: 'n', realm: 'r', qop: 'auth' } },
      method: 'PUT',
      uri: '/x?graph=a',
      user: 'a"b',
      password: 'p',
      nc: 26,
      cnonce: 'c',
    });
    expect(header).toContain('nc=0000001a');
    expect(header).toContain('username="a\\"b"');
  });

  it('builds basic credentials', () => {
    expect(basicAuthorization('Aladdin', 'open sesame')).toBe('Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==');
  });
});

describe('Authenticator', () => {
  const digest = 'Digest realm="SPARQL", nonce="abc", qop="auth", algorithm="MD5"';
  const at = (path: string, origin = 'http://127.0.0.1:8890'): URL => new URL(path, origin);

  it('sends nothing until challenged, then answers digest and reuses the nonce with a growing nc', () => {
    const auth = new Authenticator({ user: 'u', password: 'p' });
    expect(auth.header('POST', at('/sparql'))).toBeUndefined();
    expect(auth.onUnauthorized(at('/sparql'), digest, false)).toEqual({ retry: true });
    expect(auth.header('POST', at('/sparql'))).toMatch(
      /^Digest username="u", realm="SPARQL", nonce="abc", uri="\/sparql", .*nc=00000001/,
    );
    expect(auth.header('POST', at('/sparql?graph=urn:g'))).toMatch(/uri="\/sparql\?graph=urn:g", .*nc=00000002/);
  });

  it('prefers digest over basic, falls back to basic', () => {
    const a = new Authenticator({ user: 'u', password: 'p' });
    a.onUnauthorized(at('/'), ['Basic realm="x"', digest], false);
    expect(a.header('GET', at('/'))).toMatch(/^Digest /);
    const b = new Authenticator({ user: 'u', password: 'p' });
    b.onUnauthorized(at('/'), 'Basic realm="x"', false);
    expect(b.header('GET', at('/'))).toBe('Basic dTpw');
  });

  it('keeps each origin to its own challenge', () => {
    const auth = new Authenticator({ user: 'u', password: 'p' });
    auth.onUnauthorized(at('/sparql'), digest, false);
    auth.onUnauthorized(at('/crud', 'https://other.example.org'), 'Basic realm="x"', false);
    expect(auth.header('GET', at('/sparql'))).toMatch(/^Digest /);
    expect(auth.header('GET', at('/crud', 'https://other.example.org'))).toBe('Basic dTpw');
    expect(auth.header('GET', at('/sparql', 'http://127.0.0.1:8891'))).toBeUndefined();
  });

  it('refuses Basic at an origin once Digest was answered there, and keeps answering Digest', () => {
    const auth = new Authenticator({ user: 'u', password: 'p' });
    auth.onUnauthorized(at('/sparql'), digest, false);
    expect(auth.onUnauthorized(at('/crud'), 'Basic realm="proxy"', false)).toEqual({
      retry: false,
      reason: 'downgrade',
      schemes: ['basic'],
    });
    expect(auth.header('GET', at('/crud'))).toMatch(/^Digest /);
  });

  it('gives up on a second refusal unless the nonce was stale', () => {
    const auth = new Authenticator({ user: 'u', password: 'p' });
    expect(auth.onUnauthorized(at('/'), digest, true)).toEqual({
      retry: false,
      reason: 'rejected',
      schemes: ['digest'],
    });
    expect(auth.onUnauthorized(at('/'), 'Digest realm="SPARQL", nonce="new", qop="auth", stale=true', true)).toEqual({
      retry: true,
    });
  });

  it('says why it cannot answer', () => {
    expect(new Authenticator(undefined).onUnauthorized(at('/'), digest, false)).toEqual({
      retry: false,
      reason: 'no-credentials',
      schemes: ['digest'],
    });
    expect(
      new Authenticator({ user: 'u', password: 'p' }).onUnauthorized(at('/'), 'Bearer realm="x", Negotiate', false),
    ).toEqual({
      retry: false,
      reason: 'unsupported',
      schemes: ['bearer', 'negotiate'],
    });
  });
});
