// The one SPARQL loader: replaces and drops named graphs in a SPARQL 1.1 store (Graph Store PUT, Update through
// staging graphs, or, with serveFrom, N-Quads documents the store LOADs: documentLoads.ts), each checked by its triple
// count, `concurrency` at a time on one p-queue. A load is a sequence of replace()/drop() calls and one finish():
// failures are recorded per graph, and the first failure that makes the store unusable (endsTheLoad) stops starting
// new graphs. endpointSink.ts adds the run state on top of it.

import PQueue from 'p-queue';
import type { Quad } from 'n3';
import { PipelineError, isPipelineError } from '../../errors.js';
import { GraphCounts } from './confirm.js';
import { countAllGraphs, countGraphTriples } from './count.js';
import { deleteGraph, putGraph } from './graphStore.js';
import { EndpointHttp } from './http.js';
import { resolveEndpointOptions, type EndpointOptions, type ResolvedEndpointOptions } from './options.js';
import { displayUrl } from './redact.js';
import { checkIri, graphTriples, type GraphTriples } from './triples.js';
import { stagingGraph } from './staging.js';
import { dropGraphUpdate, insertGraphUpdate, stageGraphUpdate, swapGraphUpdate, type BatchSize } from './update.js';
import { newToken } from './documentServer.js';
import { DocumentLoads, type PullOutcome } from './documentLoads.js';

/** Attempts at one graph over SPARQL Update before giving up (each in a fresh staging graph). */
const MAX_PASSES = 3;

/**
 * Graphs replace() lets wait for a connection (their triples in memory) beyond the `concurrency` being sent: the
 * caller is held while this many wait, so memory does not grow with the corpus and the store is never idle.
 */
const WAITING = 4;

/**
 * Longest a loaded graph waits for the count that confirms it (and so to be journalled) when fewer than confirmBatch
 * wait.
 */
const CONFIRM_WAIT_MS = 2_000;

export interface LoaderHooks {
  /** Told before every retry, with the (redacted) failure that caused it. */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

/** What the caller learns about one graph of a load. */
export interface GraphEvents {
  /** Just before the first request that can change the graph itself. */
  beforeChange?: () => void;
  /** The graph is confirmed: replaced and counted (`counted` triples), or dropped (0). */
  confirmed?: (counted: number) => void;
  /** The caller knows the store holds no triples in this graph (see postToAbsent). */
  absent?: boolean;
}

export interface LoadFailure {
  graph: string;
  code: string;
  message: string;
}

export interface LoadSummary {
  /** The store written to: the Graph Store or Update endpoint URL, without credentials. */
  target: string;
  loaded: number;
  dropped: number;
  triples: number;
  failed: LoadFailure[];
  /** Graphs passed to replace() or drop() after the load stopped. */
  notStarted: string[];
  /** Staging graphs of earlier attempts dropped (left by a killed run, or abandoned after a retried request). */
  stagingDropped: number;
}

/**
 * The one decision of whether a failure stops the load: an unreachable endpoint, a timeout, refused credentials or
 * a 5xx that outlived its retries say the store as a whole is unusable, so starting more graphs would only fail
 * too. Any other failure (a count mismatch, a 4xx for one graph, a bad graph name) is that graph's alone.
 */
export function endsTheLoad(error: PipelineError): boolean {
  if (error.code === 'ENDPOINT_UNREACHABLE' || error.code === 'ENDPOINT_TIMEOUT' || error.code === 'ENDPOINT_AUTH')
    return true;
  const status = error.details?.status;
  return error.code === 'ENDPOINT_HTTP_STATUS' && typeof status === 'number' && status >= 500;
}

export class SparqlLoader {
  readonly options: ResolvedEndpointOptions;
  /** The store written to, as it may be shown (and the key of this target in the run state). */
  readonly target: string;
  private readonly http: EndpointHttp;
  private readonly queue: PQueue;
  /**
   * Swaps run one at a time: each reads and rewrites two graphs in one transaction, and Virtuoso answers
   * concurrent ones with "40001 Transaction deadlocked". They are short (0.4–0.6 s for 10,000 triples); the
   * staging inserts, which are most of the time, still run `concurrency` graphs at once.
   */
  private readonly swaps = new PQueue({ concurrency: 1 });
  private readonly size: BatchSize;
  private readonly retriesByGraph = new Map<string, number>();
  private readonly abandoned = new Set<string>();
  private readonly summary: LoadSummary;
  private fatal: PipelineError | undefined;
  private closed: Promise<void> | undefined;
  /** The graphs of this load not settled yet (written, or waiting for their count or their turn). */
  private readonly running = new Set<Promise<void>>();
  /** The last operation of this load on each graph not settled yet: the next one on the same graph waits for it. */
  private readonly byGraph = new Map<string, Promise<void>>();
  private finishing = false;
  private readonly counts: GraphCounts;
  /** How replace() checks a graph's count: many graphs per whole-store query, or one query each. */
  private readonly confirm: (graph: string) => Promise<number>;
  /** --serve-from: the graphs loaded from served documents. */
  private readonly documents: DocumentLoads | undefined;

  constructor(opts: EndpointOptions, hooks: LoaderHooks = {}) {
    this.options = resolveEndpointOptions(opts);
    const o = this.options;
    this.target = displayUrl(o.graphStore ?? o.update);
    this.summary = {
      target: this.target,
      loaded: 0,
      dropped: 0,
      triples: 0,
      failed: [],
      notStarted: [],
      stagingDropped: 0,
    };
    this.size = { triples: o.batchTriples };
    this.queue = new PQueue({ concurrency: o.concurrency });
    this.counts = new GraphCounts(
      () => countAllGraphs(this.http, o.query),
      o.confirmBatch,
      CONFIRM_WAIT_MS,
      () => this.finishing && this.queue.size === 0 && this.queue.pending === 0,
    );
    const token = o.serveFrom === undefined ? undefined : newToken();
    this.confirm = o.confirmBatch > 1 ? (g) => this.counts.count(g) : (g) => countGraphTriples(this.http, o.query, g);
    this.http = new EndpointHttp({
      timeoutMs: o.timeoutMs,
      retries: o.retries,
      retryBaseMs: o.retryBaseMs,
      retryMaxMs: o.retryMaxMs,
      maxRetryAfterMs: o.maxRetryAfterMs,
      connections: o.concurrency,
      ...(o.credentials ? { credentials: o.credentials } : {}),
      ...(token === undefined ? {} : { secrets: [token] }),
      onRetry: (error, attempt, delayMs) => {
        if (isPipelineError(error) && error.key !== undefined)
          this.retriesByGraph.set(error.key, (this.retriesByGraph.get(error.key) ?? 0) + 1);
        hooks.onRetry?.(error, attempt, delayMs);
      },
    });
    // The document loads share the queue, the connections and the stops and retries of the load.
    if (token !== undefined)
      this.documents = new DocumentLoads(token, this.http, o, this.queue, this.retriesByGraph, this);
  }

  /** The batch size in use for INSERT DATA (smaller than configured once the server refused a batch). */
  get batchTriples(): number {
    return this.size.triples;
  }

  /** The first failure that ended the load, if one did. */
  get stopped(): PipelineError | undefined {
    return this.fatal;
  }

  /**
   * Queues a replacement of `graph` in this load; waits only while enough graphs already wait for a connection.
   * Never throws: a failure is recorded (and may stop the load); after a stop the graph (even one already waiting)
   * is not started, and listed as such.
   */
  async replace(graph: string, quads: Quad[], events: GraphEvents = {}): Promise<void> {
    this.documents?.sendHolding(graph);
    // Its count may still be on its way: a graph is never written while an earlier write of it is unconfirmed.
    await this.byGraph.get(graph);
    if (this.notStarted(graph)) return;
    let triples: GraphTriples;
    try {
      checkIri(graph, graph);
      triples = graphTriples(quads, graph);
    } catch (e) {
      this.fail(graph, e);
      return;
    }
    if (this.documents !== undefined && triples.count > 0) {
      this.track(graph, this.pull(this.documents, graph, triples, events));
      // A document holds thousands of graphs: none waits beyond those being loaded and the one being filled.
      await this.queue.onSizeLessThan(1);
      return;
    }
    const task = this.ordinaryLoad(graph, triples, events.beforeChange ?? noop, events.absent === true)
      .then((r) => {
        if (r !== undefined) this.loaded(events, r.counted);
      })
      .catch((e: unknown) => this.fail(graph, e));
    this.track(graph, task);
    await this.queue.onSizeLessThan(WAITING);
  }

  /** Queues the removal of `graph` in this load (a graph that is not there is fine); as replace() otherwise. */
  async drop(graph: string, events: GraphEvents = {}): Promise<void> {
    this.documents?.sendHolding(graph);
    await this.byGraph.get(graph);
    if (this.notStarted(graph)) return;
    const task = this.queue.add(async () => {
      if (this.notStarted(graph)) return;
      try {
        checkIri(graph, graph);
        await this.remove(graph, events.beforeChange ?? noop);
        events.confirmed?.(0);
        this.summary.dropped++;
      } catch (e) {
        this.fail(graph, e);
      }
    });
    this.track(graph, task);
    await this.queue.onSizeLessThan(WAITING);
  }

  /**
   * Waits for every graph in flight, drops the staging graphs given up on (best effort: one that fails, or gets a
   * late INSERT afterwards, is dropped by the next load's start) and closes the connections. Returns what was done;
   * notLoadedError() says whether it was everything.
   */
  async finish(): Promise<LoadSummary> {
    this.finishing = true;
    this.documents?.sendNow();
    this.counts.flush();
    while (this.running.size > 0) await Promise.all(this.running);
    await this.queue.onIdle();
    if (this.fatal === undefined) await this.dropStaging(this.takeAbandoned()).catch(() => undefined);
    await this.close();
    return this.summary;
  }

  /**
   * One error naming every graph of the load not loaded (failed, or not started after a stop), with the first
   * failure that stopped the load (or the first failure) as its cause; undefined when every graph was loaded.
   * `aside` is added to the message (what else the caller did not get to); `summary` becomes its details.
   */
  notLoadedError(summary: LoadSummary = this.summary, aside = ''): PipelineError | undefined {
    const names = [...summary.failed.map((f) => f.graph), ...summary.notStarted];
    if (names.length === 0) return undefined;
    const first = this.fatal ?? new PipelineError(summary.failed[0]!.code as never, summary.failed[0]!.message);
    const shown =
      names
        .slice(0, 10)
        .map((g) => `<${g}>`)
        .join(', ') + (names.length > 10 ? `, and ${names.length - 10} more` : '');
    return new PipelineError(
      first.code,
      `${names.length} graphs not loaded into ${this.target}: ${shown}${aside}; first error: ${first.message}`,
      {
        cause: first,
        details: { ...summary },
      },
    );
  }

  /** Drops staging graphs (left by a killed run, or abandoned here), one at a time, counting them in the summary. */
  /** Staging graphs dropped so far (by verify() or at finish). */
  get stagingDropped(): number {
    return this.summary.stagingDropped;
  }

  async dropStaging(graphs: string[]): Promise<void> {
    for (const g of graphs) {
      await this.dropGraph(g);
      this.summary.stagingDropped++;
    }
  }

  /**
   * Triples per named graph of the whole store, in one query (the check before a load). A failure stops the load:
   * nothing can be loaded safely into a store whose content is unknown.
   */
  async countGraphs(): Promise<Map<string, number>> {
    try {
      return await this.queue.add(() => countAllGraphs(this.http, this.options.query));
    } catch (e) {
      const error = isPipelineError(e) ? e : new PipelineError('INTERNAL', String(e), { cause: e });
      this.fatal ??= error;
      throw error;
    }
  }

  /**
   * One graph, outside any load's bookkeeping: replaces its content with the quads' triples, then checks the store
   * holds exactly as many; throws the failure. `beforeChange` is called just before the first request that can
   * change the graph itself.
   */
  async replaceGraph(
    graph: string,
    quads: Quad[],
    beforeChange: () => void = noop,
  ): Promise<{ sent: number; counted: number }> {
    checkIri(graph, graph);
    const triples = graphTriples(quads, graph);
    const count = (g: string): Promise<number> => countGraphTriples(this.http, this.options.query, g);
    return (await this.load(graph, triples, { beforeChange, count, countInSlot: true }))!;
  }

  /** One graph removed, outside any load's bookkeeping (a graph that is not there is fine); throws the failure. */
  async dropGraph(graph: string, beforeChange: () => void = noop): Promise<void> {
    checkIri(graph, graph);
    return this.queue.add(() => this.remove(graph, beforeChange));
  }

  async countGraph(graph: string): Promise<number> {
    checkIri(graph, graph);
    return this.queue.add(() => countGraphTriples(this.http, this.options.query, graph));
  }

  /** Staging graphs this loader gave up on (a request that may still act was retried): finish() drops them. */
  takeAbandoned(): string[] {
    const out = [...this.abandoned];
    this.abandoned.clear();
    return out;
  }

  /** Waits for the graphs in flight, then closes the connections (once, however often it is called). */
  close(): Promise<void> {
    this.closed ??= this.queue.onIdle().then(async () => {
      await this.http.close();
      await this.documents?.close();
    });
    return this.closed;
  }

  /**
   * --serve-from: the graph goes into the next document; once the store has loaded it and the whole store is counted,
   * a graph whose count is wrong is written once more the ordinary way (PUT, or staging and swap) and counted again.
   */
  private async pull(docs: DocumentLoads, graph: string, triples: GraphTriples, events: GraphEvents): Promise<void> {
    const beforeChange = events.beforeChange ?? noop;
    try {
      const outcome: PullOutcome = await docs.add(graph, triples, beforeChange);
      if (outcome === 'not started') return;
      if ('error' in outcome) throw outcome.error;
      let counted = outcome.counted;
      if (counted !== triples.count) {
        const again = await this.ordinaryLoad(graph, triples, beforeChange, false);
        if (again === undefined) return;
        counted = again.counted;
      }
      this.loaded(events, counted);
    } catch (e) {
      this.fail(graph, e);
    }
  }

  /** The graph written the ordinary way (PUT, or staging and swap; or straight in when `absent` allows) and counted. */
  private ordinaryLoad(graph: string, triples: GraphTriples, beforeChange: () => void, absent: boolean) {
    return this.load(graph, triples, {
      beforeChange,
      count: this.confirm,
      countInSlot: this.options.confirmBatch === 1,
      start: () => !this.notStarted(graph),
      failed: (e) => this.stopIfEnding(e),
      absent,
    });
  }

  /** A graph confirmed with `counted` triples. */
  private loaded(events: GraphEvents, counted: number): void {
    events.confirmed?.(counted);
    this.summary.loaded++;
    this.summary.triples += counted;
  }

  /** After a stop, a graph is not started (nor one that was waiting for a connection): it is listed as such. */
  notStarted(graph: string): boolean {
    if (this.fatal === undefined) return false;
    this.summary.notStarted.push(graph);
    return true;
  }

  /** Keeps a graph of the load until it is settled, for finish() and for the next operation on the same graph. */
  private track(graph: string, task: Promise<void>): void {
    const tracked: Promise<void> = task.finally(() => {
      this.running.delete(tracked);
      if (this.byGraph.get(graph) === tracked) this.byGraph.delete(graph);
    });
    this.running.add(tracked);
    this.byGraph.set(graph, tracked);
  }

  private fail(graph: string, e: unknown): void {
    const error = isPipelineError(e) ? e : new PipelineError('INTERNAL', String(e), { cause: e });
    this.summary.failed.push({ graph, code: error.code, message: error.message });
    this.stopIfEnding(error);
  }

  /** Stops the load on `e` when it makes the store unusable (or `always`). */
  stopIfEnding(e: unknown, always = false): void {
    if (this.fatal === undefined && isPipelineError(e) && (always || endsTheLoad(e))) this.fatal = e;
  }

  private remove(graph: string, beforeChange: () => void): Promise<void> {
    const o = this.options;
    beforeChange();
    return o.graphStore ? deleteGraph(this.http, o.graphStore, graph) : dropGraphUpdate(this.http, o.update, graph);
  }

  /**
   * Writes the graph (its requests on the load queue, `concurrency` graphs at a time), then checks its count with
   * `count` (in the same slot, or after it when counts are batched). A write whose request was retried may have been
   * applied twice or late: a wrong count after it starts the graph over once. Resolves undefined when `start()`
   * says no (the load stopped while the graph waited).
   */
  private async load(
    graph: string,
    triples: GraphTriples,
    how: {
      beforeChange: () => void;
      count: (graph: string) => Promise<number>;
      /** Asked before the first request: false when the graph is not to be started after all. */
      start?: () => boolean;
      /** Told a failed write before its slot goes to the next graph (so that a stop holds that graph back). */
      failed?: (error: unknown) => void;
      /**
       * Count in the graph's load slot (one query per graph); otherwise after it, freeing the slot (batched counts).
       */
      countInSlot: boolean;
      absent?: boolean;
    },
  ): Promise<{ sent: number; counted: number } | undefined> {
    const retries = (): number => this.retriesByGraph.get(graph) ?? 0;
    try {
      for (let pass = 1; ; pass++) {
        const retriesBefore = retries();
        const step = await this.queue.add(async (): Promise<'not started' | 'again' | { counted?: number }> => {
          if (pass === 1 && how.start?.() === false) return 'not started';
          try {
            if ((await this.write(graph, triples, how.beforeChange, pass, how.absent === true)) === 'again')
              return 'again';
            // Counted in the graph's own slot unless counts are batched: with one query per graph, the next graph is
            // only sent once this one is confirmed (and journalled), as a run killed between the two expects.
            return how.countInSlot ? { counted: await how.count(graph) } : {};
          } catch (e) {
            how.failed?.(e);
            throw e;
          }
        });
        if (step === 'not started') return undefined;
        if (step === 'again') continue;
        const counted = step.counted ?? (await how.count(graph));
        const retried = retries() > retriesBefore;
        if (counted === triples.count) return { sent: triples.count, counted };
        // A PUT retried after the server had applied it can leave a count off for a moment, and a direct write adds to
        // what the graph held (not absent after all, or a retried request applied twice): start the graph over once,
        // replacing it (PUT, or staging and swap).
        if (pass === 1 && (retried || this.direct(triples, pass, how.absent === true))) continue;
        throw this.mismatch(graph, triples.count, counted);
      }
    } finally {
      this.retriesByGraph.delete(graph);
    }
  }

  /** One pass of writing the graph; 'again' when an Update pass gave up its staging graph and another should follow. */
  private async write(
    graph: string,
    triples: GraphTriples,
    beforeChange: () => void,
    pass: number,
    absent: boolean,
  ): Promise<'written' | 'again'> {
    const o = this.options;
    if (triples.count === 0) {
      beforeChange();
      const what = `loading graph <${graph}>`;
      await (o.graphStore
        ? deleteGraph(this.http, o.graphStore, graph, what)
        : dropGraphUpdate(this.http, o.update, graph, what));
    } else if (o.graphStore) {
      // One PUT replaces the graph: a late copy of it puts the same content back, which changes nothing. A graph
      // known to be absent is created by POST instead (postToAbsent), on the first pass only.
      beforeChange();
      const method = this.direct(triples, pass, absent) ? 'POST' : 'PUT';
      await putGraph(
        this.http,
        o.graphStore,
        graph,
        [...triples.ground, ...triples.blankGroups.flat()].join(''),
        method,
      );
    } else if (this.direct(triples, pass, absent)) {
      beforeChange();
      await insertGraphUpdate(this.http, o.update, graph, triples, this.size);
    } else {
      const retries = (): number => this.retriesByGraph.get(graph) ?? 0;
      const staging = stagingGraph();
      const { unsure } = await stageGraphUpdate(this.http, o.update, graph, staging, triples, this.size, retries);
      const staged = await countGraphTriples(this.http, o.query, staging);
      // Only a staging graph no late request can still change is swapped in (the last pass takes its chance
      // when its count is right); a wrong count with no retry behind it would come out the same again.
      if (unsure && (pass < MAX_PASSES || staged !== triples.count + 1)) {
        this.abandoned.add(staging);
        if (pass < MAX_PASSES) return 'again';
      }
      if (staged !== triples.count + 1) {
        this.abandoned.add(staging);
        throw this.mismatch(graph, triples.count, Math.max(0, staged - 1));
      }
      beforeChange();
      await this.swaps.add(() => swapGraphUpdate(this.http, o.update, graph, staging));
    }
    return 'written';
  }

  /**
   * Whether this pass writes the graph straight in (Graph Store POST, or INSERT DATA into the graph itself): only a
   * graph the caller knows is absent, on its first pass (a second pass replaces whatever the first left).
   */
  private direct(triples: GraphTriples, pass: number, absent: boolean): boolean {
    const o = this.options;
    const on = o.graphStore !== undefined ? o.postToAbsent : o.insertIntoAbsent;
    return on && absent && pass === 1 && triples.count > 0;
  }

  private mismatch(graph: string, sent: number, counted: number): PipelineError {
    const o = this.options;
    return new PipelineError(
      'ENDPOINT_COUNT_MISMATCH',
      `Graph <${graph}> holds ${counted} triples at endpoint ${displayUrl(o.query)} after ${sent} were sent`,
      {
        key: graph,
        details: { endpoint: displayUrl(o.query), graph, sent, counted },
      },
    );
  }
}

function noop(): void {}
