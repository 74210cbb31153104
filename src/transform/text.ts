// Cleaning of free text from pages: control characters, mojibake, HTML and wiki markup in descriptions.

import { decodeHTMLStrict } from 'entities';

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
// Sequences that UTF-8 text takes on when it was decoded as Windows-1252/Latin-1 (Ã©, Ã¢Â€Â™, Î±, …).
const MOJIBAKE_HINT =
  /[ÃÂÎÏâ][\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]/;

// Windows-1252 code points 0x80–0x9f that are not Latin-1, mapped back to their byte.
const CP1252: Record<string, number> = {
  '\u20ac': 0x80,
  '\u201a': 0x82,
  '\u0192': 0x83,
  '\u201e': 0x84,
  '\u2026': 0x85,
  '\u2020': 0x86,
  '\u2021': 0x87,
  '\u02c6': 0x88,
  '\u2030': 0x89,
  '\u0160': 0x8a,
  '\u2039': 0x8b,
  '\u0152': 0x8c,
  '\u017d': 0x8e,
  '\u2018': 0x91,
  '\u2019': 0x92,
  '\u201c': 0x93,
  '\u201d': 0x94,
  '\u2022': 0x95,
  '\u2013': 0x96,
  '\u2014': 0x97,
  '\u02dc': 0x98,
  '\u2122': 0x99,
  '\u0161': 0x9a,
  '\u203a': 0x9b,
  '\u0153': 0x9c,
  '\u017e': 0x9e,
  '\u0178': 0x9f,
};

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Undo UTF-8-read-as-Windows-1252 (up to three rounds), run by run: a run is a stretch of characters
 * that can each stand for one byte; it is replaced only when its bytes decode as UTF-8. Genuine
 * non-Latin characters elsewhere in the text (→, ⁺) do not stop the repair of the runs around them.
 */
export function repairMojibake(text: string): string {
  if (!MOJIBAKE_HINT.test(text)) return text;
  return text
    .replace(LOST_THIRD_BYTE, lostThirdByte)
    .replace(SINGLE_BYTE_RUN, (run) => (MOJIBAKE_HINT.test(run) ? repairRun(run) : run));
}

const CP1252_CHARS = Object.keys(CP1252).join('');
// Non-ASCII characters that stand for one byte (Latin-1 and the Windows-1252 extras): a UTF-8
// sequence has no ASCII byte inside, so an ASCII character always ends a run. Runs stay short, and a
// broken sequence in one word does not keep the next word from being repaired.
const SINGLE_BYTE_RUN = new RegExp(`[\\u0080-\\u00ff${CP1252_CHARS}]+`, 'g');

// `â€` + U+FFFD: a General Punctuation character (E2 80 xx) whose last byte Windows-1252 does not
// define (0x81, 0x8d, 0x8f, 0x90, 0x9d) and was lost. In these pages it is the hyphen ‐ (E2 80 90)
// inside a word (`kappa‐light‐chain`) and the closing quote ” (E2 80 9D) elsewhere.
const LOST_THIRD_BYTE = /(\p{L}?)â€\uFFFD(\p{L}?)/gu;

function lostThirdByte(_whole: string, before: string, after: string): string {
  return `${before}${before !== '' && after !== '' ? '\u2010' : '\u201d'}${after}`;
}

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

/**
 * Every HTML character reference decoded by a maintained decoder (the `entities` package, strict
 * mode: a named reference needs its `;`, so `?a=1&copy=2` in a URL stays as written). Pages carry
 * text escaped up to five times (2022 WP1104: `&amp;amp;amp;amp;#x3b2;`), so rounds run (at most six)
 * while one made a new reference.
 */
export function decodeEntities(text: string): string {
  let out = text;
  for (let round = 0; round < 6 && out.includes('&'); round++) {
    const next = decodeHTMLStrict(out);
    if (next === out) break;
    out = next;
    if (!REFERENCE.test(out)) break;
  }
  return out;
}

const REFERENCE = /&(#[xX][0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*);/;

/**
 * A description as plain text: HTML tags dropped (line and paragraph breaks kept as newlines),
 * entities decoded, MediaWiki links `[url label]` and Markdown links `[label](url)` written
 * `label (url)`, controls removed, mojibake repaired.
 */
export function cleanDescription(text: string): string {
  let out = repairMojibake(stripControl(text));
  out = out.replace(/<\s*(br|\/p|p|\/li|\/div)\b[^>]*>/gi, '\n');
  out = out.replace(/<\s*li\b[^>]*>/gi, '\n- ');
  out = out.replace(/<\/?[A-Za-z][A-Za-z0-9]*(\s[^<>]*)?\/?>/g, '');
  // A decoded &#xD; is a line break too.
  out = stripControl(decodeEntities(out)).replace(/\r\n?/g, '\n');
  out = out.replace(MARKDOWN_LINK, (_whole, label: string, url: string) =>
    label.trim() === url ? url : `${label.trim()} (${url})`,
  );
  out = out.replace(MEDIAWIKI_LINK, '$2 ($1)');
  out = out.replace(/\[(https?:\/\/[^\s\][]+)\](?!\()/g, '$1');
  out = out
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return out;
}

// Neither a label nor a URL may hold a bracket, and the label starts with a non-space, so that a match
// attempt never runs past the next `[`: 16,000 unclosed `[http://x y` stay linear.
/** `[label](url)`; the URL may hold one level of balanced parentheses (Wikipedia's `…_(gene)`). */
const MARKDOWN_LINK = /\[([^\s\][][^\][\n]*)\]\((https?:\/\/(?:[^\s()[\]]|\([^\s()[\]]*\))+)[ \t]*\)/g;
/** `[http://x label]` (MediaWiki external link). */
const MEDIAWIKI_LINK = /\[(https?:\/\/[^\s\][]+)\s+([^\s\][][^\][]*)\]/g;
