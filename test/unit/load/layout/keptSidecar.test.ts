// A bucket whose lines did not change, only the claims on them (a page's new title), is made from its previous sidecar
// as it is (src/load/layout/bucketContent.ts keptSidecar): the sidecar is not written again, and the content is what
// the full path gives. A sidecar not as the full path writes it (out of order, repeated, a line without owners, a
// character beyond U+FFFF, a replaced owner) is left to the full path.

import { statSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bucketContent, sidecarFile, type BucketInputs } from '../../../../src/load/layout/bucketContent.js';
import { lineDigest } from '../../../../src/load/layout/layoutState.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

const S = (n: number) => `https://identifiers.org/wikipathways/WP${n}`;
const line = (s: string, o: string) => `<${s}> <http://ex.org/p> ${o} .`;
const sorted = [line(S(1), '"a"'), line(S(1), '"b"'), line(S(2), '"c"'), line(S(3), '"é"'), line(S(3), '"\uFF01"')];

/** An --out holding bucket 5's sidecar with `text`, and an empty spill (which sends bucketContent the full way). */
async function outWith(text: string): Promise<{ out: string; empty: string }> {
  const out = await mkdtemp(path.join(tmpdir(), 'pkg-kept-sidecar-'));
  dirs.push(out);
  mkdirSync(path.join(out, 'layout'));
  await writeFile(sidecarFile(out, 5), text);
  const empty = path.join(out, 'empty-spill');
  await writeFile(empty, '');
  return { out, empty };
}

const sidecarText = (lines: string[], owners: (i: number) => string = () => 'WP1 WP2') =>
  lines.map((l, i) => `${l}\t${owners(i)}\n`).join('');

/** The bucket made both ways: from the sidecar alone, and the full way (an empty spill). */
async function bothWays(text: string, inputs: Partial<BucketInputs> = {}) {
  const { out, empty } = await outWith(text);
  const i: BucketInputs = { readPrevious: true, replaced: new Set(), spill: undefined, claims: new Map(), ...inputs };
  const before = statSync(sidecarFile(out, 5));
  const quick = await bucketContent(out, 5, i);
  const full = await bucketContent(out, 5, { ...i, spill: empty });
  const after = statSync(sidecarFile(out, 5));
  expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]); // staged sidecars are other files
  const staged = full.sidecar === undefined ? undefined : await readFile(full.sidecar, 'utf8');
  return { quick, full, staged };
}

describe('a bucket made from its kept sidecar', () => {
  it('its lines less the claimed ones, the same bytes as the full way, and the sidecar kept as it is', async () => {
    const text = sidecarText(sorted);
    const claims = new Map([[S(1), new Set([lineDigest(sorted[1]!)])]]);
    const { quick, full, staged } = await bothWays(text, { claims });
    expect(quick.sidecarKept).toBe(true);
    expect(quick.sidecar).toBeUndefined();
    expect(staged).toBe(text); // the full way writes the same sidecar again
    expect([quick.triples, quick.nt!.toString('utf8'), quick.digest]).toEqual([
      full.triples,
      full.nt!.toString('utf8'),
      full.digest,
    ]);
    expect(quick.triples).toBe(4);
    expect(quick.nt!.toString('utf8')).not.toContain('"b"');
  });

  it('a replaced pathway not among its owners: still kept', async () => {
    const { quick, full } = await bothWays(sidecarText(sorted), { replaced: new Set(['WP9']) });
    expect(quick.sidecarKept).toBe(true);
    expect(quick.nt).toEqual(full.nt);
  });

  it('every line claimed: made the full way (no graph, the sidecar staged)', async () => {
    const claims = new Map([[S(1), new Set(sorted.slice(0, 2).map((l) => lineDigest(l)))]]);
    const text = sidecarText(sorted.slice(0, 2));
    const { quick, full } = await bothWays(text, { claims });
    expect(quick.sidecarKept).toBeUndefined();
    expect([quick.triples, quick.nt, full.triples]).toEqual([0, undefined, 0]);
  });

  const odd: [string, string][] = [
    ['a replaced owner', sidecarText(sorted, (i) => (i === 2 ? 'WP1 WP7' : 'WP1'))],
    ['lines out of order', sidecarText([sorted[1]!, sorted[0]!, ...sorted.slice(2)])],
    ['a line twice', sidecarText([sorted[0]!, sorted[0]!, ...sorted.slice(1)])],
    ['a line without owners', sidecarText(sorted, (i) => (i === 3 ? '' : 'WP1'))],
    ['a line without its tab', sidecarText(sorted) + `${line(S(4), '"x"')}\n`],
    ['a character beyond U+FFFF', sidecarText([...sorted.slice(0, 3), line(S(3), '"\u{1F600}"'), sorted[4]!])],
    ['the last line cut short', sidecarText(sorted).slice(0, -20)],
    ['an empty file', ''],
  ];
  it.each(odd)('%s: made the full way, the sidecar written again', async (_, text) => {
    const { quick, full, staged } = await bothWays(text, { replaced: new Set(['WP7']) });
    expect(quick.sidecarKept).toBeUndefined();
    expect([quick.triples, quick.nt?.toString('utf8'), quick.digest]).toEqual([
      full.triples,
      full.nt?.toString('utf8'),
      full.digest,
    ]);
    if (quick.sidecar !== undefined) expect(await readFile(quick.sidecar, 'utf8')).toBe(staged);
  });
});
