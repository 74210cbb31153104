// Loads pathway graphs into a SPARQL endpoint as the run produces them, recording each graph in flight before
// it can change and each confirmed load (with its triple count, checked against the store at the next start).

import type { Quad } from 'n3';
import { isPipelineError, PipelineError } from '../errors.js';
import type { SparqlLoader } from './sparql/loader.js';
import { displayUrl } from './sparql/redact.js';
import { isStagingGraph } from './sparql/staging.js';
import { applyLoad, IN_FLIGHT, journalLoad, type RunState } from './state.js';

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
  /** Graphs whose triples in the store differed from the count recorded at their load (found at the start): loaded again. */
  repaired: string[];
  /** Staging graphs of earlier attempts dropped (left by a killed run, or abandoned after a retried request). */
  stagingDropped: number;
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
  private readonly running = new Set<Promise<void>>();
  private fatal: PipelineError | undefined;
  readonly summary: EndpointSummary;

  constructor(
    private readonly loader: SparqlLoader,
    private readonly out: string,
    private readonly state: RunState,
    private readonly window = 8,
  ) {
    const o = loader.options;
    this.target = displayUrl(o.graphStore ?? o.update);
    this.summary = { target: this.target, loaded: 0, dropped: 0, triples: 0, failed: [], notStarted: [], repaired: [], stagingDropped: 0 };
  }

  /** The input hash of what the target holds for this graph, if anything. */
  loadedHash(graph: string): string | undefined {
    return this.state.targets[this.target]?.[graph];
  }

  /** Graphs the target holds according to the state. */
  loadedGraphs(): string[] {
    return Object.keys(this.state.targets[this.target] ?? {});
  }

  /**
   * Before anything is loaded: counts every graph of the store in one query. A graph the state records as loaded
   * whose count differs from the one confirmed at its load (or that is gone) is marked in flight, so the run loads
   * it again: a late request, a kill or a hand edit cannot leave damage the state does not know of. Graphs the
   * state does not know are not touched (they may not be ours), except staging graphs, which are dropped.
   */
  async verify(): Promise<void> {
    let held: Map<string, number>;
    try {
      held = await this.loader.countGraphs();
    } catch (e) {
      const error = isPipelineError(e) ? e : new PipelineError('INTERNAL', String(e), { cause: e });
      this.fatal ??= error;
      throw error;
    }
    const counts = this.state.targetTriples?.[this.target] ?? {};
    for (const [graph, hash] of Object.entries(this.state.targets[this.target] ?? {})) {
      if (hash === IN_FLIGHT) continue; // loaded again in any case
      const n = held.get(graph) ?? 0;
      const expected = counts[graph];
      // A state written before counts were recorded: only a missing graph is known to be wrong.
      if (expected === undefined ? n > 0 : n === expected) continue;
      this.summary.repaired.push(graph);
      applyLoad(this.state, this.target, graph, IN_FLIGHT);
    }
    await this.dropStaging([...held.keys()].filter(isStagingGraph));
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
    const task = this.loader.replaceGraph(graph, quads, () => this.inFlight(graph)).then(
      (r) => {
        journalLoad(this.out, this.target, graph, hash, r.counted);
        applyLoad(this.state, this.target, graph, hash, r.counted);
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
    const task = this.loader.dropGraph(graph, () => this.inFlight(graph)).then(
      () => {
        journalLoad(this.out, this.target, graph, null);
        applyLoad(this.state, this.target, graph, null);
        this.summary.dropped++;
      },
      (e: unknown) => this.fail(graph, e),
    );
    await this.track(task);
  }

  /** Waits for every graph in flight; throws one error naming the graphs not loaded (and the `pagesNotRead` the run did not get to, if it stopped), if any. */
  async finish({ pagesNotRead = 0 }: { pagesNotRead?: number } = {}): Promise<EndpointSummary> {
    await Promise.all(this.running);
    // Best effort: one that fails (or gets a late INSERT afterwards) is dropped by the next run's verify().
    if (this.fatal === undefined) await this.dropStaging(this.loader.takeAbandoned()).catch(() => undefined);
    await this.loader.close();
    const s = this.summary;
    const names = [...s.failed.map((f) => f.graph), ...s.notStarted];
    if (names.length > 0) {
      const first = this.fatal ?? new PipelineError(s.failed[0]!.code as never, s.failed[0]!.message);
      const shown = names.slice(0, 10).map((g) => `<${g}>`).join(', ') + (names.length > 10 ? `, and ${names.length - 10} more` : '');
      const notRead = pagesNotRead > 0 ? `; the run stopped with ${pagesNotRead} more pages not read` : '';
      throw new PipelineError(first.code, `${names.length} graphs not loaded into ${this.target}: ${shown}${notRead}; first error: ${first.message}`, {
        cause: first,
        details: { ...s },
      });
    }
    return s;
  }

  /** Journals the graph as in flight before the first request that can change it: until confirmed, its content is unknown. */
  private inFlight(graph: string): void {
    // A graph staged again after a retry is already journalled in flight.
    if (this.state.targets[this.target]?.[graph] === IN_FLIGHT) return;
    journalLoad(this.out, this.target, graph, IN_FLIGHT);
    applyLoad(this.state, this.target, graph, IN_FLIGHT);
  }

  private async dropStaging(graphs: string[]): Promise<void> {
    for (const g of graphs) {
      await this.loader.dropGraph(g);
      this.summary.stagingDropped++;
    }
  }

  private fail(graph: string, e: unknown): void {
    const error = isPipelineError(e) ? e : new PipelineError('INTERNAL', String(e), { cause: e });
    this.summary.failed.push({ graph, code: error.code, message: error.message });
    if (endsTheLoad(error) && this.fatal === undefined) this.fatal = error;
  }

  private async track(task: Promise<void>): Promise<void> {
    const tracked: Promise<void> = task.finally(() => this.running.delete(tracked));
    this.running.add(tracked);
    if (this.running.size >= this.window) await Promise.race(this.running);
  }
}
