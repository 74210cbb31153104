// Loads the pinned schema.org JSON-LD context that pages' schema-jsonld blocks are expanded with.

import { createHash } from 'node:crypto';
import { PipelineError } from '../errors.js';
import { readReferenceText } from './gzip.js';

export interface SchemaContext {
  /** The parsed context document (`{ "@context": { … } }`), served offline to jsonld. */
  document: object;
  /** `sha256:` and the first 16 hex digits of the file's text. */
  version: string;
}

export async function loadSchemaContext(file: string): Promise<SchemaContext> {
  const text = await readReferenceText(file);
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (cause) {
    throw new PipelineError('REFERENCE_INVALID', `Invalid JSON: ${(cause as Error).message}`, {
      file,
      line: jsonErrorLine(text, cause as Error),
      key: '--reference',
      cause,
    });
  }
  if (
    document === null ||
    typeof document !== 'object' ||
    Array.isArray(document) ||
    typeof (document as Record<string, unknown>)['@context'] !== 'object'
  ) {
    throw new PipelineError('REFERENCE_INVALID', 'Expected a JSON object with an "@context" object', {
      file,
      line: 1,
      key: '--reference',
    });
  }
  return { document, version: `sha256:${createHash('sha256').update(text).digest('hex').slice(0, 16)}` };
}

/** Line of a JSON.parse error from its "position N" (Node 20) or "line N" (newer V8), else 1. */
function jsonErrorLine(text: string, error: Error): number {
  const line = /line ([0-9]+)/.exec(error.message);
  if (line !== null) return Number(line[1]);
  const position = /position ([0-9]+)/.exec(error.message);
  if (position === null) return 1;
  return text.slice(0, Number(position[1])).split('\n').length;
}
