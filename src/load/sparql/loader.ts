// Replaces named graphs in a SPARQL 1.1 store (Graph Store PUT, or Update), bounded by p-queue, count-checked.

import PQueue from 'p-queue';
import type { Quad } from 'n3';
import { PipelineError, isPipelineError } from '../../errors.js';
import { countGraphTriples } from './count.js';
import { deleteGraph, putGraph } from './graphStore.js';
import { EndpointHttp } from './http.js';
import { resolveEndpointOptions, type EndpointOptions, type ResolvedEndpointOptions } from './options.js';
import { displayUrl } from './redact.js';
import { checkIri, graphTriples, type GraphTriples } from './triples.js';
import { dropGraphUpdate, replaceGraphUpdate, type BatchSize } from './update.js';

export interface LoadResult {
  graph: string;
  sent: number;
  counted: number;
}

export interface GraphToLoad {
  graph: string;
  quads: Quad[];
}

export interface LoaderHooks {
  /** Told before every retry, with the (redacted) failure that caused it. */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

export class SparqlLoader {
  readonly options: ResolvedEndpointOptions;
  private readonly http: EndpointHttp;
  private readonly queue: PQueue;
  private readonly size: BatchSize;
  private readonly retriesByGraph = new Map<string, number>();

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

  /** Replaces the graph's content with the quads' triples, then checks the store holds exactly as many. */
  async replaceGraph(graph: string, quads: Quad[]): Promise<{ sent: number; counted: number }> {
    checkIri(graph, graph);
    const triples = graphTriples(quads, graph);
    return this.queue.add(() => this.load(graph, triples));
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

  /** Removes the graph (a graph that is not there is fine). */
  async dropGraph(graph: string): Promise<void> {
    checkIri(graph, graph);
    const o = this.options;
    return this.queue.add(() => (o.graphStore ? deleteGraph(this.http, o.graphStore, graph) : dropGraphUpdate(this.http, o.update, graph)));
  }

  async countGraph(graph: string): Promise<number> {
    checkIri(graph, graph);
    return this.queue.add(() => countGraphTriples(this.http, this.options.query, graph));
  }

  /** Waits for the graphs in flight, then closes the connections. */
  async close(): Promise<void> {
    await this.queue.onIdle();
    await this.http.close();
  }

  private async load(graph: string, triples: GraphTriples): Promise<{ sent: number; counted: number }> {
    const o = this.options;
    for (let pass = 1; ; pass++) {
      const retriesBefore = this.retriesByGraph.get(graph) ?? 0;
      if (triples.count === 0) {
        const what = `loading graph <${graph}>`;
        await (o.graphStore ? deleteGraph(this.http, o.graphStore, graph, what) : dropGraphUpdate(this.http, o.update, graph, what));
      } else if (o.graphStore) {
        await putGraph(this.http, o.graphStore, graph, [...triples.ground, ...triples.blankGroups.flat()].join(''));
      } else {
        await replaceGraphUpdate(this.http, o.update, graph, triples, this.size);
      }
      const counted = await countGraphTriples(this.http, o.query, graph);
      const retried = (this.retriesByGraph.get(graph) ?? 0) > retriesBefore;
      this.retriesByGraph.delete(graph);
      if (counted === triples.count) return { sent: triples.count, counted };
      // A request retried after the server had applied it adds its blank nodes twice: start the graph over once.
      if (pass === 1 && retried) continue;
      throw new PipelineError(
        'ENDPOINT_COUNT_MISMATCH',
        `Graph <${graph}> holds ${counted} triples at endpoint ${displayUrl(o.query)} after ${triples.count} were sent`,
        { key: graph, details: { endpoint: displayUrl(o.query), graph, sent: triples.count, counted } },
      );
    }
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
