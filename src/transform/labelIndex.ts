// Indexes an ontology's names and synonyms by normalised label, one map per resolution tier.

import { ListMap } from '../reference/listMap.js';
import { storedKey } from '../reference/strings.js';
import type { Ontology } from '../reference/obo.js';

/** The label tiers, strongest first; label resolution stops at the first tier with a match. */
export const LABEL_TIERS = [
  'name',
  'exact synonym',
  'newer label',
  'obsolete name',
  'related synonym',
  'broad or narrow synonym',
] as const;
export type LabelTier = (typeof LABEL_TIERS)[number];

export interface Phrase {
  /** Normalised name or synonym. */
  text: string;
  id: string;
  live: boolean;
  synonym: boolean;
}

export interface LabelIndex {
  tiers: Record<LabelTier, Map<string, string[]>>;
  /** Every name and synonym of the ontology's own terms, for prefix search (labels cut at a comma). */
  phrases: Phrase[];
}

const OBSOLETE_PREFIX = 'obsolete ';
const cache = new WeakMap<Ontology, LabelIndex>();

/**
 * Case-folded, Unicode-compatibility-normalised, dashes and quotes unified, whitespace collapsed,
 * no space before a comma, no trailing full stop.
 */
export function normaliseLabel(label: string): string {
  // Most labels are printable ASCII words with single spaces: NFKC, the dash and quote rules and the
  // whitespace rules change nothing in them but a space before a comma.
  if (SIMPLE.test(label)) {
    const lower = label.toLowerCase();
    const commas = lower.includes(' ,') ? lower.replace(/ ,/g, ',') : lower;
    return commas.endsWith('.') ? commas.slice(0, -1) : commas;
  }
  return normaliseLabelByRules(label);
}

/** normaliseLabel without its shortcut for plain labels: every rule, one after the other. */
export function normaliseLabelByRules(label: string): string {
  return label
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\u2018\u2019\u2032]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\s+/g, ' ')
    .replace(/\s+,/g, ',')
    .replace(/,\s+/g, ', ')
    .trim()
    .replace(/\.$/, '');
}

/** Printable ASCII runs separated by single spaces, nothing around them. */
const SIMPLE = /^[\x21-\x7e]+(?: [\x21-\x7e]+)*$/;

/** normaliseLabel, giving back `text` itself (no second copy) when normalising changes nothing. */
function normalised(text: string): string {
  return storedKey(normaliseLabel(text), text);
}

/** `"obsolete x"` → `"x"`, anything else unchanged. */
export function withoutObsoletePrefix(normalised: string): string {
  return normalised.startsWith(OBSOLETE_PREFIX) ? normalised.slice(OBSOLETE_PREFIX.length) : normalised;
}

/** Hands over an index read back from the parsed-reference cache (src/reference/cache/), so it is not built again. */
export function primeLabelIndex(ontology: Ontology, index: LabelIndex): void {
  cache.set(ontology, index);
}

/** The index of an ontology, built on first use and kept for the ontology object's lifetime. */
export function labelIndex(ontology: Ontology): LabelIndex {
  const cached = cache.get(ontology);
  if (cached !== undefined) return cached;
  // Most labels name one term: ListMap keeps those without an array of their own (it reads as a Map of arrays).
  const tiers = Object.fromEntries(LABEL_TIERS.map((t) => [t, new ListMap<string>()])) as Record<
    LabelTier,
    ListMap<string>
  >;
  const phrases: Phrase[] = [];
  const add = (tier: LabelTier, key: string, id: string): void => {
    if (key !== '') tiers[tier].add(key, id);
  };
  for (const term of ontology.terms.values()) {
    const live = !term.obsolete;
    if (term.name !== undefined) {
      const name = normalised(term.name);
      if (live) add('name', name, term.id);
      else {
        add('obsolete name', name, term.id);
        add('obsolete name', normalised(withoutObsoletePrefix(name)), term.id);
      }
      phrases.push({ text: name, id: term.id, live, synonym: false });
    }
    for (const synonym of term.synonyms) {
      const text = normalised(synonym.text);
      phrases.push({ text, id: term.id, live, synonym: true });
      if (!live) {
        if (synonym.scope === 'EXACT') add('obsolete name', text, term.id);
      } else if (synonym.scope === 'EXACT') add('exact synonym', text, term.id);
      else if (synonym.scope === 'RELATED') add('related synonym', text, term.id);
      else add('broad or narrow synonym', text, term.id);
    }
  }
  // Newer releases keep obsolete classes as "obsolete …": those are left to the obsolete tier.
  for (const entry of ontology.newerLabels?.entries ?? []) {
    if (!entry.id.startsWith(`${ontology.prefix}:`)) continue;
    const text = normalised(entry.text);
    if (!text.startsWith(OBSOLETE_PREFIX)) add('newer label', text, entry.id);
  }
  const index = { tiers, phrases };
  cache.set(ontology, index);
  return index;
}
