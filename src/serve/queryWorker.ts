// The query worker: holds one loaded store and answers one query at a time. Oxigraph's queries are
// synchronous, so only a thread of their own can be stopped (terminated) when one runs too long.

import { parentPort, workerData } from 'node:worker_threads';
import type { Quad as OxQuad, Store } from 'oxigraph';
import { asPipelineError, isPipelineError } from '../errors.js';
import { openEmbeddedStore } from '../load/embeddedStore.js';
import { formatGraph } from '../query/formatGraph.js';
import { evaluate } from '../query/runQuery.js';
import type { QueryRequest, WorkerInput, WorkerMessage } from './messages.js';

const input = workerData as WorkerInput;
const port = parentPort!;
const send = (message: WorkerMessage): void => port.postMessage(message);

async function answer(store: Store, request: QueryRequest): Promise<string> {
  // Turtle through n3's writer, as `pathway-kg query` writes it (with the prefixes it uses); the rest by Oxigraph.
  const resultsFormat = request.format === 'turtle' ? undefined : request.format;
  const result = evaluate(store, request.query, {
    prefixes: input.prefixes,
    ...(resultsFormat === undefined ? {} : { resultsFormat }),
  });
  if (typeof result === 'string') return result;
  if (Array.isArray(result) && request.format === 'turtle') {
    if (result.length > input.maxResultChars / 16) throw new TooLarge(); // a triple is never shorter than that
    return formatGraph(result as OxQuad[], 'turtle', input.prefixes);
  }
  throw new Error(`Unexpected result for format ${request.format}`);
}

class TooLarge extends Error {}

async function main(): Promise<void> {
  const started = performance.now();
  let store: Store;
  try {
    store = await openEmbeddedStore(input.out);
  } catch (error) {
    const failure = asPipelineError(error, 'STORE_INVALID');
    send({
      kind: 'load-failed',
      code: failure.code,
      message: failure.message,
      ...(failure.file === undefined ? {} : { file: failure.file }),
      ...(failure.line === undefined ? {} : { line: failure.line }),
    });
    return;
  }
  send({ kind: 'ready', quads: store.size, loadMs: performance.now() - started });
  // One at a time and in order: the server sends the next query only after this one's answer.
  port.on('message', (request: QueryRequest) => {
    answer(store, request).then(
      (body) =>
        send(body.length > input.maxResultChars ? tooLarge(request.id) : { kind: 'answer', id: request.id, body }),
      (error: unknown) => {
        if (error instanceof TooLarge) send(tooLarge(request.id));
        else if (isPipelineError(error) && error.code === 'QUERY_INVALID')
          send({ kind: 'failed', id: request.id, reason: 'invalid', message: error.message });
        else
          send({
            kind: 'failed',
            id: request.id,
            reason: 'error',
            message: error instanceof Error ? error.message : String(error),
          });
      },
    );
  });
}

function tooLarge(id: number): WorkerMessage {
  return {
    kind: 'failed',
    id,
    reason: 'too-large',
    message: `The result is larger than the limit of ${input.maxResultChars / 1e6} MB; add a LIMIT or narrow the query`,
  };
}

void main();
