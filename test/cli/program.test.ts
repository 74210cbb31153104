// The CLI runs when its file is the program (directly or through the npm bin symlink), never when another
// module imports it, whatever that module is called.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../support/corpus.js';

const MAIN = path.join(PROJECT_ROOT, 'dist', 'src', 'cli', 'main.js');

describe('when the CLI runs', () => {
  it('runs as the program, and through a symlink named like the npm bin', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pkg-bin-'));
    const link = path.join(dir, 'pathway-kg');
    symlinkSync(MAIN, link);
    for (const program of [MAIN, link]) {
      const r = spawnSync(process.execPath, [program, '--version'], { encoding: 'utf8' });
      expect([r.status, r.stdout]).toEqual([0, 'pathway-kg 0.1.0\n']);
    }
  });

  it('does not run when a module named main.js imports it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pkg-import-'));
    const importer = path.join(dir, 'main.js');
    writeFileSync(importer, `await import(${JSON.stringify(pathToFileURL(MAIN).href)});\nprocess.stdout.write('imported\\n');\n`);
    const r = spawnSync(process.execPath, [importer, 'run'], { encoding: 'utf8' });
    expect([r.status, r.stdout, r.stderr]).toEqual([0, 'imported\n', '']);
  });
});
