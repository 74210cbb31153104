// The output thread (started by outputThread.ts): a LocalOutput of its own, driven by messages handled one at a time,
// in order, each answered once with its id. After the first failure every later message but abort is answered with
// that failure and nothing more is written.

import { parentPort } from 'node:worker_threads';
import type { Quad } from 'n3';
import { PipelineError } from '../errors.js';
import { sendError, type SentError } from '../threadErrors.js';
import { unflatten } from '../transform/poolMessages.js';
import { unpackQuads } from '../transform/quadPack.js';
import type { PathwayGraph } from '../types.js';
import { threadKillPoint } from './killPoint.js';
import {
  pack,
  transferOf,
  type GraphToSend,
  type OutputReply,
  type OutputRequest,
  type OutputResult,
  type PageMessage,
} from './outputThreadProtocol.js';
import { LocalOutput } from './runOutput.js';

let output: LocalOutput | undefined;
let failure: SentError | undefined;
/** Pathways written so far (for the kill point that stops this thread mid-run). */
let written = 0;

function opened(): LocalOutput {
  if (output === undefined) throw new PipelineError('INTERNAL', 'output thread: no output open');
  return output;
}

/** The pathway graph the transform made, rebuilt (warnings and the rest stay on the main thread). */
function pathway(m: PageMessage): PathwayGraph {
  return {
    wpid: m.wpid,
    graph: m.graph,
    subject: m.subject,
    file: '',
    quads: unpackQuads(unflatten(m.packed)),
    warnings: [],
  };
}

async function handle(m: OutputRequest, transfer: ArrayBuffer[]): Promise<OutputResult> {
  switch (m.op) {
    case 'open':
      // The page's URL comes with each page (this thread has no mappings to make it).
      output = await LocalOutput.open(m.out, m.prefixes, m.allNqMatches, () => undefined);
      return { reusable: output.reusable };
    case 'write': {
      if (++written === 3) threadKillPoint();
      const result: OutputResult = {};
      await opened().writePage(pathway(m), m.page, (range, triples) => {
        result.range = range;
        result.triples = triples;
      });
      return result;
    }
    case 'take':
      await opened().takePage(pathway(m), m.page);
      return {};
    case 'keep': {
      const result: OutputResult = {};
      await opened().keep(m.wpid, m.range, (range) => (result.range = range));
      return result;
    }
    case 'finish': {
      const sends: GraphToSend[] = [];
      const loaded = m.loaded;
      // The endpoint lives on the main thread: it gets the graphs this one would have sent.
      const endpoint =
        loaded === undefined
          ? undefined
          : {
              loadedHash: (graph: string) => loaded[graph],
              replace: async (graph: string, quads: Quad[], hash: string) => {
                const packed = pack(quads);
                sends.push({ graph, packed, hash });
                transfer.push(...transferOf(packed));
              },
            };
      const graphs = new Set<string>();
      const triples = await opened().finish(endpoint, graphs, m.full);
      return { triples, graphs: [...graphs], sends };
    }
    case 'graph':
      await opened().writeGraph(m.name, unpackQuads(unflatten(m.packed)));
      return {};
    case 'commit': {
      const removed = await opened().commit();
      output = undefined;
      return { removed };
    }
    case 'abort': {
      const o = output;
      output = undefined;
      await o?.abort();
      return {};
    }
  }
}

/** One message at a time: each waits for the one before. */
let queue = Promise.resolve();

parentPort!.on('message', (m: OutputRequest) => {
  queue = queue.then(async () => {
    let reply: OutputReply;
    const transfer: ArrayBuffer[] = [];
    if (failure !== undefined && m.op !== 'abort') reply = { id: m.id, error: failure };
    else {
      try {
        reply = { id: m.id, result: await handle(m, transfer) };
      } catch (error) {
        const sent = sendError(error);
        if (m.op !== 'abort') failure = sent;
        reply = { id: m.id, error: sent };
      }
    }
    parentPort!.postMessage(reply, transfer);
  });
});
