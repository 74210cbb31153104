// Keeps credentials out of every message: URL user info and the configured user/password become ***.

import type { Credentials } from './options.js';

/** The URL as it may be shown: user info replaced by ***. Works on strings that do not parse, too. */
export function displayUrl(value: string): string {
  return value.replace(/^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)[^/?#@]*@/, '$1***@');
}

/** A function that removes the password, the basic-auth token and (when 3 characters or longer) the user. */
export function makeRedactor(credentials: Credentials | undefined): (text: string) => string {
  if (!credentials) return (text) => displayUrls(text);
  const secrets = [credentials.password, Buffer.from(`${credentials.user}:${credentials.password}`).toString('base64')];
  if (credentials.user.length >= 3) secrets.push(credentials.user);
  const ordered = secrets.filter((s) => s !== '').sort((a, b) => b.length - a.length);
  return (text) => {
    let out = displayUrls(text);
    for (const secret of ordered) out = out.split(secret).join('***');
    return out;
  };
}

function displayUrls(text: string): string {
  return text.replace(/\b([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)[^/?#@\s]*@/g, '$1***@');
}
