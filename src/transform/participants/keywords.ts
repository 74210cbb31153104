// The page's schema-jsonld keywords as participants: the participant list of a page without a table.

import type { Participant } from './model.js';

/** One participant per keyword (already trimmed and de-duplicated by parsePage), in page order. */
export function keywordParticipants(keywords: readonly string[]): Participant[] {
  return keywords.map((label, index) => ({ label, type: '', ids: {}, origin: { kind: 'keyword', index } }));
}

/**
 * The cross-check when a page has a table: keywords found in no row label (2022 keywords are the
 * lines of multi-line labels, so a keyword may be part of one). Shows where a table lost rows.
 */
export function keywordsNotInTable(keywords: readonly string[], rows: readonly Participant[]): string[] {
  const labels = new Set(rows.map((r) => r.label.toLowerCase()));
  const long = [...labels].filter((l) => l.includes(' '));
  return keywords.filter((k) => {
    const key = k.toLowerCase();
    return !labels.has(key) && !long.some((l) => l.includes(key));
  });
}
