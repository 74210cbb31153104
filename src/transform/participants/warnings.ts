// Gene warnings: GENE_AMBIGUOUS, a label that could name more than one gene, with its candidates;
// GENE_LABEL_MISMATCH, a table row whose label is the approved symbol of a gene other than the one its
// identifiers name.

import { diagnostic, type Diagnostic } from '../../diagnostics.js';
import type { ErrorLocation } from '../../errors.js';
import type { HgncRecord, HgncTable } from '../../reference/hgnc.js';
import type { Ambiguous } from './model.js';
import { viaText } from './outcomeText.js';

/** `"PKC" names a gene family (PRKCA, PRKCB, PRRT2); not linked` and the like, candidates in details. */
export function ambiguityWarning(label: string, resolution: Ambiguous, where: ErrorLocation): Diagnostic {
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
      message = `${quoted} matches ${resolution.candidates.length} HGNC records by ${viaText(resolution)} (${symbols}); not linked`;
  }
  return diagnostic('GENE_AMBIGUOUS', message, {
    ...where,
    details: {
      label,
      reason: resolution.reason,
      via: viaText(resolution),
      candidates: resolution.candidates.map((c) => ({ hgnc: c.id, symbol: c.symbol })),
    },
  });
}

/**
 * The gene a row's label names as an approved symbol (trimmed), when that is not the record its
 * identifiers name and the label is not one of that record's previous or alias symbols either:
 * a row labelled MTOR carrying MAPT's NCBI Gene id. Undefined otherwise.
 */
export function labelNamesOtherGene(label: string, linked: HgncRecord, table: HgncTable): HgncRecord | undefined {
  const symbol = label.replace(/\s+/g, ' ').trim();
  const named = table.bySymbol.get(symbol);
  if (
    named === undefined ||
    named === linked ||
    linked.prevSymbols.includes(symbol) ||
    linked.aliasSymbols.includes(symbol)
  )
    return undefined;
  return named;
}

/**
 * `Label "MTOR" is the approved symbol of MTOR (HGNC:3942), but the row's identifiers name MAPT (HGNC:6893); linked by
 * the identifiers`.
 */
export function labelMismatchWarning(
  label: string,
  linked: HgncRecord,
  named: HgncRecord,
  where: ErrorLocation,
): Diagnostic {
  return diagnostic(
    'GENE_LABEL_MISMATCH',
    `Label ${JSON.stringify(label)} is the approved symbol of ${named.symbol} (HGNC:${named.id}), but the row's identifiers name ${linked.symbol} (HGNC:${linked.id}); linked by the identifiers`,
    {
      ...where,
      details: {
        label,
        labelNames: { hgnc: named.id, symbol: named.symbol },
        identifiersName: { hgnc: linked.id, symbol: linked.symbol },
      },
    },
  );
}
