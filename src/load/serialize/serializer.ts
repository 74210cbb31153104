// Quads to Turtle (one pathway, prefixed, grouped by subject) and to N-Quads / N-Triples text or bytes.
//
// Writers of our own rather than n3's Writer: for the same quads in the same order they give the same
// text as n3's Writer does (canonical N-Triples escapes in N-Quads, n3's escapes and prefixed names in
// Turtle), without n3's per-term costs. What they remember (vocabulary IRIs, a scratch buffer) belongs
// to one QuadSerializer: one per run, never shared between runs.

import type { Quad, Term } from 'n3';
import { NTriplesEncoder } from './nTriples.js';
import { TurtleWriter } from './turtle.js';
import { Utf8Scratch } from './utf8Scratch.js';

/** One run's serialiser: Turtle with the run's prefixes, N-Quads for all.nq. */
export class QuadSerializer {
  private readonly turtle: TurtleWriter;
  private readonly lines = new NTriplesEncoder();
  private readonly scratch = new Utf8Scratch();

  constructor(prefixes: Record<string, string>) {
    this.turtle = new TurtleWriter(prefixes);
  }

  /** Turtle for one pathway's quads (graph names dropped), grouped by subject; `first` subjects lead; as UTF-8. */
  turtleBytes(quads: Quad[], first?: Term[]): Buffer {
    this.turtle.write(quads, first, this.scratch.add);
    return this.scratch.take();
  }

  /** N-Quads (the quads keep their graphs) as UTF-8. */
  nQuadsBytes(quads: Quad[]): Buffer {
    this.lines.lines(quads, true, this.scratch.add);
    return this.scratch.take();
  }
}

/** Turtle for one pathway's quads (graph names dropped), grouped by subject; `first` subjects lead. */
export function toTurtle(quads: Quad[], prefixes: Record<string, string>, first?: Term[]): string {
  const turtle = new TurtleWriter(prefixes);
  return joined((emit) => turtle.write(quads, first, emit));
}

/** N-Quads text; the quads keep their graphs (canonical form, as n3's Writer writes it). */
export function toNQuads(quads: Quad[]): string {
  const lines = new NTriplesEncoder();
  return joined((emit) => lines.lines(quads, true, emit));
}

/** N-Triples text (graphs dropped), for stores that take one graph per request. */
export function toNTriples(quads: Quad[]): string {
  const lines = new NTriplesEncoder();
  return joined((emit) => lines.lines(quads, false, emit));
}

/** The text a writer emits, as one string. */
function joined(write: (emit: (chunk: string) => void) => void): string {
  const parts: string[] = [];
  write((chunk) => parts.push(chunk));
  return parts.join('');
}
