// The messages between the server and its query worker (queryWorker.ts).

import type { ErrorCode } from '../errors.js';

/** What the worker is started with. */
export interface WorkerInput {
  out: string;
  prefixes: Record<string, string>;
  /** Serialized results larger than this many characters are refused (the result-size limit). */
  maxResultChars: number;
}

export interface QueryRequest {
  id: number;
  query: string;
  /** A ResultType format: json, xml, csv, tsv, turtle, ntriples or jsonld. */
  format: string;
}

export type WorkerMessage =
  | { kind: 'ready'; quads: number; loadMs: number }
  | { kind: 'load-failed'; code: ErrorCode; message: string; file?: string; line?: number }
  | { kind: 'answer'; id: number; body: string }
  | { kind: 'failed'; id: number; reason: 'invalid' | 'too-large' | 'error'; message: string };
