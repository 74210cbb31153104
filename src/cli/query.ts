// `pathway-kg query`: answers a SPARQL query from the embedded store a run left in --out.

import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { Store } from 'oxigraph';
import { PipelineError, asPipelineError } from '../errors.js';
import { openEmbeddedStore } from '../load/embeddedStore.js';
import { loadMappings } from '../mappings.js';
import { runEndpointQuery } from '../query/endpointQuery.js';
import { GRAPH_FORMATS, SOLUTION_FORMATS, runQuery, type OutputFormat } from '../query/runQuery.js';
import { EXIT, exitFor } from './exitCodes.js';
import { printable } from './printable.js';

export interface QueryIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Whether stdout is a terminal: the default format is then `table`, else `tsv`. */
  isTTY: boolean;
}

export const QUERY_USAGE = `Usage: pathway-kg query --out <dir> [--format <format>] '<SPARQL query>'
       pathway-kg query --out <dir> [--format <format>] --file <query.rq>
       pathway-kg query --endpoint <url> [--format <format>] '<SPARQL query>'

Answers a SPARQL 1.1 query from the embedded store that \`pathway-kg run --out <dir>\` left in <dir>
(<dir>/all.nq). A query without GRAPH sees all graphs together, as on the WikiPathways endpoint,
and these prefixes are predefined (a query may declare its own, or re-declare these):
  {prefixes}

Options:
  --out <dir>        the output directory of a run
  --endpoint <url>   instead of --out: any SPARQL endpoint (\`pathway-kg serve\`, Virtuoso, …);
                     the predefined prefixes the query uses are sent with it
  --file <file>      read the query from a file instead of the command line
  --mappings <dir>   the mappings a run used: its prefixes.json and query-prefixes.json give the
                     predefined prefixes
                     (default: the package's mappings/)
  --format <format>  for SELECT and ASK: table (the default on a terminal), or one of the W3C
                     SPARQL 1.1 Query Results formats tsv (the default otherwise), csv, json;
                     for CONSTRUCT and DESCRIBE: turtle (the default) or ntriples
  -h, --help         print this help

Exit status: 0 with an answer (even an empty one), 2 for a usage error, an invalid query or a
missing or unreadable store, 4 for an endpoint that cannot be reached, 5 for one that wants
credentials, 1 for anything else.
`;

const FORMATS: readonly string[] = [...SOLUTION_FORMATS, ...GRAPH_FORMATS];

/** Runs `pathway-kg query` with the arguments after `query`; resolves to the exit status. */
export async function queryCommand(argv: string[], io: QueryIo): Promise<number> {
  try {
    const args = parseQueryArgs(argv);
    const mappings = loadMappings(args.mappings);
    if (args.help) {
      await write(io.stdout, QUERY_USAGE.replace('{prefixes}', Object.keys(mappings.queryPrefixes).join(' ')));
      return EXIT.OK;
    }
    const query = args.file === undefined ? args.query! : await readQueryFile(args.file);
    const options = {
      prefixes: mappings.queryPrefixes,
      isTTY: io.isTTY,
      ...(args.format === undefined ? {} : { format: args.format }),
      ...(args.file === undefined ? {} : { file: args.file }),
    };
    if (args.endpoint !== undefined) {
      await write(io.stdout, await runEndpointQuery(args.endpoint, query, options));
      return EXIT.OK;
    }
    // A mistake in the query is reported before the (slow) store load: run it on an empty store first.
    await runQuery(new Store(), query, options);
    const store = await openEmbeddedStore(args.out);
    await write(io.stdout, await runQuery(store, query, options));
    return EXIT.OK;
  } catch (error) {
    const failure = asPipelineError(error, 'INTERNAL');
    const hint = failure.code === 'USAGE' ? '\nRun `pathway-kg query --help` for usage.' : '';
    io.stderr.write(`pathway-kg query: ${printable(failure.located())}${hint}\n`);
    return exitFor(failure.code);
  }
}

interface QueryArgs {
  out: string;
  endpoint?: string;
  query?: string;
  file?: string;
  format?: OutputFormat;
  mappings?: string;
  help: boolean;
}

function parseQueryArgs(argv: string[]): QueryArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        out: { type: 'string' },
        endpoint: { type: 'string' },
        file: { type: 'string' },
        format: { type: 'string' },
        mappings: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (cause) {
    throw new PipelineError('USAGE', (cause as Error).message, { cause });
  }
  const { values, positionals } = parsed;
  const mappings = values.mappings === undefined ? {} : { mappings: values.mappings };
  if (values.help === true) return { out: '', help: true, ...mappings };
  if (values.endpoint !== undefined && values.out !== undefined)
    throw new PipelineError('USAGE', 'Expected either --out or --endpoint, not both', { key: '--endpoint' });
  if (values.endpoint === '')
    throw new PipelineError('USAGE', 'Expected --endpoint <url>, a SPARQL endpoint', { key: '--endpoint' });
  const target = values.endpoint === undefined ? undefined : { endpoint: values.endpoint };
  if (target === undefined && (values.out === undefined || values.out === ''))
    throw new PipelineError('USAGE', 'Expected --out <dir>, the output directory of a run', { key: '--out' });
  if (values.format !== undefined && !FORMATS.includes(values.format)) {
    throw new PipelineError(
      'USAGE',
      `Expected --format to be one of ${FORMATS.join(', ')}, got ${JSON.stringify(values.format)}`,
      { key: '--format' },
    );
  }
  const format = values.format as OutputFormat | undefined;
  const base = {
    out: values.out ?? '',
    help: false,
    ...target,
    ...mappings,
    ...(format === undefined ? {} : { format }),
  };
  if (values.file !== undefined) {
    if (positionals.length > 0)
      throw new PipelineError('USAGE', 'Expected either a query or --file, not both', { key: '--file' });
    return { ...base, file: values.file };
  }
  if (positionals.length !== 1)
    throw new PipelineError('USAGE', `Expected one query argument (quote it), got ${positionals.length}`);
  if (positionals[0]!.trim() === '') throw new PipelineError('USAGE', 'Expected a SPARQL query, got an empty argument');
  return { ...base, query: positionals[0]! };
}

async function readQueryFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (cause) {
    throw new PipelineError('USAGE', `Cannot read the query file: ${(cause as Error).message}`, {
      file,
      key: '--file',
      cause,
    });
  }
}

/** Writes all of `text`; a reader that went away (`| head`) is not an error. */
function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (error: NodeJS.ErrnoException | null | undefined): void =>
      error && error.code !== 'EPIPE' ? reject(error) : resolve();
    // Kept, not removed: the stream emits 'error' after the write callback, and unheard it would crash the process.
    stream.on('error', settle);
    stream.write(text, settle);
  });
}
