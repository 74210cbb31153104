import { describe, expect, it } from 'vitest';
import { decidePage, type PageAction, type PageFacts } from '../../../src/run/decidePage.js';

const NOW = 'hash-now';
const OLD = 'hash-old';
const none = undefined;
const noEndpoint = undefined;
const holds = (loaded: string | undefined) => ({ loaded });

// [what the case is, facts, the action a run must take]
const cases: [string, PageFacts, PageAction][] = [
  // Files only.
  [
    'unchanged page: reused as it was',
    { hash: NOW, previousHash: NOW, endpoint: noEndpoint, full: false },
    { kind: 'reuse' },
  ],
  [
    'changed page: converted and written',
    { hash: NOW, previousHash: OLD, endpoint: noEndpoint, full: false },
    { kind: 'transform', write: true, load: false },
  ],
  [
    'new page: converted and written',
    { hash: NOW, previousHash: none, endpoint: noEndpoint, full: false },
    { kind: 'transform', write: true, load: false },
  ],
  [
    'unchanged page under --full: converted again',
    { hash: NOW, previousHash: NOW, endpoint: noEndpoint, full: true },
    { kind: 'transform', write: true, load: false },
  ],
  [
    'unreadable page with a previous version: kept',
    { hash: none, previousHash: OLD, endpoint: noEndpoint, full: false },
    { kind: 'keep-previous', load: false },
  ],
  [
    'unreadable page with a previous version under --full: still kept',
    { hash: none, previousHash: OLD, endpoint: noEndpoint, full: true },
    { kind: 'keep-previous', load: false },
  ],
  [
    'unreadable new page: no graph',
    { hash: none, previousHash: none, endpoint: noEndpoint, full: false },
    { kind: 'drop' },
  ],
  // With an endpoint.
  [
    'unchanged page the endpoint holds: reused, not sent',
    { hash: NOW, previousHash: NOW, endpoint: holds(NOW), full: false },
    { kind: 'reuse' },
  ],
  [
    'unchanged page the endpoint lacks (a new target): converted for the endpoint only',
    { hash: NOW, previousHash: NOW, endpoint: holds(none), full: false },
    { kind: 'transform', write: false, load: true },
  ],
  [
    'unchanged page the endpoint holds in an older version: converted for the endpoint only',
    { hash: NOW, previousHash: NOW, endpoint: holds(OLD), full: false },
    { kind: 'transform', write: false, load: true },
  ],
  [
    'unchanged page whose load was cut short (in flight): sent again',
    { hash: NOW, previousHash: NOW, endpoint: holds('in-flight'), full: false },
    { kind: 'transform', write: false, load: true },
  ],
  [
    'changed page: written and sent',
    { hash: NOW, previousHash: OLD, endpoint: holds(OLD), full: false },
    { kind: 'transform', write: true, load: true },
  ],
  [
    'files lost (all.nq replaced) but the endpoint holds this input: written, not sent',
    { hash: NOW, previousHash: none, endpoint: holds(NOW), full: false },
    { kind: 'transform', write: true, load: false },
  ],
  [
    '--full: written and sent whatever both hold',
    { hash: NOW, previousHash: NOW, endpoint: holds(NOW), full: true },
    { kind: 'transform', write: true, load: true },
  ],
  [
    'unreadable page, the endpoint holds its previous version: kept, not sent',
    { hash: none, previousHash: OLD, endpoint: holds(OLD), full: false },
    { kind: 'keep-previous', load: false },
  ],
  [
    'unreadable page, the endpoint lacks its previous version: kept and sent from the previous all.nq',
    { hash: none, previousHash: OLD, endpoint: holds(none), full: false },
    { kind: 'keep-previous', load: true },
  ],
  [
    'unreadable page under --full: the previous version is sent again',
    { hash: none, previousHash: OLD, endpoint: holds(OLD), full: true },
    { kind: 'keep-previous', load: true },
  ],
  [
    'unreadable new page, even if the endpoint holds something: no graph (dropped at the end)',
    { hash: none, previousHash: none, endpoint: holds(OLD), full: false },
    { kind: 'drop' },
  ],
];

describe('decidePage', () => {
  it.each(cases)('%s', (_name, facts, expected) => {
    expect(decidePage(facts)).toEqual(expected);
  });

  it('never reuses a page whose input changed, whatever the endpoint holds', () => {
    for (const endpoint of [noEndpoint, holds(NOW), holds(OLD), holds(none)]) {
      for (const full of [false, true])
        expect(decidePage({ hash: NOW, previousHash: OLD, endpoint, full }).kind).toBe('transform');
    }
  });
});
