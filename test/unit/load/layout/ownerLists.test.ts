// Who states each line of a bucket (src/load/layout/ownerLists.ts): a list per entry in order of arrival, a page's
// repeat of a line counted once, written as `WP1 WP7`, past the first capacities.

import { describe, expect, it } from 'vitest';
import { OwnerLists } from '../../../../src/load/layout/ownerLists.js';

describe('OwnerLists', () => {
  it('lists owners in order of arrival; a page repeating its line is skipped, a sidecar list never is', () => {
    const owners = new OwnerLists();
    const listed = owners.name('WP3 WP4'); // a previous sidecar's list
    const wp1 = owners.name('WP1', true);
    const wp2 = owners.name('WP2', true);
    owners.own(0, listed, -1);
    owners.own(1, wp1, 0);
    owners.own(1, wp1, 0); // WP1 states it twice
    owners.own(0, wp1, 0);
    owners.own(1, wp2, 1);
    owners.own(0, listed, -1); // a sidecar line met twice (not as written): kept twice
    expect(owners.list(0)).toBe('WP3 WP4 WP1 WP3 WP4');
    expect(owners.list(1)).toBe('WP1 WP2');
    expect(owners.size(0)).toBe('WP3 WP4 WP1 WP3 WP4'.length);
    const out = Buffer.alloc(12, 0x2a);
    expect(owners.write(1, out, 2)).toBe(9);
    expect(out.toString('latin1')).toBe('**WP1 WP2***');
  });

  it('takes entries only in order: a new entry is the next one', () => {
    const owners = new OwnerLists();
    const wp1 = owners.name('WP1');
    owners.own(0, wp1, 0);
    expect(() => owners.own(2, wp1, 0)).toThrow(/entry 2 after 1/);
  });

  it('keeps every list past its first entries and owners (40,000 entries of up to three owners)', () => {
    const owners = new OwnerLists(16, 16);
    const pages = Array.from({ length: 50 }, (_, p) => owners.name(`WP${p}`, p % 2 === 0));
    for (let page = 0; page < 3; page++)
      for (let e = 0; e < 40_000; e++) if (e % 3 >= page) owners.own(e, pages[(e + page) % 50]!, page);
    for (let e = 0; e < 40_000; e += 911) {
      const want = [0, 1, 2].filter((page) => e % 3 >= page).map((page) => `WP${(e + page) % 50}`);
      expect(owners.list(e)).toBe(want.join(' '));
      expect(owners.size(e)).toBe(want.join(' ').length);
    }
  });
});
