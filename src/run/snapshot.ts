// The cheap facts a run starts from: which files are there and their stamps (size, mtime, ctime, inode), the mapping
// files' bytes, the tool version, the flags. Recorded in state.json by a run that reads everything; the next run
// compares them before it loads a reference table or reads a page, and when nothing differs it has nothing to do.
//
// A stamp is trusted only when it cannot hide a change. An edit that keeps the size and puts the mtime back still
// moves the ctime, which no user call can set. What a stamp cannot show is an edit made in the same clock tick as the
// stamp it would have to differ from (filesystems with whole-second or coarse timestamps): a file whose stamp is within
// RACY_MS of the moment the stamps were taken is "racy" (as git calls it), and the next run checks its content by
// hash instead (a page against its input hash in the state, a reference file against its hash taken with the stamp).

import { createHash, type Hash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, type BigIntStats } from 'node:fs';
import path from 'node:path';
import type { RunConfig } from '../config.js';
import { listSources, type SourceListing } from '../extract/listSources.js';
import type { RunFingerprint } from '../load/state.js';
import { DEFAULT_MAPPINGS_DIR } from '../mappingsDir.js';
import { TOOL } from '../version.js';

/** Timestamps this close to the moment they were read may be followed by an edit the stamp does not show. */
export const RACY_MS = 2_000;

export interface InputSnapshot {
  listing: SourceListing;
  /** RunFingerprint.inputs as of now. */
  inputs: string;
  racyPages: string[];
  racyReference: Record<string, string>;
  /** RunFingerprint.runWide as of now. */
  runWide: string;
  /** Per page whose stamps are not racy: a digest of its file's and its table's names and stamps (pageStamp). */
  pageStamps: Map<string, string>;
}

/**
 * Lists the sources and stamps every input; undefined when that fails (a missing folder…): the run then goes the way
 * that reports it, in its usual order.
 */
export async function takeSnapshot(config: RunConfig): Promise<InputSnapshot | undefined> {
  try {
    // Before any stamp: an edit after this moment either moves a stamp or lands within RACY_MS of it.
    const takenAt = Date.now();
    const referenceFiles = filesUnder(config.reference);
    const referenceStamps = referenceFiles.map(stamp);
    const listing = await listSources(config.source, config.datanodes, {
      followSymlinks: config.followSymlinks ?? false,
    });
    const h = createHash('sha256');
    // What every page's output depends on: `inputs` without the pages, tables and duplicates.
    const wide = createHash('sha256');
    const addTo = (hashes: Hash[], parts: (string | number)[]) => {
      for (const x of hashes) x.update(parts.join('\u0001')).update('\u0000');
    };
    const add = (...parts: (string | number)[]) => addTo([h, wide], parts);
    add('tool', TOOL.name, TOOL.version);
    add('mappings', mappingsHash(config.mappingsDir ?? DEFAULT_MAPPINGS_DIR));
    add(
      'flags',
      JSON.stringify([
        config.source,
        config.datanodes,
        config.reference,
        config.out,
        config.limits,
        config.followSymlinks ?? false,
      ]),
    );
    // A GitHub source: the commit and the blobs read (the dataset graph records them), and what could not be used;
    // not what the download cost, which differs from night to night.
    add('extracted', JSON.stringify(config.extracted ? [config.extracted.provenance, config.extracted.rejects] : null));
    add('listing-warnings', JSON.stringify(listing.warnings.map((w) => [w.code, w.file, w.message])));
    const racyReference: Record<string, string> = {};
    referenceFiles.forEach((file, i) => {
      add('reference', file, stampOf(referenceStamps[i]!));
      if (isRacy(referenceStamps[i]!, takenAt)) racyReference[file] = contentHash(file);
    });
    const runWide = wide.digest('hex');
    const racyPages: string[] = [];
    const pageStamps = new Map<string, string>();
    for (const { wpid, file } of listing.pages) {
      const table = listing.tables.get(wpid);
      const page = stamp(file);
      const tableStats = table === undefined ? undefined : stamp(table);
      const parts = [wpid, file, stampOf(page), table ?? '', tableStats ? stampOf(tableStats) : ''];
      addTo([h], ['page', ...parts]);
      if (isRacy(page, takenAt) || (tableStats !== undefined && isRacy(tableStats, takenAt))) racyPages.push(wpid);
      else pageStamps.set(wpid, pageStamp(parts));
    }
    // A table whose page is missing is not read, but a page added later would read it: listed anyway.
    for (const [wpid, file] of listing.tables) addTo([h], ['table', wpid, file]);
    for (const d of listing.duplicates) addTo([h], ['duplicate', d.wpid, d.file, d.kept]);
    return { listing, inputs: h.digest('hex'), racyPages, racyReference, runWide, pageStamps };
  } catch {
    return undefined;
  }
}

/**
 * Whether `recorded` (a previous run's fingerprint) still describes the inputs of `now`; the pages to check by hash.
 */
export function compareSnapshot(
  now: InputSnapshot,
  recorded: RunFingerprint | undefined,
): { same: false; reason: string } | { same: true; recheck: string[] } {
  if (recorded === undefined) return { same: false, reason: 'no fingerprint of the last run' };
  if (recorded.inputs !== now.inputs) return { same: false, reason: 'an input, a flag or the tool changed' };
  for (const [file, hash] of Object.entries(recorded.racyReference)) {
    if (contentHash(file) !== hash)
      return { same: false, reason: `${file} changed (its stamp was too close to the last run to be trusted)` };
  }
  return { same: true, recheck: recorded.racyPages };
}

/**
 * What a state keeps of this snapshot once the run that took it has read everything. `current`: the pages whose entry
 * in the state is the output of their content as read after the snapshot (converted or reused, not kept back from a
 * rejected edit): their stamps, when not racy, let the next run take them without reading them (unreadPages).
 */
export function fingerprintOf(
  snapshot: InputSnapshot,
  runInputs: string,
  reportHash: string,
  current: Iterable<string>,
): RunFingerprint {
  const pages: Record<string, string> = {};
  for (const wpid of current) {
    const s = snapshot.pageStamps.get(wpid);
    if (s !== undefined) pages[wpid] = s;
  }
  return {
    inputs: snapshot.inputs,
    racyPages: snapshot.racyPages,
    racyReference: snapshot.racyReference,
    runInputs,
    report: reportHash,
    runWide: snapshot.runWide,
    pages,
  };
}

/**
 * The pages a run that converts may take from the last run without reading them: their page and table have the stamps
 * recorded when that run read them (a stamp that was racy then was not recorded), and nothing else their input hash or
 * their reading depends on changed: the run-wide inputs (tool, mappings, flags and limits, reference files' stamps),
 * the run-wide part of the input hash (`runInputs`: reference tables' bytes and versions), and the content of a
 * reference file whose stamp was racy. Then reading them would give the input hash the state holds. Empty without a
 * snapshot, or with a fingerprint of a version that recorded no page stamps (such a state: every page is read).
 */
export function unreadPages(
  now: InputSnapshot | undefined,
  recorded: RunFingerprint | undefined,
  runInputs: string,
): ReadonlySet<string> {
  const pages = recorded?.pages;
  if (now === undefined || pages === undefined) return new Set();
  if (recorded!.runWide !== now.runWide || recorded!.runInputs !== runInputs) return new Set();
  for (const [file, hash] of Object.entries(recorded!.racyReference)) if (contentHash(file) !== hash) return new Set();
  const out = new Set<string>();
  for (const [wpid, s] of now.pageStamps) if (pages[wpid] === s) out.add(wpid);
  return out;
}

/**
 * How many pages a run that converts will read, as far as the stamps tell before the reference tables are loaded:
 * the listed pages whose stamps the last run did not record (an edited, new or racy page), or all of them when a
 * run-wide input changed. An estimate for choosing how to run (convertRun: the output thread), never for what to
 * reuse (unreadPages decides that, also from the reference tables' content).
 */
export function pagesToRead(now: InputSnapshot, recorded: RunFingerprint | undefined): number {
  const pages = recorded?.pages;
  if (pages === undefined || recorded!.runWide !== now.runWide) return now.listing.pages.length;
  let same = 0;
  for (const [wpid, s] of now.pageStamps) if (pages[wpid] === s) same++;
  return now.listing.pages.length - same;
}

/** One page's file and table, names and stamps, in 22 characters (state.json holds one per page). */
function pageStamp(parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0001')).digest('base64url').slice(0, 22);
}

/** To the nanosecond: a float of milliseconds cannot tell two times 200 ns apart. */
function stamp(file: string): BigIntStats {
  return statSync(file, { bigint: true });
}

function stampOf(s: BigIntStats): string {
  return `${s.size}:${s.mtimeNs}:${s.ctimeNs}:${s.ino}:${s.dev}`;
}

function isRacy(s: BigIntStats, takenAt: number): boolean {
  const latest = s.mtimeNs > s.ctimeNs ? s.mtimeNs : s.ctimeNs;
  return latest >= BigInt(takenAt - RACY_MS) * 1_000_000n;
}

/** A reference file's bytes (some are tens of MB: hashed only when its stamp cannot be trusted). */
function contentHash(file: string): string {
  try {
    return createHash('sha256').update(readFileSync(file)).digest('hex');
  } catch {
    return 'unreadable';
  }
}

/** Every file under `dir`, in a stable order (a reference folder holds a handful). */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  )) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(full));
    else out.push(full);
  }
  return out;
}

/** The mapping files' bytes: small, so hashed whole, and no stamp is trusted for them. */
function mappingsHash(dir: string): string {
  const h = createHash('sha256');
  for (const file of filesUnder(dir)) h.update(file).update('\0').update(readFileSync(file)).update('\0');
  return h.digest('hex');
}
