// The previous run's layout state (layout.json), as a run that builds on it reads it: its pathways' entries are
// found in the text, not parsed. A run with one changed page keeps every other pathway's entry as it was: its text
// goes to the new layout.json as it is, its claims to the buckets' claim spills as they are (the same bytes
// JSON.stringify gives, since the file was written by it); only the entries of pathways taken again or gone are
// parsed. Parsing and writing back every entry was most of what the layout cost such a run (2022: 6.8 MB, 2,731
// entries).

import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { bucketOf } from './bucket.js';
import { isLayoutState, LAYOUT_DIR, LAYOUT_FILE, type BucketState, type PathwayContribution } from './layoutState.js';

export class PreviousLayout {
  private constructor(
    /** layout.json's text. */
    private readonly text: string,
    /** WPn -> the bounds of its entry's value (`{...}`) in `text`. */
    private readonly bounds: Map<string, [number, number]>,
    /** Bucket number -> its graph's content. */
    readonly shared: Record<string, BucketState>,
  ) {}

  /**
   * The layout state of the last completed run, when it describes the all.nq in `out` (same size and mtime) and has
   * the current bucket count; otherwise undefined, and the shared graphs are rebuilt from every page. The one reader
   * of layout.json: the run builds on it, `load` and the no-change check take its shared graphs' digests.
   */
  static read(out: string): PreviousLayout | undefined {
    const file = path.join(out, LAYOUT_DIR, LAYOUT_FILE);
    const nq = path.join(out, 'all.nq');
    if (!existsSync(file) || !existsSync(nq)) return undefined;
    let text: string;
    let found: { start: number; end: number; bounds: Map<string, [number, number]> } | undefined;
    let rest: unknown;
    try {
      text = readFileSync(file, 'utf8');
      found = pathwayBounds(text);
      if (found === undefined) return undefined;
      // Everything but the pathways, parsed: the head and the shared graphs.
      rest = JSON.parse(`${text.slice(0, found.start)}{}${text.slice(found.end)}`);
    } catch {
      return undefined; // rebuilt, as after a crash between all.nq and this file
    }
    if (!isLayoutState(rest)) return undefined;
    const s = statSync(nq);
    if (s.size !== rest.allNq.size || s.mtimeMs !== rest.allNq.mtimeMs) return undefined;
    return new PreviousLayout(text, found.bounds, rest.shared);
  }

  has(wpid: string): boolean {
    return this.bounds.has(wpid);
  }

  /** The pathways of the previous run, in the file's order. */
  pathways(): IterableIterator<string> {
    return this.bounds.keys();
  }

  /** The pathway's entry, parsed. */
  entry(wpid: string): PathwayContribution | undefined {
    const raw = this.raw(wpid);
    return raw === undefined ? undefined : (JSON.parse(raw) as PathwayContribution);
  }

  /** The pathway's entry as the file holds it: JSON.stringify's text of its PathwayContribution. */
  raw(wpid: string): string | undefined {
    const b = this.bounds.get(wpid);
    return b === undefined ? undefined : this.text.slice(b[0], b[1]);
  }

  /**
   * The pathway's claims as claim-spill lines (`["<s>",["digest",...]]`, JSON.stringify's text of [s, digests]), each
   * with its subject's bucket, taken from the entry's text; parsed only when the text is not in the expected shape.
   */
  claimLines(wpid: string): [number, string][] {
    const raw = this.raw(wpid);
    if (raw === undefined) return [];
    const at = raw.lastIndexOf(CLAIMS_KEY);
    const claims = at < 0 ? undefined : raw.slice(at + CLAIMS_KEY.length, -1);
    const lines: [number, string][] = [];
    if (claims !== undefined && claims.startsWith('{') && claims.endsWith('}')) {
      let matched = 2; // the braces
      for (const m of claims.matchAll(CLAIM)) {
        const key = m[1]!;
        const subject = key.includes('\\') ? (JSON.parse(key) as string) : key.slice(1, -1);
        lines.push([bucketOf(subject), `[${key},${m[2]!}]`]);
        matched += m[0].length;
      }
      if (matched === claims.length) return lines;
    }
    lines.length = 0;
    for (const [s, digests] of Object.entries(JSON.parse(raw).claims as Record<string, string[]>))
      lines.push([bucketOf(s), JSON.stringify([s, digests])]);
    return lines;
  }
}

const CLAIMS_KEY = '"claims":';
/** One claim in an entry's text: a JSON string key, its array of 16-hex-digit digests, the comma before the next. */
const CLAIM = /("(?:[^"\\]|\\.)*"):(\[(?:"[0-9a-f]{16}"(?:,"[0-9a-f]{16}")*)?\]),?/g;

/**
 * The bounds of the pathways object's value in layout.json's text (`start` at its `{`, `end` past its `}`), and of
 * each entry's value in it; undefined when the text has no pathways object where JSON.stringify puts it.
 */
export function pathwayBounds(
  text: string,
): { start: number; end: number; bounds: Map<string, [number, number]> } | undefined {
  const key = '"pathways":{';
  const at = text.indexOf(key);
  if (at < 0) return undefined;
  const start = at + key.length - 1;
  const bounds = new Map<string, [number, number]>();
  let i = start + 1;
  if (text.charCodeAt(i) === CLOSE) return { start, end: i + 1, bounds };
  for (;;) {
    if (text.charCodeAt(i) !== QUOTE) return undefined;
    const keyEnd = stringEnd(text, i);
    const name = JSON.parse(text.slice(i, keyEnd + 1)) as string;
    if (text.charCodeAt(keyEnd + 1) !== COLON || text.charCodeAt(keyEnd + 2) !== OPEN) return undefined;
    const end = valueEnd(text, keyEnd + 2);
    bounds.set(name, [keyEnd + 2, end]);
    const next = text.charCodeAt(end);
    if (next === CLOSE) return { start, end: end + 1, bounds };
    if (next !== COMMA) return undefined;
    i = end + 1;
  }
}

const QUOTE = 0x22;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN = 0x7b;
const CLOSE = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const BACKSLASH = 0x5c;

/** The index of the quote that closes the JSON string opening at `i`. */
function stringEnd(text: string, i: number): number {
  for (let j = i + 1; ;) {
    const k = text.indexOf('"', j);
    if (k < 0) throw new SyntaxError('layout.json: a string without its end');
    let slashes = 0;
    while (text.charCodeAt(k - 1 - slashes) === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return k;
    j = k + 1;
  }
}

/** The index past the end of the JSON object or array opening at `i`. */
function valueEnd(text: string, i: number): number {
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === QUOTE) j = stringEnd(text, j);
    else if (c === OPEN || c === OPEN_ARRAY) depth++;
    else if (c === CLOSE || c === CLOSE_ARRAY) if (--depth === 0) return j + 1;
  }
  throw new SyntaxError('layout.json: an object without its end');
}
