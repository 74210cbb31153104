// The output thread (started by outputThread.ts): a LocalOutput of its own, driven by messages handled one at a time,
// in order, each answered once with its id. After the first failure every later message but abort is answered with
// that failure and nothing more is written.

import { parentPort } from 'node:worker_threads';
import type { Quad } from 'n3';
import { PipelineError } from '../errors.js';
import { receiveError, sendError, type SentError } from '../threadErrors.js';
import { unflatten } from '../transform/poolMessages.js';
import { unpackQuads } from '../transform/quadPack.js';
import type { PathwayGraph } from '../types.js';
import { threadKillPoint } from './killPoint.js';
import type { BucketContent } from './layout/bucketContent.js';
import { takeFrom, type BucketShare, type FinishPlan } from './layout/finishShare.js';
import {
  type MadeMessage,
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
      const share = m.counter === undefined ? undefined : (madeHere = new MadeByMain(m.id, m.counter));
      try {
        const triples = await opened().finishShared(endpoint, graphs, m.full, share);
        return { triples, graphs: [...graphs], sends };
      } finally {
        madeHere = undefined;
      }
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

/**
 * finish's share with the main thread (layout/finishShare.ts): the plan goes to the main thread as a non-final reply
 * to the finish request; the buckets it makes come back as `made` messages, taken outside the queue (the queue is
 * waiting for finish, which waits for them).
 */
class MadeByMain implements BucketShare {
  private readonly arrived = new Map<number, MadeMessage>();
  private readonly waiting = new Map<number, (m: MadeMessage) => void>();

  constructor(
    private readonly id: number,
    private readonly counter: SharedArrayBuffer,
  ) {}

  take(): number {
    return takeFrom(this.counter);
  }

  start(plan: FinishPlan): void {
    const reply: OutputReply = { id: this.id, plan };
    parentPort!.postMessage(reply);
  }

  async made(index: number): Promise<BucketContent> {
    let m = this.arrived.get(index);
    if (m === undefined) m = await new Promise<MadeMessage>((resolve) => this.waiting.set(index, resolve));
    this.arrived.delete(index);
    if (m.error !== undefined) throw receiveError(m.error);
    const c = m.content!;
    return { ...c, nt: c.nt === undefined ? undefined : Buffer.from(c.nt.buffer, c.nt.byteOffset, c.nt.byteLength) };
  }

  arrive(m: MadeMessage): void {
    const w = this.waiting.get(m.index);
    this.waiting.delete(m.index);
    if (w === undefined) this.arrived.set(m.index, m);
    else w(m);
  }
}

let madeHere: MadeByMain | undefined;

/** One message at a time: each waits for the one before. */
let queue = Promise.resolve();

parentPort!.on('message', (m: OutputRequest | MadeMessage) => {
  if (m.op === 'made') {
    madeHere?.arrive(m);
    return;
  }
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
