// A page's shared lines as its buckets' spill bytes, with their digests (bucketBytes.ts).

import { describe, expect, it } from 'vitest';
import { BucketEncoder } from '../../../../src/load/layout/bucketBytes.js';
import { lineDigest } from '../../../../src/load/layout/layoutState.js';

const OWNER = '\tWP1\n';

describe('BucketEncoder', () => {
  it("gives each bucket's owner line, lines and newline as UTF-8, and the digest of its lines as text", () => {
    const texts = new Map([
      [3, '<http://a/é> <http://p> "€ 😀" .\n<http://a/b> <http://p> "x" .'],
      [40, '<http://c> <http://p> <http://d> .'],
    ]);
    const encoded = new BucketEncoder().encode(OWNER, texts);
    expect(encoded.buckets).toEqual([3, 40]);
    expect(encoded.digests).toBe(lineDigest(texts.get(3)!) + lineDigest(texts.get(40)!));
    expect(encoded.bytes.map((b) => b.toString('utf8'))).toEqual([...texts.values()].map((t) => `${OWNER}${t}\n`));
  });

  it('a page with no shared line gives nothing', () => {
    expect(new BucketEncoder().encode(OWNER, new Map())).toEqual({ buckets: [], digests: '', bytes: [] });
  });

  it('a page larger than its buffer, then a small one: each gives its own bytes', () => {
    const encoder = new BucketEncoder();
    // Three-byte characters: more bytes than characters, over several buckets that each fit but not all together.
    const big = new Map([0, 1, 2, 3].map((b) => [b, `<http://x/${b}> <http://p> "${'€'.repeat(200_000 + b)}" .`]));
    const encoded = encoder.encode(OWNER, big);
    expect(encoded.bytes.map((b) => b.toString('utf8'))).toEqual([...big.values()].map((t) => `${OWNER}${t}\n`));
    expect(encoded.digests).toBe([...big.values()].map(lineDigest).join(''));
    const copies = encoded.bytes.map((b) => Buffer.from(b));
    const small = encoder.encode('\tWP2\n', new Map([[9, 'ü']]));
    expect(small.bytes.map((b) => b.toString('utf8'))).toEqual(['\tWP2\nü\n']);
    expect(small.digests).toBe(lineDigest('ü'));
    expect(copies.map((b) => b.length)).toEqual([...big.values()].map((t) => Buffer.byteLength(`${OWNER}${t}\n`)));
  });
});
