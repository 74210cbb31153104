// Loads pathway graphs into a SPARQL endpoint as the run produces them, recording each confirmed load.

import type { Quad } from 'n3';
import { isPipelineError, PipelineError } from '../errors.js';
import type { SparqlLoader } from './sparql/loader.js';
import { displayUrl } from './sparql/redact.js';
import { applyLoad, journalLoad, type RunState } from './state.js';

export interface LoadFailure {
  graph: string;
  code: string;
  message: string;
}

export interface EndpointSummary {
  target: string;
  loaded: number;
  dropped: number;
  triples: number;
  failed: LoadFailure[];
  notStarted: string[];
}

/** Failures that make the endpoint as a whole unusable: the run stops loading at the first one. */
function endsTheLoad(error: PipelineError): boolean {
  if (error.code === 'ENDPOINT_UNREACHABLE' || error.code === 'ENDPOINT_TIMEOUT' || error.code === 'ENDPOINT_AUTH') return true;
  const status = error.details?.status;
  return error.code === 'ENDPOINT_HTTP_STATUS' && typeof status === 'number' && status >= 500;
}

export class EndpointSink {
  /** Key of this target in the run state: the endpoint URL without credentials. */
  readonly target: string;
  private readonly inFlight = new Set<Promise<void>>();
  private fatal: PipelineError | undefined;
  readonly summary: EndpointSummary;
  /** Pages the run did not get to after the load stopped (their graphs are not loaded either). */
  pagesNotRead = 0;

  constructor(
    private readonly loader: SparqlLoader,
    private readonly out: string,
    private readonly state: RunState,
    private readonly window = 8,
  ) {
    const o = loader.options;
    this.target = displayUrl(o.graphStore ?? o.update);
    this.summary = { target: this.target, loaded: 0, dropped: 0, triples: 0, failed: [], notStarted: [] };
  }

  /** The input hash of what the target holds for this graph, if anything. */
  loadedHash(graph: string): string | undefined {
    return this.state.targets[this.target]?.[graph];
  }

  /** Graphs the target holds according to the state. */
  loadedGraphs(): string[] {
    return Object.keys(this.state.targets[this.target] ?? {});
  }

  /** The first failure that ended the load, if one did. */
  get stopped(): PipelineError | undefined {
    return this.fatal;
  }

  /** Queues a replacement of `graph`; waits only when `window` graphs are already in flight. */
  async replace(graph: string, quads: Quad[], hash: string): Promise<void> {
    if (this.fatal) {
      this.summary.notStarted.push(graph);
      return;
    }
    const task = this.loader.replaceGraph(graph, quads).then(
      (r) => {
        journalLoad(this.out, this.target, graph, hash);
        applyLoad(this.state, this.target, graph, hash);
        this.summary.loaded++;
        this.summary.triples += r.counted;
      },
      (e: unknown) => this.fail(graph, e),
    );
    await this.track(task);
  }

  async drop(graph: string): Promise<void> {
    if (this.fatal) {
      this.summary.notStarted.push(graph);
      return;
    }
    const task = this.loader.dropGraph(graph).then(
      () => {
        journalLoad(this.out, this.target, graph, null);
        applyLoad(this.state, this.target, graph, null);
        this.summary.dropped++;
      },
      (e: unknown) => this.fail(graph, e),
    );
    await this.track(task);
  }

  /** Waits for every graph in flight; throws one error naming the graphs not loaded, if any. */
  async finish(): Promise<EndpointSummary> {
    await Promise.all(this.inFlight);
    await this.loader.close();
    const s = this.summary;
    const names = [...s.failed.map((f) => f.graph), ...s.notStarted];
    if (names.length > 0) {
      const first = this.fatal ?? new PipelineError(s.failed[0]!.code as never, s.failed[0]!.message);
      const shown = names.slice(0, 10).map((g) => `<${g}>`).join(', ') + (names.length > 10 ? `, and ${names.length - 10} more` : '');
      const notRead = this.pagesNotRead > 0 ? `; the run stopped with ${this.pagesNotRead} more pages not read` : '';
      throw new PipelineError(first.code, `${names.length} graphs not loaded into ${this.target}: ${shown}${notRead}; first error: ${first.message}`, {
        cause: first,
        details: { ...s },
      });
    }
    return s;
  }

  private fail(graph: string, e: unknown): void {
    const error = isPipelineError(e) ? e : new PipelineError('INTERNAL', String(e), { cause: e });
    this.summary.failed.push({ graph, code: error.code, message: error.message });
    if (endsTheLoad(error) && this.fatal === undefined) this.fatal = error;
  }

  private async track(task: Promise<void>): Promise<void> {
    const tracked: Promise<void> = task.finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
    if (this.inFlight.size >= this.window) await Promise.race(this.inFlight);
  }
}
