// The pathway-kg command line: dispatches to one command and maps errors to exit statuses.

import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isPipelineError } from '../errors.js';
import { outputError } from '../load/atomicFile.js';
import { TOOL } from '../version.js';
import { EXIT, exitFor } from './exitCodes.js';
import { processIO, type CliIO } from './io.js';
import { printable } from './printable.js';
import { installStopHandlers, isStopped } from './signals.js';

const HELP = `Usage: pathway-kg <command> [options]

Commands:
  run           pages -> RDF (Turtle files, N-Quads, embedded store or a SPARQL endpoint)
  load          load an already-transformed --out folder into a SPARQL endpoint
  query         SPARQL over the embedded store of a run's --out folder
  serve         a SPARQL endpoint and query page over the embedded store of a run's --out folder
  learn-labels  learn label usage from participant tables (mappings/label-usage.tsv)
  reference     reference fetch: download the reference files a run needs

Run "pathway-kg <command> --help" for a command's options.
`;

type Command = (argv: string[], io: CliIO) => Promise<number>;

/** Commands that check io.signal and clean up when it is aborted (SIGINT, SIGTERM). */
const STOPPABLE = new Set(['run', 'load']);

/** The command a name on the command line stands for (imported on demand: `query` need not load the pipeline). */
async function commandNamed(name: string): Promise<Command | undefined> {
  switch (name) {
    case 'run':
      return (await import('./run.js')).runCommand;
    case 'load':
      return (await import('./load.js')).loadCommand;
    case 'query':
      return (await import('./query.js')).queryCommand;
    case 'serve':
      return (await import('./serve.js')).serveCommand;
    case 'learn-labels':
      return (await import('./learnLabels.js')).learnLabelsCommand;
    case 'reference':
      return (await import('./reference.js')).referenceCommand;
    default:
      return undefined;
  }
}

export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    io.stdout.write(HELP);
    return name === undefined ? EXIT.USAGE : EXIT.OK;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${TOOL.name} ${TOOL.version}\n`);
    return EXIT.OK;
  }
  const command = await commandNamed(name);
  if (command === undefined) {
    io.stderr.write(`pathway-kg: unknown command "${printable(name)}"\n\n${HELP}`);
    return EXIT.USAGE;
  }
  try {
    return await command(rest, io);
  } catch (caught) {
    if (isStopped(caught)) {
      io.stderr.write(`pathway-kg ${name}: ${caught.message}\n`);
      return caught.status;
    }
    // A full or read-only disk wherever it is met: a coded error naming the file, not a stack trace.
    const error = outputError(caught);
    if (isPipelineError(error)) {
      io.stderr.write(`pathway-kg ${name}: ${printable(error.located())}\n`);
      return exitFor(error.code);
    }
    if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(
        `pathway-kg ${name}: ${printable((error as Error).message)}\nRun "pathway-kg ${name} --help" for usage.\n`,
      );
      return EXIT.USAGE;
    }
    io.stderr.write(`pathway-kg ${name}: fatal: ${(error as Error)?.stack ?? String(error)}\n`);
    return EXIT.FATAL;
  }
}

/** Runs the CLI as the program: exit status, and the stop signals for the commands that stop cleanly. */
export function runProgram(argv: string[]): void {
  // Only the commands that stop cleanly take the signals over; the others keep the default (exit at once).
  const stop = STOPPABLE.has(argv[0] ?? '') ? installStopHandlers(process.stderr) : undefined;
  main(argv, { ...processIO(), ...(stop ? { signal: stop.signal } : {}) }).then(
    (status) => {
      stop?.dispose();
      process.exitCode = status;
    },
    (error: unknown) => {
      process.stderr.write(`pathway-kg: fatal: ${String(error)}\n`);
      process.exitCode = EXIT.FATAL;
    },
  );
}

// The package's bin is src/bin.ts; `node dist/src/cli/main.js` (the form the README and scripts use) runs the same,
// only when this file is the program (or a symlink to it), never when imported.
if (isProgram(process.argv[1])) runProgram(process.argv.slice(2));

function isProgram(argv1: string | undefined): boolean {
  if (argv1 === undefined) return false;
  try {
    return realpathSync(argv1) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}
