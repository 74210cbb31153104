// What the caller of a run may watch and control.

import type { EndpointSink } from '../load/endpointSink.js';
import type { RunState } from '../load/state.js';

export interface Progress {
  done: number;
  total: number;
  wpid: string;
}

export interface RunHooks {
  onProgress?: (p: Progress) => void;
  /** Each page the run read, as the run takes it (a page reused from its unchanged stamps is not read: snapshot.ts). */
  onRead?: (wpid: string) => void;
  /** A SPARQL endpoint loaded as the run goes (built by the caller from the endpoint flags). */
  endpoint?: (state: RunState) => EndpointSink;
  /** A line on each long step (the reference tables as they are read), for a log. */
  log?: (line: string) => void;
  /**
   * Stops the run between two pages (SIGINT, SIGTERM): it cleans up as a failed run does and throws the signal's
   * reason.
   */
  signal?: AbortSignal;
}
