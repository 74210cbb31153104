// One bucket made from its files (src/load/layout/bucketContent.ts): the previous sidecar less the replaced pathways,
// plus the spill's lines; its triples distinct, sorted as strings, less those claimed; each with its owners in order of
// arrival; its N-Triples bytes and digest.

import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bucketContent, sidecarFile } from '../../../../src/load/layout/bucketContent.js';
import { digestOf, lineDigest } from '../../../../src/load/layout/layoutState.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function folder(): Promise<string> {
  const out = await mkdtemp(path.join(tmpdir(), 'pkg-bucket-content-'));
  dirs.push(out);
  return out;
}

/** A spill's text (SharedLayout.add): `<TAB>WPn` before each page's lines. */
function spillText(lines: string[][]): string {
  let text = '';
  let last = '';
  for (const [wp, line] of lines) {
    if (wp !== last) text += `\t${wp}\n`;
    text += `${line}\n`;
    last = wp!;
  }
  return text;
}

const gene = (n: number, o: string) => `<https://identifiers.org/ncbigene/${n}> <http://ex.org/p> ${o} .`;

describe('bucketContent', () => {
  it('a first run: distinct lines, sorted as strings, owners in order of arrival, a page that repeats a line once', async () => {
    const out = await folder();
    const spill = path.join(out, 'spill');
    const lines = [
      ['WP2', gene(2, '"b"')],
      ['WP2', gene(1, '"\uFF01"')],
      ['WP2', gene(2, '"b"')], // WP2 states it twice
      ['WP1', gene(1, '"\u{1F600}"')],
      ['WP1', gene(2, '"b"')],
      ['WP3', gene(2, '"b"')],
      ['WP3', gene(1, '"é"')],
    ];
    await writeFile(spill, spillText(lines));
    const made = await bucketContent(out, 7, { readPrevious: false, replaced: new Set(), spill, claims: new Map() });
    const sorted = [gene(1, '"é"'), gene(1, '"\u{1F600}"'), gene(1, '"\uFF01"'), gene(2, '"b"')];
    expect([...sorted].sort()).toEqual(sorted); // the order of strings (beyond U+FFFF before U+FF01)
    expect(made.triples).toBe(4);
    expect(made.nt!.toString('utf8')).toBe(sorted.map((l) => `${l}\n`).join(''));
    expect(made.digest).toBe(digestOf(sorted.join('\n')));
    expect(await readFile(made.sidecar!, 'utf8')).toBe(
      [`${sorted[0]}\tWP3`, `${sorted[1]}\tWP1`, `${sorted[2]}\tWP2`, `${sorted[3]}\tWP2 WP1 WP3`, ''].join('\n'),
    );
  });

  it('a later run: the sidecar less the replaced pathways, then the spill; claimed lines left out', async () => {
    const out = await folder();
    const sidecar = sidecarFile(out, 3);
    const claimedLine = '<https://ex.org/pathway/é> <http://ex.org/type> <http://ex.org/Pathway> .';
    await mkdir(path.dirname(sidecar), { recursive: true });
    await writeFile(
      sidecar,
      [
        `${claimedLine}\tWP4`,
        `${gene(1, '"a"')}\tWP1 WP2`,
        `${gene(2, '"a"')}\tWP2`, // only WP2, which is replaced: gone
        `${gene(3, '"a"')}\tWP1 WP2 WP3`,
        '',
      ].join('\n'),
    );
    const spill = path.join(out, 'spill');
    await writeFile(
      spill,
      spillText([
        ['WP2', gene(3, '"a"')],
        ['WP2', gene(0, '"new"')],
        ['WP5', gene(1, '"a"')],
      ]),
    );
    const claims = new Map([['https://ex.org/pathway/é', new Set([lineDigest(claimedLine)])]]);
    const made = await bucketContent(out, 3, { readPrevious: true, replaced: new Set(['WP2']), spill, claims });
    const kept = [gene(0, '"new"'), gene(1, '"a"'), gene(3, '"a"')];
    expect(made.nt!.toString('utf8')).toBe(kept.map((l) => `${l}\n`).join(''));
    expect(made.triples).toBe(3);
    // The claimed line stays in the sidecar (who states it), out of the graph.
    expect(await readFile(made.sidecar!, 'utf8')).toBe(
      [
        `${claimedLine}\tWP4`,
        `${gene(0, '"new"')}\tWP2`,
        `${gene(1, '"a"')}\tWP1 WP5`,
        `${gene(3, '"a"')}\tWP1 WP3 WP2`,
        '',
      ].join('\n'),
    );
  });

  it('a spill whose first line names no page is refused', async () => {
    const out = await folder();
    const spill = path.join(out, 'spill');
    await writeFile(spill, `${gene(1, '"a"')}\n`);
    await expect(
      bucketContent(out, 0, { readPrevious: false, replaced: new Set(), spill, claims: new Map() }),
    ).rejects.toThrow('starts with no page');
  });

  it('no line left: no graph and no sidecar', async () => {
    const out = await folder();
    const spill = path.join(out, 'spill');
    await writeFile(spill, '');
    const made = await bucketContent(out, 0, { readPrevious: true, replaced: new Set(), spill, claims: new Map() });
    expect(made).toEqual({ triples: 0, nt: undefined, digest: undefined, sidecar: undefined });
  });
});
