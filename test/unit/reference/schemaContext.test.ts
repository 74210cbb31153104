import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadSchemaContext } from '../../../src/reference/schemaContext.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'reference');

describe('loadSchemaContext', () => {
  it('parses the context document and versions it by content hash', async () => {
    const file = path.join(FIXTURES, 'context.jsonld');
    const context = await loadSchemaContext(file);
    expect(context.document).toEqual({
      '@context': { '@vocab': 'http://schema.org/', license: { '@id': 'schema:license', '@type': '@id' } },
    });
    expect(context.version).toBe(
      `sha256:${createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 16)}`,
    );
  });

  it('reports invalid JSON as REFERENCE_INVALID on the line of the error', async () => {
    const file = path.join(FIXTURES, 'context-bad.jsonld');
    const error = await loadSchemaContext(file).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'REFERENCE_INVALID', file, line: 4 });
    expect((error as Error).message).toMatch(/^Invalid JSON: /);
  });
});
