// A pathway's participants as RDF, as GPML2RDF makes them: one wp:DataNode per row identifier, in the pathway's graph.
//
// The table (or the page's keywords) read into participants, resolved to HGNC records, counted and
// warned about here; nodeWriter.ts names and writes each node.

import type { NamedNode, Quad } from 'n3';
import type { Diagnostic } from '../../diagnostics.js';
import type { Limits } from '../../limits.js';
import type { Mappings } from '../../mappings.js';
import type { HgncTable } from '../../reference/hgnc.js';
import type { ParticipantCoverage, PathwayRecord, SourceTable } from '../../types.js';
import { keywordParticipants, keywordsNotInTable } from './keywords.js';
import type { Participant, TableParse } from './model.js';
import { NodeWriter } from './nodeWriter.js';
import { parseTable } from './parseTable.js';
import { resolveParticipants } from './resolveParticipants.js';
import { ambiguityWarning, labelMismatchWarning, labelNamesOtherGene } from './warnings.js';

export interface ParticipantQuadsInput {
  record: PathwayRecord;
  table?: SourceTable;
  pathwaySubject: NamedNode;
  graph: NamedNode;
  reference: { hgnc: HgncTable };
  mappings: Mappings;
  /** The pathway's organism as resolved by the caller; defaults to the page's first organism. */
  organismName?: string;
  /** Defaults to DEFAULT_LIMITS. */
  limits?: Limits;
}

export interface ParticipantQuads {
  quads: Quad[];
  warnings: Diagnostic[];
  coverage: ParticipantCoverage;
  /** With a table: keywords that match no row label (the cross-check). */
  keywordsNotInTable: string[];
  /** How the table was read, when there is one. */
  table?: Pick<TableParse, 'format' | 'stats'>;
}

export const HUMAN = 'Homo sapiens';

export function participantQuads(input: ParticipantQuadsInput): ParticipantQuads {
  const { record, mappings } = input;
  const pm = mappings.participants;
  const human = (input.organismName ?? record.organisms[0]) === HUMAN;
  const warnings: Diagnostic[] = [];
  let participants: Participant[];
  let notInTable: string[] = [];
  let table: TableParse | undefined;
  if (input.table !== undefined) table = parseTable(input.table, pm, input.limits);
  if (table !== undefined && table.format !== 'unknown') {
    // One by one: a spread of a large array overflows the call stack.
    for (const w of table.warnings) warnings.push(w);
    participants = unique(table.participants);
    notInTable = keywordsNotInTable(record.keywords, table.participants);
  } else {
    if (table !== undefined) for (const w of table.warnings) warnings.push(w);
    participants = keywordParticipants(record.keywords);
  }
  const resolved = resolveParticipants(participants, { hgnc: input.reference.hgnc, pm, human });
  const writer = new NodeWriter(
    {
      mappings,
      pm,
      human,
      graph: input.graph,
      pathwaySubject: input.pathwaySubject,
      tableFile: input.table?.file,
      pageFile: record.file,
    },
    warnings,
  );
  const coverage: ParticipantCoverage = {
    participants: participants.length,
    linked: 0,
    byLabelUsage: 0,
    ambiguous: 0,
    unresolved: 0,
    unresolvedLabels: [],
  };
  const unresolvedLabels = new Set<string>();
  for (const r of resolved) {
    const where =
      r.participant.origin.kind === 'table' && input.table !== undefined
        ? { file: input.table.file, line: r.participant.origin.line, key: 'Label' }
        : {
            file: record.file,
            ...(record.jsonldLine !== undefined ? { line: record.jsonldLine } : {}),
            key: 'keywords',
          };
    const resolution = r.resolution;
    if (
      resolution !== undefined &&
      !(
        resolution.kind === 'unresolved' &&
        resolution.reason === 'small molecule' &&
        r.participant.origin.kind === 'keyword'
      )
    ) {
      if (resolution.kind === 'linked') {
        coverage.linked++;
        if (resolution.via === 'label usage') coverage.byLabelUsage++;
        const named =
          resolution.via === 'identifier'
            ? labelNamesOtherGene(r.participant.label, resolution.record, input.reference.hgnc)
            : undefined;
        if (named !== undefined)
          warnings.push(labelMismatchWarning(r.participant.label, resolution.record, named, where));
      } else if (resolution.kind === 'ambiguous') {
        coverage.ambiguous++;
        warnings.push(ambiguityWarning(r.participant.label, resolution, where));
      } else {
        coverage.unresolved++;
        if (r.participant.label !== '') unresolvedLabels.add(r.participant.label);
      }
    }
    writer.write(r);
  }
  coverage.unresolvedLabels = [...unresolvedLabels];
  const result: ParticipantQuads = { quads: writer.quads(), warnings, coverage, keywordsNotInTable: notInTable };
  if (table !== undefined) result.table = { format: table.format, stats: table.stats };
  return result;
}

/**
 * Table rows repeat (a gene drawn twice): one participant per distinct label, type and ids; the first row's line is
 * kept.
 */
function unique(participants: Participant[]): Participant[] {
  // Label -> the participants kept with that label (nearly always one).
  const kept = new Map<string, Participant | Participant[]>();
  return participants.filter((p) => {
    const known = kept.get(p.label);
    if (known === undefined) {
      kept.set(p.label, p);
      return true;
    }
    if (Array.isArray(known)) {
      if (known.some((k) => sameParticipant(k, p))) return false;
      known.push(p);
    } else {
      if (sameParticipant(known, p)) return false;
      kept.set(p.label, [known, p]);
    }
    return true;
  });
}

/** Same type, own identifier and ids (systems in any order, each system's ids in the same order); labels are equal. */
function sameParticipant(a: Participant, b: Participant): boolean {
  if (a.type !== b.type) return false;
  if (a.primary === undefined || b.primary === undefined) {
    if (a.primary !== b.primary) return false;
  } else if (a.primary.system !== b.primary.system || a.primary.id !== b.primary.id) return false;
  const systems = Object.keys(a.ids);
  if (systems.length !== Object.keys(b.ids).length) return false;
  for (const system of systems) {
    if (!Object.hasOwn(b.ids, system)) return false;
    const x = a.ids[system];
    const y = b.ids[system];
    if (x === undefined || y === undefined) {
      if (x !== y) return false;
      continue;
    }
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  }
  return true;
}
