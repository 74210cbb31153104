// File names with newlines or escape sequences are printed escaped: they cannot forge or recolour a log line.

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { printable } from '../../../src/cli/printable.js';
import { runCli } from '../../support/cli.js';
import { workspace } from '../../support/incremental.js';

const EVIL = 'evil\npathway-kg run: 0 rejected, all good\x1b[2K\x1b[32m\r\u202e';
const SHOWN = 'evil\\npathway-kg run: 0 rejected, all good\\x1b[2K\\x1b[32m\\r\\u202e';

describe('printable', () => {
  it('escapes C0 and C1 controls, DEL and bidi overrides, and leaves other text alone', () => {
    expect(printable(EVIL)).toBe(SHOWN);
    expect(printable('a\tb\x7f\x85\u2028')).toBe('a\\tb\\x7f\\x85\\u2028');
    expect(printable('WP1.md: Gène β, 日本 — ok')).toBe('WP1.md: Gène β, 日本 — ok');
  });
});

describe('names printed by the CLI', () => {
  it('a rejected page in a folder whose name holds a newline and escape sequences: one escaped line', async () => {
    const ws = await workspace('pkg-evilname-');
    const dir = path.join(ws.pages, EVIL);
    await mkdir(dir);
    await writeFile(path.join(dir, 'WP9005.md'), 'no frontmatter here\n');
    const r = await runCli([
      'run',
      '--source',
      ws.pages,
      '--datanodes',
      ws.datanodes,
      '--reference',
      ws.reference,
      '--out',
      ws.out,
    ]);
    expect(r.status).toBe(3);
    expect(r.stderr).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f\u202e]/);
    const lines = r.stderr.split('\n');
    expect(lines).toContain(
      `rejected: ${path.join(ws.pages, SHOWN, 'WP9005.md')}:1: Page does not start with a "---" frontmatter line [PAGE_FRONTMATTER_MISSING]`,
    );
    expect(lines.filter((l) => l.startsWith('pathway-kg run:'))).toEqual([]);
  });

  it('a fatal error naming such a path is escaped too', async () => {
    const ws = await workspace('pkg-evilsrc-');
    const missing = path.join(ws.dir, EVIL);
    const r = await runCli(['run', '--source', missing, '--reference', ws.reference, '--out', ws.out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `pathway-kg run: ${path.join(ws.dir, SHOWN)}: --source ${path.join(ws.dir, SHOWN)} is not a folder [CONFIG_INVALID]\n`,
    );
  });
});
