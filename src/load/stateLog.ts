// The run state's pathway entries, as the run makes them, in a temporary file until state.json is written: held in
// the heap they were a few hundred bytes a page that lived through the whole run, scattered between the pages'
// garbage, so that the heap grew with the corpus. state.json is then written from the file, a block at a time.

import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { joinedMembers, SpillFile } from './spillFile.js';

const NAME = 'pathway-states';

export class PathwayStateLog {
  private constructor(private readonly spill: SpillFile) {}

  /** A new log in `out`; a log a killed run left there is removed (runs in one --out never overlap: lock.ts). */
  static open(out: string): PathwayStateLog {
    mkdirSync(out, { recursive: true });
    for (const name of readdirSync(out))
      if (name.startsWith(`.${NAME}.`) && name.endsWith('.tmp')) rmSync(path.join(out, name), { force: true });
    return new PathwayStateLog(new SpillFile(path.join(out, NAME), CHUNK));
  }

  /** One pathway's final entry (a pathway is added once a run: the ledger sees each page once). */
  add(wpid: string, entry: object): void {
    this.spill.append(`${JSON.stringify(wpid)}:${JSON.stringify(entry)}\n`);
  }

  /** The entries, `"WPn":{...}` a line, in pieces that end at a line's end. */
  entries(): Iterable<string> {
    return this.spill.pieces();
  }

  async drop(): Promise<void> {
    await this.spill.drop();
  }
}

const CHUNK = 64 * 1024;

// The entry and state types are state.ts's (PathwayState, RunState), taken structurally here: state.ts
// writes state.json through this module, which must not import it back.

/**
 * state.json's text, as JSON.stringify writes `state`, with the pathways of `entries` (PathwayStateLog.entries)
 * in place of `state.pathways`, which must be empty.
 */
export function* stateJson(state: { pathways: object }, entries: Iterable<string>): Generator<string> {
  if (Object.keys(state.pathways).length > 0) throw new Error('stateJson: the pathways are in the state and the log');
  const text = JSON.stringify(state);
  // version comes first, then pathways (emptyState's order): the first `"pathways":{}` is the key's.
  const at = text.indexOf('"pathways":{}');
  if (at < 0) throw new Error('stateJson: no pathways key in the state');
  yield text.slice(0, at + '"pathways":{'.length);
  yield* joinedMembers(entries);
  yield `${text.slice(at + '"pathways":{'.length)}\n`;
}
