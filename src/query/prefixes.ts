// Predefines the mapped prefixes in a user's query, as the WikiPathways endpoint does, and maps error positions back.

import { PipelineError } from '../errors.js';

const PN_PREFIX = /^(?:\p{L}(?:[\p{L}\p{N}_.-]*[\p{L}\p{N}_-])?)?$/u;
const IRI_SAFE = /^[^<>"{}|^`\\\u0000-\u0020]+$/;

/**
 * The PREFIX declarations for `prefixes`, all on one line so that the user's query starts on line 2.
 * Names and namespaces are checked here: they come from a mappings file, not from code.
 */
export function prefixLine(prefixes: Record<string, string>): string {
  return Object.entries(prefixes)
    .map(([name, ns]) => {
      if (!PN_PREFIX.test(name) || !IRI_SAFE.test(ns)) {
        throw new PipelineError(
          'MAPPING_INVALID',
          `Expected a SPARQL prefix name and an IRI for prefix "${name}", got ${JSON.stringify(ns)}`,
          { key: name },
        );
      }
      return `PREFIX ${name}: <${ns}>`;
    })
    .join(' ');
}

/**
 * The query with the predefined prefixes declared before it. A PREFIX in the query itself comes later
 * and so wins, which lets a user re-declare a predefined prefix.
 */
export function withPrefixes(query: string, prefixes: Record<string, string>): string {
  return `${prefixLine(prefixes)}\n${query}`;
}

/** Lines withPrefixes() adds before the user's first line. */
export const ADDED_LINES = 1;

/**
 * Oxigraph's `error at L:C: …` for the prefixed query, restated with the line the user wrote.
 * Returns the line too, or undefined when the message holds no position.
 */
export function userPosition(message: string): { message: string; line?: number } {
  const m = /^error at (\d+):(\d+): ([\s\S]*)$/.exec(message);
  if (m === null) return { message };
  const line = Number(m[1]) - ADDED_LINES;
  if (line < 1) return { message };
  return { message: `SPARQL syntax error at line ${line}, column ${m[2]}: ${m[3]}`, line };
}
