// `--serve-from`, the requests: graphs collected into documents (pull.ts), each document served (documentServer.ts),
// loaded by one Update request on the loader's queue and confirmed by one count of the whole store. The loader
// (loader.ts) decides what a graph's outcome means (confirmed, or written again the ordinary way).

import type PQueue from 'p-queue';
import { PipelineError, isPipelineError } from '../../errors.js';
import { countAllGraphs } from './count.js';
import { DocumentServer } from './documentServer.js';
import type { EndpointHttp } from './http.js';
import type { ResolvedEndpointOptions } from './options.js';
import { DocumentBatch, loadUpdate, type PendingGraph } from './pull.js';
import type { GraphTriples } from './triples.js';
import { sendUpdate } from './update.js';

/** A graph's end: its count after its document was loaded, the failure, or not sent because the load stopped. */
export type PullOutcome = Parameters<PendingGraph['settle']>[0];

/** The loader's bookkeeping of stops, lent to the document loads. */
export interface LoadStops {
  /** After a stop: true, and the graph is listed as not started. */
  notStarted: (graph: string) => boolean;
  /** Stops the load on a failure that makes the store unusable, or on any with `always`. */
  stopIfEnding: (error: unknown, always?: boolean) => void;
}

export class DocumentLoads {
  private readonly batch = new DocumentBatch();
  private server: Promise<DocumentServer> | undefined;

  /**
   * `queue`, `http` and `retries` are the loader's: documents are loaded `concurrency` at a time beside its other
   * requests, and `retries` counts the retries per graph key (a document's requests carry its first graph's key).
   */
  constructor(
    private readonly token: string,
    private readonly http: EndpointHttp,
    private readonly options: ResolvedEndpointOptions,
    private readonly queue: PQueue,
    private readonly retries: Map<string, number>,
    private readonly stops: LoadStops,
  ) {}

  /** Adds the graph to the next document; resolves once that document is loaded and counted (or failed). */
  add(graph: string, triples: GraphTriples, beforeChange: () => void): Promise<PullOutcome> {
    return new Promise((settle) => this.send(this.batch.add(graph, triples, { beforeChange, settle })));
  }

  /** A graph about to be written or dropped again while it waits in the next document: that document goes first. */
  sendHolding(graph: string): void {
    if (this.batch.has(graph)) this.sendNow();
  }

  /** Sends the document being filled (the end of the load). */
  sendNow(): void {
    this.send(this.batch.take());
  }

  /** Stops serving: the store cannot fetch a document once the load is over. */
  async close(): Promise<void> {
    const server = await this.server?.catch(() => undefined);
    await server?.close();
  }

  /**
   * One document on the load queue: served, loaded by one Update request (its graphs emptied first), then the whole
   * store counted once. The document stays served until the load ends when its request failed or was retried: the
   * store may still run an earlier copy of it, and a LOAD that cannot fetch its document has emptied its graphs already
   * (Virtuoso keeps the operations before the failing one).
   */
  private send(graphs: PendingGraph[]): void {
    if (graphs.length === 0) return;
    const { http, options: o, retries } = this;
    void this.queue.add(async () => {
      const live = graphs.filter((g) => {
        if (!this.stops.notStarted(g.graph)) return true;
        g.settle('not started');
        return false;
      });
      if (live.length === 0) return;
      const key = live[0]!.graph;
      try {
        const server = await this.started();
        const doc = server.publish(live.map((g) => g.text).join(''));
        for (const g of live) g.text = '';
        const before = retries.get(key) ?? 0;
        let sure = false;
        try {
          for (const g of live) g.beforeChange();
          const update = loadUpdate(
            live.map((g) => g.graph),
            doc.url,
          );
          await sendUpdate(http, o.update, key, `loading ${live.length} graphs from a served document`, update);
          sure = (retries.get(key) ?? 0) === before;
        } finally {
          if (sure) doc.release();
        }
        const counts = await countAllGraphs(http, o.query);
        for (const g of live) g.settle({ counted: counts.get(g.graph) ?? 0 });
      } catch (e) {
        this.stops.stopIfEnding(e);
        for (const g of live) g.settle({ error: e });
      } finally {
        retries.delete(key);
      }
    });
  }

  /** The server, started by the first document; a failure to start stops the load (every document would fail). */
  private started(): Promise<DocumentServer> {
    this.server ??= DocumentServer.start(this.options.serveFrom!, this.token).catch((e: unknown) => {
      const error = isPipelineError(e) ? e : new PipelineError('INTERNAL', String(e), { cause: e });
      this.stops.stopIfEnding(error, true);
      throw error;
    });
    return this.server;
  }
}
