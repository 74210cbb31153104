// Finds import cycles among a folder's TypeScript files: every `import`, `import type`, `export … from`
// and `import()` counts, since a type-only cycle is one edit away from a runtime one.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** File (relative to the root, `/`-separated) → the files under the root it imports. */
export type ImportGraph = Map<string, Set<string>>;

/** Every .ts file under `root` (declaration files left out), with its imports of other files under `root`. */
export function importGraph(root: string): ImportGraph {
  const files = listTs(root);
  const known = new Set(files);
  const graph: ImportGraph = new Map();
  for (const file of files) {
    const targets = new Set<string>();
    for (const ref of ts.preProcessFile(readFileSync(path.join(root, file), 'utf8'), true, true).importedFiles) {
      if (!ref.fileName.startsWith('.')) continue; // a package
      const source = ref.fileName.replace(/\.js$/, '.ts');
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), source));
      if (known.has(target)) targets.add(target);
    }
    graph.set(file, targets);
  }
  return graph;
}

/** Files that import each other, directly or through one another. */
export interface CycleGroup {
  /** Every file of the group (a strongly connected component), sorted. */
  files: string[];
  /** One cycle: the shortest from the group's first file back to it, in import order, that file repeated at the end. */
  cycle: string[];
}

/** Every group of files caught in an import cycle (a file importing itself is one), sorted by first file. */
export function findCycles(graph: ImportGraph): CycleGroup[] {
  return components(graph)
    .filter((c) => c.length > 1 || graph.get(c[0]!)?.has(c[0]!) === true)
    .map((c) => {
      const files = c.sort();
      return { files, cycle: shortestCycle(graph, files[0]!, new Set(files)) };
    })
    .sort((a, b) => (a.files[0]! < b.files[0]! ? -1 : 1));
}

/** Tarjan's algorithm, iterative: a deep import chain must not overflow the stack. */
function components(graph: ImportGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let next = 0;
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work: { node: string; edges: Iterator<string> }[] = [];
    const enter = (node: string): void => {
      index.set(node, next);
      low.set(node, next++);
      stack.push(node);
      onStack.add(node);
      work.push({ node, edges: (graph.get(node) ?? new Set()).values() });
    };
    enter(start);
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      const edge = top.edges.next();
      if (!edge.done) {
        const to = edge.value;
        if (!index.has(to)) enter(to);
        else if (onStack.has(to)) low.set(top.node, Math.min(low.get(top.node)!, index.get(to)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent !== undefined) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(top.node)!));
      if (low.get(top.node) === index.get(top.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== top.node);
        out.push(component);
      }
    }
  }
  return out;
}

/** Breadth-first from `start` back to it, inside the component. */
function shortestCycle(graph: ImportGraph, start: string, within: Set<string>): string[] {
  const from = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i]!;
    for (const to of [...(graph.get(node) ?? [])].sort()) {
      if (to === start) {
        const chain = [node];
        for (let at = node; at !== start;) chain.push((at = from.get(at)!));
        return [...chain.reverse(), start];
      }
      if (within.has(to) && !from.has(to)) {
        from.set(to, node);
        queue.push(to);
      }
    }
  }
  return [start];
}

function listTs(root: string, dir = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = dir === '' ? entry.name : `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...listTs(root, rel));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(rel);
  }
  return out.sort();
}
