// The share rule itself: what counts as the last run's pathways, where the line is, and what turns it off.

import { describe, expect, it } from 'vitest';
import { checkRemovals, parseMinSourceShare, previousPathways } from '../../../src/load/removalGuard.js';
import { emptyState, type RunState } from '../../../src/load/state.js';

const policy = { minSourceShare: 0.5, allowRemovals: false };
const check =
  (listed: number, previous: number, p = policy) =>
  () =>
    checkRemovals(listed, previous, p, '--source /s lists', 'the last run left in --out', '--source');

describe('previousPathways', () => {
  it('counts the state pathways, or the pathway graphs of the fullest target when it holds more', () => {
    const state: RunState = {
      ...emptyState(),
      pathways: { WP1: { hash: 'h', nq: { offset: 0, length: 1 }, triples: 1, termIds: [] } },
    };
    expect(previousPathways(state)).toBe(1);
    state.targets = {
      'http://a/store': {
        'https://identifiers.org/wikipathways/WP1': 'h',
        'https://identifiers.org/wikipathways/WP2': 'h',
        'urn:pathway-kg:dataset': 'run',
        'urn:pathway-kg:ontologies': 'run',
      },
      'http://b/store': { 'https://identifiers.org/wikipathways/WP1': 'h' },
    };
    expect(previousPathways(state)).toBe(2);
    expect(previousPathways(emptyState())).toBe(0);
  });
});

describe('checkRemovals', () => {
  it('refuses under the share, with both counts and the flags in the message', () => {
    expect(check(1, 3)).toThrow(
      '--source /s lists 1 pathways, fewer than --min-source-share 0.5 of the 3 the last run left in --out: nothing was removed. If the folder is complete and those pathways are really gone, run again with --allow-removals',
    );
    expect(check(1, 3)).toThrow(
      expect.objectContaining({
        code: 'SOURCE_SHRUNK',
        key: '--source',
        details: { listed: 1, previous: 3, minSourceShare: 0.5 },
      }),
    );
  });

  it('lets through half or more, a first run, a share of 0 and --allow-removals', () => {
    expect(check(2, 4)).not.toThrow();
    expect(check(0, 0)).not.toThrow();
    expect(check(0, 10, { minSourceShare: 0, allowRemovals: false })).not.toThrow();
    expect(check(0, 10, { minSourceShare: 0.5, allowRemovals: true })).not.toThrow();
    expect(check(9, 10, { minSourceShare: 1, allowRemovals: false })).toThrow(
      'lists 9 pathways, fewer than --min-source-share 1 of the 10',
    );
  });
});

describe('parseMinSourceShare', () => {
  it('takes a number from 0 to 1, 0.5 when absent', () => {
    expect(parseMinSourceShare(undefined)).toBe(0.5);
    expect(parseMinSourceShare('0')).toBe(0);
    expect(parseMinSourceShare('0.9')).toBe(0.9);
    expect(parseMinSourceShare('1')).toBe(1);
    for (const bad of ['', ' ', '-0.1', '1.01', 'half', 'NaN', 'Infinity'])
      expect(() => parseMinSourceShare(bad)).toThrow(
        `Expected \`--min-source-share\` to be a number from 0 to 1, got ${JSON.stringify(bad)}`,
      );
  });
});
