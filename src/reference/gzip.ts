// Reads a reference file as UTF-8 text, gunzipping it when it starts with the gzip magic bytes.

import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { PipelineError } from '../errors.js';

/** True when the bytes start with the gzip magic number 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * The file's text, gzipped or not (decided by content, not by name). A missing file is
 * REFERENCE_MISSING, a broken gzip stream REFERENCE_INVALID; both name the file.
 */
export async function readReferenceText(file: string): Promise<string> {
  return stripBom((await readReferenceBytes(file)).toString('utf8'));
}

/** The file's bytes, gunzipped when they start with the gzip magic number; errors as readReferenceText. */
export async function readReferenceBytes(file: string): Promise<Buffer> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new PipelineError('REFERENCE_MISSING', `Reference file ${file} not found (check --reference)`, {
        file,
        key: '--reference',
        cause,
      });
    throw new PipelineError('REFERENCE_INVALID', `Cannot read reference file ${file}: ${(cause as Error).message}`, {
      file,
      key: '--reference',
      cause,
    });
  }
  if (!isGzip(bytes)) return bytes;
  try {
    // Synchronous: the asynchronous zlib handle keeps its whole output alive until it is collected itself.
    return gunzipSync(bytes, { chunkSize: outputChunk(bytes) });
  } catch (cause) {
    throw new PipelineError(
      'REFERENCE_INVALID',
      `Reference file ${file} starts like gzip but does not decompress: ${(cause as Error).message}`,
      { file, key: '--reference', cause },
    );
  }
}

/**
 * The output in one piece when the gzip trailer tells its size (ISIZE, the last four bytes: the size
 * of the last member, modulo 4 GiB), plus one byte so that zlib does not ask for another piece. The
 * default 16 KiB pieces would be a thousand small allocations for the HGNC table, then a copy into
 * one buffer, and the process would keep their memory. Capped, since the trailer is not trusted.
 */
function outputChunk(bytes: Buffer): number {
  const size = bytes.length >= 18 ? bytes.readUInt32LE(bytes.length - 4) : 0;
  return Math.min(Math.max(size + 1, 64 * 1024), 256 * 1024 * 1024);
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
