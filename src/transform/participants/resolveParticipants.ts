// Resolves the participants of one pathway: identifiers first, then labels, then the pathway's own genes as context.

import type { HgncTable } from '../../reference/hgnc.js';
import { linkedByIdentifiers, usageKey, usageRecord, verdictRelinks, verdictSettles, verdictUnlinks, type UsageEvidence } from './labelUsage.js';
import type { Participant, ParticipantMappings } from './participant.js';
import { typeRule } from './participant.js';
import { TIERS } from './labelTiers.js';
import { makeContext, pickByContext, resolveByIds, resolveByLabel, type Resolution } from './resolveGene.js';

export interface ResolvedParticipant {
  participant: Participant;
  /** Table rows of a gene-like Type, and every keyword (a keyword has no type; its label decides). */
  geneLike: boolean;
  /** Only for gene-like participants of human pathways. */
  resolution?: Resolution;
  /** Why the label may not link this participant (labelBlock): neither label tiers nor label usage are asked. */
  labelBlocked?: string;
}

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


export function resolveParticipants(participants: readonly Participant[], options: ResolveOptions): ResolvedParticipant[] {
  const out = participants.map((participant): ResolvedParticipant => {
    const geneLike = participant.origin.kind === 'keyword' || (typeRule(options.pm, participant.type)?.geneLike ?? false);
    if (!geneLike || !options.human) return { participant, geneLike };
    const blocked = labelBlock(participant, options.pm);
    const resolved: ResolvedParticipant = { participant, geneLike, resolution: resolveOne(participant, options.hgnc, blocked) };
    if (blocked !== undefined) resolved.labelBlocked = blocked;
    return resolved;
  });
  if (options.useContext !== false) settleByContext(out);
  applyUsage(out, options);
  return out;
}

/** Tiers that compare a label as written; identifiers count as exact too. */
const EXACT_CASE_TIERS = new Set(['identifier', ...TIERS.filter((t) => t.exactCase).map((t) => t.via)]);

function settleByContext(out: ResolvedParticipant[]): void {
  const linked = out.flatMap((r) => (r.resolution?.kind === 'linked' ? [r.resolution.record] : []));
  const context = makeContext(linked);
  for (const r of out) {
    // A family name stays unlinked: which member the author meant is a guess, even with members nearby;
    // so does a label that names several genes itself, and a match made ignoring case or punctuation
    // (already a loose reading: the pathway's genes are not asked to pick among what it found).
    if (r.resolution?.kind !== 'ambiguous' || r.resolution.reason === 'family name' || r.resolution.reason === 'several genes named') continue;
    if (!EXACT_CASE_TIERS.has(r.resolution.via)) continue;
    const picked = pickByContext(r.resolution.candidates, context);
    if (picked !== undefined) r.resolution = { kind: 'linked', record: picked, via: `${r.resolution.via}, pathway context` };
  }
}

/**
 * Label usage, last: a label left unlinked (with no identifier to go by) takes the record curators'
 * tables give it elsewhere, and so does a label a loose tier linked to another record when three
 * pathways or more agree (verdictRelinks); a keyword linked by its label is unlinked when those tables
 * use the label for a non-gene (`LDL-C`, `Oxytocin`, `PALM`): a keyword has no type of its own to say
 * otherwise.
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
      else if (r.participant.origin.kind === 'keyword' && verdictUnlinks(res, evidence)) r.resolution = { kind: 'unresolved', reason: 'other pathways\' tables use this label for a non-gene' };
      continue;
    }
    const evidence = usage(r.participant.label);
    const record = evidence !== undefined && verdictSettles(r.participant.label, res, evidence) ? usageRecord(evidence, options.hgnc.byId) : undefined;
    if (record !== undefined) r.resolution = { kind: 'linked', record, via: 'label usage' };
  }
}

/**
 * Why a participant's label may not link it to a human gene, if it may not: the label is a placeholder
 * (`Protein`, `Gene`: a box left with its default text), or the row carries an identifier of its own
 * that names one organism's gene or product (a viral protein, a mouse gene): what it is was said by
 * that identifier, and a human gene that happens to share the label (influenza NS1 → PTPN11) is not it.
 */
export function labelBlock(participant: Participant, pm: ParticipantMappings): string | undefined {
  if (pm.placeholderLabels.has(participant.label.toUpperCase())) return 'a placeholder label';
  const own = participant.primary;
  if (own !== undefined && !pm.labelLinkableSystems.has(own.system)) return 'its own identifier is not a human gene in the HGNC table';
  return undefined;
}

/** `blocked`: why the label may not be used (labelBlock); identifiers still link. */
function resolveOne(participant: Participant, hgnc: HgncTable, blocked: string | undefined): Resolution {
  const byIds = resolveByIds(participant.ids, hgnc, participant.primary);
  if (byIds?.kind === 'linked') return byIds;
  if (blocked !== undefined && byIds?.kind !== 'ambiguous') return { kind: 'unresolved', reason: blocked };
  // Even a blocked label may pick among the records the row's own identifiers name.
  const byLabel = resolveByLabel(participant.label, hgnc);
  if (byIds?.kind === 'ambiguous') {
    // The label may name one of the records the identifiers point to.
    if (byLabel.kind === 'linked' && byIds.candidates.includes(byLabel.record)) return { kind: 'linked', record: byLabel.record, via: 'identifier and label' };
    if (byLabel.kind === 'ambiguous') {
      const both = byLabel.candidates.filter((c) => byIds.candidates.includes(c));
      if (both.length === 1) return { kind: 'linked', record: both[0]!, via: 'identifier and label' };
    }
    return byIds;
  }
  return byLabel;
}
