// Resolves one ontology annotation (an id, or a label only) to a term id, with located warnings.

import path from 'node:path';
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import type { Ontology } from '../reference/obo.js';
import type { AnnotationInput, OntologyKind } from '../types.js';
import { LABEL_TIERS, labelIndex, normaliseLabel, withoutObsoletePrefix, type LabelTier } from './labelIndex.js';
import { pickTermByContext } from './pickTermByContext.js';

export type Ontologies = Record<OntologyKind, Ontology>;

/** How a link was found: by id, by one of the label tiers, or from a label cut at a comma. */
export type ResolvedVia = 'id' | LabelTier | CutTier;
type CutTier = 'cut name' | 'cut synonym' | 'cut obsolete name';

export type AnnotationResolution =
  | { status: 'linked'; kind: OntologyKind; id: string; via: ResolvedVia; byContext: boolean; warnings: Diagnostic[] }
  | { status: 'ambiguous'; kind: OntologyKind; candidates: string[]; warnings: Diagnostic[] }
  | { status: 'unresolved'; kind: OntologyKind; warnings: Diagnostic[] };

export interface ResolveOptions {
  /** The page file, for warnings. */
  file: string;
  /** Title and description of the page: tells apart candidates a label alone cannot. */
  context?: string;
}

const TIER_WORDS: Record<LabelTier | CutTier, string> = {
  name: 'the name of',
  'exact synonym': 'an exact synonym of',
  'newer label': 'a newer label of',
  'obsolete name': 'the name of obsolete',
  'related synonym': 'a related synonym of',
  'broad or narrow synonym': 'a broad or narrow synonym of',
  'cut name': 'cut at a comma, it begins the names of',
  'cut synonym': 'cut at a comma, it begins synonyms of',
  'cut obsolete name': 'cut at a comma, it begins the names or synonyms of obsolete',
};

const ID_SHAPE = /^(PW|DOID|CL)[:_]([0-9]+)$/i;

export function resolveAnnotation(
  annotation: AnnotationInput,
  ontologies: Ontologies,
  options: ResolveOptions,
): AnnotationResolution {
  const warn = (
    code: 'ANNOTATION_UNRESOLVED' | 'ANNOTATION_AMBIGUOUS' | 'ANNOTATION_OBSOLETE' | 'ANNOTATION_ID_UNKNOWN',
    message: string,
  ): Diagnostic => diagnostic(code, message, { file: options.file, line: annotation.line, key: 'annotations' });
  const warnings: Diagnostic[] = [];
  const rawId = annotation.id?.trim() ?? '';
  if (rawId !== '') {
    const shape = ID_SHAPE.exec(rawId);
    if (shape !== null) {
      const kind = (shape[1] as string).toUpperCase() as OntologyKind;
      return resolveId(`${kind}:${shape[2] as string}`, ontologies[kind], warn);
    }
    const hasLabel = (annotation.label?.trim() ?? '') !== '';
    warnings.push(
      warn(
        'ANNOTATION_ID_UNKNOWN',
        `Malformed ontology id ${JSON.stringify(rawId)} (expected PW:, DOID: or CL: and digits); ${hasLabel ? 'resolving its label instead' : 'not linked'}`,
      ),
    );
    if (!hasLabel) return { status: 'unresolved', kind: annotation.kind, warnings };
  }
  const label = annotation.label?.trim() ?? '';
  const kind = annotation.kind;
  const ontology = ontologies[kind];
  if (label === '')
    return {
      status: 'unresolved',
      kind,
      warnings: [...warnings, warn('ANNOTATION_UNRESOLVED', `${kind} annotation has neither an id nor a label`)],
    };
  const quoted = JSON.stringify(label);
  const found = findByLabel(label, ontology);
  if (found === undefined) {
    return {
      status: 'unresolved',
      kind,
      warnings: [
        ...warnings,
        warn(
          'ANNOTATION_UNRESOLVED',
          `Unresolved ${kind} annotation ${quoted}: no ${kind} term has this name or synonym`,
        ),
      ],
    };
  }
  let chosen = found.ids.length === 1 ? found.ids[0] : undefined;
  let byContext = false;
  if (chosen === undefined && options.context !== undefined) {
    chosen = pickTermByContext(found.ids, label, options.context, ontology);
    byContext = chosen !== undefined;
  }
  if (chosen === undefined) {
    const list = found.ids.join(', ');
    return {
      status: 'ambiguous',
      kind,
      candidates: found.ids,
      warnings: [
        ...warnings,
        warn(
          'ANNOTATION_AMBIGUOUS',
          `Ambiguous ${kind} annotation ${quoted}: ${TIER_WORDS[found.via]} ${list}; not linked`,
        ),
      ],
    };
  }
  const term = ontology.terms.get(chosen);
  if (found.via === 'obsolete name' || term?.obsolete === true) {
    const target = followObsolete(chosen, ontology);
    const message =
      target === chosen
        ? `${kind} annotation ${quoted} names obsolete ${chosen}, which has no replacement; linked as written`
        : `${kind} annotation ${quoted} names obsolete ${chosen}; linked to its replacement ${describe(target, ontology)}`;
    return {
      status: 'linked',
      kind,
      id: target,
      via: found.via,
      byContext,
      warnings: [...warnings, warn('ANNOTATION_OBSOLETE', message)],
    };
  }
  return { status: 'linked', kind, id: chosen, via: found.via, byContext, warnings };
}

function resolveId(
  id: string,
  ontology: Ontology,
  warn: (code: 'ANNOTATION_OBSOLETE' | 'ANNOTATION_ID_UNKNOWN', message: string) => Diagnostic,
): AnnotationResolution {
  const kind = ontology.kind;
  const linked = (target: string, warnings: Diagnostic[]): AnnotationResolution => ({
    status: 'linked',
    kind,
    id: target,
    via: 'id',
    byContext: false,
    warnings,
  });
  const term = ontology.terms.get(id);
  const primary = ontology.altIds.get(id);
  if (term === undefined && primary === undefined) {
    return linked(id, [
      warn(
        'ANNOTATION_ID_UNKNOWN',
        `Unknown ${kind} id ${JSON.stringify(id)}: not in ${path.basename(ontology.file)} (${ontology.version}); linked as written`,
      ),
    ]);
  }
  if (term !== undefined && !term.obsolete) return linked(id, []);
  const target = followObsolete(id, ontology);
  if (target !== id) {
    const message =
      term === undefined || (term.replacedBy.length === 0 && primary !== undefined)
        ? `${kind} id ${JSON.stringify(id)} is an alternative id of ${describe(target, ontology)}; linked to ${target}`
        : `Obsolete ${kind} id ${JSON.stringify(id)} (${JSON.stringify(term.name ?? '')}); linked to its replacement ${describe(target, ontology)}`;
    return linked(target, [warn('ANNOTATION_OBSOLETE', message)]);
  }
  const consider = term?.consider.length ? ` (consider ${term.consider.join(', ')})` : '';
  return linked(id, [
    warn(
      'ANNOTATION_OBSOLETE',
      `Obsolete ${kind} id ${JSON.stringify(id)} (${JSON.stringify(term?.name ?? '')}) has no replacement${consider}; linked as written`,
    ),
  ]);
}

/**
 * The live term an id stands for today: itself when live, else its single `replaced_by` (or the
 * term that lists it as `alt_id`), followed up to 10 steps; itself when that leads nowhere.
 */
export function followObsolete(id: string, ontology: Ontology): string {
  let current = id;
  for (let step = 0; step < 10; step++) {
    const term = ontology.terms.get(current);
    if (term !== undefined && !term.obsolete) return current;
    const replacements = (term?.replacedBy ?? []).filter((r) => ontology.terms.has(r) || ontology.altIds.has(r));
    const next = replacements.length === 1 ? replacements[0] : ontology.altIds.get(current);
    if (next === undefined || next === current) break;
    current = next;
  }
  const end = ontology.terms.get(current);
  return end !== undefined && !end.obsolete ? current : id;
}

interface LabelMatch {
  via: LabelTier | CutTier;
  ids: string[];
}

/** The first tier where the label (then the label without "obsolete ") matches, ids made current. */
export function findByLabel(label: string, ontology: Ontology): LabelMatch | undefined {
  const index = labelIndex(ontology);
  // A label that opens a quote it never closes was cut at a comma: only longer names can be meant.
  if (label.startsWith('"') && !label.slice(1).includes('"')) return byPrefix(normaliseLabel(label.slice(1)), ontology);
  const key = normaliseLabel(/^".*"$/.test(label) ? label.slice(1, -1) : label);
  for (const candidate of key.startsWith('obsolete ') ? [key, withoutObsoletePrefix(key)] : [key]) {
    for (const tier of LABEL_TIERS) {
      const ids = index.tiers[tier].get(candidate);
      if (ids === undefined) continue;
      if (tier !== 'obsolete name') return { via: tier, ids: unique(ids.map((id) => currentId(id, ontology))) };
      // Obsolete terms that lead to the same replacement are one candidate.
      const byTarget = new Map<string, string>();
      for (const id of ids)
        if (!byTarget.has(followObsolete(id, ontology))) byTarget.set(followObsolete(id, ontology), id);
      return { via: tier, ids: [...byTarget.values()] };
    }
  }
  // A name shortened to the part before its comma ("x" for "x, 220-kb").
  return byPrefix(key, ontology);
}

/** Terms whose live name, else live synonym, else obsolete name or synonym starts with `key,`. */
function byPrefix(key: string, ontology: Ontology): LabelMatch | undefined {
  if (key === '') return undefined;
  const prefix = `${key},`;
  const phrases = labelIndex(ontology).phrases.filter((p) => p.text.startsWith(prefix));
  const tiers: Array<[CutTier, typeof phrases]> = [
    ['cut name', phrases.filter((p) => p.live && !p.synonym)],
    ['cut synonym', phrases.filter((p) => p.live && p.synonym)],
    ['cut obsolete name', phrases.filter((p) => !p.live)],
  ];
  for (const [via, found] of tiers) {
    if (found.length > 0)
      return { via, ids: unique(found.map((p) => (via === 'cut obsolete name' ? p.id : currentId(p.id, ontology)))) };
  }
  return undefined;
}

/** Ids from labels: alt ids and replaced terms map to the live term, unknown ids stay. */
function currentId(id: string, ontology: Ontology): string {
  return ontology.terms.has(id) || ontology.altIds.has(id) ? followObsolete(id, ontology) : id;
}

function describe(id: string, ontology: Ontology): string {
  const name = ontology.terms.get(id)?.name;
  return name === undefined ? id : `${id} (${JSON.stringify(name)})`;
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}
