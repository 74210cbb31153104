import { describe, expect, it } from 'vitest';
import { retryAfterMs } from '../../../../src/load/sparql/retryAfter.js';
import { withRetry } from '../../../../src/load/sparql/retry.js';

describe('retryAfterMs', () => {
  const now = Date.UTC(2026, 11, 7, 4, 0, 0);

  it('reads delay-seconds', () => {
    expect(retryAfterMs('1', now)).toBe(1000);
    expect(retryAfterMs(' 120 ', now)).toBe(120_000);
    expect(retryAfterMs('0', now)).toBe(0);
    expect(retryAfterMs(['3', '9'], now)).toBe(3000);
  });

  it('reads the three HTTP-date forms, as GMT, and a date already past as 0', () => {
    expect(retryAfterMs('Mon, 07 Dec 2026 04:00:05 GMT', now)).toBe(5000);
    expect(retryAfterMs('Monday, 07-Dec-26 04:01:00 GMT', now)).toBe(60_000);
    expect(retryAfterMs('Mon Dec  7 04:00:02 2026', now)).toBe(2000);
    expect(retryAfterMs('Sun, 06 Dec 2026 04:00:00 GMT', now)).toBe(0);
  });

  it('takes a bare number as seconds, never as a year', () => {
    expect(retryAfterMs('2026', now)).toBe(2_026_000);
  });

  it('ignores what is absent or not a delay (a fraction, a negative number, words, a broken date)', () => {
    for (const bad of [undefined, '', '1.5', '-1', 'soon', 'Mon, 99 Foo 2026 GMT'])
      expect(retryAfterMs(bad, now)).toBeUndefined();
  });

  it('takes an absurd number of seconds as too long, not as a small number', () => {
    expect(retryAfterMs('99999999999999999999', now)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('withRetry with a server delay', () => {
  it('waits at least what the failure asks for, and the backoff when that is longer', async () => {
    const sleeps: number[] = [];
    const asked = [5000, 10, undefined];
    let calls = 0;
    const value = await withRetry(
      async () => {
        if (calls++ < 3) throw new Error(`busy ${calls}`);
        return 'ok';
      },
      {
        retries: 3,
        baseMs: 100,
        maxMs: 1000,
        random: () => 0,
        sleep: async (ms) => void sleeps.push(ms),
        serverDelay: () => asked.shift(),
      },
      () => true,
    );
    expect(value).toBe('ok');
    expect(sleeps).toEqual([5000, 100, 200]);
  });
});
