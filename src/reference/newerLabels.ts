// Loads newer label lists (DO's HumanDO.tsv, CL's synonyms report) used as extra label → id evidence.

import { PipelineError } from '../errors.js';
import { readReferenceBytes } from './gzip.js';
import { byteLineReader, ownCopy, textDigest } from './strings.js';

/** Labels and exact synonyms of a newer release than the OBO file, by term id. */
export interface NewerLabels {
  file: string;
  /** `sha256:` and the first 16 hex digits of the text: these files carry no version line. */
  version: string;
  entries: NewerLabel[];
}

export interface NewerLabel {
  id: string;
  text: string;
  /** `name` for the term's label then, `EXACT` for an exact synonym. */
  scope: 'name' | 'EXACT';
}

/** `DOreports/HumanDO.tsv`: header `id label subClassOf`, every field in double quotes. */
export async function loadHumanDoLabels(file: string): Promise<NewerLabels> {
  const bytes = await readReferenceBytes(file);
  const entries: NewerLabel[] = [];
  const lines = byteLineReader(bytes);
  for (let line = lines.next(); line !== undefined; line = lines.next()) {
    const i = lines.count - 1;
    if (i === 0 || line.trim() === '') continue;
    const [id, label] = line.split('\t').map(unquote);
    if (id === undefined || label === undefined || !/^DOID:[0-9]+$/.test(id)) {
      throw new PipelineError(
        'REFERENCE_INVALID',
        `Expected "DOID:n"<TAB>"label"<TAB>"parent", got ${JSON.stringify(line)}`,
        { file, line: i + 1, key: '--reference' },
      );
    }
    // Kept as strings of their own: a cut string keeps the whole file's text alive.
    if (label !== '') entries.push({ id: ownCopy(id), text: ownCopy(label), scope: 'name' });
  }
  return { file, version: `sha256:${textDigest(bytes).slice(0, 16)}`, entries };
}

const PREDICATES: Record<string, 'name' | 'EXACT' | undefined> = {
  '<http://www.w3.org/2000/01/rdf-schema#label>': 'name',
  '<http://www.geneontology.org/formats/oboInOwl#hasExactSynonym>': 'EXACT',
};

/** CL `src/ontology/reports/synonyms.tsv`: `<class IRI> <predicate IRI> "literal"[@lang] <synonym type>?`. */
export async function loadClSynonymReport(file: string): Promise<NewerLabels> {
  const bytes = await readReferenceBytes(file);
  const entries: NewerLabel[] = [];
  const lines = byteLineReader(bytes);
  for (let line = lines.next(); line !== undefined; line = lines.next()) {
    const i = lines.count - 1;
    if (i === 0 || line.trim() === '') continue;
    const [cls, pred, literal] = line.split('\t');
    const value = /^"((?:[^"\\]|\\.)*)"(@[A-Za-z-]+|\^\^\S+)?$/.exec(literal ?? '');
    if (!/^<[^<>\s]+>$/.test(cls ?? '') || pred === undefined || value === null) {
      throw new PipelineError(
        'REFERENCE_INVALID',
        `Expected <class IRI><TAB><predicate IRI><TAB>"literal", got ${JSON.stringify(line)}`,
        { file, line: i + 1, key: '--reference' },
      );
    }
    const scope = PREDICATES[pred];
    // Classes outside OBO's `PREFIX_digits` form (blank or UUID IRIs) have no id to link to.
    const iri = /^<http:\/\/purl\.obolibrary\.org\/obo\/([A-Za-z]+)_([0-9]+)>$/.exec(cls as string);
    if (scope === undefined || iri === null) continue;
    const label = (value[1] as string).replace(/\\(.)/g, '$1');
    entries.push({ id: ownCopy(`${iri[1]}:${iri[2]}`), text: ownCopy(label), scope });
  }
  return { file, version: `sha256:${textDigest(bytes).slice(0, 16)}`, entries };
}

function unquote(cell: string): string {
  const t = cell.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).replace(/""/g, '"') : t;
}
