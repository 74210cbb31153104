// ListMap: reads as a Map of lists, whether a key holds one value or several.

import { describe, expect, it } from 'vitest';
import { ListMap } from '../../../src/reference/listMap.js';

describe('ListMap', () => {
  const a = { id: 'a' };
  const b = { id: 'b' };
  const c = { id: 'c' };

  it('gives every key a list, in the order values were added, without repeats', () => {
    const m = new ListMap<{ id: string }>();
    m.add('one', a);
    m.add('two', b);
    m.add('two', c);
    m.add('two', b);
    m.add('one', a);
    expect(m.get('one')).toEqual([a]);
    expect(m.get('two')).toEqual([b, c]);
    expect(m.get('none')).toBeUndefined();
    expect(m.has('one')).toBe(true);
    expect(m.size).toBe(2);
  });

  it('iterates as a Map of lists', () => {
    const m = new ListMap<string>();
    m.add('x', 'X1');
    m.add('y', 'Y1');
    m.add('y', 'Y2');
    m.set('z', ['Z1']);
    m.set('w', ['W1', 'W2']);
    const expected = [
      ['x', ['X1']],
      ['y', ['Y1', 'Y2']],
      ['z', ['Z1']],
      ['w', ['W1', 'W2']],
    ];
    expect([...m]).toEqual(expected);
    expect([...m.entries()]).toEqual(expected);
    expect([...m.values()]).toEqual(expected.map(([, v]) => v));
    expect([...m.keys()]).toEqual(['x', 'y', 'z', 'w']);
    const seen: unknown[] = [];
    m.forEach((v, k, map) => seen.push([k, v, map === m]));
    expect(seen).toEqual(expected.map(([k, v]) => [k, v, true]));
    expect(new Map(m)).toEqual(new Map(expected as [string, string[]][]));
  });

  it('hands out a fresh list for a single value: changing it changes nothing stored', () => {
    const m = new ListMap<string>();
    m.add('k', 'v');
    m.get('k')!.push('w');
    expect(m.get('k')).toEqual(['v']);
  });
});
