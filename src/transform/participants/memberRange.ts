// Labels that name a range of numbered family members (`RPA1-4`, `MCM2-7`, `ST3GAL1-6`), told apart
// from Reactome's isoform notation (`SHC1-3`: SHC1's isoform 3) by the page they are drawn on.

import type { HgncRecord, HgncTable } from '../../reference/hgnc.js';
import { sortRecords } from './geneIndex.js';
import type { FoundVia, ResolvedParticipant } from './model.js';
import { linkedByIdentifiers } from './labelUsage.js';

/**
 * A symbol stem, its first number, a hyphen and a last number at the end of a label, after nothing or
 * a modification (`p-MCM2-7`, `CIS, SOCS1-3`).
 */
const RANGE = /(?:^|[^A-Za-z0-9])([A-Z][A-Z0-9]*?[A-Z])([0-9]+)-([0-9]+)$/;

/**
 * The approved symbols a label reads as a range of three or more numbered members (`RPA1-4` → RPA1,
 * RPA2, RPA3, RPA4), when every one is an approved symbol; undefined otherwise. Two numbers apart by
 * one (`STAT1-2`, `DCTN1-2`) are never read so: Reactome's isoform 2 is written that way, and pages
 * that draw it often draw the next member too.
 */
export function memberRange(label: string, table: HgncTable): string[] | undefined {
  const m = RANGE.exec(label);
  if (m === null) return undefined;
  const [first, last] = [Number(m[2]), Number(m[3])];
  if (last - first < 2) return undefined;
  const symbols: string[] = [];
  for (let n = first; n <= last; n++) symbols.push(`${m[1]!}${n}`);
  return symbols.every((s) => table.bySymbol.has(s)) ? symbols : undefined;
}

/**
 * A label link to the first member of a range (`RPA1-4` → RPA1, by the isoform reading) is undone
 * when the same pathway also names every other member of the range by its approved symbol (RPA2,
 * RPA3, RPA4 drawn beside it): the label is then the set of them, a Reactome complex or set, and
 * which member to link is a guess. Links made by identifiers or by label usage are left alone.
 */
export function unlinkRanges(out: ResolvedParticipant[], table: HgncTable): void {
  const labels = new Set(out.map((r) => r.participant.label));
  for (const r of out) {
    const res = r.resolution;
    if (res?.kind !== 'linked' || linkedByIdentifiers(res) || res.via === 'label usage') continue;
    const via: FoundVia | undefined =
      res.via === 'pathway context' ? res.foundBy : res.via === 'identifier and label' ? undefined : res.via;
    if (via === undefined) continue;
    const members = memberRange(r.participant.label, table);
    if (members === undefined || !members.slice(1).every((s) => labels.has(s))) continue;
    const candidates: HgncRecord[] = sortRecords(members.map((s) => table.bySymbol.get(s)!));
    r.resolution = { kind: 'ambiguous', candidates, via, reason: 'several genes named' };
  }
}
