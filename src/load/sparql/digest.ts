// HTTP authentication challenges (RFC 7235) and digest responses (RFC 7616: MD5, SHA-256, -sess, qop=auth).

import { createHash, randomBytes } from 'node:crypto';

export interface Challenge {
  /** Lower-cased: `digest`, `basic`, … */
  scheme: string;
  /** Parameter names lower-cased, values unquoted. */
  params: Record<string, string>;
}

const TOKEN = /[!#$%&'*+.^_`|~0-9A-Za-z-]+/y;

/** Every challenge in one or more WWW-Authenticate header values. */
export function parseChallenges(header: string | string[] | undefined): Challenge[] {
  if (header === undefined) return [];
  const values = Array.isArray(header) ? header : [header];
  const out: Challenge[] = [];
  for (const value of values) {
    let current: Challenge | undefined;
    let i = 0;
    while (i < value.length) {
      while (i < value.length && (value[i] === ' ' || value[i] === '\t' || value[i] === ',')) i++;
      TOKEN.lastIndex = i;
      const match = TOKEN.exec(value);
      if (!match) {
        i++; // not a token (stray token68 characters): skip
        continue;
      }
      const name = match[0];
      i = TOKEN.lastIndex;
      let j = i;
      while (value[j] === ' ' || value[j] === '\t') j++;
      if (value[j] === '=' && current) {
        j++;
        while (value[j] === ' ' || value[j] === '\t') j++;
        const [param, end] = readValue(value, j);
        current.params[name.toLowerCase()] = param;
        i = end;
      } else {
        current = { scheme: name.toLowerCase(), params: {} };
        out.push(current);
      }
    }
  }
  return out;
}

function readValue(value: string, start: number): [string, number] {
  if (value[start] !== '"') {
    TOKEN.lastIndex = start;
    const match = TOKEN.exec(value);
    return match ? [match[0], TOKEN.lastIndex] : ['', start];
  }
  let out = '';
  let i = start + 1;
  while (i < value.length && value[i] !== '"') {
    if (value[i] === '\\' && i + 1 < value.length) i++;
    out += value[i];
    i++;
  }
  return [out, i + 1];
}

const ALGORITHMS: Record<string, string> = {
  md5: 'md5',
  'md5-sess': 'md5',
  'sha-256': 'sha256',
  'sha-256-sess': 'sha256',
};

/** Whether this client can answer the digest challenge (known algorithm; qop absent or offering `auth`). */
export function digestSupported(challenge: Challenge): boolean {
  const algorithm = (challenge.params.algorithm ?? 'MD5').toLowerCase();
  if (!(algorithm in ALGORITHMS) || challenge.params.nonce === undefined) return false;
  return challenge.params.qop === undefined || qopList(challenge).includes('auth');
}

function qopList(challenge: Challenge): string[] {
  return (challenge.params.qop ?? '').split(',').map((q) => q.trim().toLowerCase());
}

export interface DigestInput {
  challenge: Challenge;
  method: string;
  /** The request target: path and query. */
  uri: string;
  user: string;
  password: string;
  /** Requests already sent with this nonce, plus one. */
  nc: number;
  /** Random by default; fixed in tests. */
  cnonce?: string;
}

/** The Authorization header value answering a digest challenge. */
export function digestAuthorization(input: DigestInput): string {
  const { challenge, method, uri, user, password, nc } = input;
  const params = challenge.params;
  const algorithmName = params.algorithm ?? 'MD5';
  const hashName = ALGORITHMS[algorithmName.toLowerCase()];
  if (hashName === undefined || params.nonce === undefined)
    throw new Error(`unsupported digest challenge (algorithm ${algorithmName})`);
  const hash = (text: string): string => createHash(hashName).update(text, 'utf8').digest('hex');
  const realm = params.realm ?? '';
  const nonce = params.nonce;
  const cnonce = input.cnonce ?? randomBytes(16).toString('hex');
  const ncText = nc.toString(16).padStart(8, '0');
  let ha1 = hash(`${user}:${realm}:${password}`);
  if (algorithmName.toLowerCase().endsWith('-sess')) ha1 = hash(`${ha1}:${nonce}:${cnonce}`);
  const ha2 = hash(`${method}:${uri}`);
  const useQop = params.qop !== undefined;
  const response = useQop ? hash(`${ha1}:${nonce}:${ncText}:${cnonce}:auth:${ha2}`) : hash(`${ha1}:${nonce}:${ha2}`);
  const parts = [
    `username=${quote(user)}`,
    `realm=${quote(realm)}`,
    `nonce=${quote(nonce)}`,
    `uri=${quote(uri)}`,
    `algorithm=${algorithmName}`,
    `response=${quote(response)}`,
  ];
  if (useQop) parts.push('qop=auth', `nc=${ncText}`, `cnonce=${quote(cnonce)}`);
  if (params.opaque !== undefined) parts.push(`opaque=${quote(params.opaque)}`);
  return `Digest ${parts.join(', ')}`;
}

export function basicAuthorization(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}

function quote(value: string): string {
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}
