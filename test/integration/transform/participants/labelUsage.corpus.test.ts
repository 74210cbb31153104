import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { learnFromSources } from '../../../../src/learnLabels.js';
import { DEFAULT_MAPPINGS_DIR, loadMappings } from '../../../../src/mappings.js';
import { loadHgnc } from '../../../../src/reference/hgnc.js';
import { usageKey } from '../../../../src/transform/participants/labelUsage.js';
import { parseLabelUsage } from '../../../../src/transform/participants/labelUsageFile.js';
import { usefulVerdicts } from '../../../../src/transform/participants/learnUsage.js';
import { CORPUS, describeCorpus } from '../../../support/corpus.js';

describeCorpus('mappings/label-usage.tsv on the shared corpus', () => {
  it('is exactly what learn-labels makes of both snapshots (nothing added or edited by hand)', async () => {
    const hgnc = await loadHgnc(path.join(CORPUS.reference, 'hgnc', 'hgnc_complete_set.txt.gz'));
    const pm = loadMappings().participants;
    const learned = await learnFromSources(
      [
        { source: CORPUS.pages2022, datanodes: [CORPUS.datanodes2022] },
        { source: CORPUS.pagesCurrent, datanodes: [CORPUS.datanodesCurrent] },
      ],
      hgnc,
      pm,
    );
    const file = path.join(DEFAULT_MAPPINGS_DIR, 'label-usage.tsv');
    const shipped = parseLabelUsage(readFileSync(file, 'utf8'), file);
    const relearned = usefulVerdicts(learned.counter, hgnc);
    process.stdout.write(
      `label usage: ${learned.pathways} human pathways, ${learned.counter.labels().length} labels, ${relearned.size} verdicts (shipped ${shipped.size})\n`,
    );
    expect(learned.pathways).toBeGreaterThan(1000);
    expect([...shipped.keys()].sort()).toEqual([...relearned.keys()].sort());
    for (const [label, evidence] of relearned) expect(shipped.get(usageKey(label)), label).toEqual(evidence);
    // Every gene it names is a record of this HGNC table.
    for (const [label, e] of shipped)
      if (e.sense !== 'not a gene') expect(hgnc.byId.has(e.sense.slice(5)), label).toBe(true);
  }, 120_000);
});
