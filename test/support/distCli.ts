// Runs the built CLI (dist/) as a child process, as a user runs it: the worker threads start only from the build.

import { spawn } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from './corpus.js';

export const DIST_CLI = path.join(PROJECT_ROOT, 'dist', 'src', 'cli', 'main.js');

/**
 * `args` after the CLI; `env` on top of this process's. Resolves with the exit status (or the signal that ended it) and
 * what went to stderr.
 */
export function runDistCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ status: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DIST_CLI, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (status, signal) => resolve({ status, signal, stderr }));
  });
}
