// Crash points for the crash-recovery tests (test/unit/pipeline/killed.test.ts): PATHWAY_KG_TEST_KILL=<point>
// kills the process there with SIGKILL, as the OOM killer or a power cut would, at an exact step.

export type KillPoint = 'before-commit' | 'after-all-nq';

export function killPoint(point: KillPoint): void {
  if (process.env['PATHWAY_KG_TEST_KILL'] === point) process.kill(process.pid, 'SIGKILL');
}

/**
 * PATHWAY_KG_TEST_KILL=output-thread: the output thread (src/load/outputThreadWorker.ts) stops at this point, as a
 * thread that crashed would; in a worker, process.exit ends that thread only.
 */
export function threadKillPoint(): void {
  if (process.env['PATHWAY_KG_TEST_KILL'] === 'output-thread') process.exit(70);
}
