// The temporary files that hold a run's per-page lines until its end (src/load/spillFile.ts), and the JSON files
// written from them (layout.json, state.json): the same bytes as JSON.stringify of the whole object.

import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { layoutJson } from '../../../src/load/layout/layoutState.js';
import { SpillFile } from '../../../src/load/spillFile.js';
import { emptyState, readState, writeState, type RunState } from '../../../src/load/state.js';
import { PathwayStateLog, stateJson } from '../../../src/load/stateLog.js';

const fresh = () => mkdtempSync(path.join(tmpdir(), 'pkg-spill-'));

describe('SpillFile', () => {
  it('gives back every byte appended, in blocks that end at a line end, whatever the buffer and block sizes', () => {
    const spill = new SpillFile(path.join(fresh(), 'x'), 16); // a 16-byte buffer: most appends overflow it
    const long = 'z'.repeat(100); // longer than the buffer and than a block
    const lines = ['a\n', 'é€😀 two\n', `${long}\n`, 'b\n', 'ü\n'];
    for (const l of lines) spill.append(l);
    const blocks: Buffer[] = [];
    for (const b of spill.blocks(8)) blocks.push(Buffer.from(b)); // copied as it comes: the next reuses its memory
    expect(Buffer.concat(blocks).toString('utf8')).toBe(`a\né€😀 two\n${long}\nb\nü\n`);
    for (const b of blocks) expect(b[b.length - 1]).toBe(10); // never a line (or a character) cut in two
    expect(blocks.some((b) => b.length > 100)).toBe(true); // the block grew to hold the long line
  });

  it('appendBytes writes bytes as append writes their text: buffered, past the buffer, between texts', () => {
    const spill = new SpillFile(path.join(fresh(), 'w'), 16);
    const long = `${'é'.repeat(20)}\n`; // 41 bytes: more than the buffer
    spill.append('a\n');
    spill.appendBytes(Buffer.from('€b\n')); // fits after the text
    spill.appendBytes(Buffer.from(long)); // written past the buffer, after what it holds
    spill.appendBytes(new Uint8Array(0));
    spill.appendBytes(Buffer.from('0123456789\n')); // does not fit after what is buffered: flushed first
    spill.append('c\n');
    expect([...spill.pieces(4)].join('')).toBe(`a\n€b\n${long}0123456789\nc\n`);
    expect(() => spill.appendBytes(Buffer.from('late\n'))).toThrow(/after close/);
  });

  it('an empty spill gives nothing; drop removes the file; append after close is an error', async () => {
    const spill = new SpillFile(path.join(fresh(), 'y'), 64);
    expect([...spill.pieces()]).toEqual([]);
    expect(() => spill.append('late\n')).toThrow(/after close/);
    expect(path.basename(spill.file)).toMatch(/^\.y\.\d+\.tmp$/); // a leftover the next run removes
    await spill.drop();
    expect(existsSync(spill.file)).toBe(false);
  });
});

describe('JSON written from spilled entries', () => {
  const entries = ['"WP1":{"digest":"d1","buckets":[1]}\n"WP2":{"note":"a\\nb"}\n', '"WP3":{"x":[]}\n'];

  it('layout.json: the bytes JSON.stringify gives for the whole state, escaped newlines kept', () => {
    const text = [
      ...layoutJson({ version: 2, buckets: 64, allNq: { size: 5, mtimeMs: 1.5 } }, entries, ['{"3":{"digest":"s"}}']),
    ].join('');
    const expected = {
      version: 2,
      buckets: 64,
      allNq: { size: 5, mtimeMs: 1.5 },
      pathways: { WP1: { digest: 'd1', buckets: [1] }, WP2: { note: 'a\nb' }, WP3: { x: [] } },
      shared: { 3: { digest: 's' } },
    };
    expect(text).toBe(`${JSON.stringify(expected)}\n`);
  });

  it('layout.json with no pathway', () => {
    const text = [...layoutJson({ version: 2, buckets: 64, allNq: { size: 0, mtimeMs: 0 } }, [], ['{}'])].join('');
    expect(JSON.parse(text)).toEqual({
      version: 2,
      buckets: 64,
      allNq: { size: 0, mtimeMs: 0 },
      pathways: {},
      shared: {},
    });
  });

  it('state.json: the bytes JSON.stringify gives, the targets after the pathways', () => {
    const state: RunState = { ...emptyState(), targets: { t: { g: 'h' } }, targetTriples: { t: { g: 3 } } };
    const text = [...stateJson(state, entries)].join('');
    expect(text).toBe(
      '{"version":1,"pathways":{"WP1":{"digest":"d1","buckets":[1]},"WP2":{"note":"a\\nb"},"WP3":{"x":[]}},' +
        '"targets":{"t":{"g":"h"}},"targetTriples":{"t":{"g":3}}}\n',
    );
    // Entries in the state and in the log at once would be written twice or lost: refused.
    const both = { ...state, pathways: { WP9: { hash: 'h', nq: { offset: 0, length: 0 }, triples: 0, termIds: [] } } };
    expect(() => [...stateJson(both, entries)]).toThrow(/both|state and the log/);
  });

  it('writeState with a log: readState reads it as it read a state.json written whole; the log is removed', async () => {
    const out = fresh();
    const log = PathwayStateLog.open(out);
    const wp1 = { hash: 'h1', nq: { offset: 0, length: 10 }, triples: 2, termIds: ['PW:1'] };
    const wp2 = {
      hash: 'h2',
      nq: { offset: 10, length: 5 },
      triples: 1,
      termIds: [],
      warnings: [{ code: 'GENE_AMBIGUOUS' as const, message: 'm\n2' }],
    };
    log.add('WP1', wp1);
    log.add('WP2', wp2);
    await writeState(out, { ...emptyState(), targets: { t: { g: 'h' } } }, { log });
    const whole: RunState = { version: 1, pathways: { WP1: wp1, WP2: wp2 }, targets: { t: { g: 'h' } } };
    expect(readFileSync(path.join(out, 'state.json'), 'utf8')).toBe(`${JSON.stringify(whole)}\n`);
    expect(readState(out)).toEqual(whole);
    expect(existsSync(path.join(out, `.pathway-states.${process.pid}.tmp`))).toBe(false);
  });

  it('a log a killed run left is removed when the next opens one', () => {
    const out = fresh();
    const first = PathwayStateLog.open(out);
    first.add('WP1', { hash: 'h', nq: { offset: 0, length: 0 }, triples: 0, termIds: [] });
    PathwayStateLog.open(out); // the same name (this process): the first is gone, the new one empty
    expect(readFileSync(path.join(out, `.pathway-states.${process.pid}.tmp`)).length).toBe(0);
  });
});
