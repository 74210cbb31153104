// The messages between the main thread (outputThread.ts) and the output thread (outputThreadWorker.ts).

import type { ByteRange } from './fileSinks.js';
import type { PackedQuads } from '../transform/quadPack.js';

/** A pathway as the thread needs it: its ids, its page's URL (part of its scope), its quads packed. */
export interface PageMessage {
  wpid: string;
  graph: string;
  subject: string;
  page: string | undefined;
  packed: PackedQuads;
}

export type OutputRequest = { id: number } & (
  | { op: 'open'; out: string; prefixes: Record<string, string>; allNqMatches: boolean }
  | ({ op: 'write' } & PageMessage)
  | ({ op: 'take' } & PageMessage)
  | { op: 'keep'; wpid: string; range: ByteRange }
  /** `loaded`: the hash the endpoint holds of each shared graph; absent without an endpoint. */
  | { op: 'finish'; loaded: Record<string, string | undefined> | undefined; full: boolean }
  | { op: 'graph'; name: string; packed: PackedQuads }
  | { op: 'commit' }
  | { op: 'abort' }
);

/** Distributes over the union, so that each request keeps its own fields. */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;
export type OutputOp = WithoutId<OutputRequest>;

/** A shared graph the endpoint must get, as finish asked for it. */
export interface GraphToSend {
  graph: string;
  packed: PackedQuads;
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

/** An error as plain data: a structured clone keeps only an Error's message and stack. */
export interface ErrorMessage {
  message: string;
  name?: string;
  stack?: string;
  /** A PipelineError's code and location, or a system error's code (EEXIST). */
  code?: string;
  pipeline?: boolean;
  file?: string;
  line?: number;
  key?: string;
  details?: Record<string, unknown>;
  errno?: number;
  syscall?: string;
  path?: string;
}

export interface OutputReply {
  id: number;
  result?: OutputResult;
  error?: ErrorMessage;
}
