// The incremental-run state in --out: per pathway the hash of its inputs, where its quads sit in all.nq,
// and per load target which graphs hold which input hash. A journal records loads as they happen,
// so a run that dies half-way leaves a state from which the next run converges.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import { PipelineError } from '../errors.js';
import { flatPrefix } from '../flatString.js';
import { jsonChunks } from '../jsonChunks.js';
import type { ParticipantCoverage } from '../types.js';
import { writeFileAtomic } from './atomicFile.js';
import { appendDurably } from './durable.js';
import { isFingerprint, stateProblem } from './stateShape.js';
import { stateJson, type PathwayStateLog } from './stateLog.js';

export interface PathwayState {
  hash: string;
  /** Byte range of this pathway's quads in all.nq. */
  nq: { offset: number; length: number };
  triples: number;
  termIds: string[];
  coverage?: ParticipantCoverage;
  /** The warnings of the run that converted it, reported again while it is unchanged. */
  warnings?: Diagnostic[];
}

/**
 * What a run's inputs were, in cheap facts: the next run with the same facts has nothing to do (src/run/snapshot.ts).
 */
export interface RunFingerprint {
  /** Hash of the tool version, the mapping files' bytes, the flags, the listing and every file's stamp. */
  inputs: string;
  /** Pages whose page or table stamp was racy: their content is checked by hash against the state. */
  racyPages: string[];
  /** Reference files whose stamp was racy, with the hash of their content then: the next run hashes them again. */
  racyReference: Record<string, string>;
  /** The run-wide part of every page's input hash (state.runInputs), to check a racy page's hash. */
  runInputs: string;
  /** Hash of what report.json says apart from what changes from run to run (reportBody in report.ts). */
  report: string;
  /** Hash of `inputs`' run-wide part: all but the pages, tables and duplicates. Absent from states before it. */
  runWide?: string;
  /**
   * WPn -> digest of its page's and table's names and stamps, for the pages whose entry is the output of the content
   * read after those stamps were taken, when they were not racy: a page found with the same stamp is not read again.
   * Absent from states before it (every page is read).
   */
  pages?: Record<string, string>;
}

export interface RunState {
  version: 1;
  /** Size and mtime of the all.nq the byte ranges refer to. */
  allNq?: { size: number; mtimeMs: number };
  pathways: Record<string, PathwayState>;
  /** target (endpoint URL, no credentials) -> graph IRI -> input hash loaded there, or IN_FLIGHT. */
  targets: Record<string, Record<string, string>>;
  /** target -> graph IRI -> triples the store held when the load was confirmed (checked at the start of a run). */
  targetTriples?: Record<string, Record<string, number>>;
  /** Absent from the state of runs before it, and of runs whose inputs could not be listed and stamped. */
  fingerprint?: RunFingerprint;
}

/**
 * The hash of a graph whose replacement was sent but not confirmed: its content is unknown, so the next run
 * reloads it (no input hash equals it) or drops it (it is still a graph of the target).
 */
export const IN_FLIGHT = 'in-flight';

const STATE = 'state.json';
const JOURNAL = 'state.journal';

export function emptyState(): RunState {
  return { version: 1, pathways: {}, targets: {} };
}

/**
 * Reads state.json and replays the journal of a run that did not finish; `ignoreInvalid` (--full) starts over from an
 * unreadable one.
 */
export function readState(out: string, { ignoreInvalid = false } = {}): RunState {
  const file = path.join(out, STATE);
  let state = emptyState();
  if (existsSync(file)) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
      const problem = stateProblem(parsed);
      if (problem !== undefined) throw new Error(problem);
      state = parsed as RunState;
      if (state.fingerprint !== undefined && !isFingerprint(state.fingerprint)) delete state.fingerprint;
    } catch (cause) {
      if (!ignoreInvalid)
        throw new PipelineError(
          'STATE_INVALID',
          `Cannot read run state (${(cause as Error).message}); run with --full to rebuild it`,
          { file, cause },
        );
    }
  }
  const journal = path.join(out, JOURNAL);
  if (existsSync(journal)) {
    for (const line of readFileSync(journal, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      let entry: { target: string; graph: string; hash: string | null; triples?: number };
      try {
        entry = JSON.parse(line);
      } catch {
        continue; // a line cut short by the crash: that load is not confirmed
      }
      applyLoad(state, entry.target, entry.graph, entry.hash, entry.triples);
    }
  }
  return state;
}

/** Records what the target holds for a graph: a hash (with the triples counted), IN_FLIGHT, or nothing (null). */
export function applyLoad(state: RunState, target: string, graph: string, hash: string | null, triples?: number): void {
  const graphs = (state.targets[target] ??= {});
  const counts = ((state.targetTriples ??= {})[target] ??= {});
  if (hash === null) delete graphs[graph];
  else graphs[graph] = hash;
  if (hash === null || hash === IN_FLIGHT || triples === undefined) delete counts[graph];
  else counts[graph] = triples;
}

/**
 * Appends one load to the journal: confirmed (a hash and the triples counted), a drop (null), or IN_FLIGHT before
 * the first request that can change the graph. Synced, so that it is on disk before that request is sent.
 */
export function journalLoad(out: string, target: string, graph: string, hash: string | null, triples?: number): void {
  appendDurably(
    path.join(out, JOURNAL),
    JSON.stringify(triples === undefined ? { target, graph, hash } : { target, graph, hash, triples }) + '\n',
  );
}

/**
 * `allNqWritten`: all.nq was just rewritten from `state.pathways`; otherwise the recorded size and mtime stay as they
 * were.
 */
export async function writeState(
  out: string,
  state: RunState,
  { allNqWritten = false, log }: { allNqWritten?: boolean; log?: PathwayStateLog } = {},
): Promise<void> {
  const nq = path.join(out, 'all.nq');
  if (allNqWritten && existsSync(nq)) {
    const s = statSync(nq);
    state.allNq = { size: s.size, mtimeMs: s.mtimeMs };
  }
  // `log`: the pathways are in it (the ledger's, stateLog.ts), not in `state`.
  await writeFileAtomic(
    path.join(out, STATE),
    log === undefined ? jsonChunks(state, 0, '\n') : stateJson(state, log.entries()),
  );
  await log?.drop();
  await rm(path.join(out, JOURNAL), { force: true });
}

/** Whether the byte ranges in the state still describe the all.nq on disk. */
export function allNqMatches(out: string, state: RunState): boolean {
  const nq = path.join(out, 'all.nq');
  if (state.allNq === undefined || !existsSync(nq)) return false;
  const s = statSync(nq);
  return s.size === state.allNq.size && s.mtimeMs === state.allNq.mtimeMs;
}

/** Hash of one pathway's inputs: its page, its table, and everything run-wide that shapes its quads. */
export function inputHash(runInputs: string, pageText: string, tableText: string | undefined): string {
  const h = createHash('sha256');
  h.update(runInputs)
    .update('\0')
    .update(pageText)
    .update('\0')
    .update(tableText ?? '');
  return flatPrefix(h.digest('hex'), 32); // not a slice: that keeps the whole hex alive (flatString.ts)
}

/** The run-wide part of every input hash: tool version, mapping version, reference versions. */
export function runInputs(tool: string, versions: Record<string, string>): string {
  return JSON.stringify([tool, Object.entries(versions).sort()]);
}
