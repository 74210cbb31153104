// One folder under --source that the service user cannot read (lost+found) is skipped with a warning; the run goes on.
// Root reads any folder whatever its mode, so the CLI runs as the unprivileged user 65534 (setpriv), as under systemd.

import { spawnSync } from 'node:child_process';
import { chmod, cp, mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliChild } from '../../support/cliChild.js';
import { workspace } from '../../support/incremental.js';

const NOBODY = 65534;
const canDropPrivileges =
  process.getuid?.() === 0 && spawnSync('setpriv', ['--version'], { stdio: 'ignore' }).status === 0;
const asNobody = ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups'];

describe.skipIf(!canDropPrivileges)('an unreadable folder under --source (run as user 65534)', () => {
  it('is skipped with a located FOLDER_UNREADABLE warning and the other pages convert', async () => {
    const ws = await workspace('pkg-lostfound-');
    const lost = path.join(ws.pages, 'lost+found');
    await mkdir(lost);
    await cp(path.join(ws.pages, 'WP9001.md'), path.join(lost, 'WP9005.md'));
    // Everything readable by the service user but lost+found; --out writable by it.
    for (const dir of [ws.dir, ws.pages, ws.datanodes]) await chmod(dir, 0o755);
    await mkdir(ws.out, { mode: 0o777 });
    await chmod(ws.out, 0o777);
    await chmod(lost, 0o700);
    expect(spawnSync(asNobody[0]!, [...asNobody.slice(1), 'ls', lost]).status).not.toBe(0); // the folder really is unreadable to that user

    const r = await runCliChild(
      ['run', '--source', ws.pages, '--datanodes', ws.datanodes, '--reference', ws.reference, '--out', ws.out],
      { prefix: asNobody },
    );
    expect(r.stderr).not.toContain('fatal');
    expect(r.status).toBe(0);
    const rep = JSON.parse(await readFile(path.join(ws.out, 'report.json'), 'utf8'));
    expect(rep.pages).toEqual({ read: 4, converted: 4, rejected: 0, unchanged: 0 });
    expect(rep.warnings.byCode.FOLDER_UNREADABLE).toBe(1);
    expect(rep.warnings.items.filter((w: any) => w.code === 'FOLDER_UNREADABLE')).toEqual([
      {
        code: 'FOLDER_UNREADABLE',
        file: lost,
        key: '--source',
        message: 'Cannot read folder under --source: EACCES; its pages and tables are skipped',
      },
    ]);
    expect(r.stderr.split('\n')).toContain(
      `warning: ${lost}: Cannot read folder under --source: EACCES; its pages and tables are skipped [FOLDER_UNREADABLE]`,
    );
    expect((await readdir(path.join(ws.out, 'pathways'))).sort()).toEqual([
      'WP9001.ttl',
      'WP9002.ttl',
      'WP9003.ttl',
      'WP9004.ttl',
    ]);
  });

  it('an unreadable --source itself still stops the run before anything is written (exit 2)', async () => {
    const ws = await workspace('pkg-unreadable-src-');
    for (const dir of [ws.dir, ws.datanodes]) await chmod(dir, 0o755);
    await chmod(ws.pages, 0o700);
    await mkdir(ws.out, { mode: 0o777 });
    await chmod(ws.out, 0o777);
    const r = await runCliChild(['run', '--source', ws.pages, '--reference', ws.reference, '--out', ws.out], {
      prefix: asNobody,
    });
    expect(r.status).toBe(2);
    // After the progress lines of the reference tables (read first), the error alone.
    expect(r.stderr.replace(/^reference: .*\n/gm, '')).toBe(
      `pathway-kg run: ${ws.pages}: Cannot read folder ${ws.pages} given as --source: EACCES [CONFIG_INVALID]\n`,
    );
    expect(await readdir(ws.out)).toEqual([]);
  });
});
