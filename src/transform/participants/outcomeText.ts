// Resolution outcomes in words: the one place their text is made (GENE_AMBIGUOUS details, benches, tests).

import type { Ambiguous, Linked, UnresolvedReason } from './model.js';

/** `alias symbol`; a record picked by the pathway's other genes: `alias symbol, pathway context`. */
export function viaText(resolution: Linked | Ambiguous): string {
  return resolution.via === 'pathway context' ? `${resolution.foundBy}, pathway context` : resolution.via;
}

const UNRESOLVED: Record<UnresolvedReason, string> = {
  'empty label': 'empty label',
  'small molecule': 'an ion or small molecule',
  'identifiers not in HGNC': 'its identifiers are not in the HGNC table',
  'no label match': 'no HGNC symbol, previous symbol, alias or name matches',
  'used for a non-gene': "other pathways' tables use this label for a non-gene",
  'placeholder label': 'a placeholder label',
  'non-gene label': 'its label names a complex, a multimer or a pathway, not one gene',
  'several genes listed': 'its label lists several genes',
  'own id names no human gene': 'its own identifier names no human gene',
  'own id not in HGNC': 'its own identifier is not in the HGNC table and its label is no approved symbol',
};

export function unresolvedText(reason: UnresolvedReason): string {
  return UNRESOLVED[reason];
}
