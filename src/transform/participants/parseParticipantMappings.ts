// Parses and checks mappings/participants.json against the identifier systems and prefixes already loaded.

import { PipelineError } from '../../errors.js';
import type { IdSystem, ParticipantMappings, TypeRule } from './model.js';

/** What participants.json is checked against: mappings/iris.json's systems and mappings/prefixes.json. */
export interface KnownSystems {
  iris: Readonly<Record<IdSystem, { pattern: RegExp }>>;
  prefixes: Readonly<Record<string, string>>;
}

/** Checks participants.json: every system it names must have an IRI rule in mappings/iris.json. */
export function parseParticipantMappings(text: string, file: string, mappings: KnownSystems): ParticipantMappings {
  const fail = (message: string, key?: string): PipelineError =>
    new PipelineError('MAPPING_INVALID', message, key === undefined ? { file } : { file, key });
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text) as Record<string, unknown>;
  } catch (cause) {
    throw new PipelineError('MAPPING_INVALID', `Invalid JSON: ${(cause as Error).message}`, { file, cause });
  }
  const object = (key: string): Record<string, unknown> => {
    const value = raw[key];
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      throw fail(`Expected "${key}" to be an object`, key);
    return value as Record<string, unknown>;
  };
  const system = (value: unknown, key: string, nullable: boolean): IdSystem | null => {
    if (value === null && nullable) return null;
    if (typeof value !== 'string' || mappings.iris[value] === undefined)
      throw fail(
        `Expected "${key}" to name a system of mappings/iris.json${nullable ? ' or null' : ''}, got ${JSON.stringify(value)}`,
        key,
      );
    return value;
  };
  const types = new Map<string, TypeRule>();
  for (const [name, rule] of Object.entries(object('types'))) {
    const r = rule as { class?: unknown; also?: unknown; geneLike?: unknown; nonGene?: unknown } | null;
    const also = r?.also ?? [];
    const nonGene = r?.nonGene ?? false;
    if (
      r === null ||
      (r.class !== null && typeof r.class !== 'string') ||
      typeof r.geneLike !== 'boolean' ||
      !Array.isArray(also) ||
      !also.every((c) => typeof c === 'string') ||
      typeof nonGene !== 'boolean' ||
      (nonGene && r.geneLike)
    ) {
      throw fail(
        `Expected type "${name}" to be { "class": string | null, "also"?: string[], "geneLike": boolean, "nonGene"?: boolean (not with geneLike) }`,
        name,
      );
    }
    types.set(name, { class: r.class as string | null, also: also as string[], geneLike: r.geneLike, nonGene });
  }
  const toMap = (key: string, nullable: boolean): Map<string, IdSystem | null> =>
    new Map(Object.entries(object(key)).map(([name, value]) => [name, system(value, `${key}.${name}`, nullable)]));
  const predicates = new Map<IdSystem, string>();
  for (const [name, local] of Object.entries(object('predicates'))) {
    system(name, `predicates.${name}`, false);
    if (typeof local !== 'string' || !/^[A-Za-z][A-Za-z0-9]*$/.test(local))
      throw fail(`Expected predicate of "${name}" to be a wp: local name, got ${JSON.stringify(local)}`, name);
    predicates.set(name, local);
  }
  const sources = new Map<IdSystem, string>();
  for (const [name, source] of Object.entries(object('sources'))) {
    system(name, `sources.${name}`, false);
    if (typeof source !== 'string' || source.trim() === '')
      throw fail(`Expected the source of "${name}" to be a non-empty string`, `sources.${name}`);
    sources.set(name, source);
  }
  const linkIris = new Map(
    [...toMap('linkIris', false)].map(([name, to]) => [
      system(name, `linkIris.${name}`, false) as IdSystem,
      to as IdSystem,
    ]),
  );
  const hgncLink = typeof raw.hgncLink === 'string' ? /^([a-z]+):([A-Za-z][A-Za-z0-9]*)$/.exec(raw.hgncLink) : null;
  if (hgncLink === null || mappings.prefixes[hgncLink[1]!] === undefined)
    throw fail(
      `Expected "hgncLink" to be a prefixed name of mappings/prefixes.json, got ${JSON.stringify(raw.hgncLink)}`,
      'hgncLink',
    );
  const list = (key: string): string[] => {
    const value = raw[key];
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
      throw fail(`Expected "${key}" to be a list of strings`, key);
    return value as string[];
  };
  const order = raw.nodeIdOrder;
  if (!Array.isArray(order)) throw fail('Expected "nodeIdOrder" to be a list of systems', 'nodeIdOrder');
  return {
    types,
    currentColumns: toMap('currentColumns', false) as Map<string, IdSystem>,
    prefixes: toMap('prefixes', true),
    databases2022: toMap('databases2022', true),
    predicates,
    sources,
    linkIris,
    hgncLink: { prefix: hgncLink[1]!, local: hgncLink[2]! },
    labelLinkableSystems: new Set(
      list('labelLinkableSystems').map((s, i) => system(s, `labelLinkableSystems[${i}]`, false) as IdSystem),
    ),
    pathwaySystems: new Set(list('pathwaySystems').map((s, i) => system(s, `pathwaySystems[${i}]`, false) as IdSystem)),
    humanGeneSystems: new Map(
      Object.entries(object('humanGeneSystems')).map(([name, pattern]) => {
        if (typeof pattern !== 'string')
          throw fail(`Expected the pattern of "${name}" to be a string`, `humanGeneSystems.${name}`);
        let re: RegExp | undefined;
        try {
          re = pattern === '' ? undefined : new RegExp(pattern);
        } catch (cause) {
          throw new PipelineError('MAPPING_INVALID', `Invalid pattern for "${name}": ${(cause as Error).message}`, {
            file,
            key: `humanGeneSystems.${name}`,
            cause,
          });
        }
        return [system(name, `humanGeneSystems.${name}`, false) as IdSystem, re];
      }),
    ),
    idPatterns: new Map(Object.entries(mappings.iris).map(([name, rule]) => [name, rule.pattern])),
    placeholderLabels: new Set(list('placeholderLabels').map((l) => l.toUpperCase())),
    nonGeneTypes: new Set([...types].filter(([, t]) => t.nonGene).map(([name]) => name.toLowerCase())),
    nonGeneLabels: list('nonGeneLabels').map((pattern, i) => {
      try {
        return new RegExp(pattern);
      } catch (cause) {
        throw new PipelineError('MAPPING_INVALID', `Invalid pattern nonGeneLabels[${i}]: ${(cause as Error).message}`, {
          file,
          key: `nonGeneLabels[${i}]`,
          cause,
        });
      }
    }),
    nodeIdOrder: order.map((s, i) => system(s, `nodeIdOrder[${i}]`, false) as IdSystem),
    labelUsage: new Map(),
  };
}
