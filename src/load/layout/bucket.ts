// Which shared graph holds a node's facts: a fixed number of buckets, chosen by a stable hash of the subject IRI.
//
// Stable across runs, machines and Node versions (FNV-1a over the IRI's UTF-16 code units), so a node's facts stay in
// the same graph from night to night and only the buckets whose content changed are rewritten and re-sent.

export const BUCKETS = 64;

/** `urn:pathway-kg:shared:07`: the named graph of bucket 7. */
export const SHARED_GRAPH_PREFIX = 'urn:pathway-kg:shared:';

export function sharedGraph(bucket: number): string {
  return `${SHARED_GRAPH_PREFIX}${String(bucket).padStart(2, '0')}`;
}

export function isSharedGraph(iri: string): boolean {
  return /^urn:pathway-kg:shared:[0-9]{2}$/.test(iri);
}

/** The bucket of a subject IRI (0 … BUCKETS-1): `iri`, or its characters from `start` to `end` (not included). */
export function bucketOf(iri: string, start = 0, end = iri.length): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) {
    h ^= iri.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % BUCKETS;
}

/** The subject IRI of a canonical N-Triples line `<s> <p> <o> .` (shared facts never have a blank subject). */
export function lineSubject(line: string): string {
  return line.slice(1, line.indexOf('>'));
}
