// mappings/label-usage.tsv: the label usage verdicts written by learn-labels and read back with the mappings.

import { PipelineError } from '../../errors.js';
import { NOT_A_GENE, usageKey } from './labelUsage.js';
import type { UsageEvidence } from './model.js';

const HEADER = ['label', 'sense', 'pathways', 'of'].join('\t');

/** mappings/label-usage.tsv: `#` comment lines, a header, then label, sense, pathways, of, sorted by label. */
export function formatLabelUsage(rows: ReadonlyMap<string, UsageEvidence>, comments: readonly string[]): string {
  const lines = comments.map((c) => `# ${c}`);
  lines.push(HEADER);
  for (const [label, e] of [...rows].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    lines.push([label, e.sense, String(e.pathways), String(e.of)].join('\t'));
  return lines.join('\n') + '\n';
}

const SENSE = /^HGNC:[0-9]+$/;

export function parseLabelUsage(text: string, file: string): Map<string, UsageEvidence> {
  const out = new Map<string, UsageEvidence>();
  let headerSeen = false;
  text.split('\n').forEach((line, i) => {
    if (line === '' || line.startsWith('#')) return;
    const at = { file, line: i + 1 };
    if (!headerSeen) {
      if (line !== HEADER)
        throw new PipelineError('MAPPING_INVALID', `Expected the header "${HEADER.replaceAll('\t', '<TAB>')}"`, at);
      headerSeen = true;
      return;
    }
    const cells = line.split('\t');
    const [label, sense, pathways, of] = cells;
    const n = Number(pathways);
    const total = Number(of);
    if (cells.length !== 4 || label === undefined || label !== usageKey(label) || label === '')
      throw new PipelineError(
        'MAPPING_INVALID',
        'Expected 4 tab-separated cells: a trimmed label, a sense, two counts',
        at,
      );
    if (sense === undefined || (sense !== NOT_A_GENE && !SENSE.test(sense)))
      throw new PipelineError(
        'MAPPING_INVALID',
        `Expected the sense to be HGNC:<number> or "${NOT_A_GENE}", got ${JSON.stringify(sense)}`,
        { ...at, key: label },
      );
    if (!(n > 0) || !Number.isInteger(total) || total < n)
      throw new PipelineError('MAPPING_INVALID', `Expected counts 0 < pathways <= of, got ${pathways} and ${of}`, {
        ...at,
        key: label,
      });
    if (out.has(label))
      throw new PipelineError('MAPPING_INVALID', `Label ${JSON.stringify(label)} appears twice`, { ...at, key: label });
    out.set(label, { sense, pathways: n, of: total });
  });
  return out;
}
