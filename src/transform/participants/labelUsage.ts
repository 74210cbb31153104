// Label usage: which HGNC record (or no gene at all) curators' participant tables give a label, learned
// from the tables' identifiers, and when such a verdict overrules the label tiers. labelUsageFile.ts
// writes and reads mappings/label-usage.tsv.

import type { HgncRecord } from '../../reference/hgnc.js';
import type { Resolution, ResolvedParticipant, Sense, UsageEvidence } from './model.js';

export const NOT_A_GENE: Sense = 'not a gene';

/** A verdict needs this share of the pathways using the label (each pathway one vote, split among its senses). */
export const USAGE_SHARE = 0.8;

/** Labels compare as written, with whitespace runs folded and ends trimmed. */
export function usageKey(label: string): string {
  return label.replace(/\s+/g, ' ').trim();
}

/**
 * A row whose type says non-gene (Complex, Metabolite, Pathway…) but that carries no identifier saying
 * so of its own (none, or a Reactome, EC or WikiPathways id: labelLinkableSystems): weaker than an
 * identifier HGNC resolves, see UsageCounter.verdict.
 */
export const TYPED_NOT_A_GENE: Sense = 'not a gene (type)';

/**
 * A gene-like row whose own identifier HGNC does not list, under a label that is no approved symbol
 * (`nsp1` as a SARS-CoV-2 UniProt entry): as weak as a type, and weaker still where the id is human
 * but retired (`HIST1H3B` under an old Ensembl gene id), so it needs UNLISTED_PATHWAYS.
 */
export const UNLISTED_NOT_A_GENE: Sense = 'not a gene (id not in HGNC)';

/**
 * Pathways whose rows typed non-gene must say "not a gene" before that verdict counts (TYPED_NOT_A_GENE).
 * The verdict already needs USAGE_SHARE of the pathways using the label, gene rows with identifiers
 * included, so one Complex box counts only where no table names a gene by the label (or a few against
 * many). It then unlinks what a loose reading of the label made (an alias, a previous symbol, a folded
 * or case-blind match, a name), never the approved symbol as written (verdictUnlinks wants two pathways
 * there). Measured on both snapshots' keywords, leave-one-out (README, "Measure the linking"): one
 * instead of two, and UNLISTED_PATHWAYS two instead of three, unlink 59 wrong links for 9 right ones
 * (2022 `RISC` → SCPEP1, `Platelet Factor 4`, `factor X` drawn as complexes; influenza `NS1` →
 * PTPN11; lost: `MO25` → CAB39, `iC3b` → C3, `TGF-beta` → TGFB1, `NFkB` → NFKB1).
 */
export const TYPED_PATHWAYS = 1;

/** Pathways that must say "not a gene" when some say it only by gene rows with an unlisted id (UNLISTED_NOT_A_GENE). */
export const UNLISTED_PATHWAYS = 2;

/** Whether a sense is one of the weak "not a gene" senses (a type, an unlisted id). */
const weak = (s: Sense): boolean => s === TYPED_NOT_A_GENE || s === UNLISTED_NOT_A_GENE;

/** The sense with the most votes (each pathway one vote, split among `senses` of it), when it has USAGE_SHARE. */
function share(
  pathways: ReadonlyMap<string, ReadonlySet<Sense>>,
  except: string | undefined,
  senses: (all: ReadonlySet<Sense>) => Sense[],
): UsageEvidence | undefined {
  const votes = new Map<Sense, number>();
  let of = 0;
  for (const [wpid, all] of pathways) {
    const own = senses(all);
    if (wpid === except || own.length === 0) continue;
    of++;
    for (const s of own) votes.set(s, (votes.get(s) ?? 0) + 1 / own.length);
  }
  let best: [Sense, number] | undefined;
  for (const [s, n] of votes) if (best === undefined || n > best[1] || (n === best[1] && s < best[0])) best = [s, n];
  if (best === undefined || best[1] < USAGE_SHARE * of - 1e-9) return undefined;
  return { sense: best[0], pathways: Math.round(best[1] * 1000) / 1000, of };
}

/** Counts, per label, the senses each pathway's table gives it. */
export class UsageCounter {
  private readonly byLabel = new Map<string, Map<string, Set<Sense>>>();
  /** Labels another organism's tables give a gene product that carries its own identifier. */
  private readonly geneElsewhere = new Set<string>();

  /** Records that another organism's table names a gene product with an identifier by this label. */
  addOtherOrganismGene(label: string): void {
    const key = usageKey(label);
    if (key !== '') this.geneElsewhere.add(key);
  }

  /** Records what one pathway's table rows say; the same wpid again (another snapshot) adds to its senses. */
  addPathway(wpid: string, senses: ReadonlyMap<string, ReadonlySet<Sense>>): void {
    for (const [key, set] of senses) {
      let pathways = this.byLabel.get(key);
      if (pathways === undefined) this.byLabel.set(key, (pathways = new Map()));
      const own = pathways.get(wpid) ?? new Set<Sense>();
      for (const s of set) own.add(s);
      pathways.set(wpid, own);
    }
  }

  /**
   * The sense at least USAGE_SHARE of the pathways give the label, leaving out `except` (the pathway being
   * resolved). The weak senses (a row's type, an unlisted id) never outvote what identifiers say: a gene
   * verdict stands on identified rows alone (`AKT` is AKT1 in curators' gene rows, whatever Reactome's
   * complexes are called); only where identifiers give no gene verdict do they count, as "not a gene",
   * with TYPED_PATHWAYS pathways typing the label so or UNLISTED_PATHWAYS saying it either way.
   */
  verdict(label: string, except?: string): UsageEvidence | undefined {
    const pathways = this.byLabel.get(usageKey(label));
    if (pathways === undefined) return undefined;
    const strong = share(pathways, except, (senses) => [...senses].filter((s) => !weak(s)));
    if (strong !== undefined && strong.sense !== NOT_A_GENE) return strong;
    if (this.geneElsewhere.has(usageKey(label))) return strong;
    const typed = share(pathways, except, (senses) => [...new Set([...senses].map((s) => (weak(s) ? NOT_A_GENE : s)))]);
    if (typed === undefined || typed.sense !== NOT_A_GENE) return strong;
    let byType = 0;
    for (const [wpid, senses] of pathways) if (wpid !== except && senses.has(TYPED_NOT_A_GENE)) byType++;
    return byType >= TYPED_PATHWAYS || typed.pathways >= UNLISTED_PATHWAYS ? typed : strong;
  }

  labels(): string[] {
    return [...this.byLabel.keys()];
  }
}

/**
 * What a pathway's table says each of its labels means: gene-like rows resolved by their identifiers
 * give the record's HGNC id, rows of other types that carry their own identifier give NOT_A_GENE,
 * rows typed non-gene without one (`nonGeneTypes`) give TYPED_NOT_A_GENE, and gene-like rows whose own
 * id HGNC does not list give UNLISTED_NOT_A_GENE. Other rows say nothing.
 */
export function tableSenses(
  resolved: readonly ResolvedParticipant[],
  silentSystems: ReadonlySet<string> = new Set(),
  nonGeneTypes: ReadonlySet<string> = new Set(),
): Map<string, Set<Sense>> {
  const out = new Map<string, Set<Sense>>();
  for (const r of resolved) {
    let sense: Sense | undefined;
    if (r.geneLike) {
      const res = r.resolution;
      if (res?.kind === 'linked' && res.via === 'identifier') sense = `HGNC:${res.record.id}`;
      // Its own id is of a system HGNC indexes but not in HGNC's table (a viral protein's UniProt entry),
      // and the label is no approved symbol: as weak a "not a gene" as a type's.
      else if (r.labelBlocked?.reason === 'own id not in HGNC' && res?.kind !== 'linked') sense = UNLISTED_NOT_A_GENE;
    } else if (r.participant.primary !== undefined && !silentSystems.has(r.participant.primary.system)) {
      sense = NOT_A_GENE;
    } else if (nonGeneTypes.has(r.participant.type.toLowerCase())) {
      sense = TYPED_NOT_A_GENE;
    }
    if (sense === undefined) continue;
    const key = usageKey(r.participant.label);
    if (key === '') continue;
    const set = out.get(key) ?? new Set<Sense>();
    set.add(sense);
    out.set(key, set);
  }
  return out;
}

/** A bare abbreviation (`PKC`, `Ras`, `MEK`): which gene one pathway meant by it says little about another. */
const BARE_ABBREVIATION = /^[A-Za-z]{1,5}$/;

/**
 * Whether a gene verdict settles a label the resolver left unlinked: not when identifiers disagree or
 * the label names several genes itself (`ERK1/2`); a family name (`PI3K`) or a bare abbreviation
 * needs the votes of at least two pathways.
 */
export function verdictSettles(label: string, left: Resolution, evidence: UsageEvidence): boolean {
  if (evidence.sense === NOT_A_GENE || left.kind === 'linked') return false;
  if (left.kind === 'ambiguous' && (left.via === 'identifier' || left.reason === 'several genes named')) return false;
  const loose = (left.kind === 'ambiguous' && left.reason === 'family name') || BARE_ABBREVIATION.test(usageKey(label));
  return !loose || evidence.pathways >= 2;
}

/**
 * Links that stand against label usage: those made by identifiers (not a pick among their candidates by the pathway).
 */
export function linkedByIdentifiers(linked: Resolution): boolean {
  return linked.kind === 'linked' && (linked.via === 'identifier' || linked.via === 'identifier and label');
}

/**
 * Whether a verdict unlinks a keyword the resolver linked so: a "not a gene" verdict against any link
 * made from the label, the approved symbol as written too when two pathways or more give it (`PALM`,
 * `CORT`, `OMP` are palmitate, corticosterone, orotidine monophosphate in curators' tables): a keyword
 * has no type to say which is meant.
 */
export function verdictUnlinks(linked: Resolution, evidence: UsageEvidence): boolean {
  if (evidence.sense !== NOT_A_GENE || linked.kind !== 'linked' || linkedByIdentifiers(linked)) return false;
  return linked.via !== 'symbol' || evidence.pathways >= 2;
}

/** Pathways whose tables must agree before their record replaces a link made by a loose label tier. */
export const RELINK_PATHWAYS = 3;

/**
 * Whether a gene verdict replaces a link made from the label by a tier looser than the approved symbol
 * as written: when RELINK_PATHWAYS or more pathways' tables give the label another record (`RAGE` is
 * AGER in curators' tables; HGNC has it as a previous symbol of MOK).
 */
export function verdictRelinks(linked: Resolution, evidence: UsageEvidence): boolean {
  if (linked.kind !== 'linked' || evidence.sense === NOT_A_GENE || evidence.pathways < RELINK_PATHWAYS) return false;
  if (linkedByIdentifiers(linked) || linked.via === 'symbol' || linked.via === 'label usage') return false;
  return evidence.sense !== `HGNC:${linked.record.id}`;
}

/** The record an evidence names, or undefined (not a gene, or an id this HGNC table does not have). */
export function usageRecord(evidence: UsageEvidence, byId: ReadonlyMap<string, HgncRecord>): HgncRecord | undefined {
  return evidence.sense === NOT_A_GENE ? undefined : byId.get(evidence.sense.slice('HGNC:'.length));
}
