// Indexes an ontology's names and synonyms by normalised label, one map per resolution tier.

import type { Ontology } from '../reference/obo.js';

/** The label tiers, strongest first; label resolution stops at the first tier with a match. */
export const LABEL_TIERS = ['name', 'exact synonym', 'newer label', 'obsolete name', 'related synonym', 'broad or narrow synonym'] as const;
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

/** `"obsolete x"` → `"x"`, anything else unchanged. */
export function withoutObsoletePrefix(normalised: string): string {
  return normalised.startsWith(OBSOLETE_PREFIX) ? normalised.slice(OBSOLETE_PREFIX.length) : normalised;
}

/** The index of an ontology, built on first use and kept for the ontology object's lifetime. */
export function labelIndex(ontology: Ontology): LabelIndex {
  const cached = cache.get(ontology);
  if (cached !== undefined) return cached;
  const tiers = Object.fromEntries(LABEL_TIERS.map((t) => [t, new Map<string, string[]>()])) as Record<LabelTier, Map<string, string[]>>;
  const phrases: Phrase[] = [];
  const add = (tier: LabelTier, text: string, id: string): void => {
    const key = normaliseLabel(text);
    if (key === '') return;
    const ids = tiers[tier].get(key);
    if (ids === undefined) tiers[tier].set(key, [id]);
    else if (!ids.includes(id)) ids.push(id);
  };
  for (const term of ontology.terms.values()) {
    const live = !term.obsolete;
    if (term.name !== undefined) {
      if (live) add('name', term.name, term.id);
      else {
        add('obsolete name', term.name, term.id);
        add('obsolete name', withoutObsoletePrefix(normaliseLabel(term.name)), term.id);
      }
      phrases.push({ text: normaliseLabel(term.name), id: term.id, live, synonym: false });
    }
    for (const synonym of term.synonyms) {
      phrases.push({ text: normaliseLabel(synonym.text), id: term.id, live, synonym: true });
      if (!live) {
        if (synonym.scope === 'EXACT') add('obsolete name', synonym.text, term.id);
      } else if (synonym.scope === 'EXACT') add('exact synonym', synonym.text, term.id);
      else if (synonym.scope === 'RELATED') add('related synonym', synonym.text, term.id);
      else add('broad or narrow synonym', synonym.text, term.id);
    }
  }
  // Newer releases keep obsolete classes as "obsolete …": those are left to the obsolete tier.
  for (const entry of ontology.newerLabels?.entries ?? []) {
    if (entry.id.startsWith(`${ontology.prefix}:`) && !normaliseLabel(entry.text).startsWith(OBSOLETE_PREFIX)) add('newer label', entry.text, entry.id);
  }
  const index = { tiers, phrases };
  cache.set(ontology, index);
  return index;
}
