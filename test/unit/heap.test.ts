import { describe, expect, it } from 'vitest';
import { HEAP_GROWING_PERCENT, steadyHeapGrowth } from '../../src/heap.js';

describe('steadyHeapGrowth', () => {
  it('leaves V8 its own growth when PATHWAY_KG_HEAP=v8, else sets it once per process', () => {
    expect(HEAP_GROWING_PERCENT).toBeGreaterThan(0);
    expect(steadyHeapGrowth({ PATHWAY_KG_HEAP: 'v8' })).toBe(false);
    expect(steadyHeapGrowth({})).toBe(true);
    expect(steadyHeapGrowth({})).toBe(false);
  });
});
