// Reads a reference file as UTF-8 text, gunzipping it when it starts with the gzip magic bytes.

import { readFile } from 'node:fs/promises';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { PipelineError } from '../errors.js';

const gunzipAsync = promisify(gunzip);

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
    if (code === 'ENOENT') throw new PipelineError('REFERENCE_MISSING', `Reference file ${file} not found (check --reference)`, { file, key: '--reference', cause });
    throw new PipelineError('REFERENCE_INVALID', `Cannot read reference file ${file}: ${(cause as Error).message}`, { file, key: '--reference', cause });
  }
  if (!isGzip(bytes)) return bytes;
  try {
    return await gunzipAsync(bytes);
  } catch (cause) {
    throw new PipelineError('REFERENCE_INVALID', `Reference file ${file} starts like gzip but does not decompress: ${(cause as Error).message}`, { file, key: '--reference', cause });
  }
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
