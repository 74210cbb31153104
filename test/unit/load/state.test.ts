// state.json and state.journal on their own: what a run leaves for the next, and what a crash leaves.

import { existsSync, mkdtempSync, utimesSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readKeptQuads } from '../../../src/load/keptQuads.js';
import {
  allNqMatches,
  applyLoad,
  emptyState,
  IN_FLIGHT,
  inputHash,
  journalLoad,
  readState,
  runInputs,
  writeState,
  type RunState,
} from '../../../src/load/state.js';

const fresh = () => mkdtempSync(path.join(tmpdir(), 'pkg-state-'));
const G1 = 'https://identifiers.org/wikipathways/WP1';
const G2 = 'https://identifiers.org/wikipathways/WP2';

function sample(): RunState {
  return {
    version: 1,
    pathways: {
      WP1: {
        hash: 'h1',
        nq: { offset: 0, length: 10 },
        triples: 3,
        termIds: ['PW:0000001'],
        warnings: [{ code: 'TABLE_ROW_INVALID', message: 'm', line: 2 }],
      },
    },
    targets: { 'http://store/sparql': { [G1]: 'h1' } },
    targetTriples: { 'http://store/sparql': { [G1]: 3 } },
  };
}

describe('readState / writeState', () => {
  it('a folder without a state reads as the empty state', () => {
    expect(readState(fresh())).toEqual(emptyState());
  });

  it('reads back what was written, and writing removes the journal it replaces', async () => {
    const out = fresh();
    journalLoad(out, 'http://store/sparql', G2, 'h2', 5);
    await writeState(out, sample());
    expect(existsSync(path.join(out, 'state.journal'))).toBe(false);
    expect(readState(out)).toEqual(sample());
  });

  it('records the size and mtime of all.nq only when the run wrote it, and allNqMatches tells when it changed', async () => {
    const out = fresh();
    const nq = path.join(out, 'all.nq');
    writeFileSync(nq, '<urn:a> <urn:b> <urn:c> .\n');
    const state = sample();
    await writeState(out, state);
    expect(state.allNq).toBeUndefined();
    expect(allNqMatches(out, state)).toBe(false); // nothing recorded: the byte ranges cannot be trusted
    await writeState(out, state, { allNqWritten: true });
    expect(readState(out).allNq).toEqual({ size: 26, mtimeMs: expect.any(Number) });
    expect(allNqMatches(out, readState(out))).toBe(true);
    // Same size, one byte different, written later: the ranges may describe other bytes.
    writeFileSync(nq, '<urn:a> <urn:b> <urn:d> .\n');
    utimesSync(nq, new Date(), new Date(Date.now() + 5_000));
    expect(allNqMatches(out, readState(out))).toBe(false);
  });

  it('replays the journal of a run that died: confirmed loads with their counts, drops, graphs in flight; a line cut short is not a load', async () => {
    const out = fresh();
    const t = 'http://store/sparql';
    await writeState(out, sample());
    journalLoad(out, t, G2, IN_FLIGHT);
    journalLoad(out, t, G2, 'h2', 7);
    journalLoad(out, t, G1, IN_FLIGHT);
    journalLoad(out, 'http://other/sparql', G1, 'h1', 3);
    journalLoad(out, 'http://other/sparql', G1, null);
    appendFileSync(path.join(out, 'state.journal'), '{"target":"http://store/sparql","graph":"' + G2 + '","hash":nu'); // killed mid-line
    const state = readState(out);
    expect(state.targets).toEqual({ [t]: { [G1]: IN_FLIGHT, [G2]: 'h2' }, 'http://other/sparql': {} });
    // A graph in flight has no confirmed count: the next run's count check must not trust an old one.
    expect(state.targetTriples).toEqual({ [t]: { [G2]: 7 }, 'http://other/sparql': {} });
    expect(state.pathways).toEqual(sample().pathways);
  });

  it('a state this version cannot read stops the run (STATE_INVALID, naming the field), unless --full starts over', () => {
    const out = fresh();
    const bad = { ...sample(), pathways: { WP1: { ...sample().pathways['WP1'], nq: { offset: 'x', length: 10 } } } };
    writeFileSync(path.join(out, 'state.json'), JSON.stringify(bad));
    expect(() => readState(out)).toThrow(
      expect.objectContaining({ code: 'STATE_INVALID', message: expect.stringContaining('pathways.WP1.nq.offset') }),
    );
    expect(readState(out, { ignoreInvalid: true })).toEqual(emptyState());
    writeFileSync(path.join(out, 'state.json'), '{"version":1,"pathw');
    expect(() => readState(out)).toThrow(
      expect.objectContaining({ code: 'STATE_INVALID', file: path.join(out, 'state.json') }),
    );
  });

  it('a fingerprint it cannot read is dropped, not an error: the run then reads everything', () => {
    const out = fresh();
    writeFileSync(
      path.join(out, 'state.json'),
      JSON.stringify({ ...sample(), fingerprint: { inputs: 'x', racyReference: true } }),
    );
    const state = readState(out);
    expect(state.fingerprint).toBeUndefined();
    expect(state.pathways).toEqual(sample().pathways);
  });

  it('--full keeps the journal of the unreadable state: loads confirmed by a crashed run are not forgotten', () => {
    const out = fresh();
    writeFileSync(path.join(out, 'state.json'), 'not json');
    journalLoad(out, 'http://store/sparql', G1, 'h1', 3);
    expect(readState(out, { ignoreInvalid: true }).targets).toEqual({ 'http://store/sparql': { [G1]: 'h1' } });
  });
});

describe('applyLoad', () => {
  it('records a confirmed load with its count, forgets the count of a graph in flight or dropped', () => {
    const s = emptyState();
    applyLoad(s, 't', G1, 'h1', 4);
    expect([s.targets, s.targetTriples]).toEqual([{ t: { [G1]: 'h1' } }, { t: { [G1]: 4 } }]);
    applyLoad(s, 't', G1, IN_FLIGHT);
    expect([s.targets, s.targetTriples]).toEqual([{ t: { [G1]: IN_FLIGHT } }, { t: {} }]);
    applyLoad(s, 't', G1, 'h1', 4);
    applyLoad(s, 't', G1, null);
    expect([s.targets, s.targetTriples]).toEqual([{ t: {} }, { t: {} }]);
  });
});

describe('readKeptQuads', () => {
  it('parses the byte range of one pathway in all.nq, and refuses a range past its end', () => {
    const out = fresh();
    const a = `<urn:a> <urn:p> "é" <${G1}> .\n`;
    const b = `<urn:b> <urn:p> "2" <${G2}> .\n<urn:b> <urn:p> "3" <${G2}> .\n`;
    writeFileSync(path.join(out, 'all.nq'), a + b);
    const quads = readKeptQuads(out, { offset: Buffer.byteLength(a), length: Buffer.byteLength(b) });
    expect(quads.map((q) => [q.subject.value, q.object.value, q.graph.value])).toEqual([
      ['urn:b', '2', G2],
      ['urn:b', '3', G2],
    ]);
    expect(() => readKeptQuads(out, { offset: Buffer.byteLength(a), length: Buffer.byteLength(b) + 1 })).toThrow(
      /shorter than its state says/,
    );
  });
});

describe('inputHash / runInputs', () => {
  const inputs = runInputs('pathway-kg 0.1.0', { hgnc: '2024-01-01', mappings: 'm1' });

  it('changes with one byte of the page, of the table, or of anything run-wide', () => {
    const base = inputHash(inputs, 'page', 'table');
    expect(inputHash(inputs, 'page', 'table')).toBe(base);
    expect(inputHash(inputs, 'pagf', 'table')).not.toBe(base);
    expect(inputHash(inputs, 'page', 'tablf')).not.toBe(base);
    expect(inputHash(inputs, 'page', undefined)).not.toBe(base);
    expect(inputHash(runInputs('pathway-kg 0.1.1', { hgnc: '2024-01-01', mappings: 'm1' }), 'page', 'table')).not.toBe(
      base,
    );
    expect(inputHash(runInputs('pathway-kg 0.1.0', { hgnc: '2024-01-02', mappings: 'm1' }), 'page', 'table')).not.toBe(
      base,
    );
  });

  it('does not confuse where the page ends and the table begins', () => {
    expect(inputHash(inputs, 'ab', 'c')).not.toBe(inputHash(inputs, 'a', 'bc'));
  });

  it('does not depend on the order the versions were gathered in', () => {
    expect(runInputs('t', { b: '2', a: '1' })).toBe(runInputs('t', { a: '1', b: '2' }));
  });
});
