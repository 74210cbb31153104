// Runs the built CLI (dist/) as a child process: for runs that could hang, and to run as another user.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from './corpus.js';

export const CLI = path.join(PROJECT_ROOT, 'dist', 'src', 'cli', 'main.js');

export interface ChildResult {
  /** Exit status, or null when killed at the timeout. */
  status: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * `node dist/src/cli/main.js ...argv`, killed after `timeoutMs`; `prefix` runs it through another command (setpriv).
 */
export function runCliChild(
  argv: string[],
  { timeoutMs = 60_000, prefix = [] as string[], env = process.env } = {},
): Promise<ChildResult> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
  const command = [...prefix, process.execPath, CLI, ...argv];
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command[0]!, command.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr, ms: Date.now() - started });
    });
  });
}
