// The streams a command writes to, passed in so that tests can capture them.

export interface CliIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  /** Aborted when the user or the service manager asks the process to stop (see signals.ts). */
  signal?: AbortSignal;
}

export function processIO(): CliIO {
  return { stdout: process.stdout, stderr: process.stderr, isTTY: Boolean(process.stdout.isTTY), env: process.env };
}
