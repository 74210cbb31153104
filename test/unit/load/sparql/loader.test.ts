import { describe, expect, it } from 'vitest';
import { SparqlLoader } from '../../../../src/load/sparql/loader.js';
import { PipelineError } from '../../../../src/errors.js';

describe('SparqlLoader (no server needed)', () => {
  it('checks hand-built options once, at construction', () => {
    expect(() => new SparqlLoader({ query: 'http://127.0.0.1:1/sparql', concurrency: 0 })).toThrow(
      new PipelineError('CONFIG_INVALID', 'Expected `--concurrency` to be an integer from 1 and up, got 0', {
        key: '--concurrency',
      }),
    );
    expect(() => new SparqlLoader({ query: 'file:///etc/passwd' })).toThrow(
      'Expected `--endpoint` to be an http or https URL, got "file:///etc/passwd"',
    );
  });

  it('refuses a graph name that is not a safe IRI before sending anything', async () => {
    const loader = new SparqlLoader({ query: 'http://127.0.0.1:1/sparql', retries: 0 });
    try {
      const bad = 'http://g> } } ; DROP ALL ; #';
      const message = `Graph <${bad}>: ${JSON.stringify(bad)} is not an absolute IRI that can be sent to a SPARQL store`;
      await expect(loader.replaceGraph(bad, [])).rejects.toThrow(message);
      await expect(loader.dropGraph(bad)).rejects.toThrow(message);
      await expect(loader.countGraph(bad)).rejects.toThrow(message);
      // In a load, the same refusal is that graph's failure, recorded without stopping the load.
      await loader.replace(bad, []);
      await loader.drop(bad);
      expect(loader.stopped).toBeUndefined();
      const summary = await loader.finish();
      expect(summary.failed).toEqual([
        { graph: bad, code: 'INTERNAL', message },
        { graph: bad, code: 'INTERNAL', message },
      ]);
      expect(loader.notLoadedError(summary)).toMatchObject({
        code: 'INTERNAL',
        message: `2 graphs not loaded into http://127.0.0.1:1/sparql: <${bad}>, <${bad}>; first error: ${message}`,
      });
    } finally {
      await loader.close();
    }
  });
});
