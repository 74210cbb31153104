// The shared graphs made by two threads at once. After the last page the main thread has nothing to do while the
// output thread makes the buckets (SharedLayout.finish, ~1.3 s of a 2022 first run): both now take buckets from one
// counter in shared memory, each making the next one not yet taken (bucketContent.ts), and the output thread writes
// them all, in bucket order, as before: the same bytes whichever thread made a bucket.

import { bucketContent, readClaims, type BucketContent, type BucketInputs } from './bucketContent.js';

/** What the other thread needs to make buckets: plain data, cloned once. */
export interface FinishPlan {
  out: string;
  /** The buckets to make, in order; the counter hands out indices into this list. */
  work: number[];
  readPrevious: boolean;
  replaced: string[];
  /** Per entry of `work`: its bucket's spill file. */
  spills: (string | undefined)[];
  /** Per entry of `work`: its bucket's claims spill file (bucketContent.ts, readClaims). */
  claims: (string | undefined)[];
}

/** How SharedLayout.finish shares the buckets with another thread. */
export interface BucketShare {
  /** Takes the next index of the plan's work, or one past its end when every bucket is taken. */
  take(): number;
  /** Gives the plan to the other thread, which starts taking buckets. */
  start(plan: FinishPlan): void;
  /** A bucket the other thread took, once it is made (rejects with that thread's failure). */
  made(index: number): Promise<BucketContent>;
}

/** A counter both threads see: an Int32Array over a SharedArrayBuffer, taken with an atomic add. */
export function sharedCounter(): SharedArrayBuffer {
  return new SharedArrayBuffer(4);
}

export function takeFrom(counter: SharedArrayBuffer): number {
  return Atomics.add(new Int32Array(counter), 0, 1);
}

/** The inputs of the plan's `index`th bucket, on the thread the plan was sent to. */
export function planInputs(plan: FinishPlan, replaced: ReadonlySet<string>, index: number): BucketInputs {
  const claims = readClaims(plan.claims[index]);
  return {
    readPrevious: plan.readPrevious,
    replaced,
    spill: plan.spills[index],
    claims,
  };
}

/**
 * The other thread's part: takes buckets until none is left, making each and handing it over with `made`. A failure is
 * handed over in place of its bucket, and this thread stops taking: the output thread makes the rest and fails the run
 * when it reaches the failed bucket. Returns the sidecars it staged (removed by the caller if the finish fails).
 */
export async function helpFinish(
  plan: FinishPlan,
  take: () => number,
  made: (index: number, result: { content: BucketContent } | { error: unknown }) => void,
): Promise<string[]> {
  const replaced = new Set(plan.replaced);
  const staged: string[] = [];
  for (let i = take(); i < plan.work.length; i = take()) {
    let content: BucketContent;
    try {
      content = await bucketContent(plan.out, plan.work[i]!, planInputs(plan, replaced, i));
    } catch (error) {
      made(i, { error });
      break;
    }
    if (content.sidecar !== undefined) staged.push(content.sidecar);
    made(i, { content });
  }
  return staged;
}
