// Digests kept per page (layout claims, a pathway's contribution digest, the state's input hash) are short flat
// strings: the same values as before, without a 64-character parent string kept alive behind each one.

import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { digestOf, lineDigest } from '../../../src/load/layout/layoutState.js';
import { flatPrefix } from '../../../src/flatString.js';
import { inputHash } from '../../../src/load/state.js';

// SHA-256 of "abc" (FIPS 180-2, appendix B.1): the values must not change, or every stored state and layout would be
// redone on the next run.
const ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** Live heap bytes per kept result of `make`, measured over `n` results held at once. */
function bytesPerKept(n: number, make: (i: number) => string): number {
  gc();
  const before = process.memoryUsage().heapUsed;
  const kept = new Array<string>(n);
  for (let i = 0; i < n; i++) kept[i] = make(i);
  gc();
  const after = process.memoryUsage().heapUsed;
  expect(kept[n - 1]!.length).toBeGreaterThan(0); // keeps `kept` alive to here
  return (after - before) / n;
}

describe('flatPrefix', () => {
  it('is the prefix, or the whole text when it is shorter', () => {
    expect(flatPrefix(ABC, 16)).toBe('ba7816bf8f01cfea');
    expect(flatPrefix('é漢\ud83d\ude00x', 4)).toBe('é漢\ud83d\ude00');
    expect(flatPrefix('ab', 16)).toBe('ab');
    expect(flatPrefix('', 3)).toBe('');
  });
});

describe('per-page digests', () => {
  it('keep their values (a prefix of the SHA-256 hex)', () => {
    expect(lineDigest('abc')).toBe(ABC.slice(0, 16));
    expect(digestOf('abc')).toBe(ABC.slice(0, 32));
    expect(digestOf(Buffer.from('abc'))).toBe(ABC.slice(0, 32));
    // sha256("r\0p\0t"), computed outside the project (sha256sum).
    expect(inputHash('r', 'p', 't')).toBe('8e8dbe5ac957b768084eaae964891b1d');
  });

  it('hold no more than a flat string each (a slice of the full hex held ~120 bytes)', () => {
    const N = 50_000;
    // A 16-character flat string is 32 bytes and its slot in the array 8.
    expect(bytesPerKept(N, (i) => lineDigest(`<s${i}> <p> "o" .`))).toBeLessThan(60);
    expect(bytesPerKept(N, (i) => digestOf(`line ${i}`))).toBeLessThan(75);
    expect(bytesPerKept(N, (i) => inputHash('r', `page ${i}`, undefined))).toBeLessThan(75);
  });
});
