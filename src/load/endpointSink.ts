// Loads pathway graphs into a SPARQL endpoint as the run produces them, on the one SPARQL loader (sparql/loader.ts),
// recording in the run state each graph in flight before it can change and each confirmed load (with its triple
// count, checked against the store at the next start).

import type { Quad } from 'n3';
import type { PipelineError } from '../errors.js';
import { SparqlLoader, type LoadSummary } from './sparql/loader.js';
import type { EndpointOptions } from './sparql/options.js';
import { isStagingGraph } from './sparql/staging.js';
import { applyLoad, IN_FLIGHT, journalLoad, type RunState } from './state.js';

export type { LoadFailure } from './sparql/loader.js';

export interface EndpointSummary extends LoadSummary {
  /**
   * Graphs whose triples in the store differed from the count recorded at their load (found at the start): loaded
   * again.
   */
  repaired: string[];
}

/**
 * The sink a run (or `pathway-kg load`) writes to when an endpoint is given: options checked by the caller (see
 * endpointOptionsFromEnv), `out` the folder whose state it records in, `onRetry` told every retry in one line.
 */
export function endpointSinkFactory(
  options: EndpointOptions,
  out: string,
  onRetry?: (message: string) => void,
): (state: RunState) => EndpointSink {
  const hooks = onRetry
    ? {
        onRetry: (error: unknown, attempt: number, delayMs: number) =>
          onRetry(`retry ${attempt} in ${delayMs} ms: ${(error as Error).message}`),
      }
    : {};
  return (state) => new EndpointSink(new SparqlLoader(options, hooks), out, state);
}

export class EndpointSink {
  /** Key of this target in the run state: the endpoint URL without credentials. */
  readonly target: string;
  private readonly repaired: string[] = [];
  /** The store's graphs as verify() counted them (then each graph this run wrote): any other graph is absent. */
  private held: Map<string, number> | undefined;

  constructor(
    private readonly loader: SparqlLoader,
    private readonly out: string,
    private readonly state: RunState,
  ) {
    this.target = loader.target;
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
    const held = await this.loader.countGraphs();
    this.held = held;
    const counts = this.state.targetTriples?.[this.target] ?? {};
    for (const [graph, hash] of Object.entries(this.state.targets[this.target] ?? {})) {
      if (hash === IN_FLIGHT) continue; // loaded again in any case
      const n = held.get(graph) ?? 0;
      const expected = counts[graph];
      // A state written before counts were recorded: only a missing graph is known to be wrong.
      if (expected === undefined ? n > 0 : n === expected) continue;
      this.repaired.push(graph);
      applyLoad(this.state, this.target, graph, IN_FLIGHT);
    }
    await this.loader.dropStaging([...held.keys()].filter(isStagingGraph));
  }

  /** What verify() found: graphs to load again, and the staging graphs it dropped. */
  get verified(): { repaired: readonly string[]; stagingDropped: number } {
    return { repaired: this.repaired, stagingDropped: this.loader.stagingDropped };
  }

  /** The first failure that ended the load, if one did. */
  get stopped(): PipelineError | undefined {
    return this.loader.stopped;
  }

  /** Queues a replacement of `graph`; waits only while enough graphs already wait for the store. */
  replace(graph: string, quads: Quad[], hash: string): Promise<void> {
    const absent = this.held !== undefined && !this.held.has(graph);
    this.held?.set(graph, -1); // written from now on: no longer known to be absent
    return this.loader.replace(graph, quads, {
      absent,
      beforeChange: () => this.inFlight(graph),
      confirmed: (counted) => this.record(graph, hash, counted),
    });
  }

  drop(graph: string): Promise<void> {
    return this.loader.drop(graph, {
      beforeChange: () => this.inFlight(graph),
      confirmed: () => this.record(graph, null),
    });
  }

  /**
   * Waits for every graph in flight; throws one error naming the graphs not loaded (and the `pagesNotRead` the run did
   * not get to, if it stopped), if any.
   */
  async finish({ pagesNotRead = 0 }: { pagesNotRead?: number } = {}): Promise<EndpointSummary> {
    const { target, loaded, dropped, triples, failed, notStarted, stagingDropped } = await this.loader.finish();
    const summary: EndpointSummary = {
      target,
      loaded,
      dropped,
      triples,
      failed,
      notStarted,
      repaired: this.repaired,
      stagingDropped,
    };
    const error = this.loader.notLoadedError(
      summary,
      pagesNotRead > 0 ? `; the run stopped with ${pagesNotRead} more pages not read` : '',
    );
    if (error) throw error;
    return summary;
  }

  /**
   * Journals the graph as in flight before the first request that can change it: until confirmed, its content is
   * unknown.
   */
  private inFlight(graph: string): void {
    // A graph staged again after a retry is already journalled in flight.
    if (this.state.targets[this.target]?.[graph] === IN_FLIGHT) return;
    journalLoad(this.out, this.target, graph, IN_FLIGHT);
    applyLoad(this.state, this.target, graph, IN_FLIGHT);
  }

  /** A confirmed load (`hash`, `counted` triples) or drop (null), on disk at once, then in the state. */
  private record(graph: string, hash: string | null, counted?: number): void {
    journalLoad(this.out, this.target, graph, hash, counted);
    applyLoad(this.state, this.target, graph, hash, counted);
  }
}
