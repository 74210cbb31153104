// What both schema-jsonld converters share: the pre-processing of a block, the IRI check, literals, errors.

import { DataFactory, type Literal, type Quad } from 'n3';
import { PipelineError } from '../errors.js';
import type { Licenses } from '../mappingFiles.js';
import { repairQuad, safeIri } from './safeIri.js';

const { literal, namedNode } = DataFactory;

export const XSD = 'http://www.w3.org/2001/XMLSchema#';
export const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const XSD_STRING = `${XSD}string`;

export type { Licenses } from '../mappingFiles.js';

export interface JsonldLocation {
  file?: string;
  line?: number;
}

/** jsonld.js's test for an absolute IRI (or blank node label): a scheme, a colon, no white space. */
export const ABSOLUTE_IRI = /^([A-Za-z][A-Za-z0-9+.-]*|_):[^\s]*$/;

export function jsonldError(
  message: string,
  loc: JsonldLocation,
  extra: { cause?: unknown; unsupported?: boolean } = {},
): PipelineError {
  return new PipelineError('PAGE_JSONLD_INVALID', message, {
    ...loc,
    key: 'schema-jsonld',
    ...(extra.cause === undefined ? {} : { cause: extra.cause }),
    ...(extra.unsupported ? { details: { unsupported: true } } : {}),
  });
}

/** True for the fast converter's "construct not supported" errors, which the reference path can still handle. */
export function isUnsupportedJsonld(error: unknown): boolean {
  return error instanceof PipelineError && error.code === 'PAGE_JSONLD_INVALID' && error.details?.unsupported === true;
}

/**
 * The documented pre-processing, applied before either converter sees a block (the block itself is not
 * modified; a copy is returned):
 * - `license` (at any depth): a short name listed in mappings/licenses.json becomes its IRI, because the
 *   context types `license` as `@id` and safe mode rejects the relative IRI `CC0`; an absolute IRI is kept;
 *   anything else is an error.
 * - a YAML timestamp (js-yaml gives a Date, which is not JSON) becomes its text, `YYYY-MM-DD` for a bare
 *   date, else the ISO form: what the page wrote, not `Date.toString()`.
 * - `.nan` / `.inf` are errors: JSON-LD has no valid literal for them.
 * - only JSON values (mappings, lists, strings, numbers, booleans, null) pass.
 * - `keywords` strings are trimmed and the empty ones dropped (a `"  "` keyword is no keyword).
 */
export function prepareBlock(block: unknown, licenses: Licenses, loc: JsonldLocation): Record<string, unknown> {
  if (!isPlainObject(block)) throw jsonldError(`schema-jsonld: expected a mapping, got ${kindOf(block)}`, loc);
  return walk(block, 'schema-jsonld', licenses, loc, false) as Record<string, unknown>;
}

function walk(value: unknown, where: string, licenses: Licenses, loc: JsonldLocation, isLicense: boolean): unknown {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'string') return isLicense ? licenseIri(value, where, licenses, loc) : value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw jsonldError(
        `${where}: YAML value ${Number.isNaN(value) ? '.nan' : value > 0 ? '.inf' : '-.inf'} is not a finite number`,
        loc,
      );
    return value;
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw jsonldError(`${where}: invalid YAML date`, loc);
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (Array.isArray(value)) return value.map((v, i) => walk(v, `${where}[${i}]`, licenses, loc, isLicense));
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const walked = walk(v, `${where}.${k}`, licenses, loc, k === 'license');
      if (k !== 'keywords') out[k] = walked;
      else {
        const kept = tidyKeywords(walked);
        if (kept !== undefined) out[k] = kept;
      }
    }
    return out;
  }
  throw jsonldError(`${where}: unsupported YAML value (${kindOf(value)})`, loc);
}

function tidyKeywords(value: unknown): unknown {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (!Array.isArray(value)) return value;
  const kept = value.map((v) => (typeof v === 'string' ? v.trim() : v)).filter((v) => v !== '');
  return kept.length === 0 ? undefined : kept;
}

function licenseIri(value: string, where: string, licenses: Licenses, loc: JsonldLocation): string {
  const iri = Object.hasOwn(licenses, value.trim()) ? licenses[value.trim()] : undefined;
  if (iri !== undefined) return iri;
  if (ABSOLUTE_IRI.test(value) && !value.startsWith('_:')) return value;
  throw jsonldError(
    `${where}: unknown licence ${JSON.stringify(value)} (add it to mappings/licenses.json or give the licence IRI)`,
    loc,
  );
}

/**
 * Every IRI either converter produced, datatypes included, made one we can write (safeIri: what RFC 3987
 * forbids percent-encoded, so `"v"^^<http://a/>;<http://evil/p>…` stays one literal); an IRI that cannot
 * be repaired costs the block, as any invalid JSON-LD does. The same step on both paths.
 */
export function safeIris(quads: readonly Quad[], loc: JsonldLocation): Quad[] {
  return quads.map((q) => {
    const safe = repairQuad(q);
    if (safe === undefined) {
      const bad = [
        q.subject.value,
        q.predicate.value,
        q.object.termType === 'Literal' ? q.object.datatype.value : q.object.value,
      ].find((v) => safeIri(v) === undefined);
      throw jsonldError(`schema-jsonld: ${JSON.stringify(bad)} is not a valid IRI`, loc);
    }
    return safe;
  });
}

/** An RDF literal from a lexical form and datatype IRI (or language), the one way both paths build them. */
export function makeLiteral(lexical: string, datatype: string, language?: string): Literal {
  if (language !== undefined) return literal(lexical, language);
  return datatype === XSD_STRING ? literal(lexical) : literal(lexical, namedNode(datatype));
}

/**
 * A JSON scalar to a literal by jsonld.js's toRDF rules (followed to the letter, so both paths agree):
 * a number is a double when its string form has a "." or it is at least 1e21, written as
 * `toExponential(15)` trimmed; otherwise an integer from `toFixed(0)`.
 */
export function scalarLiteral(value: string | number | boolean, datatype: string | undefined): Literal {
  if (typeof value === 'boolean') return makeLiteral(String(value), datatype ?? `${XSD}boolean`);
  if (typeof value === 'number') {
    if (String(value).includes('.') || Math.abs(value) >= 1e21) {
      return makeLiteral(value.toExponential(15).replace(/(\d)0*e\+?/, '$1E'), datatype ?? `${XSD}double`);
    }
    return makeLiteral(value.toFixed(0), datatype ?? `${XSD}integer`);
  }
  return makeLiteral(value, datatype ?? XSD_STRING);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return Object.prototype.toString.call(value).slice(8, -1);
  return typeof value;
}
