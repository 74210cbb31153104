// A kept pathway's quads read back from the previous all.nq (its byte range is in the state), for an endpoint that
// lacks them. Apart from state.ts so that reading the state does not load the RDF parser.

import { closeSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { Parser, type Quad } from 'n3';

/** A pathway's quads from the all.nq the state describes (read before the run replaces that file). */
export function readKeptQuads(out: string, range: { offset: number; length: number }): Quad[] {
  const fd = openSync(path.join(out, 'all.nq'), 'r');
  try {
    const buffer = Buffer.alloc(range.length);
    if (readSync(fd, buffer, 0, range.length, range.offset) !== range.length)
      throw new Error(`all.nq in ${out} is shorter than its state says`);
    return new Parser({ format: 'N-Quads' }).parse(buffer.toString('utf8'));
  } finally {
    closeSync(fd);
  }
}
