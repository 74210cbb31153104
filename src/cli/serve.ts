// `pathway-kg serve`: a SPARQL endpoint and a query page over the embedded store of a run's --out.

import { parseArgs } from 'node:util';
import { PipelineError, asPipelineError } from '../errors.js';
import { loadMappings } from '../mappings.js';
import { startServer } from '../serve/server.js';
import { EXIT, exitFor } from './exitCodes.js';
import type { CliIO } from './io.js';

export const SERVE_USAGE = `Usage: pathway-kg serve --out <dir> [--host 127.0.0.1] [--port 7878]

Loads the embedded store of a run's --out folder (<dir>/all.nq) once and answers SPARQL over HTTP:
  /sparql   the SPARQL 1.1 Protocol (GET ?query=, POST form or application/sparql-query), read-only;
            without a query, the service description
  /         a query page with the README's example queries
A new all.nq written by \`pathway-kg run --out <dir>\` is loaded beside the current data and swapped in
when ready; queries meanwhile are answered from the previous data.

Options:
  --out <dir>            the output directory of a run (required)
  --host <host>          the address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)
  --port <port>          the port (default 7878; 0 picks a free one)
  --time-limit <s>       stop a query after this many seconds (default 30)
  --result-limit <MB>    refuse an answer larger than this (default 100)
  --mappings <dir>       the mappings a run used: its prefixes.json gives the predefined prefixes
  -h, --help             print this help

Stops cleanly on SIGTERM or SIGINT (exit status 0). Exit status 2 for a usage error, a port in use
or a missing or invalid store, 1 for anything else.
`;

interface ServeArgs {
  out: string;
  host: string;
  port: number;
  timeLimitMs: number;
  maxResultBytes: number;
  mappings?: string;
}

export async function serveCommand(argv: string[], io: CliIO): Promise<number> {
  let args: ServeArgs | undefined;
  try {
    args = parseServeArgs(argv);
    if (args === undefined) {
      io.stdout.write(SERVE_USAGE);
      return EXIT.OK;
    }
    const mappings = loadMappings(args.mappings);
    const log = (line: string): void => void io.stderr.write(`pathway-kg serve: ${line}\n`);
    // Listening for the signals before the (slow) load: a stop asked for meanwhile is a stop too.
    let signalled: (signal: string) => void = () => undefined;
    const stopped = new Promise<string>((resolve) => (signalled = resolve));
    const onTerm = (): void => signalled('SIGTERM');
    const onInt = (): void => signalled('SIGINT');
    process.on('SIGTERM', onTerm);
    process.on('SIGINT', onInt);
    try {
      const starting = startServer({
        out: args.out,
        host: args.host,
        port: args.port,
        prefixes: mappings.queryPrefixes,
        timeLimitMs: args.timeLimitMs,
        maxResultBytes: args.maxResultBytes,
        log,
      });
      const first = await Promise.race([starting, stopped]);
      if (typeof first === 'string') {
        log(`${first}: stopping`);
        await (await starting.catch(() => undefined))?.close();
        return EXIT.OK;
      }
      const page = first.endpoint.replace(/sparql$/, '');
      log(
        `${first.loaded.quads} quads loaded in ${(first.loaded.loadMs / 1000).toFixed(1)} s; SPARQL endpoint ${first.endpoint}, query page ${page}`,
      );
      log(`${await stopped}: stopping`);
      await first.close();
    } finally {
      process.off('SIGTERM', onTerm);
      process.off('SIGINT', onInt);
    }
    return EXIT.OK;
  } catch (error) {
    const failure = asPipelineError(error, 'INTERNAL');
    const hint = failure.code === 'USAGE' ? '\nRun `pathway-kg serve --help` for usage.' : '';
    io.stderr.write(`pathway-kg serve: ${failure.located()}${hint}\n`);
    return exitFor(failure.code);
  }
}

function parseServeArgs(argv: string[]): ServeArgs | undefined {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        out: { type: 'string' },
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string', default: '7878' },
        'time-limit': { type: 'string', default: '30' },
        'result-limit': { type: 'string', default: '100' },
        mappings: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (cause) {
    throw new PipelineError('USAGE', (cause as Error).message, { cause });
  }
  if (values.help === true) return undefined;
  if (values.out === undefined || values.out === '')
    throw new PipelineError('USAGE', 'Expected --out <dir>, the output directory of a run', { key: '--out' });
  const port = Number(values.port);
  if (!/^[0-9]+$/.test(values.port) || port > 65535)
    throw new PipelineError(
      'USAGE',
      `Expected --port to be a port number (0 to 65535), got ${JSON.stringify(values.port)}`,
      { key: '--port' },
    );
  const seconds = Number(values['time-limit']);
  if (!(seconds > 0) || !Number.isFinite(seconds))
    throw new PipelineError(
      'USAGE',
      `Expected --time-limit to be a number of seconds above 0, got ${JSON.stringify(values['time-limit'])}`,
      { key: '--time-limit' },
    );
  const mb = Number(values['result-limit']);
  if (!(mb > 0) || !Number.isFinite(mb))
    throw new PipelineError(
      'USAGE',
      `Expected --result-limit to be a number of MB above 0, got ${JSON.stringify(values['result-limit'])}`,
      { key: '--result-limit' },
    );
  return {
    out: values.out,
    host: values.host,
    port,
    timeLimitMs: Math.round(seconds * 1000),
    maxResultBytes: Math.round(mb * 1e6),
    ...(values.mappings === undefined ? {} : { mappings: values.mappings }),
  };
}
