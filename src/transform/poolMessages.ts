// What crosses between the pipeline and the transform pool's workers: pages in, packed results or errors out.

import type { Diagnostic } from '../diagnostics.js';
import { PipelineError, type ErrorCode } from '../errors.js';
import type { PackedQuads } from './quadPack.js';
import type { ParticipantCoverage, SourcePage } from '../types.js';

export interface PoolInit {
  reference: string;
  mappingsDir?: string;
  limits: import('../limits.js').Limits;
}

/** A page to transform (plain data, its tableError a Diagnostic included). */
export type PoolRequest = { id: number; page: SourcePage };

/** A PipelineError (or any error) as plain data: a structured clone keeps only an Error's message and stack. */
export interface SentError {
  pipeline: boolean;
  code?: ErrorCode;
  message: string;
  name?: string;
  stack?: string;
  file?: string;
  line?: number;
  key?: string;
  details?: Record<string, unknown>;
  cause?: SentError;
}

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

export function sendError(error: unknown, depth = 0): SentError {
  if (error instanceof PipelineError) {
    const out: SentError = { pipeline: true, code: error.code, message: error.message };
    if (error.file !== undefined) out.file = error.file;
    if (error.line !== undefined) out.line = error.line;
    if (error.key !== undefined) out.key = error.key;
    if (error.details !== undefined) out.details = error.details;
    if (error.stack !== undefined) out.stack = error.stack;
    if (error.cause !== undefined && depth < 4) out.cause = sendError(error.cause, depth + 1);
    return out;
  }
  const e = error instanceof Error ? error : new Error(String(error));
  const out: SentError = { pipeline: false, message: e.message, name: e.name };
  if (e.stack !== undefined) out.stack = e.stack;
  if (e.cause !== undefined && depth < 4) out.cause = sendError(e.cause, depth + 1);
  return out;
}

/** The error again: a PipelineError with the same code, message and location, or a plain Error. */
export function receiveError(sent: SentError): Error {
  const cause = sent.cause === undefined ? undefined : receiveError(sent.cause);
  let error: Error;
  if (sent.pipeline && sent.code !== undefined) {
    error = new PipelineError(sent.code, sent.message, {
      ...(sent.file === undefined ? {} : { file: sent.file }),
      ...(sent.line === undefined ? {} : { line: sent.line }),
      ...(sent.key === undefined ? {} : { key: sent.key }),
      ...(sent.details === undefined ? {} : { details: sent.details }),
      ...(cause === undefined ? {} : { cause }),
    });
  } else {
    error = new Error(sent.message, cause === undefined ? undefined : { cause });
    if (sent.name !== undefined) error.name = sent.name;
  }
  if (sent.stack !== undefined) error.stack = sent.stack;
  return error;
}

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
