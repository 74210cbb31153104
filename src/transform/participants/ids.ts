// Identifier values of participant tables: compact URIs split by their own prefix, ids put in canonical form.

import type { IdSystem, ParticipantMappings } from './model.js';

/** What one cell value turned out to be. */
export type IdValue =
  | { ok: true; system: IdSystem; id: string }
  | { ok: false; reason: 'unknown-prefix'; prefix: string }
  | { ok: false; reason: 'no-iri' };

/**
 * One value of a current-format cell (`ensembl:ENSG…`). The value's own prefix decides its system,
 * whatever column it sits in; a value without a prefix belongs to the column's system.
 */
export function readCompactId(
  pm: ParticipantMappings,
  value: string,
  columnSystem: IdSystem | undefined,
): IdValue | undefined {
  const text = value.trim();
  if (text === '') return undefined;
  const colon = text.indexOf(':');
  if (colon < 0)
    return columnSystem === undefined
      ? { ok: false, reason: 'unknown-prefix', prefix: '' }
      : { ok: true, system: columnSystem, id: canonicalId(columnSystem, text) };
  const prefix = text.slice(0, colon);
  if (!pm.prefixes.has(prefix)) return { ok: false, reason: 'unknown-prefix', prefix };
  const system = pm.prefixes.get(prefix);
  if (system === null || system === undefined) return { ok: false, reason: 'no-iri' };
  return { ok: true, system, id: canonicalId(system, text.slice(colon + 1)) };
}

/**
 * An id as the IRI patterns expect it: trimmed; ChEBI with its `CHEBI:` prefix; HGNC ids numeric;
 * InChIKeys without `InChIKey=`. Whether the result is valid is decided later, by makeIri.
 */
export function canonicalId(system: IdSystem, raw: string): string {
  const id = raw.trim();
  switch (system) {
    case 'chebi':
      if (/^[0-9]+$/.test(id)) return `CHEBI:${id}`;
      return id.replace(/^chebi:/i, 'CHEBI:');
    case 'hgnc':
      return id.replace(/^hgnc:/i, '');
    case 'inchikey':
      return id.replace(/^InChIKey=/i, '');
    default:
      return id;
  }
}

/** Adds an id to a participant's ids, keeping row order and dropping repeats. */
export function addId(ids: Partial<Record<IdSystem, string[]>>, system: IdSystem, id: string): void {
  const list = ids[system];
  if (list === undefined) ids[system] = [id];
  else if (!list.includes(id)) list.push(id);
}
