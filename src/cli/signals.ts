// SIGINT and SIGTERM (Ctrl-C, systemd stopping a timer job): the run stops between two pages and
// cleans up as a failed run does; a second signal exits at once.

/** 128 + the signal's number, as a shell reports a process killed by it. */
export const STOP_STATUS = { SIGINT: 130, SIGTERM: 143 } as const;

export type StopSignal = keyof typeof STOP_STATUS;

/** The reason a stopped run gives: thrown by the pipeline (AbortSignal.throwIfAborted) and caught by main. */
export class Stopped extends Error {
  constructor(readonly signal: StopSignal) {
    super(`stopped by ${signal}`);
    this.name = 'Stopped';
  }

  /** What the command did when it stopped, added to the message main prints. */
  explain(what: string): this {
    this.message = `stopped by ${this.signal}${what}`;
    return this;
  }

  get status(): number {
    return STOP_STATUS[this.signal];
  }
}

export function isStopped(error: unknown): error is Stopped {
  return error instanceof Stopped;
}

/**
 * Handlers for this process: the first signal aborts the returned signal (the run finishes or abandons
 * the page in flight and cleans up); a second one exits at once, leaving what the next run cleans up.
 */
export function installStopHandlers(
  stderr: NodeJS.WritableStream,
  exit: (status: number) => void = (s) => process.exit(s),
): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const handlers = new Map<StopSignal, () => void>();
  for (const name of Object.keys(STOP_STATUS) as StopSignal[]) {
    const handler = () => {
      if (controller.signal.aborted) {
        stderr.write(`pathway-kg: second ${name}: exiting at once; the next run removes what this one left\n`);
        exit(STOP_STATUS[name]);
        return;
      }
      controller.abort(new Stopped(name));
    };
    handlers.set(name, handler);
    process.on(name, handler);
  }
  return {
    signal: controller.signal,
    dispose: () => {
      for (const [name, handler] of handlers) process.off(name, handler);
    },
  };
}
