// Resolves a gene-like participant to one HGNC record by the identifiers its row carries.

import type { HgncRecord, HgncTable } from '../../reference/hgnc.js';
import { sortRecords } from './geneIndex.js';
import type { IdSystem, Resolution } from './model.js';

/** Systems whose ids name one gene; UniProt accessions are weaker (one protein can come from several loci). */
const STRONG: readonly IdSystem[] = ['hgnc', 'hgnc.symbol', 'ensembl', 'ncbigene'];

/** The systems an HGNC record can be reached by. */
export const HGNC_SYSTEMS: ReadonlySet<IdSystem> = new Set([...STRONG, 'uniprot']);

/**
 * By identifiers: every HGNC id, approved symbol, Ensembl gene and NCBI Gene id the row carries. When
 * they name several records, the row's own identifier decides, else the record most of them name.
 * UniProt accessions count only when nothing stronger is there. Undefined: no HGNC-mappable id at all.
 */
export function resolveByIds(
  ids: Partial<Record<IdSystem, string[]>>,
  table: HgncTable,
  primary?: { system: IdSystem; id: string },
): Resolution | undefined {
  if (![...HGNC_SYSTEMS].some((s) => (ids[s]?.length ?? 0) > 0)) return undefined;
  const votes = new Map<HgncRecord, number>();
  for (const system of STRONG) {
    const found = new Set<HgncRecord>();
    for (const id of ids[system] ?? []) for (const r of lookupId(table, system, id)) found.add(r);
    for (const r of found) votes.set(r, (votes.get(r) ?? 0) + 1);
  }
  if (votes.size === 1) return { kind: 'linked', record: [...votes.keys()][0]!, via: 'identifier' };
  if (votes.size > 1) {
    if (primary !== undefined && STRONG.includes(primary.system)) {
      const own = lookupId(table, primary.system, primary.id);
      if (own.length === 1) return { kind: 'linked', record: own[0]!, via: 'identifier' };
    }
    const best = Math.max(...votes.values());
    const top = [...votes].filter(([, n]) => n === best).map(([r]) => r);
    if (top.length === 1) return { kind: 'linked', record: top[0]!, via: 'identifier' };
    return { kind: 'ambiguous', candidates: sortRecords(top), via: 'identifier', reason: 'several records' };
  }
  const fromUniprot = new Set<HgncRecord>();
  for (const id of ids.uniprot ?? []) for (const r of lookupId(table, 'uniprot', id)) fromUniprot.add(r);
  if (fromUniprot.size === 1) return { kind: 'linked', record: [...fromUniprot][0]!, via: 'identifier' };
  if (fromUniprot.size > 1)
    return {
      kind: 'ambiguous',
      candidates: sortRecords([...fromUniprot]),
      via: 'identifier',
      reason: 'several records',
    };
  return { kind: 'unresolved', reason: 'identifiers not in HGNC' };
}

export function lookupId(table: HgncTable, system: IdSystem, id: string): HgncRecord[] {
  switch (system) {
    case 'hgnc': {
      const r = table.byId.get(id);
      return r === undefined ? [] : [r];
    }
    case 'hgnc.symbol': {
      const r = table.bySymbol.get(id);
      if (r !== undefined) return [r];
      const prev = table.byPrevSymbol.get(id) ?? [];
      return prev.length === 1 ? prev : [];
    }
    case 'ensembl':
      return table.byEnsembl.get(id.replace(/\.[0-9]+$/, '')) ?? [];
    case 'ncbigene':
      return table.byEntrez.get(id) ?? [];
    case 'uniprot':
      return table.byUniprot.get(id.replace(/-[0-9]+$/, '')) ?? [];
    default:
      return [];
  }
}
