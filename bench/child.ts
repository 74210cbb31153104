// Runs `node <args>` as a child process and measures its wall time and peak RSS, for the benches.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const GNU_TIME = '/usr/bin/time';

export interface ChildRun {
  status: number | null;
  seconds: number;
  peakRssMb: number | undefined;
  stdout: string;
  stderr: string;
}

/** How peak RSS is measured here: GNU time's maximum resident set, else /proc VmHWM polled every 50 ms. */
export function rssMethod(): string {
  return existsSync(GNU_TIME) ? GNU_TIME : '/proc VmHWM polling';
}

/**
 * Runs `node <args>`; wall time is measured here, peak RSS by GNU time (else VmHWM polling). `env` is added to this
 * process's.
 */
export async function runChild(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ChildRun> {
  const timeFile = path.join(os.tmpdir(), `pathway-kg-bench-time-${process.pid}-${Date.now()}`);
  const useTime = existsSync(GNU_TIME);
  const [command, argv] = useTime
    ? [GNU_TIME, ['-f', '%M', '-o', timeFile, process.execPath, ...args]]
    : [process.execPath, args];
  const started = performance.now();
  const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let polledKib = 0;
  const poll = useTime
    ? undefined
    : setInterval(() => {
        readFile(`/proc/${child.pid}/status`, 'utf8').then(
          (s) => (polledKib = Math.max(polledKib, Number(/VmHWM:\s+([0-9]+)/.exec(s)?.[1] ?? 0))),
          () => undefined,
        );
      }, 50);
  const status = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code));
  });
  const seconds = (performance.now() - started) / 1000;
  if (poll) clearInterval(poll);
  let peakKib = polledKib;
  if (useTime) {
    const text = await readFile(timeFile, 'utf8').catch(() => '');
    await rm(timeFile, { force: true });
    peakKib = Number(/([0-9]+)\s*$/.exec(text.trim())?.[1] ?? 0);
  }
  return { status, seconds, peakRssMb: peakKib > 0 ? peakKib / 1024 : undefined, stdout, stderr };
}

/** The load average now (1, 5, 15 minutes), to print beside every figure: the machine may be shared. */
export function loadAverage(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}
