// What crosses between the pipeline and the transform pool's workers: pages in, packed results or errors out.

import type { Diagnostic } from '../diagnostics.js';
import type { SentError } from '../threadErrors.js';
import type { PackedQuads } from './quadPack.js';
import type { ParticipantCoverage, SourcePage } from '../types.js';

export interface PoolInit {
  reference: string;
  /** The run's parsed-reference cache file (in --out), read when it holds these tables (poolReference.ts). */
  referenceCache?: string;
  mappingsDir?: string;
  limits: import('../limits.js').Limits;
}

/** A page to transform (plain data, its tableError a Diagnostic included). */
export type PoolRequest = { id: number; page: SourcePage };

export type PoolReply =
  | { id: number; ready: true }
  | { id: number; failed: SentError }
  | {
      id: number;
      result: {
        wpid: string;
        graph: string;
        subject: string;
        file: string;
        packed: FlatQuads;
        warnings: Diagnostic[];
        termIds: string[];
        coverage?: ParticipantCoverage;
      };
    };

/**
 * Packed quads with their term texts as one string and the texts' lengths: a structured clone copies one
 * string at once, where an array of strings is cloned string by string (that cost the worker 12% of its time).
 */
export interface FlatQuads {
  kinds: Uint8Array;
  text: string;
  lengths: Uint32Array;
  quads: Uint32Array;
}

export function flatten(packed: PackedQuads): FlatQuads {
  const lengths = new Uint32Array(packed.texts.length);
  for (let i = 0; i < packed.texts.length; i++) lengths[i] = packed.texts[i]!.length;
  return { kinds: packed.kinds, text: packed.texts.join(''), lengths, quads: packed.quads };
}

export function unflatten(flat: FlatQuads): PackedQuads {
  const texts = new Array<string>(flat.lengths.length);
  for (let i = 0, at = 0; i < flat.lengths.length; i++) {
    texts[i] = flat.text.slice(at, at + flat.lengths[i]!);
    at += flat.lengths[i]!;
  }
  return { kinds: flat.kinds, texts, quads: flat.quads };
}
