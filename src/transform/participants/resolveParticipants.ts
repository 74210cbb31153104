// Resolves the participants of one pathway: identifiers first, then labels, then the pathway's own genes as context.

import type { HgncTable } from '../../reference/hgnc.js';
import {
  linkedByIdentifiers,
  usageKey,
  usageRecord,
  verdictRelinks,
  verdictSettles,
  verdictUnlinks,
} from './labelUsage.js';
import { TIERS } from './labelTiers.js';
import type {
  FoundVia,
  LabelBlock,
  Participant,
  ParticipantMappings,
  Resolution,
  ResolvedParticipant,
  UsageEvidence,
} from './model.js';
import { typeRule } from './participantMappings.js';
import { unlinkRanges } from './memberRange.js';
import { makeContext, pickByGeneGroups } from './pathwayContext.js';
import { resolveByIds } from './resolveIds.js';
import { nonGeneLabel } from './nonGeneLabels.js';
import { resolveByLabel } from './resolveLabel.js';

export interface ResolveOptions {
  hgnc: HgncTable;
  pm: ParticipantMappings;
  /** Resolution runs on human pathways only; other species keep their own ids. */
  human: boolean;
  /** Use the other genes of the pathway to settle ambiguous labels (default true). */
  useContext?: boolean;
  /** What other pathways' tables make of a label (default: pm.labelUsage, mappings/label-usage.tsv). */
  usage?: (label: string) => UsageEvidence | undefined;
}

export function resolveParticipants(
  participants: readonly Participant[],
  options: ResolveOptions,
): ResolvedParticipant[] {
  const out = participants.map((participant): ResolvedParticipant => {
    const geneLike =
      participant.origin.kind === 'keyword' || (typeRule(options.pm, participant.type)?.geneLike ?? false);
    if (!geneLike || !options.human) return { participant, geneLike };
    const blocked = labelBlock(participant, options.pm, options.hgnc);
    const resolved: ResolvedParticipant = {
      participant,
      geneLike,
      resolution: resolveOne(participant, options.hgnc, blocked),
    };
    if (blocked !== undefined) resolved.labelBlocked = blocked;
    return resolved;
  });
  if (options.useContext !== false) settleByContext(out);
  applyUsage(out, options);
  unlinkRanges(out, options.hgnc);
  return out;
}

/** Tiers that compare a label as written; identifiers count as exact too. */
const EXACT_CASE_TIERS: ReadonlySet<FoundVia> = new Set<FoundVia>([
  'identifier',
  ...TIERS.filter((t) => t.exactCase).map((t) => t.via),
]);

function settleByContext(out: ResolvedParticipant[]): void {
  const linked = out.flatMap((r) => (r.resolution?.kind === 'linked' ? [r.resolution.record] : []));
  const context = makeContext(linked);
  for (const r of out) {
    // A family name stays unlinked: which member the author meant is a guess, even with members nearby;
    // so does a label that names several genes itself, and a match made ignoring case or punctuation
    // (already a loose reading: the pathway's genes are not asked to pick among what it found).
    if (
      r.resolution?.kind !== 'ambiguous' ||
      r.resolution.reason === 'family name' ||
      r.resolution.reason === 'several genes named'
    )
      continue;
    if (!EXACT_CASE_TIERS.has(r.resolution.via)) continue;
    const picked = pickByGeneGroups(r.resolution.candidates, context);
    if (picked !== undefined)
      r.resolution = { kind: 'linked', record: picked, via: 'pathway context', foundBy: r.resolution.via };
  }
}

/**
 * Label usage, last: a label left unlinked (with no identifier to go by) takes the record curators'
 * tables give it elsewhere, and so does a label a loose tier linked to another record when three
 * pathways or more agree (verdictRelinks); a keyword or id-less row linked by its label is unlinked when
 * those tables use the label for a non-gene (`LDL-C`, `Oxytocin`, `PALM`; unlinksLabel).
 */
function applyUsage(out: ResolvedParticipant[], options: ResolveOptions): void {
  const usage = options.usage ?? ((label: string) => options.pm.labelUsage.get(usageKey(label)));
  for (const r of out) {
    const res = r.resolution;
    if (res === undefined || r.labelBlocked !== undefined) continue;
    if (res.kind === 'linked') {
      if (linkedByIdentifiers(res)) continue; // most table rows: no need to look their label up
      const evidence = usage(r.participant.label);
      if (evidence === undefined) continue;
      const record = verdictRelinks(res, evidence) ? usageRecord(evidence, options.hgnc.byId) : undefined;
      if (record !== undefined) r.resolution = { kind: 'linked', record, via: 'label usage' };
      else if (unlinksLabel(r.participant, res) && verdictUnlinks(res, evidence))
        r.resolution = { kind: 'unresolved', reason: 'used for a non-gene' };
      continue;
    }
    const evidence = usage(r.participant.label);
    const record =
      evidence !== undefined && verdictSettles(r.participant.label, res, evidence)
        ? usageRecord(evidence, options.hgnc.byId)
        : undefined;
    if (record !== undefined) r.resolution = { kind: 'linked', record, via: 'label usage' };
  }
}

/**
 * Whether a "not a gene" verdict may undo a link the label made: a keyword's (it has no type to say
 * otherwise), and an id-less table row's unless the label is its approved symbol as written (the row's
 * gene type and the symbol agree: `MAL` in a GeneProduct box is the gene, whatever malate is called).
 */
function unlinksLabel(participant: Participant, linked: Resolution): boolean {
  if (participant.origin.kind === 'keyword') return true;
  return participant.primary === undefined && !(linked.kind === 'linked' && linked.via === 'symbol');
}

/**
 * Whether the label may link the participant, and why not: the label is a placeholder (`Protein`,
 * `Gene`: a box left with its default text), its form names no one gene (a complex, a multimer, a
 * pathway, a list of several genes: nonGeneLabels.ts), or the row carries an identifier of its own that names one
 * organism's gene or product (a viral protein, a mouse gene): what it is was said by that identifier,
 * and a human gene that happens to share the label (influenza NS1 → PTPN11) is not it. An own id of a
 * system that can name human genes but is not in the HGNC table (a UniProt accession HGNC does not
 * list, a withdrawn NCBI Gene id, or a viral protein's) leaves the label one way: an approved symbol
 * written exactly (`IKBKE`), which no viral protein label in the corpus is.
 */
export function labelBlock(participant: Participant, pm: ParticipantMappings, hgnc: HgncTable): LabelBlock | undefined {
  if (pm.placeholderLabels.has(participant.label.toUpperCase())) return { kind: 'none', reason: 'placeholder label' };
  const nonGene = nonGeneLabel(participant.label, pm.nonGeneLabels, hgnc);
  if (nonGene !== undefined) return { kind: 'none', reason: nonGene };
  const own = participant.primary;
  // A malformed own id (`NSG00000083838` as Ensembl, `LRG_482`) names no node: the row is as good as id-less.
  if (own === undefined || pm.idPatterns.get(own.system)?.test(own.id) !== true) return undefined;
  // A GeneProduct box whose id is a pathway's (`PI3K` as wikipathways:WP5472) stands for that pathway.
  if (pm.pathwaySystems.has(own.system)) return { kind: 'none', reason: 'own id names no human gene' };
  if (pm.labelLinkableSystems.has(own.system)) return undefined;
  if (pm.humanGeneSystems.has(own.system) && pm.humanGeneSystems.get(own.system)?.test(own.id) !== true) {
    return { kind: 'approved symbol only', reason: 'own id not in HGNC' };
  }
  return { kind: 'none', reason: 'own id names no human gene' };
}

/** `blocked`: how far the label may be used (labelBlock); identifiers always link. */
function resolveOne(participant: Participant, hgnc: HgncTable, blocked: LabelBlock | undefined): Resolution {
  const byIds = resolveByIds(participant.ids, hgnc, participant.primary);
  if (byIds?.kind === 'linked') return byIds;
  // Even a blocked label may pick among the records the row's own identifiers name.
  const byLabel = resolveByLabel(participant.label, hgnc);
  if (blocked !== undefined && byIds?.kind !== 'ambiguous') {
    if (blocked.kind === 'approved symbol only' && byLabel.kind === 'linked' && byLabel.via === 'symbol')
      return byLabel;
    return { kind: 'unresolved', reason: blocked.reason };
  }
  if (byIds?.kind === 'ambiguous') {
    // The label may name one of the records the identifiers point to.
    if (byLabel.kind === 'linked' && byIds.candidates.includes(byLabel.record))
      return { kind: 'linked', record: byLabel.record, via: 'identifier and label' };
    if (byLabel.kind === 'ambiguous') {
      const both = byLabel.candidates.filter((c) => byIds.candidates.includes(c));
      if (both.length === 1) return { kind: 'linked', record: both[0]!, via: 'identifier and label' };
    }
    return byIds;
  }
  return byLabel;
}
