// Loads every reference table of --reference once, in parallel, and collects their versions.

import { access } from 'node:fs/promises';
import path from 'node:path';
import { PipelineError } from '../errors.js';
import type { Mappings } from '../mappings.js';
import type { OntologyKind } from '../types.js';
import { loadHgnc, type HgncTable } from './hgnc.js';
import { loadClSynonymReport, loadHumanDoLabels, type NewerLabels } from './newerLabels.js';
import { loadObo, type Ontology } from './obo.js';
import { loadOrganisms, type Organisms } from './organisms.js';
import { loadSchemaContext, type SchemaContext } from './schemaContext.js';

export interface Reference {
  dir: string;
  hgnc: HgncTable;
  ontologies: Record<OntologyKind, Ontology>;
  organisms: Organisms;
  schemaContext: SchemaContext;
  /** Source name → version (HGNC date, ontology data-version, content hashes): for report.json and input hashes. */
  versions: Record<string, string>;
}

/** The files of --reference, relative to it; each may also be found gzipped (`.gz`) or plain. */
export const REFERENCE_FILES = {
  hgnc: 'hgnc/hgnc_complete_set.txt',
  PW: 'ontology/pathway.obo',
  DOID: 'ontology/doid.obo',
  CL: 'ontology/cl-basic.obo',
  organisms: 'taxonomy/bridgedb_organisms.tsv',
  schemaContext: 'schemaorg/schemaorgcontext.jsonld',
} as const;

/** Optional newer label lists: used as extra label evidence when present. */
export const OPTIONAL_REFERENCE_FILES = {
  DOID: 'ontology/HumanDO.tsv',
  CL: 'ontology/cl_synonyms_report.tsv',
} as const;

/** The tables that take seconds to parse, as the parsed-reference cache (src/reference/cache/) gives them back. */
export interface ParsedTables {
  hgnc: HgncTable;
  ontologies: Record<OntologyKind, Ontology>;
}

/**
 * `log` gets a line as the loading starts, one per table as it is read (with its time), and one at the end. `parsed`:
 * the HGNC table and the ontologies (with their newer labels) already parsed; the files are then only checked to be
 * there, and the small tables read.
 */
export async function loadReference(
  dir: string,
  mappings: Mappings,
  log?: (line: string) => void,
  parsed?: ParsedTables,
): Promise<Reference> {
  const start = Date.now();
  const reading = parsed === undefined ? Object.keys(REFERENCE_FILES).length : 2;
  log?.(
    `reference: reading ${reading} tables from ${dir}${parsed === undefined ? '' : ' (the others from the cache)'}`,
  );
  const timed = <T>(file: string, load: (file: string) => Promise<T>): Promise<T> => {
    const began = Date.now();
    return load(file).then((table) => {
      log?.(`reference: ${path.relative(dir, file)} read (${seconds(began)} s)`);
      return table;
    });
  };
  const located = async (relative: string): Promise<string> => {
    const found = await findFile(dir, relative);
    if (found === undefined) {
      throw new PipelineError(
        'REFERENCE_MISSING',
        `Reference file ${relative} (or ${relative}.gz) not found in ${dir}; point --reference at a folder laid out like ../shared/data/reference`,
        { file: path.join(dir, relative), key: '--reference' },
      );
    }
    return found;
  };
  const optional = async <T>(relative: string, load: (file: string) => Promise<T>): Promise<T | undefined> => {
    const found = await findFile(dir, relative);
    return found === undefined ? undefined : timed(found, load);
  };
  // From the cache: the files must still be there (the cache's key is made from their bytes).
  const known = <T>(relative: string, table: T): Promise<T> => located(relative).then(() => table);
  const ontology = (kind: OntologyKind): Promise<Ontology> =>
    parsed === undefined
      ? located(REFERENCE_FILES[kind]).then((f) => timed(f, (g) => loadObo(g, kind)))
      : known(REFERENCE_FILES[kind], parsed.ontologies[kind]);
  const newer = (
    kind: 'DOID' | 'CL',
    load: (file: string) => Promise<NewerLabels>,
  ): Promise<NewerLabels | undefined> =>
    parsed === undefined
      ? optional(OPTIONAL_REFERENCE_FILES[kind], load)
      : Promise.resolve(parsed.ontologies[kind].newerLabels);
  const [hgnc, PW, DOID, CL, organisms, schemaContext, doNewer, clNewer] = await Promise.all([
    parsed === undefined
      ? located(REFERENCE_FILES.hgnc).then((f) => timed(f, loadHgnc))
      : known(REFERENCE_FILES.hgnc, parsed.hgnc),
    ontology('PW'),
    ontology('DOID'),
    ontology('CL'),
    located(REFERENCE_FILES.organisms).then((f) => timed(f, (g) => loadOrganisms(g, mappings.organisms))),
    located(REFERENCE_FILES.schemaContext).then((f) => timed(f, loadSchemaContext)),
    newer('DOID', loadHumanDoLabels),
    newer('CL', loadClSynonymReport),
  ]);
  if (doNewer !== undefined) DOID.newerLabels = doNewer;
  if (clNewer !== undefined) CL.newerLabels = clNewer;
  const versions: Record<string, string> = {
    hgnc: hgnc.version,
    PW: PW.version,
    DOID: DOID.version,
    CL: CL.version,
    organisms: organisms.version,
    schemaContext: schemaContext.version,
  };
  if (doNewer !== undefined) versions['DOID.newerLabels'] = doNewer.version;
  if (clNewer !== undefined) versions['CL.newerLabels'] = clNewer.version;
  log?.(`reference: ready (${seconds(start)} s)`);
  return { dir, hgnc, ontologies: { PW, DOID, CL }, organisms, schemaContext, versions };
}

/** `relative` itself, else with `.gz` added (or removed, when it ends in .gz). */
export async function findFile(dir: string, relative: string): Promise<string | undefined> {
  const alternative = relative.endsWith('.gz') ? relative.slice(0, -3) : `${relative}.gz`;
  for (const candidate of [relative, alternative]) {
    const file = path.join(dir, candidate);
    try {
      await access(file);
      return file;
    } catch {
      // try the next spelling
    }
  }
  return undefined;
}

function seconds(since: number): string {
  return ((Date.now() - since) / 1000).toFixed(1);
}
