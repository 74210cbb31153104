// Chooses among candidate ontology terms by the words that set each apart, found in the page's title and description.

import type { Ontology } from '../reference/obo.js';
import { normaliseLabel } from './labelIndex.js';

const STOPWORDS = new Set(['a', 'an', 'and', 'by', 'for', 'in', 'of', 'on', 'or', 'the', 'to', 'via', 'with']);

/** Lower-case words; hyphenated words stay whole ("non-canonical" is not "canonical"). */
export function words(text: string): string[] {
  return normaliseLabel(text)
    .split(/[^a-z0-9-]+/)
    .map((w) => w.replace(/^-+|-+$/g, ''))
    .filter((w) => w !== '' && !STOPWORDS.has(w));
}

/**
 * The one candidate whose distinguishing words (words of its name that are neither in the label
 * nor in every candidate's name) all occur in `context`; undefined when none or several do.
 */
export function pickTermByContext(
  candidates: string[],
  label: string,
  context: string,
  ontology: Ontology,
): string | undefined {
  const labelWords = new Set(words(label.replace(/^"/, '')));
  const nameWords = candidates.map((id) => new Set(words(ontology.terms.get(id)?.name ?? '')));
  const shared = new Set([...(nameWords[0] ?? [])].filter((w) => nameWords.every((set) => set.has(w))));
  const contextWords = new Set(words(context));
  const matching = candidates.filter((_, i) => {
    const distinguishing = [...(nameWords[i] as Set<string>)].filter((w) => !labelWords.has(w) && !shared.has(w));
    return distinguishing.length > 0 && distinguishing.every((w) => contextWords.has(w));
  });
  return matching.length === 1 ? matching[0] : undefined;
}
