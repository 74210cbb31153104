// Errors across a worker thread (the transform pool, the output thread): a structured clone keeps only an Error's
// message and stack, so an error crosses as plain data and is made again on the other side.

import { PipelineError, type ErrorCode } from './errors.js';

/** An error as plain data. */
export interface SentError {
  pipeline: boolean;
  /** A PipelineError's code, or a system error's (ENOSPC). */
  code?: string;
  message: string;
  name?: string;
  stack?: string;
  file?: string;
  line?: number;
  key?: string;
  details?: Record<string, unknown>;
  errno?: number;
  syscall?: string;
  path?: string;
  cause?: SentError;
}

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
  const e = (error instanceof Error ? error : new Error(String(error))) as NodeJS.ErrnoException;
  const out: SentError = { pipeline: false, message: e.message, name: e.name };
  if (e.stack !== undefined) out.stack = e.stack;
  if (typeof e.code === 'string') out.code = e.code;
  if (e.errno !== undefined) out.errno = e.errno;
  if (e.syscall !== undefined) out.syscall = e.syscall;
  if (e.path !== undefined) out.path = e.path;
  if (e.cause !== undefined && depth < 4) out.cause = sendError(e.cause, depth + 1);
  return out;
}

/** The error again: a PipelineError with the same code, message and location, or an Error with its system fields. */
export function receiveError(sent: SentError): Error {
  const cause = sent.cause === undefined ? undefined : receiveError(sent.cause);
  let error: Error;
  if (sent.pipeline && sent.code !== undefined) {
    error = new PipelineError(sent.code as ErrorCode, sent.message, {
      ...(sent.file === undefined ? {} : { file: sent.file }),
      ...(sent.line === undefined ? {} : { line: sent.line }),
      ...(sent.key === undefined ? {} : { key: sent.key }),
      ...(sent.details === undefined ? {} : { details: sent.details }),
      ...(cause === undefined ? {} : { cause }),
    });
  } else {
    const e = new Error(sent.message, cause === undefined ? undefined : { cause }) as NodeJS.ErrnoException;
    if (sent.name !== undefined) e.name = sent.name;
    if (sent.code !== undefined) e.code = sent.code;
    if (sent.errno !== undefined) e.errno = sent.errno;
    if (sent.syscall !== undefined) e.syscall = sent.syscall;
    if (sent.path !== undefined) e.path = sent.path;
    error = e;
  }
  if (sent.stack !== undefined) error.stack = sent.stack;
  return error;
}
