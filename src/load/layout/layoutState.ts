// What the shared graphs were made of, kept in <out>/layout/ so that a run rewrites only the buckets whose content
// changed: per pathway, a digest of the shared facts it contributes and which buckets they fall in; per bucket,
// a digest of its content and where its quads sit in all.nq. The contributions themselves are in one sidecar
// file per bucket (`layout/NN.tsv`: `<s> <p> <o> .<TAB>WP1 WP7` per line, the pathways that state the triple), so
// that a page that changed or vanished can be taken out of its buckets without reading any other page again.

import { hash } from 'node:crypto';
import { flatPrefix } from '../../flatString.js';
import type { ByteRange } from '../fileSinks.js';
import { BUCKETS } from './bucket.js';
import { joinedMembers } from '../spillFile.js';

export interface PathwayContribution {
  /** Digest of the pathway's shared facts (of its bucketDigests): equal digests, same contribution. */
  digest: string;
  /** The buckets its shared facts fall in. */
  buckets: number[];
  /**
   * A 16-character digest of its lines in each of `buckets`, in that order, as one string: a changed page touches only
   * the buckets where its lines changed. Absent in layout states of earlier versions (then every bucket it is in).
   */
  bucketDigests?: string;
  /**
   * Subject (as in the N-Triples line) -> digests of the lines the pathway states about its own IRIs (see split.ts).
   */
  claims: Record<string, string[]>;
}

export interface BucketState {
  digest: string;
  triples: number;
  nq: ByteRange;
}

export interface LayoutState {
  /** 2: sidecar lines are `triple<TAB>owners` (1 was `owner<TAB>triple`). */
  version: 2;
  buckets: number;
  /** Size and mtime of the all.nq the byte ranges describe (the run's state.json records the same file). */
  allNq: { size: number; mtimeMs: number };
  pathways: Record<string, PathwayContribution>;
  /** Bucket number -> its graph's content; empty buckets are absent. */
  shared: Record<string, BucketState>;
}

export const LAYOUT_DIR = 'layout';
export const LAYOUT_FILE = 'layout.json';

// crypto.hash, one call per digest: a Hash object per line (createHash/update/digest) cost more than the hashing.
// Flat prefixes (flatString.ts): a slice would keep the 64-character hex alive (the claims of 10,000 pages held 95 MB).
export function digestOf(text: string | Uint8Array): string {
  return flatPrefix(hash('sha256', text, 'hex'), 32);
}

/** A short digest of one N-Triples line (as a string or its UTF-8 bytes), for claims (a few per pathway). */
export function lineDigest(line: string | Uint8Array): string {
  return flatPrefix(hash('sha256', line, 'hex'), 16);
}

/**
 * layout.json's text, as JSON.stringify writes the LayoutState, from its parts: `entries`, the pathways' entries
 * (`"WPn":{...}` lines, in pieces that end at a line's end, as SpillFile.pieces gives them), and `shared`, the shared
 * graphs' JSON text in pieces. The entries are never all in the heap at once.
 */
export function* layoutJson(
  head: Omit<LayoutState, 'pathways' | 'shared'>,
  entries: Iterable<string>,
  shared: Iterable<string>,
): Generator<string> {
  yield `${JSON.stringify(head).slice(0, -1)},"pathways":{`;
  yield* joinedMembers(entries);
  yield '},"shared":';
  yield* shared;
  yield '}\n';
}

export function isLayoutState(v: unknown): v is LayoutState {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Partial<LayoutState>;
  return (
    o.version === 2 &&
    o.buckets === BUCKETS &&
    typeof o.allNq?.size === 'number' &&
    typeof o.allNq.mtimeMs === 'number' &&
    typeof o.pathways === 'object' &&
    o.pathways !== null &&
    typeof o.shared === 'object' &&
    o.shared !== null
  );
}

/**
 * Graph IRI -> content digest of the shared graphs a layout state lists (`shared`: PreviousLayout.read's, for `load`
 * and the no-change check, which compare them with the target's).
 */
export function sharedGraphHashes(
  shared: Record<string, BucketState> | undefined,
  graphOf: (bucket: number) => string,
): Map<string, string> {
  const out = new Map<string, string>();
  for (const [b, info] of Object.entries(shared ?? {})) out.set(graphOf(Number(b)), info.digest);
  return out;
}
