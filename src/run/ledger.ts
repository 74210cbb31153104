// What a run has done so far: the new state, the report, the ontology terms used and the graphs present.
// The per-page decision (decidePage.ts) says what to do; the ledger does it and keeps every account in step.

import { PipelineError } from '../errors.js';
import type { EndpointSink } from '../load/endpointSink.js';
import type { RunOutput } from '../load/runOutput.js';
import { readKeptQuads } from '../load/keptQuads.js';
import { emptyState, type PathwayState, type RunState } from '../load/state.js';
import type { PathwayStateLog } from '../load/stateLog.js';
import { addCoverage, addReject, addDiagnostics, spillReport, type RunReport } from '../report.js';
import type { TransformResult } from '../transform/transformPage.js';
import type { PageAction } from './decidePage.js';

/**
 * One page as the ledger needs it: its ids, its previous output (when reusable), and what reading or converting it
 * gave.
 */
export interface PageInput {
  wpid: string;
  /** The pathway's named graph. */
  graph: string;
  previous: PathwayState | undefined;
  /** The input hash and, once converted, the result; or why it cannot be converted. */
  outcome: { hash: string; result?: TransformResult } | { error: PipelineError };
}

export class RunLedger {
  /** The state the run leaves: pathways as written now, targets as the endpoint confirms them. */
  readonly state: RunState;
  readonly termIds = new Set<string>();
  /** Named graphs of the pathways the output holds (a rejected page without a previous version has none). */
  readonly graphs = new Set<string>();
  private unchanged = 0;

  constructor(
    readonly report: RunReport,
    previous: RunState,
    private readonly out: string,
    /** The run's files and shared-node graphs (src/load/runOutput.ts): a kept pathway's shared facts stay in them. */
    private readonly output: Pick<RunOutput, 'write' | 'take' | 'own' | 'keep'>,
    /**
     * When given, each pathway's entry goes to it once its all.nq range is known, and `state.pathways` stays empty
     * (writeState takes the log), and the report's warnings and coverage go to files too (report.ts: spillReport): no
     * per-page entry in the heap.
     */
    readonly log?: PathwayStateLog,
  ) {
    this.state = { ...emptyState(), targets: previous.targets, targetTriples: (previous.targetTriples ??= {}) };
    if (log !== undefined) spillReport(report, out);
  }

  /** A second page for one WPn: found (counted as read) but not read. */
  rejectDuplicate(error: PipelineError): void {
    this.report.pages.read++;
    addReject(this.report, error);
  }

  /** A downloaded file that could not be used: never listed, so not counted as read. */
  rejectDownload(error: PipelineError): void {
    addReject(this.report, error);
  }

  /** Pages whose previous output was reused as it was. */
  get unchangedPages(): number {
    return this.unchanged;
  }

  async apply(page: PageInput, action: PageAction, endpoint: Pick<EndpointSink, 'replace'> | undefined): Promise<void> {
    this.report.pages.read++;
    this.graphs.add(page.graph);
    const { outcome, previous } = page;
    switch (action.kind) {
      case 'reuse':
        await this.keep(page.wpid, need(previous, action), true);
        this.report.pages.converted++;
        this.unchanged++;
        return;
      case 'keep-previous': {
        const kept = need(previous, action);
        addReject(this.report, errorOf(outcome, action));
        await this.keep(page.wpid, kept, false); // the reject is tonight's news, not the kept version's warnings
        if (action.load) await need(endpoint, action).replace(page.graph, readKeptQuads(this.out, kept.nq), kept.hash);
        return;
      }
      case 'drop':
        addReject(this.report, errorOf(outcome, action));
        this.graphs.delete(page.graph);
        return;
      case 'transform': {
        if (!('hash' in outcome) || outcome.result === undefined) throw missing(action, 'a converted page');
        const { hash, result } = outcome;
        this.report.pages.converted++;
        addDiagnostics(this.report, result.warnings);
        // The endpoint gets the pathway's own statements; its shared facts go to the layout's graphs.
        const own = action.load ? this.output.own(result) : undefined;
        if (!action.write) {
          await this.output.take(result); // its files are current, its shared facts count
          await this.keep(page.wpid, need(previous, action), false); // its warnings were just reported
        } else await this.write(page.wpid, hash, result);
        if (own !== undefined) await need(endpoint, action).replace(page.graph, own, hash);
        return;
      }
    }
  }

  /** The previous run's output for the page: its all.nq bytes copied, its accounts carried over. */
  private async keep(wpid: string, p: PathwayState, reportWarnings: boolean): Promise<void> {
    const kept: PathwayState = { ...p };
    // An unchanged page says what it said when it was converted: the same input, the same report.
    if (reportWarnings && p.warnings) addDiagnostics(this.report, p.warnings);
    await this.output.keep(wpid, p.nq, (range) => {
      kept.nq = range;
      this.log?.add(wpid, kept);
    });
    if (this.log === undefined) this.state.pathways[wpid] = kept;
    this.report.triples += p.triples;
    for (const id of p.termIds) this.termIds.add(id);
    if (p.coverage) addCoverage(this.report, wpid, p.coverage);
  }

  private async write(wpid: string, hash: string, result: TransformResult): Promise<void> {
    const entry: PathwayState = {
      hash,
      nq: { offset: 0, length: 0 },
      triples: 0,
      termIds: result.termIds,
    };
    if (result.coverage) entry.coverage = result.coverage;
    if (result.warnings.length > 0) entry.warnings = result.warnings;
    // Its range and its own statements' count are known once written (by the output thread, maybe later).
    await this.output.write(result, (range, triples) => {
      entry.nq = range;
      entry.triples = triples;
      this.report.triples += triples;
      this.log?.add(wpid, entry);
    });
    if (this.log === undefined) this.state.pathways[wpid] = entry;
    for (const id of result.termIds) this.termIds.add(id);
    if (result.coverage) addCoverage(this.report, wpid, result.coverage);
  }
}

// decidePage never asks for what the page does not have; these say so loudly should that change.
function need<T>(value: T | undefined, action: PageAction): T {
  if (value === undefined) throw missing(action, 'what it needs (a previous version or an endpoint)');
  return value;
}

function errorOf(outcome: PageInput['outcome'], action: PageAction): PipelineError {
  if (!('error' in outcome)) throw missing(action, 'the reason the page was not converted');
  return outcome.error;
}

function missing(action: PageAction, what: string): PipelineError {
  return new PipelineError('INTERNAL', `Page action "${action.kind}" without ${what}`);
}
