// What the load stage writes to: every sink takes one pathway at a time, then the dataset-wide graphs.

import type { Quad } from 'n3';
import type { PathwayGraph } from '../types.js';

export interface Sink {
  readonly name: string;
  /** One converted pathway; called in WP order. */
  writePathway(graph: PathwayGraph): Promise<void>;
  /** A graph removed from the dataset (its page disappeared or was rejected). */
  dropPathway?(graphIri: string, wpid: string): Promise<void>;
  /** Dataset-wide graphs (ontologies, run metadata), after every pathway. */
  writeGraph(graphIri: string, name: string, quads: Quad[]): Promise<void>;
  /** Makes everything written visible (renames, flushes). */
  commit(): Promise<void>;
  /** Leaves the previous output in place. */
  abort(): Promise<void>;
}
