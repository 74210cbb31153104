// The shape of state.json, checked field by field: a state with valid JSON but a wrong field would
// otherwise crash the run far from here (a string as a byte range, a number as a list of ids).

import { ERROR_CODES } from '../errors.js';

type Json = unknown;

const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: Json): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const describe = (v: Json): string =>
  v === null
    ? 'null'
    : Array.isArray(v)
      ? 'a list'
      : typeof v === 'object'
        ? 'an object'
        : `${typeof v} ${JSON.stringify(v)}`.slice(0, 60);

/**
 * The first field of a parsed state.json that is not as this version writes it, as "where: what"; undefined when all
 * are.
 */
export function stateProblem(state: Json): string | undefined {
  if (!isObject(state)) return `the file holds ${describe(state)}, expected an object`;
  if (state['version'] !== 1) return `version is ${describe(state['version'])}, expected 1`;
  const allNq = state['allNq'];
  if (allNq !== undefined) {
    if (!isObject(allNq) || !isCount(allNq['size']) || typeof allNq['mtimeMs'] !== 'number')
      return 'allNq is not { size, mtimeMs }';
  }
  const pathways = state['pathways'];
  if (!isObject(pathways)) return `pathways is ${describe(pathways)}, expected an object`;
  for (const [wpid, p] of Object.entries(pathways)) {
    const problem = pathwayProblem(p);
    if (problem !== undefined) return `pathways.${wpid}${problem}`;
  }
  const targets = state['targets'];
  if (!isObject(targets)) return `targets is ${describe(targets)}, expected an object`;
  for (const [target, graphs] of Object.entries(targets)) {
    if (!isObject(graphs)) return `targets[${JSON.stringify(target)}] is ${describe(graphs)}, expected an object`;
  }
  // Absent from the state of runs before the store was checked against it.
  const counts = state['targetTriples'];
  if (counts !== undefined) {
    if (!isObject(counts)) return `targetTriples is ${describe(counts)}, expected an object`;
    for (const [target, graphs] of Object.entries(counts)) {
      if (!isObject(graphs) || !Object.values(graphs).every(isCount))
        return `targetTriples[${JSON.stringify(target)}] is not an object of whole numbers from 0`;
    }
  }
  return undefined;
}

/**
 * Whether a parsed fingerprint is as this version writes it. One that is not is dropped, not an error: it only saves
 * work, and without it the run reads everything (a fingerprint of another version, or edited by hand).
 */
export function isFingerprint(f: Json): boolean {
  return (
    isObject(f) &&
    ['inputs', 'runInputs', 'report'].every((k) => typeof f[k] === 'string') &&
    isObject(f['racyReference']) &&
    Object.values(f['racyReference']).every((h) => typeof h === 'string') &&
    Array.isArray(f['racyPages']) &&
    f['racyPages'].every((p) => typeof p === 'string') &&
    (f['runWide'] === undefined || typeof f['runWide'] === 'string') &&
    (f['pages'] === undefined ||
      (isObject(f['pages']) && Object.values(f['pages']).every((s) => typeof s === 'string')))
  );
}

function pathwayProblem(p: Json): string | undefined {
  if (!isObject(p)) return ` is ${describe(p)}, expected an object`;
  if (typeof p['hash'] !== 'string') return `.hash is ${describe(p['hash'])}, expected a string`;
  const nq = p['nq'];
  if (!isObject(nq)) return `.nq is ${describe(nq)}, expected { offset, length }`;
  for (const key of ['offset', 'length'])
    if (!isCount(nq[key])) return `.nq.${key} is ${describe(nq[key])}, expected a whole number from 0`;
  if (!isCount(p['triples'])) return `.triples is ${describe(p['triples'])}, expected a whole number from 0`;
  const ids = p['termIds'];
  if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) return '.termIds is not a list of strings';
  const c = p['coverage'];
  if (c !== undefined) {
    if (!isObject(c)) return `.coverage is ${describe(c)}, expected an object`;
    for (const key of ['participants', 'linked', 'ambiguous', 'unresolved'])
      if (!isCount(c[key])) return `.coverage.${key} is ${describe(c[key])}, expected a whole number from 0`;
    // byLabelUsage is absent from the state of runs before label usage.
    if (c['byLabelUsage'] !== undefined && !isCount(c['byLabelUsage']))
      return `.coverage.byLabelUsage is ${describe(c['byLabelUsage'])}, expected a whole number from 0`;
    const labels = c['unresolvedLabels'];
    if (!Array.isArray(labels) || !labels.every((l) => typeof l === 'string'))
      return '.coverage.unresolvedLabels is not a list of strings';
  }
  const w = p['warnings'];
  if (w !== undefined) {
    if (!Array.isArray(w)) return `.warnings is ${describe(w)}, expected a list`;
    const bad = w.findIndex((x) => !isObject(x) || !CODES.has(x['code'] as string) || typeof x['message'] !== 'string');
    if (bad >= 0) return `.warnings[${bad}] is not a warning ({ code, message } with a known code)`;
  }
  return undefined;
}

const CODES: ReadonlySet<string> = new Set(ERROR_CODES);
