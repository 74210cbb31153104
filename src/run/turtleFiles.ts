// The pathways' Turtle files in --out, listed once (one folder read): a run reuses an unchanged page's all.nq bytes
// and leaves its Turtle file where it is, so a page whose file was deleted by hand is converted and written again.

import { readdirSync } from 'node:fs';
import path from 'node:path';

/** Whether `pathways/WPn.ttl` is in `out` for a WPn; false for every WPn when the folder cannot be read. */
export function turtleFilesIn(out: string): (wpid: string) => boolean {
  let names: Set<string>;
  try {
    names = new Set(readdirSync(path.join(out, 'pathways')));
  } catch {
    names = new Set();
  }
  return (wpid) => names.has(`${wpid}.ttl`);
}
