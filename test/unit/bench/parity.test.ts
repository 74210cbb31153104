// bench:parity's guards: a reference folder that is missing or holds no pathway is an error naming the folder, never a
// score over nothing (which would print 100%).

import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { parity } from '../../../bench/parity.js';

it('refuses a data folder without GPML2RDF pathways, naming the folder', async () => {
  const shared = mkdtempSync(path.join(os.tmpdir(), 'pkg-parity-'));
  const wp = path.join(shared, 'wikipathways', 'gpml2rdf', 'wp');
  await expect(parity(shared)).rejects.toThrow(wp); // missing
  mkdirSync(wp, { recursive: true });
  await expect(parity(shared)).rejects.toThrow(`no GPML2RDF pathway (WPn.ttl) in ${wp}`); // empty
});
