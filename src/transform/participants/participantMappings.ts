// Type rules of the participant mappings (mappings/participants.json, parsed by loadMappings into
// Mappings.participants).

import type { ParticipantMappings, TypeRule } from './model.js';

/** The rule for a Type cell: exact name first, then case-insensitively (`RNA` → Rna). */
export function typeRule(pm: ParticipantMappings, type: string): TypeRule | undefined {
  const exact = pm.types.get(type);
  if (exact !== undefined) return exact;
  const lower = type.toLowerCase();
  for (const [name, rule] of pm.types) if (name.toLowerCase() === lower) return rule;
  return undefined;
}
