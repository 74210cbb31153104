// Resolves a gene-like participant to one HGNC record: by its identifiers, else by its label, never by guessing.

import type { HgncRecord, HgncTable } from '../../reference/hgnc.js';
import { familyMembers, geneIndex, type GeneIndex } from './geneIndex.js';
import { slashSides } from './labelForms.js';
import { TIERS } from './labelTiers.js';
import { foldSymbol, labelVariants } from './normalise.js';
import type { IdSystem, Resolution } from './model.js';
import { looksLikeSmallMolecule } from './smallMolecule.js';

/** Systems whose ids name one gene; UniProt accessions are weaker (one protein can come from several loci). */
const STRONG: readonly IdSystem[] = ['hgnc', 'hgnc.symbol', 'ensembl', 'ncbigene'];

/** The systems an HGNC record can be reached by. */
export const HGNC_SYSTEMS: ReadonlySet<IdSystem> = new Set([...STRONG, 'uniprot']);

/**
 * By identifiers: every HGNC id, approved symbol, Ensembl gene and NCBI Gene id the row carries. When
 * they name several records, the row's own identifier decides, else the record most of them name.
 * UniProt accessions count only when nothing stronger is there. Undefined: no HGNC-mappable id at all.
 */
export function resolveByIds(ids: Partial<Record<IdSystem, string[]>>, table: HgncTable, primary?: { system: IdSystem; id: string }): Resolution | undefined {
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
  if (fromUniprot.size > 1) return { kind: 'ambiguous', candidates: sortRecords([...fromUniprot]), via: 'identifier', reason: 'several records' };
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

/** Two or three letters and nothing else (`ROS`, `PS`, `AA`, `Hc`). */
const SHORT = /^[A-Za-z]{1,3}$/;
/** A capitalised word of two to four letters (`Gal`, `Fru`, `Palm`): sugar and amino-acid codes, never compared ignoring case. */
const TITLE_WORD = /^[A-Z][a-z]{1,3}$/;

/** By label alone (no context): the first tier with a match decides. */
export function resolveByLabel(label: string, table: HgncTable): Resolution {
  const variants = labelVariants(label);
  if (variants.length === 0) return { kind: 'unresolved', reason: 'empty label' };
  if (variants.some((v) => looksLikeSmallMolecule(v))) return { kind: 'unresolved', reason: 'small molecule' };
  const sides = slashSides(label);
  if (sides !== undefined) {
    // Every name must resolve by itself: then one record links and several are ambiguous.
    const each = sides.map((side) => resolveByLabel(side, table));
    if (each.every((r) => r.kind === 'linked')) {
      const records = sortRecords([...new Set(each.map((r) => (r as { record: HgncRecord }).record))]);
      if (records.length === 1) return { kind: 'linked', record: records[0]!, via: 'each side of a slash' };
      return { kind: 'ambiguous', candidates: records, via: 'each side of a slash', reason: 'several genes named' };
    }
  }
  const index = geneIndex(table);
  const resolve = (part: string): Resolution => resolveByLabel(part, table);
  const titleWord = TITLE_WORD.test(variants[0]!);
  for (const tier of TIERS) {
    if (titleWord && !tier.exactCase) continue;
    const found = new Set<HgncRecord>();
    const matched: string[] = [];
    for (const v of variants) {
      const hits = tier.find(v, index, resolve) ?? [];
      if (hits.length > 0) matched.push(v);
      for (const r of hits) found.add(r);
    }
    if (found.size === 0) continue;
    const candidates = sortRecords([...found]);
    // Previous symbols are HGNC's own record of what a symbol used to be (VEGF, TGFB): no family check there.
    if (tier.target === 'alias') {
      const family = familyOf(matched, index, found);
      if (family !== undefined) return { kind: 'ambiguous', candidates: family, via: tier.via, reason: 'family name' };
    }
    if (found.size > 1) return { kind: 'ambiguous', candidates, via: tier.via, reason: 'several records' };
    if ((tier.target === 'previous' || tier.target === 'alias') && matched.every((v) => SHORT.test(v))) {
      return { kind: 'ambiguous', candidates, via: tier.via, reason: 'short abbreviation' };
    }
    return { kind: 'linked', record: candidates[0]!, via: tier.via };
  }
  return { kind: 'unresolved', reason: 'no label match' };
}

/**
 * The family a label names when it is the stem of two or more genes' symbols or aliases (`PKC` →
 * PRKCA, PRKCB, …) and the gene whose alias it is lies outside that family: the candidates to report.
 */
function familyOf(variants: string[], index: GeneIndex, found: Set<HgncRecord>): HgncRecord[] | undefined {
  const members = new Set<HgncRecord>();
  for (const v of variants) {
    const stem = foldSymbol(v);
    if (stem.length >= 2 && /[A-Z]$/.test(stem)) for (const r of familyMembers(index, stem)) members.add(r);
  }
  // HGNC itself gives the stem to one member (AKT → AKT1, JNK → MAPK8): that is its alias, not a guess.
  // A stem held by a gene outside the family (PKC → PRRT2) is a collision.
  if (members.size < 2 || [...found].every((r) => members.has(r))) return undefined;
  return sortRecords([...new Set([...found, ...members])]);
}

/** Records linked elsewhere in the same pathway, with how many of them sit in each HGNC gene group. */
export interface PathwayContext {
  records: Set<HgncRecord>;
  groups: Map<string, number>;
}

export function makeContext(records: Iterable<HgncRecord>): PathwayContext {
  const context: PathwayContext = { records: new Set(records), groups: new Map() };
  for (const r of context.records) for (const g of r.geneGroups) context.groups.set(g, (context.groups.get(g) ?? 0) + 1);
  return context;
}

/**
 * Among ambiguous candidates, the one whose gene family the rest of the pathway is drawn from: the
 * only candidate sharing an HGNC gene group with the most other linked genes of the pathway.
 */
export function pickByContext(candidates: readonly HgncRecord[], context: PathwayContext): HgncRecord | undefined {
  let best = 0;
  let picked: HgncRecord[] = [];
  for (const c of candidates) {
    let score = 0;
    for (const g of c.geneGroups) score += (context.groups.get(g) ?? 0) - (context.records.has(c) ? 1 : 0);
    if (score > best) {
      best = score;
      picked = [c];
    } else if (score === best && score > 0) {
      picked.push(c);
    }
  }
  return picked.length === 1 ? picked[0] : undefined;
}

export function sortRecords(records: HgncRecord[]): HgncRecord[] {
  return [...records].sort((a, b) => Number(a.id) - Number(b.id));
}
