// Bounds on a page's YAML: nesting depth while js-yaml parses, then the size with aliases expanded.
//
// js-yaml resolves an alias to the very object its anchor names, so "billion laughs" (each level a
// list of aliases to the level before) parses quickly into a small graph of shared objects; the cost
// comes later, when the transform walks, copies or prints that graph as the tree it stands for.
// The graph's expanded size is therefore measured here, each shared object once, before anything
// else reads the frontmatter.

import { PipelineError } from '../errors.js';
import { overLimit, type Limits } from '../limits.js';

/** The js-yaml `listener` option: throws when nodes nest deeper than the limit, before the parser recurses further. */
export function depthGuard(limits: Limits, file: string): (event: 'open' | 'close', state: { line: number }) => void {
  let depth = 0;
  return (event, state) => {
    if (event === 'close') {
      depth--;
      return;
    }
    // The top-level mapping is depth 0, as in the expanded measure below.
    if (++depth > limits.yamlDepth + 1) {
      // js-yaml reads from the end of the opening "---" (its newline included): its line n is the page's line n + 1.
      throw overLimit(
        'PAGE_LIMIT_EXCEEDED',
        `Frontmatter nests deeper than ${limits.yamlDepth} levels`,
        'yamlDepth',
        limits,
        { file, line: state.line + 1 },
      );
    }
  };
}

interface Size {
  /** Values in the expanded tree (this one included). */
  values: number;
  /** Characters of its strings and mapping keys, expanded. */
  chars: number;
  /** Levels below this value. */
  depth: number;
}

const LEAF: Size = { values: 1, chars: 0, depth: 0 };

/**
 * Rejects frontmatter whose expanded form is over a limit: any string longer than stringLength, more
 * than yamlValues values, deeper than yamlDepth, or more characters than pageBytes (which the page
 * could only reach through aliases). A recursive alias (`&a [*a]`) is invalid YAML for a page.
 * Linear in the number of distinct objects, iterative: no input can overflow the stack.
 */
export function checkYamlBudget(
  data: Record<string, unknown>,
  limits: Limits,
  file: string,
  keyLines: Map<string, number>,
): void {
  const sizes = new Map<object, Size>();
  let values = 1;
  let chars = 0;
  for (const [key, value] of Object.entries(data)) {
    const where = { file, key, ...(keyLines.has(key) ? { line: keyLines.get(key)! } : {}) };
    const size = measure(value, limits, sizes, where);
    values += size.values;
    chars += key.length + size.chars;
    if (size.depth + 1 > limits.yamlDepth)
      throw overLimit(
        'PAGE_LIMIT_EXCEEDED',
        `Frontmatter "${key}" nests ${count(size.depth + 1)} levels deep (aliases expanded)`,
        'yamlDepth',
        limits,
        where,
      );
    if (values > limits.yamlValues)
      throw overLimit(
        'PAGE_LIMIT_EXCEEDED',
        `Frontmatter holds over ${count(limits.yamlValues)} values (aliases expanded); "${key}" alone holds ${count(size.values)}`,
        'yamlValues',
        limits,
        where,
      );
    if (chars > limits.pageBytes)
      throw overLimit(
        'PAGE_LIMIT_EXCEEDED',
        `Frontmatter holds over ${count(limits.pageBytes)} characters of text (aliases expanded); "${key}" alone holds ${count(size.chars)}`,
        'pageBytes',
        limits,
        where,
      );
  }
}

function measure(
  root: unknown,
  limits: Limits,
  sizes: Map<object, Size>,
  where: { file: string; key: string; line?: number },
): Size {
  const leaf = (value: unknown): Size | undefined => {
    if (typeof value === 'string') {
      if (value.length > limits.stringLength)
        throw overLimit(
          'PAGE_LIMIT_EXCEEDED',
          `Frontmatter "${where.key}" holds a text of ${count(value.length)} characters`,
          'stringLength',
          limits,
          where,
        );
      return { values: 1, chars: value.length, depth: 0 };
    }
    if (value === null || typeof value !== 'object' || value instanceof Date) return LEAF;
    return sizes.get(value);
  };
  const first = leaf(root);
  if (first !== undefined) return first;
  // Post-order over the graph: an object is measured once all its children are; `open` holds the
  // objects on the current path, so meeting one again is a cycle.
  const open = new Set<object>();
  const stack: object[] = [root as object];
  while (stack.length > 0) {
    const node = stack[stack.length - 1]!;
    if (sizes.has(node)) {
      stack.pop();
      continue;
    }
    const children = Array.isArray(node) ? node : Object.values(node);
    if (!open.has(node)) {
      open.add(node);
      for (const child of children) {
        if (child === null || typeof child !== 'object' || child instanceof Date || sizes.has(child)) continue;
        if (open.has(child))
          throw new PipelineError(
            'PAGE_YAML_INVALID',
            `Invalid YAML in frontmatter: "${where.key}" holds an alias to itself`,
            where,
          );
        stack.push(child);
      }
      continue;
    }
    const size: Size = {
      values: 1,
      chars: Array.isArray(node) ? 0 : Object.keys(node).reduce((n, k) => n + k.length, 0),
      depth: 0,
    };
    for (const child of children) {
      const c = leaf(child)!;
      size.values += c.values;
      size.chars += c.chars;
      if (c.depth + 1 > size.depth) size.depth = c.depth + 1;
    }
    sizes.set(node, size);
    open.delete(node);
    stack.pop();
  }
  return sizes.get(root as object)!;
}

function count(n: number): string {
  return n >= 1e15 ? n.toExponential(1) : n.toLocaleString('en-US');
}
