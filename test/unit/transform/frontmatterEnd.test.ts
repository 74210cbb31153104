// A frontmatter closed on the last line of the page, with or without a CR and with no line feed after it.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFrontmatter } from '../../../src/transform/frontmatter.js';
import { parsePage } from '../../../src/transform/parsePage.js';
import { PROJECT_ROOT } from '../../support/corpus.js';

const HEAD = ['---', 'wpid: WP1', 'title: Closed on the last line', 'organisms:', '- Homo sapiens'];

describe('the closing --- on the last line', () => {
  const cases: [string, string][] = [
    ['"---\\r" with no line feed (CRLF page)', HEAD.join('\r\n') + '\r\n---\r'],
    ['"---" with no newline at all (CRLF page)', HEAD.join('\r\n') + '\r\n---'],
    ['"---" with no newline (LF page)', HEAD.join('\n') + '\n---'],
    ['"---\\r\\n" (CRLF page)', HEAD.join('\r\n') + '\r\n---\r\n'],
    ['"---  \\r" with trailing blanks', HEAD.join('\n') + '\n---  \r'],
  ];
  for (const [name, text] of cases) {
    it(`${name} closes the frontmatter`, () => {
      const fm = parseFrontmatter(text, 'WP1.md');
      expect(fm.data).toEqual({ wpid: 'WP1', title: 'Closed on the last line', organisms: ['Homo sapiens'] });
      expect([...fm.keyLines]).toEqual([
        ['wpid', 2],
        ['title', 3],
        ['organisms', 4],
      ]);
      expect(fm.itemLines.get('organisms')).toEqual([5]);
    });
  }

  it('a bundled example page saved with CRLF and "---\\r" at the end parses like the original', async () => {
    const original = await readFile(path.join(PROJECT_ROOT, 'examples/pages/WP9001.md'), 'utf8');
    const end = original.indexOf('\n---', 4) + 4; // the frontmatter only, closed by "---" with nothing after it
    const crlf = original.slice(0, end).replace(/\n/g, '\r\n') + '\r';
    const a = parsePage({ file: 'WP9001.md', fileWpid: 'WP9001', text: original.slice(0, end) + '\n' });
    const b = parsePage({ file: 'WP9001.md', fileWpid: 'WP9001', text: crlf });
    expect({ ...b, keyLines: [...b.keyLines!] }).toEqual({ ...a, keyLines: [...a.keyLines!] });
  });

  it('a "---" that only starts the last line still does not close it', () => {
    expect(() => parseFrontmatter(HEAD.join('\n') + '\n---x\r', 'WP1.md')).toThrow(
      'Frontmatter is not closed by a "---" line',
    );
  });
});
