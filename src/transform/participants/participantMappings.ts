// The participant mappings of a Mappings (participants.json, label-usage.tsv, as loadMappings read them); Type rules.

import path from 'node:path';
import { parsedMappingFile, type Mappings } from '../../mappings.js';
import { parseLabelUsage } from './labelUsageFile.js';
import type { ParticipantMappings, TypeRule } from './model.js';
import { parseParticipantMappings } from './parseParticipantMappings.js';

const cache = new WeakMap<Mappings, ParticipantMappings>();

/** The participant mappings beside the other mapping files, read once per Mappings object. */
export function participantMappings(mappings: Mappings): ParticipantMappings {
  return parsedMappingFile(cache, mappings, 'participants.json', (text, file) => {
    const found = parseParticipantMappings(text, file, mappings);
    // label-usage.tsv is optional, and was read with the other mapping files too.
    const usage = mappings.texts.get('label-usage.tsv');
    if (usage !== undefined) found.labelUsage = parseLabelUsage(usage, path.join(mappings.dir, 'label-usage.tsv'));
    return found;
  });
}

/** The rule for a Type cell: exact name first, then case-insensitively (`RNA` → Rna). */
export function typeRule(pm: ParticipantMappings, type: string): TypeRule | undefined {
  const exact = pm.types.get(type);
  if (exact !== undefined) return exact;
  const lower = type.toLowerCase();
  for (const [name, rule] of pm.types) if (name.toLowerCase() === lower) return rule;
  return undefined;
}
