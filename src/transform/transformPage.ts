// One page to one pathway graph: parse, then every part's quads, all in the pathway's named graph.

import { termToId, type Quad } from 'n3';
import { toDiagnostic, type Diagnostic } from '../diagnostics.js';
import { isPipelineError, type ErrorLocation } from '../errors.js';
import { DEFAULT_LIMITS, type Limits } from '../limits.js';
import type { Mappings } from '../mappings.js';
import type { Reference } from '../reference/loadReference.js';
import type { PathwayGraph, SourcePage } from '../types.js';
import { annotationQuads } from './annotate.js';
import { jsonldToQuadsAsync, type JsonldContext } from './jsonld.js';
import { parsePage } from './parsePage.js';
import { participantQuads } from './participants/participantQuads.js';
import { pathwayQuads, pathwaySubjects } from './pathwayQuads.js';
import { keepValidIris } from './safeIri.js';

export interface TransformContext {
  mappings: Mappings;
  reference: Reference;
  /** The schema.org context and licence table, built once per run (see transformContext). */
  jsonld: JsonldContext;
  /** What one page or table may hold (src/limits.ts). */
  limits: Limits;
}

export function transformContext(
  mappings: Mappings,
  reference: Reference,
  limits: Limits = DEFAULT_LIMITS,
): TransformContext {
  return {
    mappings,
    reference,
    jsonld: { document: reference.schemaContext.document, licenses: mappings.licenses },
    limits,
  };
}

export interface TransformResult extends PathwayGraph {
  /** Ontology terms the page is tagged with, for the run's ontologies graph. */
  termIds: string[];
}

/** Pure: the same page and context give the same quads, in the same order. Throws PipelineError for a rejected page. */
export async function transformPage(page: SourcePage, ctx: TransformContext): Promise<TransformResult> {
  const record = parsePage(page, ctx.limits);
  const subjects = pathwaySubjects(record, ctx.mappings);
  const warnings: Diagnostic[] = [...record.warnings];
  if (page.tableError) warnings.push(page.tableError);
  const quads: Quad[] = [];
  // Every part already makes valid IRIs; this last check keeps a missed one out of every output,
  // reported at the part (file and key) it came from.
  const take = (part: { quads: Quad[]; warnings: Diagnostic[] }, where: ErrorLocation = { file: record.file }) => {
    for (const w of part.warnings) warnings.push(w);
    const checked = keepValidIris(part.quads, where);
    for (const q of checked.quads) quads.push(q);
    for (const w of checked.warnings) warnings.push(w);
  };

  take(pathwayQuads(record, subjects, ctx.mappings, (name) => ctx.reference.organisms.taxonFor(name)));
  // Title and description let truncated 2022 labels ("Wnt signaling) choose between the names they begin.
  const context = [record.title, record.description].filter(Boolean).join('\n');
  const annotations = annotationQuads(
    record.annotations,
    subjects.subject,
    subjects.pathway,
    ctx.reference.ontologies,
    ctx.mappings,
    record.file,
    context,
  );
  take(annotations, { file: record.file, key: 'annotations' });
  const termIds = annotations.termIds;
  if (record.jsonld !== undefined) {
    try {
      const where = {
        file: record.file,
        key: 'schema-jsonld',
        ...(record.jsonldLine === undefined ? {} : { line: record.jsonldLine }),
      };
      take(
        {
          quads: await jsonldToQuadsAsync(
            record.jsonld,
            subjects.pathway,
            ctx.jsonld,
            `${record.wpid}_`,
            record.file,
            record.jsonldLine,
          ),
          warnings: [],
        },
        where,
      );
    } catch (error) {
      // A broken schema-jsonld block costs the page that block, not the page.
      if (!isPipelineError(error)) throw error;
      warnings.push(toDiagnostic(error));
    }
  }

  const participants = participantQuads({
    record,
    ...(page.table ? { table: page.table } : {}),
    pathwaySubject: subjects.subject,
    graph: subjects.pathway,
    reference: { hgnc: ctx.reference.hgnc },
    mappings: ctx.mappings,
    limits: ctx.limits,
  });
  // A table row can name this very pathway (a Pathway row with the page's own id): the facts its node shares
  // with the pathway are written once, so that a store holds as many triples as the report counts.
  take({ ...participants, quads: notRepeated(participants.quads, quads) }, { file: page.table?.file ?? record.file });

  return {
    coverage: participants.coverage,
    wpid: record.wpid,
    graph: subjects.pathway.value,
    subject: subjects.subject.value,
    file: page.file,
    quads,
    warnings,
    termIds,
  };
}

/**
 * `quads` less the triples `earlier` already holds; compares triples only on a shared subject (rare: one row in ~1,400
 * pages).
 */
function notRepeated(quads: Quad[], earlier: Quad[]): Quad[] {
  const subjects = new Set(earlier.map((q) => q.subject.value));
  if (!quads.some((q) => subjects.has(q.subject.value))) return quads;
  const seen = new Set(earlier.filter((q) => subjects.has(q.subject.value)).map(tripleKey));
  return quads.filter((q) => !subjects.has(q.subject.value) || !seen.has(tripleKey(q)));
}

function tripleKey(q: Quad): string {
  return `${termToId(q.subject)} ${termToId(q.predicate)} ${termToId(q.object)}`;
}
