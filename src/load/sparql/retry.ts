// Retries an async step with exponential backoff and jitter, only for failures marked retryable, waiting at least
// as long as the server asked.

export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number;
  baseMs: number;
  maxMs: number;
  /** In [0, 1); Math.random by default. */
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Told before each retry: the failure, the attempt that failed (1-based) and the delay chosen. */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  /** The wait the failure itself asks for (an answer's Retry-After), if any: the delay is at least that. */
  serverDelay?: (error: unknown) => number | undefined;
}

/** Delay before retry `n` (1-based): half of min(max, base·2^(n-1)) fixed, the other half random. */
export function backoffDelay(n: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** (n - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `step(attempt)` until it succeeds, fails with a non-retryable error, or the retries are spent. */
export async function withRetry<T>(
  step: (attempt: number) => Promise<T>,
  policy: RetryPolicy,
  retryable: (error: unknown) => boolean,
): Promise<T> {
  const sleep = policy.sleep ?? defaultSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await step(attempt);
    } catch (error) {
      if (attempt > policy.retries || !retryable(error)) throw error;
      const delay = Math.max(
        backoffDelay(attempt, policy.baseMs, policy.maxMs, policy.random),
        policy.serverDelay?.(error) ?? 0,
      );
      policy.onRetry?.(error, attempt, delay);
      await sleep(delay);
    }
  }
}
