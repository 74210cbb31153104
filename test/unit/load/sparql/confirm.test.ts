// GraphCounts: many loaded graphs confirmed by one count of the whole store.

import { describe, expect, it } from 'vitest';
import { GraphCounts } from '../../../../src/load/sparql/confirm.js';

function counter(store: Map<string, number>, batch: number, maxWaitMs: number, ready: () => boolean = () => false) {
  const queries: number[] = [];
  const counts = new GraphCounts(
    async () => {
      queries.push(Date.now());
      return new Map(store);
    },
    batch,
    maxWaitMs,
    ready,
  );
  return { counts, queries };
}

describe('GraphCounts', () => {
  it('answers `batch` graphs with one query, each with its own count (0 for a graph the store does not hold)', async () => {
    const store = new Map([
      ['g1', 3],
      ['g2', 5],
    ]);
    const { counts, queries } = counter(store, 3, 60_000);
    const answers = Promise.all([counts.count('g1'), counts.count('g2'), counts.count('g3')]);
    expect(await answers).toEqual([3, 5, 0]);
    expect(queries).toHaveLength(1);
  });

  it('counts after the graph was written: the store as it is when the batch is sent, not when the first graph joined', async () => {
    const store = new Map<string, number>();
    const { counts } = counter(store, 2, 60_000);
    const first = counts.count('g1');
    store.set('g1', 4); // written before the batch fills
    const second = counts.count('g2');
    expect(await Promise.all([first, second])).toEqual([4, 0]);
  });

  it('sends a batch that is not full after maxWaitMs, or at once when ready() says nothing else is coming', async () => {
    const store = new Map([['g', 1]]);
    const slow = counter(store, 100, 50);
    const t = Date.now();
    expect(await slow.counts.count('g')).toBe(1);
    expect(Date.now() - t).toBeGreaterThanOrEqual(45);
    const now = counter(store, 100, 60_000, () => true);
    expect(await now.counts.count('g')).toBe(1);
    expect(now.queries).toHaveLength(1);
  });

  it('a failed count fails every graph of its batch, and only those', async () => {
    let calls = 0;
    const counts = new GraphCounts(
      async () => {
        if (calls++ === 0) throw new Error('store down');
        return new Map([['c', 2]]);
      },
      2,
      60_000,
      () => false,
    );
    const a = counts.count('a');
    const b = counts.count('b');
    await expect(a).rejects.toThrow('store down');
    await expect(b).rejects.toThrow('store down');
    const c = counts.count('c');
    counts.flush();
    expect(await c).toBe(2);
  });
});
