// The CLI runs when its file is the program (directly or through the npm bin symlink), never when another
// module imports it, whatever that module is called.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../support/corpus.js';

const MAIN = path.join(PROJECT_ROOT, 'dist', 'src', 'cli', 'main.js');
const BIN = path.join(PROJECT_ROOT, 'dist', 'src', 'bin.js');
const PACKAGE = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8'));

describe('when the CLI runs', () => {
  it('the package bin is the dedicated entry file, with a shebang', () => {
    expect(PACKAGE.bin).toEqual({ 'pathway-kg': 'dist/src/bin.js' });
    expect(readFileSync(BIN, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('runs as the program (the bin, and main.js as the README uses it), and through a symlink named like the npm bin', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pkg-bin-'));
    const link = path.join(dir, 'pathway-kg');
    symlinkSync(BIN, link);
    for (const program of [BIN, MAIN, link]) {
      const r = spawnSync(process.execPath, [program, '--version'], { encoding: 'utf8' });
      expect([r.status, r.stdout]).toEqual([0, 'pathway-kg 0.1.0\n']);
    }
  });

  it('does not run when a module named main.js imports it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pkg-import-'));
    const importer = path.join(dir, 'main.js');
    writeFileSync(
      importer,
      `await import(${JSON.stringify(pathToFileURL(MAIN).href)});\nprocess.stdout.write('imported\\n');\n`,
    );
    const r = spawnSync(process.execPath, [importer, 'run'], { encoding: 'utf8' });
    expect([r.status, r.stdout, r.stderr]).toEqual([0, 'imported\n', '']);
  });

  it('the library can be require()d (Node 20.19 and later load an ES module graph in require without a flag)', () => {
    expect(PACKAGE.engines).toEqual({ node: '>=20.19' });
    const dir = mkdtempSync(path.join(tmpdir(), 'pkg-require-'));
    mkdirSync(path.join(dir, 'node_modules'));
    symlinkSync(PROJECT_ROOT, path.join(dir, 'node_modules', 'pathway-kg'));
    const r = spawnSync(
      process.execPath,
      [
        '-e',
        "const m = require('pathway-kg'); process.stdout.write(typeof m.runPipeline + ' ' + typeof m.PipelineError)",
      ],
      { cwd: dir, encoding: 'utf8' },
    );
    expect([r.status, r.stdout]).toEqual([0, 'function function']);
  });

  it('a bad command through the bin exits 2 with the usage', () => {
    const r = spawnSync(process.execPath, [BIN, 'nonsense'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown command "nonsense"');
  });
});
