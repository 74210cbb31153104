// A transform pool worker: loads the mappings and reference tables once, then transforms the pages it is sent.
//
// Started by pool.ts with the run's reference folder (and its parsed-reference cache), mappings folder and limits.
// Replies to each page with the result (quads packed, warnings as plain data) or the error that rejected it; the
// first reply (id -1) says the tables are loaded, or why they could not be.

import { parentPort, workerData } from 'node:worker_threads';
import { packQuads } from './quadPack.js';
import { loadMappings } from '../mappings.js';
import { sendError } from '../threadErrors.js';
import { flatten, type PoolInit, type PoolReply, type PoolRequest } from './poolMessages.js';
import { poolReference } from './poolReference.js';
import { transformContext, transformPage, type TransformContext } from './transformPage.js';

const port = parentPort!;
const init = workerData as PoolInit;

const ready: Promise<TransformContext> = (async () => {
  const mappings = loadMappings(init.mappingsDir);
  return transformContext(mappings, await poolReference(init, mappings), init.limits);
})();
ready.then(
  () => port.postMessage({ id: -1, ready: true } satisfies PoolReply),
  (error: unknown) => port.postMessage({ id: -1, failed: sendError(error) } satisfies PoolReply),
);

port.on('message', (request: PoolRequest) => {
  void handle(request).then(
    ([reply, transfer]) => port.postMessage(reply, transfer),
    (error: unknown) => port.postMessage({ id: request.id, failed: sendError(error) } satisfies PoolReply),
  );
});

async function handle(request: PoolRequest): Promise<[PoolReply, ArrayBuffer[]]> {
  const ctx = await ready;
  const r = await transformPage(request.page, ctx);
  const packedTerms = packQuads(r.quads);
  if (packedTerms === undefined) throw new Error('A transform made a term that is not one of n3 DataFactory terms');
  const packed = flatten(packedTerms);
  const result = {
    wpid: r.wpid,
    graph: r.graph,
    subject: r.subject,
    file: r.file,
    packed,
    warnings: r.warnings,
    termIds: r.termIds,
    ...(r.coverage === undefined ? {} : { coverage: r.coverage }),
  };
  return [
    { id: request.id, result },
    [packed.kinds.buffer as ArrayBuffer, packed.quads.buffer as ArrayBuffer, packed.lengths.buffer as ArrayBuffer],
  ];
}
