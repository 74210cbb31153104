// The content-addressed cache of git blobs shared by runs: one file per blob SHA, written atomically,
// only after the bytes were checked against that SHA.

import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../../load/atomicFile.js';

const SHA = /^[0-9a-f]{40}$/;

/** Git's blob id: sha1 of `blob <length>\0` followed by the bytes. */
export function gitBlobSha(bytes: Uint8Array): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

export function isSha(value: unknown): value is string {
  return typeof value === 'string' && SHA.test(value);
}

export class BlobCache {
  constructor(readonly dir: string) {}

  /** Where blob `sha` lives; the SHA was checked by the listing, so it is safe as a file name. */
  file(sha: string): string {
    if (!isSha(sha)) throw new Error(`not a blob SHA: ${sha}`);
    return path.join(this.dir, 'blobs', sha.slice(0, 2), sha);
  }

  /** True when the blob is cached with the right bytes; a damaged copy is removed so that it is fetched again. */
  async holds(sha: string): Promise<boolean> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.file(sha));
    } catch {
      return false;
    }
    if (gitBlobSha(bytes) === sha) return true;
    await rm(this.file(sha), { force: true });
    return false;
  }

  async put(sha: string, bytes: Uint8Array): Promise<void> {
    await writeFileAtomic(this.file(sha), bytes);
  }
}
