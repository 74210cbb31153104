// The text of vocabulary IRIs (predicates, classes, datatypes: a few hundred), remembered by one writer.

/** Past this many entries new IRIs are encoded each time: the cache of a long run stays small. */
const BOUND = 20_000;

/** `encode`, remembering its answers for as long as its owner lives (one run's writer), up to BOUND entries. */
export function iriCache(encode: (iri: string) => string): (iri: string) => string {
  const known = new Map<string, string>();
  return (iri) => {
    let text = known.get(iri);
    if (text === undefined) {
      text = encode(iri);
      if (known.size < BOUND) known.set(iri, text);
    }
    return text;
  };
}
