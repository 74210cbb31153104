// How far the V8 heap may grow past what is live, for a run: a steady 30% rather than V8's guess of up to 4x.
//
// After each full collection V8 sets the next limit to the live size times a factor it picks from how
// fast collection is against the program (--trace-gc: "mu" near 1 lets it pick the most). A run looks
// like a program that collects cheaply, so after the reference tables are loaded (66 MB live) V8 let the
// heap grow to 272 MB before it collected again (30,000 synthetic pages; --trace-gc): peak RSS then grows
// with the corpus though little of it is live (old space 216 MB, of which 134 MB live). A fixed factor of
// 1.3 keeps the heap near its live size; the price is a full collection every few thousand pages (what is
// promoted per page is small), most of its marking done on the other core. Measured again on the 2022 snapshot
// (3 alternating runs each, load 13-17): peak 279-290 MB against 336-352 MB with V8's own factor, wall time within
// the noise (best 28.0 s against 27.5 s). The young generation (two 16 MB semi-spaces) cannot be made smaller from
// here: V8 sizes it when the process starts (NODE_OPTIONS=--max-semi-space-size=4 took 25 MB more off, ~7% slower).
import v8 from 'node:v8';

export const HEAP_GROWING_PERCENT = 30;

let applied = false;

/**
 * Sets V8's heap growing factor for this process (once); effective from the next full collection. PATHWAY_KG_HEAP=v8
 * leaves V8's own.
 */
export function steadyHeapGrowth(env: NodeJS.ProcessEnv = process.env): boolean {
  if (applied || env['PATHWAY_KG_HEAP'] === 'v8') return false;
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  applied = true;
  return true;
}
