// Replaces named graphs in a SPARQL 1.1 store (Graph Store PUT, or Update), bounded by p-queue, count-checked.

import PQueue from 'p-queue';
import type { Quad } from 'n3';
import { PipelineError, isPipelineError } from '../../errors.js';
import { countAllGraphs, countGraphTriples } from './count.js';
import { deleteGraph, putGraph } from './graphStore.js';
import { EndpointHttp } from './http.js';
import { resolveEndpointOptions, type EndpointOptions, type ResolvedEndpointOptions } from './options.js';
import { displayUrl } from './redact.js';
import { checkIri, graphTriples, type GraphTriples } from './triples.js';
import { stagingGraph } from './staging.js';
import { dropGraphUpdate, stageGraphUpdate, swapGraphUpdate, type BatchSize } from './update.js';

export interface LoadResult {
  graph: string;
  sent: number;
  counted: number;
}

export interface GraphToLoad {
  graph: string;
  quads: Quad[];
}

/** Attempts at one graph over SPARQL Update before giving up (each in a fresh staging graph). */
const MAX_PASSES = 3;

export interface LoaderHooks {
  /** Told before every retry, with the (redacted) failure that caused it. */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

export class SparqlLoader {
  readonly options: ResolvedEndpointOptions;
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

  constructor(opts: EndpointOptions, hooks: LoaderHooks = {}) {
    this.options = resolveEndpointOptions(opts);
    const o = this.options;
    this.size = { triples: o.batchTriples };
    this.queue = new PQueue({ concurrency: o.concurrency });
    this.http = new EndpointHttp({
      timeoutMs: o.timeoutMs,
      retries: o.retries,
      retryBaseMs: o.retryBaseMs,
      retryMaxMs: o.retryMaxMs,
      maxRetryAfterMs: o.maxRetryAfterMs,
      connections: o.concurrency,
      ...(o.credentials ? { credentials: o.credentials } : {}),
      onRetry: (error, attempt, delayMs) => {
        if (isPipelineError(error) && error.key !== undefined) this.retriesByGraph.set(error.key, (this.retriesByGraph.get(error.key) ?? 0) + 1);
        hooks.onRetry?.(error, attempt, delayMs);
      },
    });
  }

  /** The batch size in use for INSERT DATA (smaller than configured once the server refused a batch). */
  get batchTriples(): number {
    return this.size.triples;
  }

  /**
   * Replaces the graph's content with the quads' triples, then checks the store holds exactly as many.
   * `beforeChange` is called just before the first request that can change the graph itself.
   */
  async replaceGraph(graph: string, quads: Quad[], beforeChange: () => void = () => undefined): Promise<{ sent: number; counted: number }> {
    checkIri(graph, graph);
    const triples = graphTriples(quads, graph);
    return this.queue.add(() => this.load(graph, triples, beforeChange));
  }

  /**
   * Replaces every graph, `concurrency` at a time. Stops starting new ones after an unreachable endpoint, a
   * timeout, refused credentials or a 5xx that outlived its retries; goes on after other failures. Throws one
   * error naming every graph not loaded (failed, or never started: the rest of `items` is read for their names).
   */
  async replaceGraphs(items: Iterable<GraphToLoad> | AsyncIterable<GraphToLoad>): Promise<LoadResult[]> {
    const loaded: LoadResult[] = [];
    const failed: { graph: string; error: PipelineError }[] = [];
    const skipped: string[] = [];
    let stop = false;
    const running = new Set<Promise<void>>();
    for await (const { graph, quads } of items) {
      if (stop) {
        skipped.push(graph);
        continue;
      }
      const task = this.replaceGraph(graph, quads)
        .then((r) => void loaded.push({ graph, ...r }))
        .catch((e: unknown) => {
          const error = isPipelineError(e) ? e : new PipelineError('INTERNAL', String(e), { cause: e, key: graph });
          failed.push({ graph, error });
          if (stopsTheRun(error)) stop = true;
        });
      const tracked = task.finally(() => running.delete(tracked));
      running.add(tracked);
      if (running.size >= this.options.concurrency) await Promise.race(running);
    }
    await Promise.all(running);
    if (failed.length > 0) throw this.notLoaded(failed, skipped, loaded.length);
    return loaded;
  }

  /** Removes the graph (a graph that is not there is fine); `beforeChange` is called just before the request. */
  async dropGraph(graph: string, beforeChange: () => void = () => undefined): Promise<void> {
    checkIri(graph, graph);
    const o = this.options;
    return this.queue.add(() => {
      beforeChange();
      return o.graphStore ? deleteGraph(this.http, o.graphStore, graph) : dropGraphUpdate(this.http, o.update, graph);
    });
  }

  async countGraph(graph: string): Promise<number> {
    checkIri(graph, graph);
    return this.queue.add(() => countGraphTriples(this.http, this.options.query, graph));
  }

  /** Triples per named graph of the whole store, in one query. */
  async countGraphs(): Promise<Map<string, number>> {
    return this.queue.add(() => countAllGraphs(this.http, this.options.query));
  }

  /** Staging graphs this loader gave up on (a request that may still act was retried): the caller drops them. */
  takeAbandoned(): string[] {
    const out = [...this.abandoned];
    this.abandoned.clear();
    return out;
  }

  /** Waits for the graphs in flight, then closes the connections. */
  async close(): Promise<void> {
    await this.queue.onIdle();
    await this.http.close();
  }

  private async load(graph: string, triples: GraphTriples, beforeChange: () => void): Promise<{ sent: number; counted: number }> {
    const o = this.options;
    const retries = (): number => this.retriesByGraph.get(graph) ?? 0;
    try {
      for (let pass = 1; ; pass++) {
        const retriesBefore = retries();
        if (triples.count === 0) {
          beforeChange();
          const what = `loading graph <${graph}>`;
          await (o.graphStore ? deleteGraph(this.http, o.graphStore, graph, what) : dropGraphUpdate(this.http, o.update, graph, what));
        } else if (o.graphStore) {
          // One PUT replaces the graph: a late copy of it puts the same content back, which changes nothing.
          beforeChange();
          await putGraph(this.http, o.graphStore, graph, [...triples.ground, ...triples.blankGroups.flat()].join(''));
        } else {
          const staging = stagingGraph();
          const { unsure } = await stageGraphUpdate(this.http, o.update, graph, staging, triples, this.size, retries);
          const staged = await countGraphTriples(this.http, o.query, staging);
          // Only a staging graph no late request can still change is swapped in (the last pass takes its chance
          // when its count is right); a wrong count with no retry behind it would come out the same again.
          if (unsure && (pass < MAX_PASSES || staged !== triples.count + 1)) {
            this.abandoned.add(staging);
            if (pass < MAX_PASSES) continue;
          }
          if (staged !== triples.count + 1) {
            this.abandoned.add(staging);
            throw this.mismatch(graph, triples.count, Math.max(0, staged - 1));
          }
          beforeChange();
          await this.swaps.add(() => swapGraphUpdate(this.http, o.update, graph, staging));
        }
        const counted = await countGraphTriples(this.http, o.query, graph);
        const retried = retries() > retriesBefore;
        if (counted === triples.count) return { sent: triples.count, counted };
        // A PUT retried after the server had applied it can leave a count off for a moment: start the graph over once.
        if (pass === 1 && retried) continue;
        throw this.mismatch(graph, triples.count, counted);
      }
    } finally {
      this.retriesByGraph.delete(graph);
    }
  }

  private mismatch(graph: string, sent: number, counted: number): PipelineError {
    const o = this.options;
    return new PipelineError('ENDPOINT_COUNT_MISMATCH', `Graph <${graph}> holds ${counted} triples at endpoint ${displayUrl(o.query)} after ${sent} were sent`, {
      key: graph,
      details: { endpoint: displayUrl(o.query), graph, sent, counted },
    });
  }

  private notLoaded(failed: { graph: string; error: PipelineError }[], skipped: string[], loadedCount: number): PipelineError {
    const names = [...failed.map((f) => f.graph), ...skipped];
    const total = names.length + loadedCount;
    const first = failed[0]!.error;
    const shown = names.slice(0, 10).map((g) => `<${g}>`).join(', ') + (names.length > 10 ? `, and ${names.length - 10} more` : '');
    const target = displayUrl(this.options.graphStore ?? this.options.update);
    return new PipelineError(first.code, `${names.length} of ${total} graphs not loaded into ${target}: ${shown}; first error: ${first.message}`, {
      cause: first,
      details: {
        endpoint: target,
        notLoaded: names,
        failed: failed.map((f) => ({ graph: f.graph, code: f.error.code, message: f.error.message })),
        notStarted: skipped,
      },
    });
  }
}

/** Failures that say the endpoint as a whole is unusable, so starting more graphs would only fail too. */
function stopsTheRun(error: PipelineError): boolean {
  if (error.code === 'ENDPOINT_UNREACHABLE' || error.code === 'ENDPOINT_TIMEOUT' || error.code === 'ENDPOINT_AUTH') return true;
  const status = error.details?.status;
  return error.code === 'ENDPOINT_HTTP_STATUS' && typeof status === 'number' && status >= 500;
}
