// Splits a page into its YAML frontmatter and parses it, with errors located by file and line.

import matter from 'gray-matter';
import { isPipelineError, PipelineError } from '../errors.js';
import { DEFAULT_LIMITS, type Limits } from '../limits.js';
import { checkYamlBudget, depthGuard } from './yamlBudget.js';

export interface Frontmatter {
  data: Record<string, unknown>;
  /** Top-level key -> 1-based line in the page. */
  keyLines: Map<string, number>;
  /** 1-based lines of the items of each top-level list (`- ` at column 0 under the key). */
  itemLines: Map<string, number[]>;
}

// Passing options keeps gray-matter from caching every page it has seen (memory must stay flat).
const MATTER_OPTIONS = { language: 'yaml' } as const;

export function parseFrontmatter(text: string, file: string, limits: Limits = DEFAULT_LIMITS): Frontmatter {
  if (!/^---[ \t]*\r?\n/.test(text)) {
    throw new PipelineError('PAGE_FRONTMATTER_MISSING', 'Page does not start with a "---" frontmatter line', {
      file,
      line: 1,
    });
  }
  // The closing line may end the file with no line feed, after a CR too (`---\r` as saved by some editors).
  if (!/\r?\n---[ \t]*\r?(\n|$)/.test(text.slice(3))) {
    throw new PipelineError('PAGE_FRONTMATTER_MISSING', 'Frontmatter is not closed by a "---" line', { file, line: 1 });
  }
  let data: unknown;
  try {
    // gray-matter hands its options to js-yaml, whose `listener` sees every node as it opens.
    data = matter(text, { ...MATTER_OPTIONS, listener: depthGuard(limits, file) }).data;
  } catch (cause) {
    if (isPipelineError(cause)) throw cause;
    const mark = (cause as { mark?: { line?: number } }).mark;
    const reason = (cause as { reason?: string }).reason ?? (cause as Error).message;
    // js-yaml counts from 0 and gray-matter hands it the text from the end of the opening "---"
    // (its newline included), so js-yaml's line n is the page's line n + 1.
    const line = typeof mark?.line === 'number' ? mark.line + 1 : undefined;
    throw new PipelineError(
      'PAGE_YAML_INVALID',
      `Invalid YAML in frontmatter: ${reason}`,
      line === undefined ? { file, cause } : { file, line, cause },
    );
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new PipelineError('PAGE_NOT_A_MAPPING', 'Frontmatter is not a mapping of keys to values', { file, line: 2 });
  }
  const { keyLines, itemLines } = locateKeys(text);
  checkYamlBudget(data as Record<string, unknown>, limits, file, keyLines);
  return { data: data as Record<string, unknown>, keyLines, itemLines };
}

/** Lines of top-level keys and of their list items, read from the raw text (js-yaml keeps no positions). */
function locateKeys(text: string): Pick<Frontmatter, 'keyLines' | 'itemLines'> {
  const keyLines = new Map<string, number>();
  const itemLines = new Map<string, number[]>();
  let current: string | undefined;
  // Line by line from the second, up to the closing `---` (the body after it is never cut into lines).
  let start = text.indexOf('\n') + 1;
  for (let i = 1; start > 0 && start <= text.length; i++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const first = text.charCodeAt(start);
    const lineStart = start;
    start = end + 1;
    // An indented line is neither a top-level key, nor a list item at column 0, nor the closing line.
    if (first === 0x20 || first === 0x09) continue;
    const line = text.slice(lineStart, end);
    if (/^---\s*$/.test(line)) break;
    const key = /^(?:'([^']*)'|"([^"]*)"|([^\s:'"#-][^:]*?)):(\s|$)/.exec(line);
    if (key) {
      current = key[1] ?? key[2] ?? key[3]!;
      if (!keyLines.has(current)) keyLines.set(current, i + 1);
    } else if (current !== undefined && line.startsWith('- ')) {
      let list = itemLines.get(current);
      if (list === undefined) itemLines.set(current, (list = []));
      list.push(i + 1);
    }
  }
  return { keyLines, itemLines };
}
