import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { learnFromSources } from '../../../../src/learnLabels.js';
import { loadMappings } from '../../../../src/mappings.js';
import { loadHgnc, type HgncTable } from '../../../../src/reference/hgnc.js';
import { keywordParticipants } from '../../../../src/transform/participants/keywords.js';
import {
  NOT_A_GENE,
  tableSenses,
  TYPED_NOT_A_GENE,
  UNLISTED_NOT_A_GENE,
  UsageCounter,
  usageKey,
} from '../../../../src/transform/participants/labelUsage.js';
import { formatLabelUsage, parseLabelUsage } from '../../../../src/transform/participants/labelUsageFile.js';
import {
  learnFromOtherOrganism,
  learnFromTable,
  usefulVerdicts,
} from '../../../../src/transform/participants/learnUsage.js';
import type {
  Participant,
  Resolution,
  ResolvedParticipant,
  UsageEvidence,
} from '../../../../src/transform/participants/model.js';
import { unresolvedText, viaText } from '../../../../src/transform/participants/outcomeText.js';
import { resolveParticipants } from '../../../../src/transform/participants/resolveParticipants.js';
import { runCli } from '../../../support/cli.js';
import { PROJECT_ROOT } from '../../../support/corpus.js';

const FIXTURES = path.join(PROJECT_ROOT, 'test', 'fixtures', 'learn');
const SNAPSHOTS = ['snap1', 'snap2'].map((s) => ({
  source: path.join(FIXTURES, s, 'pages'),
  datanodes: [path.join(FIXTURES, s, 'datanodes')],
}));
const pm = loadMappings().participants;
let hgnc: HgncTable;
beforeAll(async () => {
  hgnc = await loadHgnc(path.join(PROJECT_ROOT, 'test', 'fixtures', 'participants', 'hgnc_small.txt'));
});

const senses = (entries: [string, string[]][]): Map<string, Set<string>> =>
  new Map(entries.map(([k, v]) => [k, new Set(v)]));

describe('usageKey', () => {
  it('folds whitespace runs and trims, and keeps case', () => {
    expect(usageKey('  PKB \t gamma ')).toBe('PKB gamma');
    expect(usageKey('p38')).not.toBe(usageKey('P38'));
  });
});

describe('UsageCounter', () => {
  it('gives a verdict when at least 80% of the pathways using a label agree, one vote per pathway', () => {
    const c = new UsageCounter();
    for (const wp of ['WP1', 'WP2', 'WP3']) c.addPathway(wp, senses([['AKT', ['HGNC:391']]]));
    c.addPathway('WP4', senses([['AKT', ['HGNC:392']]]));
    expect(c.verdict('AKT')).toBeUndefined(); // 3 of 4
    c.addPathway('WP5', senses([['AKT', ['HGNC:391']]]));
    expect(c.verdict('AKT')).toEqual({ sense: 'HGNC:391', pathways: 4, of: 5 });
    expect(c.verdict(' AKT ')).toEqual({ sense: 'HGNC:391', pathways: 4, of: 5 });
  });

  it('leaves out the pathway being resolved', () => {
    const c = new UsageCounter();
    for (const wp of ['WP1', 'WP2', 'WP3', 'WP5']) c.addPathway(wp, senses([['AKT', ['HGNC:391']]]));
    c.addPathway('WP4', senses([['AKT', ['HGNC:392']]]));
    expect(c.verdict('AKT', 'WP1')).toBeUndefined(); // 3 of 4 without WP1
    expect(c.verdict('AKT', 'WP4')).toEqual({ sense: 'HGNC:391', pathways: 4, of: 4 });
    const alone = new UsageCounter();
    alone.addPathway('WP1', senses([['p38', ['HGNC:6876']]]));
    expect(alone.verdict('p38', 'WP1')).toBeUndefined();
  });

  it('splits the vote of a pathway whose rows give a label two senses, and unites one pathway across snapshots', () => {
    const c = new UsageCounter();
    c.addPathway('WP1', senses([['ROS', ['HGNC:10261', NOT_A_GENE]]]));
    for (const wp of ['WP2', 'WP3', 'WP4']) c.addPathway(wp, senses([['ROS', [NOT_A_GENE]]]));
    expect(c.verdict('ROS')).toEqual({ sense: NOT_A_GENE, pathways: 3.5, of: 4 }); // 0.875
    c.addPathway('WP2', senses([['ROS', ['HGNC:10261']]])); // WP2 again, from another snapshot
    expect(c.verdict('ROS')).toBeUndefined(); // 2.5 + 1 of 4
    expect(c.labels()).toEqual(['ROS']);
  });
});

describe('tableSenses', () => {
  const row = (label: string, type: string, primary?: string): Participant => ({
    label,
    type,
    ids: {},
    origin: { kind: 'table', line: 2 },
    ...(primary ? { primary: { system: 'chebi', id: primary } } : {}),
  });
  const record = (symbol: string) => ({ id: symbol === 'AKT1' ? '391' : '392', symbol }) as never;
  it('reads genes from identifier links only, and non-genes from typed rows with their own identifier', () => {
    const resolved: ResolvedParticipant[] = [
      {
        participant: row('AKT', 'GeneProduct'),
        geneLike: true,
        resolution: { kind: 'linked', record: record('AKT1'), via: 'identifier' },
      },
      {
        participant: row('AKT2', 'GeneProduct'),
        geneLike: true,
        resolution: { kind: 'linked', record: record('AKT2'), via: 'symbol' },
      },
      {
        participant: row('PKB', 'Protein'),
        geneLike: true,
        resolution: { kind: 'linked', record: record('AKT2'), via: 'identifier and label' },
      },
      { participant: row(' ROS ', 'Metabolite', '26523'), geneLike: false },
      { participant: row('Label text', 'Label'), geneLike: false },
    ];
    expect(tableSenses(resolved)).toEqual(
      senses([
        ['AKT', ['HGNC:391']],
        ['ROS', [NOT_A_GENE]],
      ]),
    );
  });

  it('reads a weaker "not a gene" from a row whose type alone says so (no id, or a Reactome id), none from a type that says nothing', () => {
    const reactome = (label: string, type: string): Participant => ({
      label,
      type,
      ids: {},
      origin: { kind: 'table', line: 2 },
      primary: { system: 'reactome', id: 'R-HSA-198640' },
    });
    const resolved: ResolvedParticipant[] = [
      { participant: row('p-T,p-S-AKT', 'Complex'), geneLike: false },
      { participant: reactome('TFIID', 'Complex'), geneLike: false },
      { participant: row('ROS', 'Metabolite', '26523'), geneLike: false },
      { participant: row('Box', 'Unknown'), geneLike: false },
      { participant: reactome('AKT', ''), geneLike: false },
    ];
    expect(tableSenses(resolved, pm.labelLinkableSystems, pm.nonGeneTypes)).toEqual(
      senses([
        ['p-T,p-S-AKT', [TYPED_NOT_A_GENE]],
        ['TFIID', [TYPED_NOT_A_GENE]],
        ['ROS', [NOT_A_GENE]],
      ]),
    );
    expect([...pm.nonGeneTypes].sort()).toEqual(['cellularcomponent', 'complex', 'event', 'metabolite', 'pathway']);
  });
});

describe('rows typed non-gene without an identifier of their own', () => {
  const typed = (c: UsageCounter, wpids: string[], label: string): void => {
    for (const wp of wpids) c.addPathway(wp, senses([[label, [TYPED_NOT_A_GENE]]]));
  };

  it('say "not a gene" when one pathway or more types the label so and no gene row outweighs it (2022 `p-T,p-S-AKT`: a Reactome complex in 16 pathways, linked to AKT1; `RISC`, `TFIID`)', () => {
    const c = new UsageCounter();
    typed(c, ['WP1', 'WP2'], 'p-T,p-S-AKT');
    expect(c.verdict('p-T,p-S-AKT')).toEqual({ sense: NOT_A_GENE, pathways: 2, of: 2 });
    expect(c.verdict('p-T,p-S-AKT', 'WP1')).toEqual({ sense: NOT_A_GENE, pathways: 1, of: 1 });
    // One pathway's gene rows against it: identifiers win.
    c.addPathway('WP3', senses([['p-T,p-S-AKT', ['HGNC:391']]]));
    expect(c.verdict('p-T,p-S-AKT', 'WP1')).toEqual({ sense: 'HGNC:391', pathways: 1, of: 1 });
  });

  it('need two pathways when some say so only by gene rows with an id HGNC does not list (`HIST1H3B` under a retired Ensembl gene id)', () => {
    const c = new UsageCounter();
    c.addPathway('WP1', senses([['HIST1H3B', [UNLISTED_NOT_A_GENE]]]));
    expect(c.verdict('HIST1H3B')).toBeUndefined(); // one retired id says little
    c.addPathway('WP2', senses([['HIST1H3B', [UNLISTED_NOT_A_GENE]]]));
    expect(c.verdict('HIST1H3B')).toEqual({ sense: NOT_A_GENE, pathways: 2, of: 2 });
    expect(c.verdict('HIST1H3B', 'WP1')).toBeUndefined();
  });

  it("never outvote a gene verdict from identifiers (AKT as AKT1's gene rows, however many Reactome complexes are called AKT)", () => {
    const c = new UsageCounter();
    for (const wp of ['WP1', 'WP2']) c.addPathway(wp, senses([['AKT', ['HGNC:391']]]));
    typed(c, ['WP3', 'WP4', 'WP5', 'WP6', 'WP7'], 'AKT');
    expect(c.verdict('AKT')).toEqual({ sense: 'HGNC:391', pathways: 2, of: 2 });
    // Where identifiers give no verdict (the one gene pathway left out), they count.
    const split = new UsageCounter();
    split.addPathway('WP1', senses([['GSK3', ['HGNC:4616']]]));
    typed(split, ['WP2', 'WP3', 'WP4'], 'GSK3');
    expect(split.verdict('GSK3', 'WP1')).toEqual({ sense: NOT_A_GENE, pathways: 3, of: 3 });
    expect(split.verdict('GSK3')).toEqual({ sense: 'HGNC:4616', pathways: 1, of: 1 });
  });

  it('include gene rows whose own id HGNC does not list under a label that is no approved symbol (current WP4846 `nsp1`: a SARS-CoV-2 UniProt entry)', () => {
    const c = new UsageCounter();
    const own = (label: string, id: string): Participant => ({
      label,
      type: 'Protein',
      ids: { uniprot: [id] },
      primary: { system: 'uniprot', id },
      origin: { kind: 'table', line: 2 },
    });
    // MAPK14 under an accession HGNC does not list is the approved symbol written exactly: the label may link it, it
    // says nothing.
    for (const wp of ['WP1', 'WP2', 'WP3'])
      learnFromTable(c, wp, [own('nsp1', 'P0DTC1'), own('MAPK14', 'A0A024RD15')], hgnc, pm);
    expect(c.verdict('nsp1')).toEqual({ sense: NOT_A_GENE, pathways: 3, of: 3 });
    expect(c.verdict('nsp1', 'WP1')).toEqual({ sense: NOT_A_GENE, pathways: 2, of: 2 });
    const once = new UsageCounter();
    learnFromTable(once, 'WP1', [own('nsp1', 'P0DTC1')], hgnc, pm);
    expect(once.verdict('nsp1')).toBeUndefined();
    expect(c.verdict('MAPK14')).toBeUndefined();
  });

  it("say nothing of a label another organism's tables give a gene product with its own identifier (2022 `Caspase-3`: mouse Casp3)", () => {
    const c = new UsageCounter();
    typed(c, ['WP1', 'WP2', 'WP3', 'WP4'], 'Caspase-3');
    const mouse = (label: string, primary?: { system: string; id: string }, type = 'GeneProduct'): Participant => ({
      label,
      type,
      ids: {},
      origin: { kind: 'table', line: 2 },
      ...(primary ? { primary } : {}),
    });
    // No identifier, a Reactome id, a placeholder, a complex: none of them is a gene product named by an id.
    learnFromOtherOrganism(
      c,
      [
        mouse('Caspase-3'),
        mouse('Caspase-3', { system: 'reactome', id: 'R-HSA-350870' }),
        mouse('Caspase-3', { system: 'ncbigene', id: '12367' }, 'Complex'),
      ],
      pm,
    );
    expect(c.verdict('Caspase-3')).toEqual({ sense: NOT_A_GENE, pathways: 4, of: 4 });
    learnFromOtherOrganism(c, [mouse('Caspase-3 ', { system: 'ncbigene', id: '12367' })], pm);
    expect(c.verdict('Caspase-3')).toBeUndefined();
  });
});

describe('label-usage.tsv', () => {
  const rows = new Map<string, UsageEvidence>([
    ['p38', { sense: 'HGNC:6876', pathways: 1, of: 1 }],
    ['AKT', { sense: 'HGNC:391', pathways: 3, of: 3 }],
    ['ROS', { sense: NOT_A_GENE, pathways: 1.5, of: 2 }],
  ]);
  it('is written sorted by label and read back', () => {
    const text = formatLabelUsage(rows, ['learned from a fixture']);
    expect(text).toBe(
      '# learned from a fixture\nlabel\tsense\tpathways\tof\nAKT\tHGNC:391\t3\t3\nROS\tnot a gene\t1.5\t2\np38\tHGNC:6876\t1\t1\n',
    );
    expect(parseLabelUsage(text, 'x.tsv')).toEqual(rows);
  });
  it.each([
    ['label\tsense\n', 1, undefined, 'Expected the header "label<TAB>sense<TAB>pathways<TAB>of"'],
    [
      'label\tsense\tpathways\tof\nAKT\tAKT1\t1\t1\n',
      2,
      'AKT',
      'Expected the sense to be HGNC:<number> or "not a gene", got "AKT1"',
    ],
    ['label\tsense\tpathways\tof\nAKT\tHGNC:391\t2\t1\n', 2, 'AKT', 'Expected counts 0 < pathways <= of, got 2 and 1'],
    [
      'label\tsense\tpathways\tof\n AKT\tHGNC:391\t1\t1\n',
      2,
      undefined,
      'Expected 4 tab-separated cells: a trimmed label, a sense, two counts',
    ],
    [
      '# c\nlabel\tsense\tpathways\tof\nAKT\tHGNC:391\t1\t1\nAKT\tHGNC:392\t1\t1\n',
      4,
      'AKT',
      'Label "AKT" appears twice',
    ],
  ])('rejects a bad file with the line: %j', (text, line, key, message) => {
    let thrown: unknown;
    try {
      parseLabelUsage(text, 'x.tsv');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'MAPPING_INVALID', file: 'x.tsv', line, key, message });
  });
});

describe('learning from tables', () => {
  it('counts human pathways once across snapshots and keeps the verdicts that change a label alone', async () => {
    const learned = await learnFromSources(SNAPSHOTS, hgnc, pm);
    expect(learned.pathways).toBe(3); // WP1 (both snapshots), WP2, WP3; WP4 is a mouse pathway
    expect(learned.counter.verdict('AKT')).toEqual({ sense: 'HGNC:391', pathways: 3, of: 3 });
    expect(learned.counter.verdict('PKB gamma')).toBeUndefined(); // AKT3 in WP1, AKT2 in WP2
    expect(learned.counter.verdict('no id')).toBeUndefined(); // a row without identifiers says nothing
    // CACNB3 has a verdict, but its approved symbol links it anyway.
    expect(learned.counter.verdict('CACNB3')).toEqual({ sense: 'HGNC:1403', pathways: 1, of: 1 });
    expect(usefulVerdicts(learned.counter, hgnc)).toEqual(
      new Map([
        ['AKT', { sense: 'HGNC:391', pathways: 3, of: 3 }],
        ['ROS', { sense: NOT_A_GENE, pathways: 2, of: 2 }],
        ['p38', { sense: 'HGNC:6876', pathways: 1, of: 1 }],
      ]),
    );
  });
});

describe('useful verdicts', () => {
  it("keeps a gene verdict that replaces a loose tier's link only with three pathways behind it", () => {
    const c = new UsageCounter();
    for (const wp of ['WP1', 'WP2'])
      c.addPathway(
        wp,
        senses([
          ['CACNLB3', ['HGNC:1404']],
          ['AKT2', ['HGNC:391']],
        ]),
      );
    expect(usefulVerdicts(c, hgnc)).toEqual(new Map());
    c.addPathway(
      'WP3',
      senses([
        ['CACNLB3', ['HGNC:1404']],
        ['AKT2', ['HGNC:391']],
      ]),
    );
    // AKT2 is an approved symbol: a verdict never replaces it
    expect(usefulVerdicts(c, hgnc)).toEqual(new Map([['CACNLB3', { sense: 'HGNC:1404', pathways: 3, of: 3 }]]));
  });
});

describe('resolution with label usage', () => {
  const show = (r: Resolution | undefined): string =>
    r === undefined
      ? '-'
      : r.kind === 'linked'
        ? `linked ${r.record.symbol} by ${viaText(r)}`
        : r.kind === 'ambiguous'
          ? `ambiguous ${r.reason}`
          : `unresolved: ${unresolvedText(r.reason)}`;
  const usage = new Map<string, UsageEvidence>([
    ['AKT', { sense: 'HGNC:391', pathways: 3, of: 3 }],
    ['Ig heavy chain V-III region BRO', { sense: 'HGNC:6876', pathways: 1, of: 1 }],
    ['ROS', { sense: NOT_A_GENE, pathways: 2, of: 2 }],
    ['CAMP', { sense: NOT_A_GENE, pathways: 2, of: 2 }],
    ['AKT1/AKT2', { sense: 'HGNC:391', pathways: 2, of: 2 }],
    ['withdrawn', { sense: 'HGNC:99999999', pathways: 2, of: 2 }],
    ['LL37', { sense: NOT_A_GENE, pathways: 2, of: 2 }],
    ['ROSA', { sense: 'HGNC:10261', pathways: 1, of: 1 }],
    ['PKC', { sense: 'HGNC:9393', pathways: 1.5, of: 2 }],
    ['CACNB4', { sense: NOT_A_GENE, pathways: 1, of: 1 }],
    ['CACNLB3', { sense: 'HGNC:1404', pathways: 3, of: 3 }],
    ['AKT2', { sense: 'HGNC:391', pathways: 4, of: 4 }],
  ]);
  const lookup = (label: string): UsageEvidence | undefined => usage.get(usageKey(label));
  const resolve = (participants: Participant[]): string[] =>
    resolveParticipants(participants, { hgnc, pm, human: true, usage: lookup }).map(
      (r) => `${r.participant.label}: ${show(r.resolution)}`,
    );

  it('links what the label tiers leave open, unlinks a keyword used for a non-gene (its approved symbol too, from two pathways)', () => {
    expect(
      resolve(
        keywordParticipants([
          'AKT',
          'Ig heavy chain V-III region BRO',
          'CAMP',
          'LL37',
          'withdrawn',
          'CACNB3',
          'CACNB4',
        ]),
      ),
    ).toEqual([
      'AKT: linked AKT1 by label usage',
      'Ig heavy chain V-III region BRO: linked MAPK14 by label usage',
      "CAMP: unresolved: other pathways' tables use this label for a non-gene",
      "LL37: unresolved: other pathways' tables use this label for a non-gene",
      'withdrawn: unresolved: no HGNC symbol, previous symbol, alias or name matches',
      'CACNB3: linked CACNB3 by symbol',
      // one pathway's non-gene row is not enough against an approved symbol
      'CACNB4: linked CACNB4 by symbol',
    ]);
    // The rest of the pathway comes first: with AKT2 beside it, AKT is settled by context.
    expect(resolve(keywordParticipants(['AKT', 'AKT2']))).toEqual([
      'AKT: linked AKT1 by alias symbol, pathway context',
      'AKT2: linked AKT2 by symbol',
    ]);
  });

  it('unlinks an id-less table row used for a non-gene, unless its label is the approved symbol (2022 WP4880 `nsp3` → SH2D3C)', () => {
    const row = (label: string, ids: Participant['ids'] = {}): Participant => ({
      label,
      type: 'GeneProduct',
      ids,
      origin: { kind: 'table', line: 2 },
      ...(ids.ncbigene ? { primary: { system: 'ncbigene', id: ids.ncbigene[0]! } } : {}),
    });
    expect(resolve([row('LL37'), row('CAMP'), row('LL37', { ncbigene: ['820'] })])).toEqual([
      "LL37: unresolved: other pathways' tables use this label for a non-gene",
      // A GeneProduct box labelled with the approved symbol is that gene, whatever else the word names.
      'CAMP: linked CAMP by symbol',
      'LL37: linked CAMP by identifier',
    ]);
  });

  it("replaces a loose tier's link when three pathways agree on another record, never the approved symbol", () => {
    // CACNLB3 is a previous symbol of CACNB3
    expect(resolve(keywordParticipants(['CACNLB3', 'AKT2']))).toEqual([
      'CACNLB3: linked CACNB4 by label usage',
      'AKT2: linked AKT2 by symbol',
    ]);
    usage.set('CACNLB3', { sense: 'HGNC:1404', pathways: 2, of: 2 });
    expect(resolve(keywordParticipants(['CACNLB3']))).toEqual(['CACNLB3: linked CACNB3 by previous symbol']);
  });

  it('wants two pathways for a bare abbreviation or a family name', () => {
    // ROSA: letters only, one pathway. PKC: the stem of PRKCA and PRKCB, an alias of PRRT2: a family name.
    expect(resolve(keywordParticipants(['ROSA', 'PKC']))).toEqual([
      'ROSA: unresolved: no HGNC symbol, previous symbol, alias or name matches',
      'PKC: ambiguous family name',
    ]);
    usage.set('ROSA', { sense: 'HGNC:10261', pathways: 2, of: 2 });
    usage.set('PKC', { sense: 'HGNC:9393', pathways: 2, of: 2 });
    expect(resolve(keywordParticipants(['ROSA', 'PKC']))).toEqual([
      'ROSA: linked ROS1 by label usage',
      'PKC: linked PRKCA by label usage',
    ]);
  });

  it('leaves a label naming several genes, and table rows whose identifiers decide, as they are', () => {
    const row: Participant = {
      label: 'LL37',
      type: 'Protein',
      ids: { ncbigene: ['820'] },
      primary: { system: 'ncbigene', id: '820' },
      origin: { kind: 'table', line: 2 },
    };
    expect(resolve([...keywordParticipants(['AKT1/AKT2']), row])).toEqual([
      'AKT1/AKT2: ambiguous several genes named',
      'LL37: linked CAMP by identifier',
    ]);
  });

  it('is read from mappings/label-usage.tsv by default', () => {
    const shipped = pm.labelUsage;
    expect(shipped.size).toBeGreaterThan(0);
    for (const [label, e] of shipped) {
      expect(label).toBe(usageKey(label));
      expect(e.pathways).toBeLessThanOrEqual(e.of);
    }
  });
});

describe('pathway-kg learn-labels', () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'pathway-kg-learn-'));
    await cp(path.join(PROJECT_ROOT, 'examples', 'reference'), path.join(tmp, 'reference'), { recursive: true });
    await cp(
      path.join(PROJECT_ROOT, 'test', 'fixtures', 'participants', 'hgnc_small.txt'),
      path.join(tmp, 'reference', 'hgnc', 'hgnc_complete_set.txt'),
    );
  });
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('writes the useful verdicts of both snapshots to --out', async () => {
    const out = path.join(tmp, 'label-usage.tsv');
    const args = SNAPSHOTS.flatMap((s) => ['--source', s.source, '--datanodes', s.datanodes[0]!]);
    const r = await runCli(['learn-labels', ...args, '--reference', path.join(tmp, 'reference'), '--out', out]);
    expect(r.stderr).toBe(`learn-labels: 3 human pathways with a table, 5 labels, 3 verdicts written to ${out}\n`);
    expect(r.status).toBe(0);
    const text = await readFile(out, 'utf8');
    expect(text.split('\n').filter((l) => !l.startsWith('#'))).toEqual([
      'label\tsense\tpathways\tof',
      'AKT\tHGNC:391\t3\t3',
      'ROS\tnot a gene\t2\t2',
      'p38\tHGNC:6876\t1\t1',
      '',
    ]);
    expect(text).toContain('# alone resolves are kept. HGNC ');
  });

  it('is a usage error without --out, or with more --datanodes than --source', async () => {
    const ref = path.join(tmp, 'reference');
    const noOut = await runCli(['learn-labels', '--source', SNAPSHOTS[0]!.source, '--reference', ref]);
    expect(noOut.status).toBe(2);
    expect(noOut.stderr).toBe('pathway-kg learn-labels: Missing --out <file> [USAGE]\n');
    const extra = await runCli([
      'learn-labels',
      '--source',
      SNAPSHOTS[0]!.source,
      '--datanodes',
      ref,
      '--datanodes',
      ref,
      '--reference',
      ref,
      '--out',
      path.join(tmp, 'x.tsv'),
    ]);
    expect(extra.status).toBe(2);
    expect(extra.stderr).toBe(
      'pathway-kg learn-labels: 2 --datanodes for 1 --source: give one per --source, in the same order [USAGE]\n',
    );
  });
});
