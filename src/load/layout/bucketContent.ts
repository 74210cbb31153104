// One shared graph's content made from its bucket's contributions (SharedLayout.finish): its sidecar staged, its
// N-Triples bytes and digest. A function of files and a few plain values only, so that either thread can make any
// bucket: the main thread, idle while the output thread finishes, makes some of them (finishShare.ts).

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeStaged } from '../atomicFile.js';
import { fileBlocks } from '../spillFile.js';
import { lineSubject } from './bucket.js';
import { digestOf, LAYOUT_DIR, lineDigest } from './layoutState.js';

/** What making one bucket reads. */
export interface BucketInputs {
  /** Whether the run builds on a previous layout: its sidecar (less the `replaced` pathways) is read. */
  readPrevious: boolean;
  /** Pathways whose contribution lines in the sidecars are replaced (changed, new, or gone). */
  replaced: ReadonlySet<string>;
  /** The bucket's spill file (the lines this run's pages added), when it has one. */
  spill: string | undefined;
  /** Subject -> digests of the lines current pathways state about their own IRIs (left out of the graph). */
  claims: (subject: string) => ReadonlySet<string> | undefined;
}

/** One bucket made. */
export interface BucketContent {
  /** The graph's triples: distinct, unclaimed. */
  triples: number;
  /** Its file's bytes (sorted N-Triples lines), absent when it has none. */
  nt: Buffer | undefined;
  /** The digest of its lines joined by newlines, absent when it has none. */
  digest: string | undefined;
  /** The new sidecar, staged; absent when no current pathway contributes to the bucket (the sidecar is removed). */
  sidecar: string | undefined;
}

/** The sidecar of bucket `b` under `out`. */
export function sidecarFile(out: string, b: number): string {
  return path.join(out, LAYOUT_DIR, `${pad(b)}.tsv`);
}

export function pad(b: number): string {
  return String(b).padStart(2, '0');
}

/**
 * Stages the bucket's new sidecar (the previous one less the replaced pathways, plus the lines added) and makes the
 * bucket's content: distinct, unclaimed, sorted. A sidecar line is a triple and who contributes it
 * (`<s> <p> <o> .<TAB>WP1 WP7`), sorted: each triple is stored once however many pages state it. Files are read
 * as bytes, a line at a time: whole-file strings of megabytes would only be freed by a full collection.
 */
export async function bucketContent(out: string, bucket: number, i: BucketInputs): Promise<BucketContent> {
  // Most triples have one contributor: a string then, an array (in order of arrival) only for the others.
  // A triple's owners arrive distinct but for repeats of the last: the sidecar's are distinct, a page is recorded once,
  // its lines in a bucket are together in the spill, and a pathway in the spill is out of the sidecar. So the last
  // owner is the only one to compare with (a search of the list cost time in the square of the pages that state a
  // common triple).
  const owners = new Map<string, string | string[]>();
  const own = (triple: string, owner: string) => {
    const list = owners.get(triple);
    if (list === undefined) owners.set(triple, owner);
    else if (typeof list === 'string') {
      if (list !== owner) owners.set(triple, [list, owner]);
    } else if (list[list.length - 1] !== owner) list.push(owner);
  };
  const eachLine = (bytes: Buffer, line: (start: number, tab: number, end: number) => void) => {
    for (let start = 0; start < bytes.length;) {
      let end = bytes.indexOf(10, start);
      if (end < 0) end = bytes.length;
      const tab = bytes.lastIndexOf(9, end);
      if (tab > start) line(start, tab, end);
      start = end + 1;
    }
  };
  const sidecar = sidecarFile(out, bucket);
  if (i.readPrevious && existsSync(sidecar)) {
    const bytes = readFileSync(sidecar);
    eachLine(bytes, (start, tab, end) => {
      const triple = bytes.toString('utf8', start, tab);
      for (const owner of bytes.toString('latin1', tab + 1, end).split(' '))
        if (!i.replaced.has(owner)) own(triple, owner);
    });
  }
  if (i.spill !== undefined) {
    // Spill lines are the other way round (`WPn<TAB>triple`): appended as pages are taken.
    // Read a block at a time: a bucket's spill holds every page's lines (megabytes per bucket at 100,000 pages).
    // A page's lines are together: its id is decoded once, not once per line.
    let owner = '';
    let ownerBytes = Buffer.alloc(0); // a copy: the block it came from is reused
    for (const bytes of fileBlocks(i.spill))
      eachLine(bytes, (start, _tab, end) => {
        const tab = bytes.indexOf(9, start);
        if (tab - start !== ownerBytes.length || ownerBytes.compare(bytes, start, tab) !== 0) {
          owner = bytes.toString('latin1', start, tab);
          ownerBytes = Buffer.from(bytes.subarray(start, tab));
        }
        own(bytes.toString('utf8', tab + 1, end), owner);
      });
  }
  const triples = [...owners.keys()].sort();
  // The sidecar changes even when the content does not (a node's facts now come from other pages).
  const staged =
    triples.length === 0
      ? undefined
      : await writeStaged(
          sidecar,
          encoded(triples, (t) => `${t}\t${ownerList(owners.get(t)!)}\n`),
        );
  const lines = triples.filter((line) => {
    const claimed = i.claims(lineSubject(line));
    return claimed === undefined || !claimed.has(lineDigest(line));
  });
  // The bucket's file is encoded once; its digest (of the lines joined by newlines) and its N-Quads come from those
  // bytes.
  const nt = lines.length === 0 ? undefined : encoded(lines, (l) => `${l}\n`);
  const digest = nt === undefined ? undefined : digestOf(nt.subarray(0, nt.length - 1));
  return { triples: lines.length, nt, digest, sidecar: staged };
}

/**
 * Subject -> digests of the lines current pathways state about their own IRIs, read from a bucket's claims spill
 * (`["<s>",["digest",...]]` lines, SharedLayout.record); empty without one.
 */
export function readClaims(file: string | undefined): Map<string, Set<string>> {
  const index = new Map<string, Set<string>>();
  if (file === undefined) return index;
  for (const block of fileBlocks(file))
    for (const line of block.toString('utf8').split('\n')) {
      if (line === '') continue;
      const [s, digests] = JSON.parse(line) as [string, string[]];
      let set = index.get(s);
      if (set === undefined) index.set(s, (set = new Set()));
      for (const d of digests) set.add(d);
    }
  return index;
}

function ownerList(owners: string | string[]): string {
  return typeof owners === 'string' ? owners : owners.join(' ');
}

/** The lines, each written by `line`, as UTF-8, encoded a thousand at a time (no string of the whole graph). */
function encoded(lines: string[], line: (l: string) => string): Buffer {
  const parts: Buffer[] = [];
  for (let i = 0; i < lines.length; i += 1000)
    parts.push(
      Buffer.from(
        lines
          .slice(i, i + 1000)
          .map(line)
          .join(''),
        'utf8',
      ),
    );
  return Buffer.concat(parts);
}
