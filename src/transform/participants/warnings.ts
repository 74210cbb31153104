// The GENE_AMBIGUOUS warning: a label that could name more than one gene, with its candidates.

import { PipelineError, type ErrorLocation } from '../../errors.js';
import type { Resolution } from './resolveGene.js';

type Ambiguous = Extract<Resolution, { kind: 'ambiguous' }>;

/** `"PKC" names a gene family (PRKCA, PRKCB, PRRT2); not linked` and the like, candidates in details. */
export function ambiguityWarning(label: string, resolution: Ambiguous, where: ErrorLocation): PipelineError {
  const symbols = resolution.candidates.map((c) => c.symbol).join(', ');
  const quoted = JSON.stringify(label);
  let message: string;
  switch (resolution.reason) {
    case 'family name':
      message = `${quoted} names a gene family (${symbols}); not linked`;
      break;
    case 'short abbreviation':
      message = `${quoted} is a short abbreviation known only as a previous or alias symbol (${symbols}), and nothing else in the pathway points to it; not linked`;
      break;
    case 'several genes named':
      message = `${quoted} names several genes (${symbols}); not linked`;
      break;
    default:
      message = `${quoted} matches ${resolution.candidates.length} HGNC records by ${resolution.via} (${symbols}); not linked`;
  }
  return new PipelineError('GENE_AMBIGUOUS', message, {
    ...where,
    details: { label, reason: resolution.reason, via: resolution.via, candidates: resolution.candidates.map((c) => ({ hgnc: c.id, symbol: c.symbol })) },
  });
}
