// Cleaning of free text from pages: control characters, mojibake, HTML and wiki markup in descriptions.

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
// Sequences that UTF-8 text takes on when it was decoded as Windows-1252/Latin-1 (Ã©, Ã¢Â€Â™, Î±, …).
const MOJIBAKE_HINT = /[ÃÂÎÏâ][\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]/;

// Windows-1252 code points 0x80–0x9f that are not Latin-1, mapped back to their byte.
const CP1252: Record<string, number> = {
  '\u20ac': 0x80, '\u201a': 0x82, '\u0192': 0x83, '\u201e': 0x84, '\u2026': 0x85, '\u2020': 0x86, '\u2021': 0x87,
  '\u02c6': 0x88, '\u2030': 0x89, '\u0160': 0x8a, '\u2039': 0x8b, '\u0152': 0x8c, '\u017d': 0x8e, '\u2018': 0x91,
  '\u2019': 0x92, '\u201c': 0x93, '\u201d': 0x94, '\u2022': 0x95, '\u2013': 0x96, '\u2014': 0x97, '\u02dc': 0x98,
  '\u2122': 0x99, '\u0161': 0x9a, '\u203a': 0x9b, '\u0153': 0x9c, '\u017e': 0x9e, '\u0178': 0x9f,
};

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Undo UTF-8-read-as-Windows-1252 (up to three rounds), run by run: a run is a stretch of characters
 * that can each stand for one byte; it is replaced only when its bytes decode as UTF-8. Genuine
 * non-Latin characters elsewhere in the text (→, ⁺) do not stop the repair of the runs around them.
 */
export function repairMojibake(text: string): string {
  if (!MOJIBAKE_HINT.test(text)) return text;
  return text.replace(SINGLE_BYTE_RUN, (run) => (MOJIBAKE_HINT.test(run) ? repairRun(run) : run));
}

const CP1252_CHARS = Object.keys(CP1252).join('');
// Characters that stand for one byte: Latin-1 and the Windows-1252 extras.
const SINGLE_BYTE_RUN = new RegExp(`[\\u0000-\\u00ff${CP1252_CHARS}]+`, 'g');

function repairRun(run: string): string {
  let current = run;
  for (let round = 0; round < 3 && MOJIBAKE_HINT.test(current); round++) {
    const bytes: number[] = [];
    for (const ch of current) {
      const code = ch.codePointAt(0)!;
      if (code < 0x100) bytes.push(code);
      else if (CP1252[ch] !== undefined) bytes.push(CP1252[ch]!);
      else return current; // after a round, a character that is not one byte: stop there
    }
    try {
      const decoded = utf8.decode(Uint8Array.from(bytes));
      if (decoded === current) return current;
      current = decoded;
    } catch {
      return current;
    }
  }
  return current;
}

/** Control characters (other than tab and newline) removed, C1 controls included. */
export function stripControl(text: string): string {
  return text.replace(CONTROL, '');
}

/** Whitespace runs folded to one space, ends trimmed. */
export function collapseSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** A short text value (title, label, name): controls removed, mojibake repaired, whitespace collapsed. */
export function cleanLabel(text: string): string {
  return collapseSpace(repairMojibake(stripControl(text)));
}

const ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—', deg: '°', plusmn: '±',
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', kappa: 'κ', lambda: 'λ', mu: 'μ', micro: 'µ',
  Alpha: 'Α', Beta: 'Β', Gamma: 'Γ', Delta: 'Δ', Kappa: 'Κ', rarr: '→', larr: '←', harr: '↔', times: '×',
  prime: '′', Prime: '″', rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“', hellip: '…', reg: '®', copy: '©', trade: '™',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);/g, (whole, body: string) => {
    if (body.startsWith('#x') || body.startsWith('#X')) return safeCodePoint(parseInt(body.slice(2), 16)) ?? whole;
    if (body.startsWith('#')) return safeCodePoint(parseInt(body.slice(1), 10)) ?? whole;
    return ENTITIES[body] ?? whole;
  });
}

function safeCodePoint(code: number): string | undefined {
  if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return undefined;
  return String.fromCodePoint(code);
}

/**
 * A description as plain text: HTML tags dropped (line and paragraph breaks kept as newlines),
 * entities decoded, MediaWiki links `[url label]` written `label (url)`, controls removed,
 * mojibake repaired. Markdown links are left as they are (they read well as text).
 */
export function cleanDescription(text: string): string {
  let out = repairMojibake(stripControl(text));
  out = out.replace(/<\s*(br|\/p|p|\/li|\/div)\b[^>]*>/gi, '\n');
  out = out.replace(/<\s*li\b[^>]*>/gi, '\n- ');
  out = out.replace(/<\/?[A-Za-z][A-Za-z0-9]*(\s[^<>]*)?\/?>/g, '');
  out = decodeEntities(out);
  // [http://x label] (MediaWiki external link); a markdown link [label](url) has no space after '['+url.
  out = out.replace(/\[(https?:\/\/[^\s\]]+)\s+([^\]]+)\]/g, '$2 ($1)');
  out = out.replace(/\[(https?:\/\/[^\s\]]+)\](?!\()/g, '$1');
  out = out
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return out;
}
