// --out: checked before the run touches anything, then created one level at a time.

import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { PipelineError } from './errors.js';

/**
 * Refuses an --out that exists and is not a writable folder, or whose nearest existing parent is not one.
 * Checked with the configuration, before anything is read or written.
 */
export function checkOutDir(out: string): void {
  let dir = out;
  while (!existsSync(dir)) {
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  const what = dir === out ? `--out ${out}` : `--out ${out} cannot be created: ${dir}`;
  if (!statSync(dir).isDirectory())
    throw unwritable(out, dir === out ? `--out ${out} exists and is not a folder` : `${what} is not a folder`);
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch (cause) {
    throw unwritable(out, `${what} is not writable (${(cause as NodeJS.ErrnoException).code ?? String(cause)})`, cause);
  }
}

/**
 * Creates --out and its missing parents. Not `mkdir -p`: Node's recursive mkdir loops forever where the
 * kernel answers ENOENT for a folder whose parent exists (/proc/1/out); one level at a time fails instead.
 */
export function makeOutDir(out: string): void {
  const missing: string[] = [];
  for (let dir = out; !existsSync(dir); dir = path.dirname(dir)) {
    missing.unshift(dir);
    if (path.dirname(dir) === dir) break;
  }
  for (const dir of missing) {
    try {
      mkdirSync(dir);
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code === 'EEXIST' && statSync(dir).isDirectory()) continue; // made by another run meanwhile
      throw unwritable(
        out,
        `Cannot create --out ${out}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)} on ${dir}`,
        cause,
      );
    }
  }
}

function unwritable(out: string, message: string, cause?: unknown): PipelineError {
  return new PipelineError('CONFIG_INVALID', message, {
    key: '--out',
    file: out,
    ...(cause === undefined ? {} : { cause }),
  });
}
