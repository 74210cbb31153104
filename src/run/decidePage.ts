// What a run does with one page, decided from facts alone (no I/O): the whole incremental policy in one place.

/**
 * - `reuse`: the previous run's output for the page is current in the files and the endpoint: copied as it was,
 *   its warnings reported again (the same input, the same report).
 * - `transform`: convert the page; `write` when the files need the new output (else the previous bytes are kept),
 *   `load` when the endpoint does not hold this input's graph.
 * - `keep-previous`: the page cannot be converted now; its last good version stays in the output (a bad edit loses
 *   nothing), sent to the endpoint when `load` (the endpoint does not hold that version).
 * - `drop`: the page cannot be converted and there is no previous version: no graph for it.
 */
export type PageAction =
  | { kind: 'reuse' }
  | { kind: 'transform'; write: boolean; load: boolean }
  | { kind: 'keep-previous'; load: boolean }
  | { kind: 'drop' };

export interface PageFacts {
  /** The hash of the page's inputs as read now; undefined when it could not be read or converted. */
  hash: string | undefined;
  /**
   * The hash of the previous run's output for the page, when that output can be reused (its all.nq bytes are there).
   */
  previousHash: string | undefined;
  /** Without an endpoint: undefined. With one: the hash of the graph it holds, `loaded` undefined when none. */
  endpoint: { loaded: string | undefined } | undefined;
  /** --full: everything is converted and loaded again. */
  full: boolean;
}

export function decidePage({ hash, previousHash, endpoint, full }: PageFacts): PageAction {
  if (hash === undefined) {
    if (previousHash === undefined) return { kind: 'drop' };
    // A target without that version (a new one, or --full) gets it from the previous all.nq.
    return { kind: 'keep-previous', load: endpoint !== undefined && (full || endpoint.loaded !== previousHash) };
  }
  const filesCurrent = !full && previousHash === hash;
  const endpointCurrent = endpoint === undefined || (!full && endpoint.loaded === hash);
  if (filesCurrent && endpointCurrent) return { kind: 'reuse' };
  return { kind: 'transform', write: !filesCurrent, load: !endpointCurrent };
}
