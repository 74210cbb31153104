// A run's output as text to compare with another run's: every file but the run's accounts, caches and time stamps.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Every file under `root` by its relative name, without reference-cache.json, layout/, report.json and state.json,
 * and without the lines that hold the run's start (the dataset graph's creation time). `skipHidden`: temporary and
 * other dot files left out too.
 */
export function outputTexts(root: string, options: { skipHidden?: boolean } = {}): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      const name = path.relative(root, full);
      if (['reference-cache.json', 'layout', 'report.json', 'state.json'].includes(name)) continue;
      if (options.skipHidden && entry.name.startsWith('.')) continue;
      if (entry.isDirectory()) walk(full);
      else
        files[name] = readFileSync(full, 'utf8')
          .split('\n')
          .filter((l) => !/createdOn|dc\/terms\/created|dcterms:created/.test(l))
          .join('\n');
    }
  };
  walk(root);
  return files;
}
