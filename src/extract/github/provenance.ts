// Where each pathway's files came from (repository, commit, path, blob SHA): kept beside the state in
// --out (source.json) and described in the dataset graph.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DataFactory, type NamedNode, type Quad } from 'n3';
import { writeFileAtomic } from '../../load/atomicFile.js';
import { makeIri, term, type Mappings } from '../../mappings.js';
import { isSha } from './cache.js';
import { encodePath } from './listing.js';

const { quad, namedNode, literal } = DataFactory;

export interface ProvenanceFile {
  path: string;
  /** Git blob SHA of the bytes used. */
  sha: string;
  /** The commit the file was read at: the run's, or an earlier one when this run's copy was unusable. */
  commit: string;
}

export interface SourceProvenance {
  /** `github:owner/repo@commit`, as report.json and the dataset graph name the source. */
  source: string;
  repository: string;
  ref: string;
  commit: string;
  /** The raw file host: a file is `<raw>/<repository>/<commit>/<path>`. */
  raw: string;
  pathways: Record<string, ProvenanceFile[]>;
  /** What the run that wrote source.json cost: requests, files and bytes downloaded. */
  fetched?: {
    requests: number;
    bytes: number;
    retries: number;
    listed: number;
    listingCached: boolean;
    downloaded: number;
    downloadedBytes: number;
  };
}

export const PROVENANCE_FILE = 'source.json';

/** The provenance of the last completed run in `out`, if it read the same repository. */
export async function readProvenance(out: string, repository: string): Promise<SourceProvenance | undefined> {
  try {
    const p = JSON.parse(await readFile(path.join(out, PROVENANCE_FILE), 'utf8')) as SourceProvenance;
    if (p.repository !== repository || typeof p.pathways !== 'object' || p.pathways === null) return undefined;
    for (const files of Object.values(p.pathways)) {
      if (!Array.isArray(files) || !files.every((f) => typeof f.path === 'string' && isSha(f.sha) && isSha(f.commit)))
        return undefined;
    }
    return p;
  } catch {
    return undefined;
  }
}

export async function writeProvenance(out: string, provenance: SourceProvenance): Promise<void> {
  await writeFileAtomic(path.join(out, PROVENANCE_FILE), JSON.stringify(provenance, null, 1) + '\n');
}

/** The file's address on the raw host: an IRI built only from checked names and encoded path segments. */
export function fileIri(provenance: SourceProvenance, file: ProvenanceFile): NamedNode {
  return namedNode(
    `${provenance.raw.replace(/\/+$/, '')}/${provenance.repository}/${file.commit}/${encodePath(file.path)}`,
  );
}

/** Dataset-graph facts: the snapshot read, and per pathway graph the files it was made from. */
export function provenanceQuads(provenance: SourceProvenance | undefined, mappings: Mappings, g: NamedNode): Quad[] {
  if (provenance === undefined) return [];
  const t = (p: string, l: string) => term(mappings, p, l);
  const snapshot = namedNode(`${provenance.raw.replace(/\/+$/, '')}/${provenance.repository}/${provenance.commit}/`);
  const out: Quad[] = [
    quad(g, t('prov', 'wasDerivedFrom'), snapshot, g),
    quad(snapshot, t('rdfs', 'label'), literal(`${provenance.repository}@${provenance.ref}`), g),
    quad(snapshot, t('pav', 'version'), literal(provenance.commit), g),
  ];
  for (const wpid of Object.keys(provenance.pathways).sort()) {
    const graph = makeIri(mappings, 'wikipathways', wpid);
    if (graph === undefined) continue;
    for (const file of provenance.pathways[wpid]!) {
      const iri = fileIri(provenance, file);
      out.push(
        quad(graph, t('prov', 'wasDerivedFrom'), iri, g),
        quad(iri, t('dcterms', 'identifier'), literal(`git-blob:${file.sha}`), g),
      );
    }
  }
  return out;
}
