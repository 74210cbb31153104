// The query page's examples come from README.md (its one source): every query the README runs is offered, verbatim.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readmeExamples } from '../../../src/serve/examples.js';
import { PROJECT_ROOT } from '../../support/corpus.js';

const collapse = (text: string): string => text.replace(/\s+/g, ' ').trim();

describe('readmeExamples', () => {
  it('takes each quoted query of a `query --out` command, under its section, indented as written', () => {
    const readme = [
      '## Quick start',
      '```sh',
      'node dist/src/cli/main.js query --out output/examples \\',
      "  'SELECT ?a WHERE {",
      '     ?a ?b ?c . }',
      "   ORDER BY ?a'",
      'node dist/src/cli/main.js query --out output/examples --file my-query.rq',
      '```',
      '## Query the result',
      'node dist/src/cli/main.js query --out x \\',
      "  'ASK {}'",
    ].join('\n');
    expect(readmeExamples(readme)).toEqual([
      { title: 'Quick start', query: 'SELECT ?a WHERE {\n    ?a ?b ?c . }\n  ORDER BY ?a' },
      { title: 'Query the result', query: 'ASK {}' },
    ]);
  });

  it('offers every query the README runs with `pathway-kg query`', () => {
    const readme = readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
    const examples = readmeExamples(readme);
    // Counted without the module's pattern: commands whose query continues on the next line in quotes.
    const commands = readme
      .split('\n')
      .filter((line, i, lines) => /main\.js query --out \S+ \\$/.test(line) && /^\s*'/.test(lines[i + 1] ?? ''));
    expect(commands.length).toBeGreaterThanOrEqual(2);
    expect(examples).toHaveLength(commands.length);
    for (const example of examples) expect(collapse(readme)).toContain(collapse(example.query));
  });
});
