// The shared graphs made by two threads (src/load/layout/finishShare.ts): whichever thread makes a bucket, from the
// plan it was sent, finish writes the same bytes as when it makes every bucket itself; a bucket the other thread
// failed to make fails the finish with that failure.

import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DataFactory, type Quad } from 'n3';
import { afterEach, describe, expect, it } from 'vitest';
import { PipelineError } from '../../../../src/errors.js';
import { BUCKETS, bucketOf } from '../../../../src/load/layout/bucket.js';
import type { BucketContent } from '../../../../src/load/layout/bucketContent.js';
import { helpFinish, type BucketShare, type FinishPlan } from '../../../../src/load/layout/finishShare.js';
import { SharedLayout, type LayoutFiles } from '../../../../src/load/layout/sharedLayout.js';
import type { PathwayGraph } from '../../../../src/types.js';

const { namedNode: iri, literal, quad } = DataFactory;
const WP = (n: number) => `https://identifiers.org/wikipathways/WP${n}`;
const p = (local: string) => iri(`http://ex.org/${local}`);

/**
 * Three pathways sharing 300 genes (facts in every bucket, most stated by two pages or three), and each naming the
 * others in a Pathway row: what a pathway states about itself is claimed, and left out of the shared graphs.
 */
function pathways(): PathwayGraph[] {
  return [1, 2, 3].map((n) => {
    const g = iri(WP(n));
    const quads: Quad[] = [quad(g, p('type'), p('Pathway'), g), quad(g, p('title'), literal(`Pathway ${n}`), g)];
    for (let gene = 0; gene < 300; gene++) {
      if ((gene + n) % 3 === 0) continue; // each page has two genes in three
      const node = iri(`https://identifiers.org/ncbigene/${gene}`);
      quads.push(quad(node, p('label'), literal(`GENE${gene}`), g), quad(node, p('isPartOf'), g, g));
      if (gene % 7 === n) quads.push(quad(node, p('note'), literal(`from WP${n}, «${gene}»`), g));
    }
    for (const other of [1, 2, 3]) if (other !== n) quads.push(quad(iri(WP(other)), p('type'), p('Pathway'), g));
    return { wpid: `WP${n}`, graph: g.value, subject: g.value, file: '', quads, warnings: [] };
  });
}

interface Made {
  out: string;
  allNq: Buffer;
  files: Map<string, string>;
  triples: number;
}

const dirs: string[] = [];
/** The other threads' loops: awaited before their folders go. */
const helpers: Promise<unknown>[] = [];
afterEach(async () => {
  await Promise.all(helpers.splice(0));
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

/**
 * A finish and commit over `pathways()`, with `share` when given; all.nq and every file it leaves. `after`: a second
 * run in that run's folder, in which WP1 changed, WP2 is kept as it was and WP3 is gone.
 */
async function finishWith(share?: (plan: FinishPlan) => BucketShare, after?: Made): Promise<Made> {
  let out = after?.out;
  if (out === undefined) {
    out = await mkdtemp(path.join(tmpdir(), 'pkg-finish-share-'));
    dirs.push(out);
  }
  const layout = SharedLayout.open(out, after !== undefined);
  const [wp1, wp2, wp3] = pathways();
  if (after === undefined) for (const g of [wp1!, wp2!, wp3!]) layout.take(g);
  else {
    // Other labels for some of WP1's genes; WP2 kept; WP3 gone.
    layout.take({
      ...wp1!,
      quads: wp1!.quads.map((q) =>
        q.predicate.value === 'http://ex.org/label' && q.subject.value.endsWith('0')
          ? quad(q.subject, q.predicate, literal(`${q.object.value} (renamed)`), q.graph)
          : q,
      ),
    });
    layout.keep(wp2!.wpid);
  }
  const previous = after?.allNq;
  const parts: Buffer[] = [];
  let size = 0;
  const append = (bytes: Buffer, placed: (range: { offset: number; length: number }) => void) => {
    parts.push(bytes);
    placed({ offset: size, length: bytes.length });
    size += bytes.length;
  };
  const files: LayoutFiles = {
    keep: async (_name, range, placed) => append(previous!.subarray(range.offset, range.offset + range.length), placed),
    writeNQuads: async (bytes, placed) => append(bytes, placed),
  };
  let shared: BucketShare | undefined;
  const lazy: BucketShare = {
    take: () => shared!.take(),
    start: (plan) => (shared = share!(plan)),
    made: (i) => shared!.made(i),
  };
  const triples = await layout.finish(files, undefined, new Set(), false, share && lazy);
  const allNq = Buffer.concat(parts);
  await writeFile(path.join(out, 'all.nq'), allNq);
  await layout.commit();
  const left = new Map<string, string>();
  for (const dir of ['shared', 'layout'])
    for (const name of (await readdir(path.join(out, dir))).sort())
      if (name !== 'layout.json') left.set(`${dir}/${name}`, await readFile(path.join(out, dir, name), 'utf8'));
  return { out, allNq, files: left, triples };
}

/**
 * The other thread, in this one: it takes the indices `mine` says are its (through helpFinish, from the plan as it was
 * sent, cloned), the layout the rest; `fail` makes its bucket of that index fail.
 */
function otherThread(mine: (i: number) => boolean, fail?: number): (plan: FinishPlan) => BucketShare {
  return (sent) => {
    const plan = structuredClone(sent);
    const results = new Map<number, Promise<BucketContent>>();
    const resolvers = new Map<number, { ok: (c: BucketContent) => void; no: (e: unknown) => void }>();
    for (let i = 0; i < plan.work.length; i++)
      if (mine(i)) {
        const result = new Promise<BucketContent>((ok, no) => resolvers.set(i, { ok, no }));
        result.catch(() => undefined); // the finish may stop before it asks for this one
        results.set(i, result);
      }
    const theirs = [...resolvers.keys()];
    const ours = plan.work.map((_b, i) => i).filter((i) => !mine(i));
    const helping = helpFinish(
      plan,
      () => (theirs.length > 0 ? theirs.shift()! : plan.work.length),
      (i, made) => {
        if (i === fail) resolvers.get(i)!.no(new PipelineError('OUTPUT_UNWRITABLE', `bucket ${i} failed`));
        else if ('error' in made) resolvers.get(i)!.no(made.error);
        else resolvers.get(i)!.ok(made.content);
      },
    );
    helpers.push(helping);
    return {
      take: () => (ours.length > 0 ? ours.shift()! : plan.work.length),
      start: () => undefined,
      made: (i) => results.get(i) ?? Promise.reject(new Error(`bucket ${i} is not the other thread's`)),
    };
  };
}

describe('finish with buckets made by another thread', () => {
  it('writes the same all.nq, shared graphs and sidecars whichever thread made each bucket', async () => {
    const alone = await finishWith();
    // Worth comparing: every bucket has content, and the claimed Pathway rows are left out of the shared graphs.
    expect(alone.files.size).toBe(2 * BUCKETS);
    expect(alone.triples).toBeGreaterThan(300); // a label per gene, and the notes
    const nq = alone.allNq.toString('utf8');
    expect(nq).toContain('<https://identifiers.org/ncbigene/5> <http://ex.org/label> "GENE5"');
    expect(nq).not.toContain(`<${WP(1)}> <http://ex.org/type>`);
    // The claimed rows are in the sidecars (who states them), in the buckets of the pathways' IRIs.
    expect(alone.files.get(`layout/${String(bucketOf(WP(1))).padStart(2, '0')}.tsv`)).toContain(
      `<${WP(1)}> <http://ex.org/type> <http://ex.org/Pathway> .\tWP2 WP3`,
    );
    for (const mine of [(i: number) => i % 2 === 0, (i: number) => i % 2 === 1, () => true]) {
      const shared = await finishWith(otherThread(mine));
      expect(shared.triples).toBe(alone.triples);
      expect(shared.allNq.equals(alone.allNq)).toBe(true);
      expect(shared.files).toEqual(alone.files);
    }
  });

  it('and so in a run that builds on the previous layout: a changed, a kept and a removed pathway', async () => {
    const alone = await finishWith(undefined, await finishWith());
    // Worth comparing: the renamed labels are in, WP3's notes gone, some buckets copied from the previous all.nq.
    const nq = alone.allNq.toString('utf8');
    expect(nq).toContain('"GENE10 (renamed)"');
    expect(nq).not.toContain('from WP3');
    expect(nq).toContain('from WP2');
    for (const mine of [(i: number) => i % 2 === 0, (i: number) => i % 2 === 1, () => true]) {
      const shared = await finishWith(otherThread(mine), await finishWith());
      expect(shared.triples).toBe(alone.triples);
      expect(shared.allNq.equals(alone.allNq)).toBe(true);
      expect(shared.files).toEqual(alone.files);
    }
  });

  it("fails with the other thread's failure", async () => {
    await expect(finishWith(otherThread((i) => i % 2 === 1, 5))).rejects.toThrow('bucket 5 failed');
  });
});
