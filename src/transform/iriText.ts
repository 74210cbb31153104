// IRIs as text: whether one is valid as it is, and the valid RFC 3987 IRI that text names (safeIri.ts checks terms and
// quads with these). A leaf: no RDF term model, so that checking a flag's IRI loads nothing more.
//
// A written IRI must stay one term in every output: `<`, `>`, a space or a quote inside it would end
// `<…>` early and let page text write triples of its own. Non-ASCII letters are valid IRI characters
// (RFC 3987 `ucschar`) and are kept as they are, so IRIs stay readable.

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/** The common case, valid as it is: ASCII that RFC 3986 allows anywhere, no `%`, no brackets, at most one `#`. */
const PLAIN = /^[A-Za-z][A-Za-z0-9+.-]*:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]*(?:#[A-Za-z0-9\-._~!$&'()*+,;=:@/?]*)?$/;

/** ASCII allowed as it is in any part of an IRI (unreserved, sub-delims, `:`, `@`, `/`, `?`). */
const ASCII_OK = /[A-Za-z0-9\-._~!$&'()*+,;=:@/?]/;

const HEX2 = /^[0-9A-Fa-f]{2}$/;

/**
 * The IRI `text` names, as a valid RFC 3987 IRI: characters it forbids (space, `<`, `>`, `"`, `{`, `}`,
 * `|`, `\`, `^`, `` ` ``, controls, a `%` that starts no escape, a second `#`, brackets outside the
 * host, non-characters) are percent-encoded as UTF-8; valid escapes and non-ASCII letters are kept.
 * Undefined when no IRI can be made: no scheme (a relative reference), or a lone surrogate.
 */
export function safeIri(text: string): string | undefined {
  if (PLAIN.test(text)) return text;
  const scheme = SCHEME.exec(text);
  if (scheme === null) return undefined;
  const start = scheme[0].length;
  // Brackets are allowed in the host only (an IPv6 literal): find where the authority ends.
  let hostEnd = start;
  if (text.startsWith('//', start)) {
    hostEnd = start + 2;
    while (hostEnd < text.length && !'/?#'.includes(text[hostEnd]!)) hostEnd++;
  }
  let out = text.slice(0, start);
  let query = false;
  let fragment = false;
  for (let i = start; i < text.length;) {
    const cp = text.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    i += ch.length;
    if (cp >= 0xd800 && cp <= 0xdfff) return undefined; // a lone surrogate has no UTF-8 form
    if (ch === '%') out += HEX2.test(text.substring(i, i + 2)) ? '%' : '%25';
    else if (ch === '#') {
      out += fragment ? '%23' : '#';
      fragment = true;
    } else if (ch === '?') {
      out += '?';
      query ||= !fragment;
    } else if (ch === '[' || ch === ']') out += i <= hostEnd ? ch : encodeURIComponent(ch);
    else if (cp < 0x80) out += ASCII_OK.test(ch) ? ch : encodeURIComponent(ch);
    else out += isUcschar(cp) || (query && !fragment && isIprivate(cp)) ? ch : encodeURIComponent(ch);
  }
  return out;
}

/** True when `text` is a valid absolute IRI that safeIri keeps as it is. */
export function isSafeIri(text: string): boolean {
  return PLAIN.test(text) || safeIri(text) === text;
}

/** The cheap common case of isSafeIri: printable ASCII only, nothing to escape in any syntax. */
export function isPlainIri(text: string): boolean {
  return PLAIN.test(text);
}

/** RFC 3987 `ucschar`: letters and symbols beyond ASCII, without controls, private use and non-characters. */
function isUcschar(cp: number): boolean {
  if (cp >= 0xa0 && cp <= 0xd7ff) return true;
  if (cp >= 0xf900 && cp <= 0xfdcf) return true;
  if (cp >= 0xfdf0 && cp <= 0xffef) return true;
  if (cp < 0x10000 || (cp & 0xffff) > 0xfffd) return false;
  return cp <= 0xdfffd || (cp >= 0xe1000 && cp <= 0xefffd);
}

/** RFC 3987 `iprivate`, allowed in the query part only. */
function isIprivate(cp: number): boolean {
  return (cp >= 0xe000 && cp <= 0xf8ff) || (cp >= 0xf0000 && cp <= 0xffffd) || (cp >= 0x100000 && cp <= 0x10fffd);
}
