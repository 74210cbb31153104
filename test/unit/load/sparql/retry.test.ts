import { describe, expect, it } from 'vitest';
import { backoffDelay, withRetry } from '../../../../src/load/sparql/retry.js';

describe('backoffDelay', () => {
  it('doubles from the base up to the cap, half of it jittered', () => {
    // random() = 0 gives half the ceiling, random() → 1 gives the whole ceiling.
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, 100, 1000, () => 0))).toEqual([50, 100, 200, 400, 500, 500]);
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, 100, 1000, () => 0.999999))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
    expect(backoffDelay(2, 100, 1000, () => 0.5)).toBe(150);
  });
});

describe('withRetry', () => {
  const policy = (retries: number, sleeps: number[]) => ({
    retries,
    baseMs: 100,
    maxMs: 1000,
    random: () => 0,
    sleep: async (ms: number) => void sleeps.push(ms),
  });

  it('retries retryable failures and returns the first success', async () => {
    const sleeps: number[] = [];
    const attempts: number[] = [];
    const value = await withRetry(
      async (attempt) => {
        attempts.push(attempt);
        if (attempt < 3) throw new Error('503');
        return 'ok';
      },
      policy(4, sleeps),
      () => true,
    );
    expect(value).toBe('ok');
    expect(attempts).toEqual([1, 2, 3]);
    expect(sleeps).toEqual([50, 100]);
  });

  it('stops after the retry budget with the last failure', async () => {
    const sleeps: number[] = [];
    let calls = 0;
    await expect(
      withRetry(
        async (attempt) => {
          calls++;
          throw new Error(`failure ${attempt}`);
        },
        policy(2, sleeps),
        () => true,
      ),
    ).rejects.toThrow('failure 3');
    expect(calls).toBe(3);
    expect(sleeps).toEqual([50, 100]);
  });

  it('does not retry what is not retryable', async () => {
    const sleeps: number[] = [];
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw new Error('400');
        },
        policy(5, sleeps),
        (e) => (e as Error).message !== '400',
      ),
    ).rejects.toThrow('400');
    expect(calls).toBe(1);
    expect(sleeps).toEqual([]);
  });
});
