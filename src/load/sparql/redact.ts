// Keeps credentials out of every message: URL user info, secret-looking URL parameters and the configured
// user/password become ***.

import type { Credentials } from './credentials.js';

/**
 * Whether a URL parameter name looks like it carries a secret (`password`, `pwd`, `token`, `key`, `api_key`,
 * `access_token`, `client_secret`, `sig`…). Compared without case, `-`, `_` and `.`, so `X-Api-Key` counts.
 */
export function isSecretParam(name: string): boolean {
  const n = name.toLowerCase().replace(/[-_.]/g, '');
  return SECRET_EXACT.has(n) || SECRET_PARTS.some((part) => n.includes(part));
}

const SECRET_EXACT = new Set([
  'pass',
  'pwd',
  'passwd',
  'key',
  'auth',
  'authorization',
  'sig',
  'signature',
  'jwt',
  'bearer',
]);
const SECRET_PARTS = [
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'apikey',
  'accesskey',
  'privatekey',
  'credential',
];

// `name=value` after `?`, `&`, `;` or `#`: query and fragment parameters, also in a URL that does not parse.
const PARAM = /([?&;#])([^=&#;?\s"']*)=([^&#;\s"']*)/g;
const USERINFO = /\b([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)[^/?#@\s]*@/g;

/**
 * The URL as it may be shown: user info and secret parameter values replaced by ***. Works on strings that do not
 * parse, too.
 */
export function displayUrl(value: string): string {
  return redactUrls(value.replace(/^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)[^/?#@]*@/, '$1***@'));
}

/**
 * A function that removes the password, the basic-auth token, (when 3 characters or longer) the user, and `extra`
 * secrets (the token of --serve-from document URLs, which the store quotes in its errors).
 */
export function makeRedactor(credentials: Credentials | undefined, extra: string[] = []): (text: string) => string {
  const secrets = [...extra];
  if (credentials) {
    secrets.push(credentials.password, Buffer.from(`${credentials.user}:${credentials.password}`).toString('base64'));
    if (credentials.user.length >= 3) secrets.push(credentials.user);
  }
  if (secrets.length === 0) return (text) => redactUrls(text);
  const ordered = secrets.filter((s) => s !== '').sort((a, b) => b.length - a.length);
  return (text) => {
    let out = redactUrls(text);
    for (const secret of ordered) out = out.split(secret).join('***');
    return out;
  };
}

function redactUrls(text: string): string {
  return text
    .replace(USERINFO, '$1***@')
    .replace(PARAM, (whole: string, sep: string, name: string) =>
      isSecretParam(decodeName(name)) ? `${sep}${name}=***` : whole,
    );
}

function decodeName(name: string): string {
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name;
  }
}
