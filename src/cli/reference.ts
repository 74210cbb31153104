// `pathway-kg reference fetch --into <dir>`: downloads the reference files a run needs (see
// mappings/reference-sources.json).

import path from 'node:path';
import { parseArgs } from 'node:util';
import { PipelineError } from '../errors.js';
import { DEFAULT_MAPPINGS_DIR } from '../mappings.js';
import { fetchReference } from '../reference/fetch/fetchReference.js';
import { loadReferenceSources, REFERENCE_SOURCES_FILE } from '../reference/fetch/sources.js';
import { EXIT, exitFor } from './exitCodes.js';
import type { CliIO } from './io.js';
import { printable } from './printable.js';

export const REFERENCE_HELP = `Usage: pathway-kg reference fetch --into <dir> [options]

Downloads every reference file a run needs (HGNC, PW, DOID, CL, the newer-label tables, the organism
table, the schema.org context) into <dir>, in the --reference layout. Only files that changed are
downloaded (ETag / Last-Modified remembered in <dir>/reference-fetch.json); a download replaces a
file only if it passes its check (no HTML page, no empty or cut-off file, the expected header, an
OBO with format-version and [Term]), atomically.

  --into <dir>        the reference folder to bring up to date (give it to run as --reference)
  --sources <file>    the list of files and URLs (default: <mappings>/${REFERENCE_SOURCES_FILE})
  --mappings <dir>    mapping tables (default: the package's mappings/)
  --only <names>      comma-separated names to fetch (hgnc,PW,DOID,CL,…)
  --quiet             print failures only
  -h, --help          this help

Exit status: 0 every file up to date; 2 a download failed its check, or a usage error; 4 a host
could not be reached (every failed file keeps its previous version).
`;

export async function referenceCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      into: { type: 'string' },
      sources: { type: 'string' },
      mappings: { type: 'string' },
      only: { type: 'string' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: true,
  });
  if (values.help) {
    io.stdout.write(REFERENCE_HELP);
    return EXIT.OK;
  }
  if (positionals.length !== 1 || positionals[0] !== 'fetch')
    throw new PipelineError('USAGE', 'Expected "reference fetch --into <dir>"', { key: positionals[0] ?? '' });
  if (values.into === undefined || values.into === '')
    throw new PipelineError('USAGE', 'Missing --into <dir>', { key: '--into' });
  const into = path.resolve(values.into);
  let sources = loadReferenceSources(
    path.resolve(values.sources ?? path.join(values.mappings ?? DEFAULT_MAPPINGS_DIR, REFERENCE_SOURCES_FILE)),
  );
  if (values.only !== undefined) {
    const only = new Set(values.only.split(',').map((s) => s.trim()));
    const unknown = [...only].filter((n) => !sources.some((s) => s.name === n));
    if (unknown.length > 0)
      throw new PipelineError(
        'USAGE',
        `--only: unknown name(s) ${unknown.join(', ')}; known: ${sources.map((s) => s.name).join(', ')}`,
        { key: '--only' },
      );
    sources = sources.filter((s) => only.has(s.name));
  }
  const result = await fetchReference(
    into,
    sources,
    values.quiet ? {} : { onRetry: (m) => io.stderr.write(`${printable(m)}\n`) },
  );
  let status: number = EXIT.OK;
  for (const o of result.outcomes) {
    if (o.status === 'failed') {
      io.stderr.write(`${printable(`${o.source.name}: FAILED: ${o.error!.message}`)} [${o.error!.code}]\n`);
      if (status === EXIT.OK) status = exitFor(o.error!.code);
    } else if (!values.quiet) {
      const facts = [
        o.version !== undefined ? `version ${o.version}` : undefined,
        o.bytes !== undefined ? `${o.bytes.toLocaleString('en-US')} bytes` : undefined,
      ]
        .filter(Boolean)
        .join(', ');
      io.stdout.write(`${o.source.name.padEnd(17)} ${o.source.path.padEnd(34)} ${o.status.padEnd(9)} ${facts}\n`);
    }
  }
  if (!values.quiet) io.stdout.write(`${result.requests} requests; reference folder ${into}\n`);
  return status;
}
