// schema-jsonld block -> quads in the pathway's graph: the jsonld.js reference path and the fast path.
//
// Both paths first run the same pre-processing (prepareBlock: licence names -> IRIs, YAML dates -> text,
// JSON values only) and finish with the same IRI repair, so they can be compared quad for quad.
// Blank nodes are labelled `<blankPrefix>b<n>` (jsonld.js's b0, b1, … behind the prefix), so that labels
// stay unique when many pathways share one N-Quads file: pass e.g. `WP1800_` to get `_:WP1800_b0`.

import { DataFactory, type NamedNode, type Quad, type Quad_Object, type Quad_Subject } from 'n3';
import { PipelineError } from '../errors.js';
import { makeDocumentLoader, type DocumentLoader } from './documentLoader.js';
import { fastQuads } from './jsonldFast.js';
import {
  isUnsupportedJsonld,
  jsonldError,
  makeLiteral,
  prepareBlock,
  safeIris,
  type JsonldLocation,
  type Licenses,
} from './jsonldPrepare.js';
import { compileContext, type CompiledContext } from './jsonldTerms.js';

export { isUnsupportedJsonld, type Licenses } from './jsonldPrepare.js';

/** The schema.org context document (as `loadSchemaContext` gives it) and the licence table (Mappings.licenses). */
export interface JsonldContext {
  document: object;
  licenses: Licenses;
  /**
   * The document's term table for the fast path: computed on first use and kept here, with the one context of a run.
   */
  compiled?: CompiledContext;
}

const { quad, namedNode, blankNode } = DataFactory;

const BLANK_PREFIX = /^([A-Za-z0-9_][A-Za-z0-9_-]*)?$/;

/**
 * Reference path: jsonld.toRDF in safe mode with the offline schema.org loader. Slow (the whole
 * context is processed on every call), but it is jsonld.js itself; the fast path is tested against it.
 */
export async function jsonldToQuadsReference(
  block: unknown,
  graph: NamedNode,
  context: JsonldContext,
  blankPrefix: string,
  file?: string,
  line?: number,
): Promise<Quad[]> {
  const loc = location(file, line);
  checkBlankPrefix(blankPrefix);
  const prepared = prepareBlock(block, context.licenses, loc);
  let dataset: JsonldQuad[];
  try {
    dataset = await (await toRdf())(prepared, { safe: true, documentLoader: makeDocumentLoader(context.document) });
  } catch (cause) {
    throw jsonldError(`schema-jsonld: ${describeJsonldError(cause)}`, loc, { cause });
  }
  const term = (t: JsonldTerm): Quad_Subject & Quad_Object =>
    t.termType === 'BlankNode' ? blankNode(blankPrefix + t.value) : namedNode(t.value);
  const quads = dataset.map((q) => {
    if (q.graph.termType !== 'DefaultGraph')
      throw jsonldError('schema-jsonld: named graphs inside the block are not supported', loc);
    const object =
      q.object.termType === 'Literal'
        ? makeLiteral(q.object.value, q.object.datatype.value, q.object.language)
        : term(q.object);
    return quad(term(q.subject), namedNode(q.predicate.value), object, graph);
  });
  return safeIris(quads, loc);
}

/**
 * Fast path: synchronous, no jsonld.js; the context's term table is computed once per JsonldContext. Throws
 * PAGE_JSONLD_INVALID for bad data (as the reference does) and, for a JSON-LD
 * construct it does not model, PAGE_JSONLD_INVALID with `details.unsupported` (see isUnsupportedJsonld).
 */
export function jsonldToQuads(
  block: unknown,
  graph: NamedNode,
  context: JsonldContext,
  blankPrefix: string,
  file?: string,
  line?: number,
): Quad[] {
  const loc = location(file, line);
  checkBlankPrefix(blankPrefix);
  const prepared = prepareBlock(block, context.licenses, loc);
  return safeIris(
    fastQuads(prepared, graph, (context.compiled ??= compileContext(context.document)), blankPrefix, loc),
    loc,
  );
}

/** The fast path, falling back to the reference path for what the fast path does not model. */
export async function jsonldToQuadsAsync(
  block: unknown,
  graph: NamedNode,
  context: JsonldContext,
  blankPrefix: string,
  file?: string,
  line?: number,
): Promise<Quad[]> {
  try {
    return jsonldToQuads(block, graph, context, blankPrefix, file, line);
  } catch (error) {
    if (!isUnsupportedJsonld(error)) throw error;
    return jsonldToQuadsReference(block, graph, context, blankPrefix, file, line);
  }
}

function location(file: string | undefined, line: number | undefined): JsonldLocation {
  const loc: JsonldLocation = {};
  if (file !== undefined) loc.file = file;
  if (line !== undefined) loc.line = line;
  return loc;
}

function checkBlankPrefix(prefix: string): void {
  if (!BLANK_PREFIX.test(prefix))
    throw new PipelineError(
      'INTERNAL',
      `Expected a blank node prefix of letters, digits, "_" and "-", got ${JSON.stringify(prefix)}`,
    );
}

/**
 * jsonld.js's error, with the safe-mode event that caused it: `Safe mode validation error (relative object reference:
 * "foo")`.
 */
function describeJsonldError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const details = (
    error as { details?: { event?: { code?: string; details?: Record<string, unknown> }; code?: string } }
  ).details;
  const event = details?.event;
  const message = error.message.replace(/\.$/, '');
  if (event?.code !== undefined) {
    const subject = Object.values(event.details ?? {}).find((v) => typeof v === 'string');
    return `${message} (${event.code}${subject === undefined ? '' : `: ${JSON.stringify(subject)}`})`;
  }
  return details?.code === undefined ? message : `${message} (${details.code})`;
}

// jsonld.js's own RDF/JS-like output; @types/jsonld predates it, so the call is typed here.
type JsonldTerm = { termType: 'NamedNode' | 'BlankNode'; value: string };
type JsonldLiteral = { termType: 'Literal'; value: string; datatype: { value: string }; language?: string };
interface JsonldQuad {
  subject: JsonldTerm;
  predicate: JsonldTerm;
  object: JsonldTerm | JsonldLiteral;
  graph: { termType: string; value: string };
}
type ToRdf = (input: object, options: { safe: boolean; documentLoader: DocumentLoader }) => Promise<JsonldQuad[]>;

/** jsonld.js, imported on first use: most runs never need the reference path, and it is slow to load. */
async function toRdf(): Promise<ToRdf> {
  const jsonld = (await import('jsonld')).default;
  return jsonld.toRDF as unknown as ToRdf;
}
