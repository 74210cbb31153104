// One shared graph's content made from its bucket's contributions (SharedLayout.finish): its sidecar staged, its
// N-Triples bytes and digest. A function of files and a few plain values only, so that either thread can make any
// bucket: the main thread, idle while the output thread finishes, makes some of them (finishShare.ts).

import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { writeStaged } from '../atomicFile.js';
import { fileBlocks, jsonLines } from '../spillFile.js';
import { digestOf, LAYOUT_DIR, lineDigest } from './layoutState.js';
import { beyondBmp, LineTable, plain } from './lineTable.js';
import { OwnerLists } from './ownerLists.js';

/** What making one bucket reads. */
export interface BucketInputs {
  /** Whether the run builds on a previous layout: its sidecar (less the `replaced` pathways) is read. */
  readPrevious: boolean;
  /** Pathways whose contribution lines in the sidecars are replaced (changed, new, or gone). */
  replaced: ReadonlySet<string>;
  /** The bucket's spill file (the lines this run's pages added), when it has one. */
  spill: string | undefined;
  /** Subject -> digests of the lines current pathways state about their own IRIs (left out of the graph). */
  claims: ReadonlyMap<string, ReadonlySet<string>>;
}

/** One bucket made. */
export interface BucketContent {
  /** The graph's triples: distinct, unclaimed. */
  triples: number;
  /** Its file's bytes (sorted N-Triples lines), absent when it has none. */
  nt: Buffer | undefined;
  /** The digest of its lines joined by newlines, absent when it has none. */
  digest: string | undefined;
  /**
   * The new sidecar, staged; absent when no current pathway contributes to the bucket (the sidecar is removed), or when
   * the sidecar stays as it is (`sidecarKept`).
   */
  sidecar: string | undefined;
  /** The previous sidecar holds this bucket's contributions as they are now: it is not written again. */
  sidecarKept?: true;
}

/** About the bytes of a spill's or a sidecar's line (2022 snapshot: 128), to make room for the owners at once. */
const LINE_BYTES = 128;

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
 * as bytes, a block at a time, and the lines stay bytes (lineTable.ts) but for one sort key per distinct line.
 */
export async function bucketContent(out: string, bucket: number, i: BucketInputs): Promise<BucketContent> {
  const sidecar = sidecarFile(out, bucket);
  const previous = i.readPrevious && existsSync(sidecar) ? readFileSync(sidecar) : undefined;
  // Only the claims on it changed (a page's new title): its sidecar is kept, its lines filtered as they are.
  const kept = previous !== undefined && i.spill === undefined ? keptSidecar(previous, i) : undefined;
  if (kept !== undefined) return kept;
  const expect = (previous?.length ?? 0) + (i.spill === undefined ? 0 : statSync(i.spill).size);
  const table = new LineTable(expect);
  // Who states each entry, in order of arrival. A triple's owners arrive distinct but for repeats of the last: the
  // sidecar's are distinct, a page is recorded once, its lines in a bucket are together in the spill, and a pathway in
  // the spill is out of the sidecar. So the last owner is the only one to compare with (OwnerLists.own).
  const owners = new OwnerLists(expect / LINE_BYTES, expect / LINE_BYTES);
  if (previous !== undefined) {
    const bytes = previous;
    eachLine(bytes, (start, end) => {
      const tab = bytes.lastIndexOf(9, end);
      if (tab <= start) return;
      let list = bytes.toString('latin1', tab + 1, end);
      if (i.replaced.size > 0)
        list = list
          .split(' ')
          .filter((owner) => !i.replaced.has(owner))
          .join(' ');
      if (list !== '') owners.own(table.add(bytes, start, tab), owners.name(list), -1);
    });
  }
  if (i.spill !== undefined) addSpill(i.spill, table, owners);
  const order = table.sorted();
  // The sidecar changes even when the content does not (a node's facts now come from other pages).
  const staged = order.length === 0 ? undefined : await writeStaged(sidecar, sidecarBytes(table, order, owners));
  const lines = unclaimed(table, order, i.claims);
  // The bucket's file is made once; its digest (of the lines joined by newlines) and its N-Quads come from those bytes.
  let size = 0;
  for (const e of lines) size += table.length(e) + 1;
  const nt = lines.length === 0 ? undefined : Buffer.allocUnsafe(size);
  for (let k = 0, at = 0; k < lines.length; k++) {
    at = table.copyLine(lines[k]!, nt!, at);
    nt![at++] = 10;
  }
  const digest = nt === undefined ? undefined : digestOf(nt.subarray(0, nt.length - 1));
  return { triples: lines.length, nt, digest, sidecar: staged };
}

/**
 * The bucket made from its previous sidecar alone, when no line is added and none of its owners is replaced: its
 * lines, less those now claimed, in the sidecar's order, which is the order bucketContent sorts them in (checked: each
 * line after the one before as bytes, which is that order unless a line holds a character beyond U+FFFF, and then
 * this returns undefined). Undefined too when the sidecar is not as bucketContent writes it (a line without owners,
 * out of order or repeated): the full path then makes it, and writes the sidecar again.
 */
function keptSidecar(bytes: Buffer, i: BucketInputs): BucketContent | undefined {
  if (beyondBmp(bytes)) return undefined;
  const claims = claimsBySubject(i.claims);
  const keep: number[] = []; // start and end of each line kept
  let ok = true;
  let lastStart = -1;
  let lastEnd = -1;
  let size = 0;
  eachLine(bytes, (start, end) => {
    if (!ok) return;
    const tab = bytes.lastIndexOf(9, end);
    if (tab <= start) {
      ok = false;
      return;
    }
    if (lastStart >= 0 && Buffer.compare(bytes.subarray(lastStart, lastEnd), bytes.subarray(start, tab)) >= 0) {
      ok = false;
      return;
    }
    if (tab + 1 === end) ok = false;
    else if (
      i.replaced.size > 0 &&
      bytes
        .toString('latin1', tab + 1, end)
        .split(' ')
        .some((o) => i.replaced.has(o))
    )
      ok = false;
    [lastStart, lastEnd] = [start, tab];
    if (!ok || isClaimed(bytes, start, tab, claims)) return;
    keep.push(start, tab);
    size += tab - start + 1;
  });
  if (!ok || keep.length === 0) return undefined;
  const nt = Buffer.allocUnsafe(size);
  for (let k = 0, at = 0; k < keep.length; k += 2) {
    at += bytes.copy(nt, at, keep[k]!, keep[k + 1]!);
    nt[at++] = 10;
  }
  return {
    triples: keep.length / 2,
    nt,
    digest: digestOf(nt.subarray(0, nt.length - 1)),
    sidecar: undefined,
    sidecarKept: true,
  };
}

/**
 * The spill's lines into `table`, each owned by its page. A spill holds, per page taken, a line `<TAB>WPn` and then
 * that page's lines in the bucket (SharedLayout.add); it is read a block at a time (a bucket's spill holds every page's
 * lines: megabytes per bucket at 100,000 pages). The lines are found here, not through eachLine: this loop meets
 * every contribution of the run (1.3 million for the 2022 snapshot).
 */
function addSpill(spill: string, table: LineTable, owners: OwnerLists): void {
  const pages = new Map<string, number>();
  /** Per page: its name's number in `owners`. */
  const names: number[] = [];
  let page = -1;
  for (const block of fileBlocks(spill)) {
    const bytes = plain(block); // its subarrays are cheaper than a Buffer's (LineTable.add copies each new line)
    for (let start = 0; start < bytes.length;) {
      let end = block.indexOf(10, start);
      if (end < 0) end = bytes.length;
      if (start === end) {
        // an empty line: none
      } else if (bytes[start] === 9) {
        const owner = block.toString('latin1', start + 1, end);
        page = pages.get(owner) ?? pages.size;
        if (page === names.length) {
          pages.set(owner, page);
          names.push(owners.name(owner, true));
        }
      } else if (page < 0) throw new Error(`A spill file of the layout starts with no page: ${spill}`);
      else owners.own(table.add(bytes, start, end), names[page]!, page);
      start = end + 1;
    }
  }
}

/** The lines of `bytes`, by their bounds (`end` at the newline or the end); the last may lack its newline. */
function eachLine(bytes: Buffer, line: (start: number, end: number) => void): void {
  for (let start = 0; start < bytes.length;) {
    let end = bytes.indexOf(10, start);
    if (end < 0) end = bytes.length;
    line(start, end);
    start = end + 1;
  }
}

/** The sidecar's bytes: each line of `order`, a tab, its owners. */
function sidecarBytes(table: LineTable, order: Int32Array, owners: OwnerLists): Buffer {
  let size = 0;
  for (let k = 0; k < order.length; k++) size += table.length(order[k]!) + owners.size(order[k]!) + 2;
  const bytes = Buffer.allocUnsafe(size);
  let at = 0;
  for (let k = 0; k < order.length; k++) {
    at = table.copyLine(order[k]!, bytes, at);
    bytes[at++] = 9;
    at = owners.write(order[k]!, bytes, at);
    bytes[at++] = 10;
  }
  if (at !== size) throw new Error(`bucketContent: ${at} bytes of a sidecar written of ${size}`);
  return bytes;
}

/**
 * The entries of `order` whose line no current pathway states about its own IRI (claims: by subject, as decoded
 * strings; the lines' subjects are read as one byte a character, like the owners).
 */
function unclaimed(table: LineTable, order: Int32Array, claims: ReadonlyMap<string, ReadonlySet<string>>): Int32Array {
  if (claims.size === 0) return order;
  const bySubject = claimsBySubject(claims);
  const kept: number[] = [];
  let claimed: ReadonlySet<string> | undefined;
  for (let k = 0; k < order.length; k++) {
    const e = order[k]!;
    // Sorted: a subject's lines are together, and its claims are looked up once.
    if (k === 0 || !table.sameSubject(order[k - 1]!, e)) claimed = bySubject.get(table.subject(e));
    if (claimed === undefined || !claimed.has(lineDigest(table.line(e)))) kept.push(e);
  }
  return kept.length === order.length ? order : Int32Array.from(kept);
}

/** The claims by subject as the lines' subjects are read: one byte a character. */
function claimsBySubject(claims: ReadonlyMap<string, ReadonlySet<string>>): Map<string, ReadonlySet<string>> {
  const bySubject = new Map<string, ReadonlySet<string>>();
  for (const [s, digests] of claims) bySubject.set(Buffer.from(s, 'utf8').toString('latin1'), digests);
  return bySubject;
}

/** Whether the line `bytes[start, end)` is claimed (see unclaimed). */
function isClaimed(bytes: Buffer, start: number, end: number, bySubject: Map<string, ReadonlySet<string>>): boolean {
  if (bySubject.size === 0) return false;
  const claimed = bySubject.get(bytes.toString('latin1', start + 1, bytes.indexOf(62, start)));
  return claimed !== undefined && claimed.has(lineDigest(bytes.subarray(start, end)));
}

/**
 * Subject -> digests of the lines current pathways state about their own IRIs, read from a bucket's claims spill
 * (`["<s>",["digest",...]]` lines, SharedLayout.record); empty without one.
 */
export function readClaims(file: string | undefined): Map<string, Set<string>> {
  const index = new Map<string, Set<string>>();
  if (file === undefined) return index;
  for (const [s, digests] of jsonLines<[string, string[]]>(fileBlocks(file))) {
    let set = index.get(s);
    if (set === undefined) index.set(s, (set = new Set()));
    for (const d of digests) set.add(d);
  }
  return index;
}
