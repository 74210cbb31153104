// Learns label usage from human pathways' participant tables, and picks the rows worth writing to mappings/.

import type { HgncTable } from '../../reference/hgnc.js';
import {
  NOT_A_GENE,
  tableSenses,
  verdictRelinks,
  verdictSettles,
  verdictUnlinks,
  type UsageCounter,
} from './labelUsage.js';
import type { Participant, ParticipantMappings, UsageEvidence } from './model.js';
import { resolveByLabel } from './resolveLabel.js';
import { resolveParticipants } from './resolveParticipants.js';
import { typeRule } from './participantMappings.js';

/**
 * Adds what one human pathway's table rows say through their identifiers (never their labels). Rows
 * with a placeholder label (`Protein`, `Gene`) say nothing about the label: it names no entity.
 */
export function learnFromTable(
  counter: UsageCounter,
  wpid: string,
  rows: readonly Participant[],
  hgnc: HgncTable,
  pm: ParticipantMappings,
): void {
  const named = rows.filter((r) => !pm.placeholderLabels.has(r.label.toUpperCase()));
  const resolved = resolveParticipants(named, { hgnc, pm, human: true, useContext: false, usage: () => undefined });
  // A Complex or Pathway row named by a Reactome, EC or WikiPathways id (labelLinkableSystems) says
  // nothing about whether its label names a gene: `AKT` as a Reactome complex is no evidence against AKT1.
  counter.addPathway(wpid, tableSenses(resolved, pm.labelLinkableSystems, pm.nonGeneTypes));
}

/**
 * Adds what another organism's table says: the labels of its gene products that carry an identifier of
 * their own (`Caspase-3` as mouse Casp3, NCBI Gene 12367). Such a label names a gene's product, whatever
 * a human pathway's complexes are called (UsageCounter.verdict).
 */
export function learnFromOtherOrganism(
  counter: UsageCounter,
  rows: readonly Participant[],
  pm: ParticipantMappings,
): void {
  for (const r of rows) {
    if (
      typeRule(pm, r.type)?.geneLike !== true ||
      r.primary === undefined ||
      pm.placeholderLabels.has(r.label.toUpperCase())
    )
      continue;
    if (
      pm.idPatterns.get(r.primary.system)?.test(r.primary.id) !== true ||
      pm.labelLinkableSystems.has(r.primary.system)
    )
      continue;
    counter.addOtherOrganismGene(r.label);
  }
}

/**
 * The verdicts that change what the resolver does with a label on its own: a gene verdict that settles
 * what the label tiers leave unlinked (verdictSettles) or replaces a loose tier's link (verdictRelinks),
 * and "not a gene" for a label that the tiers would link (verdictUnlinks) or find ambiguous.
 * Labels the tiers already get right are left out, which keeps the file small.
 */
export function usefulVerdicts(counter: UsageCounter, hgnc: HgncTable): Map<string, UsageEvidence> {
  const out = new Map<string, UsageEvidence>();
  for (const label of counter.labels()) {
    const evidence = counter.verdict(label);
    if (evidence === undefined) continue;
    const byLabel = resolveByLabel(label, hgnc);
    const useful =
      evidence.sense === NOT_A_GENE
        ? byLabel.kind === 'ambiguous' || verdictUnlinks(byLabel, evidence)
        : verdictSettles(label, byLabel, evidence) || verdictRelinks(byLabel, evidence);
    if (useful) out.set(label, evidence);
  }
  return out;
}
