// Runs the CLI in-process with captured output.

import { Writable } from 'node:stream';
import { main } from '../../src/cli/main.js';

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

export async function runCli(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk, _enc, done) {
        append(String(chunk));
        done();
      },
    });
  const out = sink((s) => (stdout += s));
  const err = sink((s) => (stderr += s));
  const status = await main(argv, { stdout: out, stderr: err, isTTY: false, env });
  return { status, stdout, stderr };
}
