// The parsed reference kept between runs: a run that changes one page should not spend seconds decompressing and
// parsing HGNC and three ontologies, and folding every gene symbol and name, to get what the last run already had.
//
// The cache is used only when it was made from exactly these inputs: its key is a hash of the bytes of every file it
// stands for (a one-byte edit of HGNC changes it, whatever its stamps say), the reference folder, the mapping version,
// the tool version and the code that parses and indexes (a changed parser never reads an old cache). A cache made
// from other inputs is replaced; one that is cut short or altered (its sections' checksums) is replaced with a
// warning; neither is ever read. It is written under the run's lock, atomically (a run reading it meanwhile sees a
// whole file or none): with the output thread after the last page, without it before the first, and by a first run
// that stops or fails as it stops (convertRun.ts).

import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';
import { PipelineError } from '../../errors.js';
import { AtomicStream } from '../../load/atomicFile.js';
import type { Mappings } from '../../mappings.js';
import { labelIndex, primeLabelIndex } from '../../transform/labelIndex.js';
import { geneIndex, primeGeneIndex } from '../../transform/participants/geneIndex.js';
import { TOOL } from '../../version.js';
import {
  findFile,
  loadReference,
  OPTIONAL_REFERENCE_FILES,
  REFERENCE_FILES,
  type Reference,
} from '../loadReference.js';
import { decodeReference, ONTOLOGY_KINDS, sectionEncoders, SECTIONS, type ParsedReference } from './codec.js';
import { PackedSpill } from './packedSpill.js';

const PACKED = SECTIONS.indexOf('packed');

/** Changes whenever the file's layout does. */
export const CACHE_FORMAT = 9;

/**
 * Where a run keeps it: in --out, under the run's lock, and not in the GitHub blob cache (`--cache`, which may be
 * another folder shared by several --out folders, each with a reference folder of its own).
 */
export function referenceCacheFile(out: string): string {
  return path.join(out, 'reference-cache.json');
}

export interface CachedReference {
  reference: Reference;
  /** `hit`: read from the cache; `miss`: none yet or made from other inputs; `invalid`: unusable, see the log. */
  cache: 'hit' | 'miss' | 'invalid';
  /**
   * The bytes' hash of each table the cache stands for (`bytes:<file>` → sha256): for the pages' input hash, since a
   * table edited without a new version (HGNC's newest date, an ontology's data-version) must still convert them again.
   */
  digests: Record<string, string>;
  /** Writes the cache when it was not read from it (a no-op otherwise); never throws: a cache is not output. */
  save(): Promise<void>;
}

/**
 * The file is each section (codec.ts SECTIONS) followed by a line break, then this trailer line: written last, so a
 * file cut short has none, and it says how long each section is and what its checksum is.
 */
interface Trailer {
  format: number;
  key: string;
  /**
   * Each section's length and CRC-32: a check against a file cut or damaged (a disk, a copy), not against a hand that
   * could rewrite the trailer too; over the 36 MB read by every run it costs a fifth of a SHA-256.
   */
  sections: { bytes: number; crc32: number }[];
}

/**
 * loadReference, through the cache in `cacheFile`. `log` gets the reference lines loadReference writes, and one line
 * when a cache is unusable (REFERENCE_CACHE_INVALID: what is wrong with it; the tables are read and the cache rebuilt).
 */
export async function loadReferenceCached(
  dir: string,
  mappings: Mappings,
  cacheFile: string,
  log?: (line: string) => void,
): Promise<CachedReference> {
  const inputs = await cacheKey(dir, mappings);
  const key = inputs?.key;
  const digests = inputs?.digests ?? {};
  const read = key === undefined ? { outcome: 'miss' as const } : readCache(cacheFile, key);
  if (read.outcome === 'hit') {
    const { parsed } = read;
    // The indexes come with the tables: the transform finds them built.
    primeGeneIndex(parsed.hgnc, parsed.geneIndex);
    for (const kind of ONTOLOGY_KINDS) primeLabelIndex(parsed.ontologies[kind], parsed.labelIndexes[kind]);
    const reference = await loadReference(dir, mappings, log, parsed);
    return { reference, cache: 'hit', digests, save: () => Promise.resolve() };
  }
  if (read.outcome === 'invalid') log?.(`reference: ${read.warning.code}: ${read.warning.message} (${cacheFile})`);
  const reference = await loadReference(dir, mappings, log);
  return {
    reference,
    cache: read.outcome,
    digests,
    save: async () => {
      if (key === undefined) return;
      try {
        await writeCache(cacheFile, key, reference);
      } catch (error) {
        log?.(
          `reference: the cache ${cacheFile} could not be written (${(error as Error).message}); next run reads the tables again`,
        );
      }
    },
  };
}

type ReadOutcome =
  { outcome: 'hit'; parsed: ParsedReference } | { outcome: 'miss' } | { outcome: 'invalid'; warning: PipelineError };

/**
 * The cache's tables when the file holds them for `key`, whole and unaltered. Read a section at a time through one
 * descriptor (a writer renaming a new cache into place meanwhile does not mix two files). Each section's checksum is
 * checked as it is read; the packed section's bytes (~30 MB for the full reference) stay in memory, decoded where
 * the run looks.
 */
export function readCache(file: string, key: string): ReadOutcome {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { outcome: 'miss' };
    return invalid(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  try {
    return readOpen(fd, file, key);
  } catch (error) {
    return invalid(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  } finally {
    closeSync(fd);
  }
}

/** The longest last line a cache of this format has (its key and five section sizes and checksums take ~300 bytes). */
const TRAILER_MAX = 4096;

function readOpen(fd: number, file: string, key: string): ReadOutcome {
  const size = fstatSync(fd).size;
  const tailLength = Math.min(size, TRAILER_MAX);
  const tail = readAt(fd, size - tailLength, tailLength);
  if (tail.length === 0 || tail[tail.length - 1] !== 10)
    return invalid(file, 'does not end in a whole line (cut short?)');
  const trailerStart = size - tailLength + tail.lastIndexOf(10, tail.length - 2) + 1;
  let trailer: Trailer;
  try {
    trailer = JSON.parse(tail.toString('utf8', trailerStart - (size - tailLength), tail.length - 1)) as Trailer;
  } catch {
    return invalid(file, 'has no readable last line (cut short?)');
  }
  if (
    typeof trailer !== 'object' ||
    trailer === null ||
    typeof trailer.format !== 'number' ||
    typeof trailer.key !== 'string' ||
    !Array.isArray(trailer.sections)
  )
    return invalid(file, 'has no last line saying what it holds (cut short?)');
  // Another format or other inputs: a cache of another night, not a damaged one.
  if (trailer.format !== CACHE_FORMAT || trailer.key !== key) return { outcome: 'miss' };
  const starts: number[] = [];
  let at = 0;
  for (const { bytes: length } of trailer.sections) {
    starts.push(at);
    at += length + 1;
  }
  if (trailer.sections.length !== SECTIONS.length || at !== trailerStart)
    return invalid(file, `holds ${trailerStart} bytes of sections where its last line says ${at} (cut or changed?)`);
  const section = (i: number): Buffer => {
    const { bytes: length, crc32: check } = trailer.sections[i]!;
    const bytes = readAt(fd, starts[i]!, length);
    if (bytes.length !== length || crc32(bytes) !== check)
      throw new Error(`its ${SECTIONS[i]} section does not match its checksum (changed since it was written)`);
    return bytes;
  };
  try {
    return { outcome: 'hit', parsed: decodeReference(section) };
  } catch (error) {
    return invalid(file, `cannot be used: ${(error as Error).message}`);
  }
}

/** `length` bytes at `position`, fewer at the end of the file. */
function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buffer, done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return buffer.subarray(0, done);
}

function invalid(file: string, what: string): ReadOutcome {
  return {
    outcome: 'invalid',
    warning: new PipelineError(
      'REFERENCE_CACHE_INVALID',
      `The parsed-reference cache ${what}: not used; the tables are read and the cache written again`,
      { file },
    ),
  };
}

/**
 * The tables and their indexes (built now when no page needed them yet), encoded and written one section at a time
 * (a section's text is garbage before the next is made), atomically; the packed bytes go through a file of their own
 * as they are made (packedSpill.ts), not held until their turn.
 */
export async function writeCache(file: string, key: string, reference: Reference): Promise<void> {
  const ontologies = reference.ontologies;
  const parsed: ParsedReference = {
    hgnc: reference.hgnc,
    geneIndex: geneIndex(reference.hgnc),
    ontologies,
    labelIndexes: { PW: labelIndex(ontologies.PW), DOID: labelIndex(ontologies.DOID), CL: labelIndex(ontologies.CL) },
  };
  const stream = await AtomicStream.open(file);
  let spill: PackedSpill | undefined;
  try {
    spill = new PackedSpill(file);
    const packed = spill;
    const trailer: Trailer = { format: CACHE_FORMAT, key, sections: [] };
    for (const [i, encode] of sectionEncoders(parsed, (chunk) => packed.write(chunk)).entries()) {
      const encoded = encode();
      if (i === PACKED) {
        await packed.copyTo((chunk) => stream.write(chunk));
        trailer.sections.push(packed.section);
      } else {
        const chunks = Array.isArray(encoded) ? encoded : [encoded];
        let check = 0;
        let bytes = 0;
        for (const chunk of chunks) {
          check = crc32(chunk, check);
          bytes += chunk.length;
          await stream.write(chunk);
        }
        trailer.sections.push({ bytes, crc32: check });
      }
      await stream.write('\n');
    }
    await stream.write(`${JSON.stringify(trailer)}\n`);
    await stream.commit();
  } catch (error) {
    await stream.abort();
    throw error;
  } finally {
    spill?.close();
  }
}

/**
 * A hash of everything the cached tables are made from, and the hash of each file's bytes; undefined when a file cannot
 * be read (loadReference then says why, in its usual words).
 */
export async function cacheKey(
  dir: string,
  mappings: Mappings,
): Promise<{ key: string; digests: Record<string, string> } | undefined> {
  const digests: Record<string, string> = {};
  const h = createHash('sha256');
  h.update(`format ${CACHE_FORMAT}\0${TOOL.name} ${TOOL.version}\0code ${codeDigest()}\0`);
  h.update(`dir ${path.resolve(dir)}\0mappings ${mappings.version}\0`);
  const cached = [
    REFERENCE_FILES.hgnc,
    REFERENCE_FILES.PW,
    REFERENCE_FILES.DOID,
    REFERENCE_FILES.CL,
    OPTIONAL_REFERENCE_FILES.DOID,
    OPTIONAL_REFERENCE_FILES.CL,
  ];
  for (const relative of cached) {
    const found = await findFile(dir, relative);
    h.update(`file ${relative} ${found === undefined ? '-' : path.relative(dir, found)}\0`);
    if (found === undefined) continue;
    try {
      const digest = createHash('sha256').update(readFileSync(found)).digest('hex');
      digests[`bytes:${path.relative(dir, found)}`] = digest;
      h.update(digest).update('\0');
    } catch {
      return undefined;
    }
  }
  return { key: h.digest('hex'), digests };
}

let code: string | undefined;

/**
 * A hash of this build's modules (the folder above this one: every parser, index and the codec, and what they
 * import). Hashed once per process: a few MB.
 */
export function codeDigest(): string {
  if (code !== undefined) return code;
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const h = createHash('sha256');
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      // Declarations (.d.ts) are not run: a third of the files of a build, skipped.
      else if (/\.(js|ts)$/.test(entry.name) && !entry.name.endsWith('.d.ts'))
        h.update(path.relative(root, full)).update('\0').update(readFileSync(full));
    }
  };
  walk(root);
  return (code = h.digest('hex'));
}
