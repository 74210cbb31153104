// One page to one pathway graph: parse, then every part's quads, all in the pathway's named graph.

import type { Quad } from 'n3';
import type { PipelineError } from '../errors.js';
import type { Mappings } from '../mappings.js';
import type { Reference } from '../reference/loadReference.js';
import type { PathwayGraph, SourcePage } from '../types.js';
import { parsePage } from './parsePage.js';
import { pathwayQuads, pathwaySubjects } from './pathwayQuads.js';

export interface TransformContext {
  mappings: Mappings;
  reference: Reference;
}

export interface TransformResult extends PathwayGraph {
  /** Ontology terms the page is tagged with, for the run's ontologies graph. */
  termIds: string[];
}

/** Pure: the same page and context give the same quads, in the same order. Throws PipelineError for a rejected page. */
export function transformPage(page: SourcePage, ctx: TransformContext): TransformResult {
  const record = parsePage(page);
  const subjects = pathwaySubjects(record, ctx.mappings);
  const warnings: PipelineError[] = [...record.warnings];
  if (page.tableError) warnings.push(page.tableError);
  const quads: Quad[] = [];
  const take = (part: { quads: Quad[]; warnings: PipelineError[] }) => {
    for (const q of part.quads) quads.push(q);
    for (const w of part.warnings) warnings.push(w);
  };

  take(pathwayQuads(record, subjects, ctx.mappings, (name) => ctx.reference.organisms.taxonFor(name)));
  const termIds: string[] = [];

  return { wpid: record.wpid, graph: subjects.pathway.value, subject: subjects.subject.value, file: page.file, quads, warnings, termIds };
}
