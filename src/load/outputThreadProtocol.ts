// The messages between the main thread (outputThread.ts) and the output thread (outputThreadWorker.ts), and the quads
// packed for them.

import type { ByteRange } from './fileSinks.js';
import type { Quad } from 'n3';
import { PipelineError } from '../errors.js';
import type { SentError } from '../threadErrors.js';
import type { BucketContent } from './layout/bucketContent.js';
import type { FinishPlan } from './layout/finishShare.js';
import { flatten, type FlatQuads } from '../transform/poolMessages.js';
import { packQuads } from '../transform/quadPack.js';

/**
 * A pathway as the thread needs it: its ids, its page's URL (part of its scope), its quads packed with their texts as
 * one string (a structured clone copies one string at once, an array of strings string by string).
 */
export interface PageMessage {
  wpid: string;
  graph: string;
  subject: string;
  page: string | undefined;
  packed: FlatQuads;
}

export type OutputRequest = { id: number } & (
  | { op: 'open'; out: string; prefixes: Record<string, string>; allNqMatches: boolean }
  | ({ op: 'write' } & PageMessage)
  | ({ op: 'take' } & PageMessage)
  | { op: 'keep'; wpid: string; range: ByteRange }
  /** `loaded`: the hash the endpoint holds of each shared graph; absent without an endpoint. */
  /** `counter`: the buckets the main thread makes too, taken from this counter (layout/finishShare.ts). */
  | {
      op: 'finish';
      loaded: Record<string, string | undefined> | undefined;
      full: boolean;
      counter: SharedArrayBuffer | undefined;
    }
  | { op: 'graph'; name: string; packed: FlatQuads }
  | { op: 'commit' }
  | { op: 'abort' }
);

/** Distributes over the union, so that each request keeps its own fields. */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;
export type OutputOp = WithoutId<OutputRequest>;

/** A shared graph the endpoint must get, as finish asked for it. */
export interface GraphToSend {
  graph: string;
  packed: FlatQuads;
  hash: string;
}

export interface OutputResult {
  reusable?: boolean;
  range?: ByteRange;
  triples?: number;
  /** finish: the non-empty shared graphs, and those to send. */
  graphs?: string[];
  sends?: GraphToSend[];
  /** commit: the pathway files removed. */
  removed?: string[];
}

/** `plan`: not the reply yet; finish's buckets the main thread may make, sent before any is made. */
export interface OutputReply {
  id: number;
  result?: OutputResult;
  error?: SentError;
  plan?: FinishPlan;
}

/** A bucket the main thread made (or its failure), for the output thread's finish; it is not answered. */
export interface MadeMessage {
  op: 'made';
  index: number;
  /** As made, its bytes as a Uint8Array (a Buffer crosses a thread as one). */
  content?: Omit<BucketContent, 'nt'> & { nt: Uint8Array | undefined };
  error?: SentError;
}

/** The quads packed for the other thread: the pipeline makes n3 DataFactory terms only, and those always pack. */
export function pack(quads: readonly Quad[]): FlatQuads {
  const packed = packQuads(quads);
  if (packed === undefined) throw new PipelineError('INTERNAL', 'The output thread takes n3 DataFactory terms only');
  return flatten(packed);
}

/** The packed arrays' memory moves to the other thread rather than being copied. */
export function transferOf(packed: FlatQuads): ArrayBuffer[] {
  return [packed.kinds.buffer, packed.lengths.buffer, packed.quads.buffer] as ArrayBuffer[];
}
