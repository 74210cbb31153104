// Which files a run reads: each file once, only regular files, and links only inside --source and --datanodes.

import { execFileSync } from 'node:child_process';
import { cp, mkdir, readdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCliChild, type ChildResult } from '../../support/cliChild.js';
import { report, run, workspace, type Workspace } from '../../support/incremental.js';

const SECRET = 'root:$6$pkgSecretHash7f3a:19000:0:99999:7:::';

/** Every file under --out as text, joined: to look for a string anywhere in the outputs. */
async function allOutputs(dir: string): Promise<string> {
  const parts: string[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) parts.push(await readFile(path.join(entry.parentPath, entry.name), 'utf8'));
  }
  return parts.join('\n');
}

describe('--datanodes equal to or containing --source', () => {
  it('--datanodes equal to --source: every page read once, no duplicate of itself', async () => {
    const ws = await workspace('pkg-same-');
    await cp(ws.datanodes, ws.pages, { recursive: true });
    const r = await run({ ...ws, datanodes: ws.pages });
    expect(r.status).toBe(0);
    const rep = await report(ws);
    expect(rep.pages).toEqual({ read: 4, converted: 4, rejected: 0, unchanged: 0 });
    expect(rep.rejects).toEqual([]);
    expect(rep.tables.found).toBe(2);
  });

  it('--datanodes holding the --source folder: the same', async () => {
    const ws = await workspace('pkg-parent-');
    const r = await run({ ...ws, datanodes: ws.dir });
    expect(r.status).toBe(0);
    const rep = await report(ws);
    expect(rep.pages).toEqual({ read: 4, converted: 4, rejected: 0, unchanged: 0 });
    expect(rep.tables.found).toBe(2);
  });
});

describe('links out of the source folders, devices and FIFOs', () => {
  let ws: Workspace;
  let r: ChildResult;
  let rep: any;
  let secretFile: string;

  beforeAll(async () => {
    ws = await workspace('pkg-links-');
    secretFile = path.join(ws.dir, 'elsewhere', 'shadow');
    await mkdir(path.dirname(secretFile));
    await writeFile(secretFile, `${SECRET}\ndaemon:*:19000:0:99999:7:::\n`);
    // A table and a page that are links to a file outside the source folders.
    await rm(path.join(ws.datanodes, 'WP9002-datanodes.tsv'));
    await symlink(secretFile, path.join(ws.datanodes, 'WP9002-datanodes.tsv'));
    await symlink(secretFile, path.join(ws.pages, 'WP9006.md'));
    // A device, a FIFO, and a link to a FIFO inside the tree: opening either for reading would block or never end.
    await symlink('/dev/zero', path.join(ws.pages, 'WP9007.md'));
    execFileSync('mkfifo', [path.join(ws.pages, 'WP9008.md')]);
    execFileSync('mkfifo', [path.join(ws.pages, 'pipe')]);
    await symlink('pipe', path.join(ws.pages, 'WP9009.md'));
    // A link inside the tree is read.
    await mkdir(path.join(ws.pages, 'real'));
    await rename(path.join(ws.pages, 'WP9003.md'), path.join(ws.pages, 'real', 'WP9003.page'));
    await symlink(path.join('real', 'WP9003.page'), path.join(ws.pages, 'WP9003.md'));
    r = await runCliChild(
      ['run', '--source', ws.pages, '--datanodes', ws.datanodes, '--reference', ws.reference, '--out', ws.out],
      { timeoutMs: 60_000 },
    );
    rep = await report(ws);
  });

  it('finishes quickly with the good pages converted (exit 3)', () => {
    expect(r.status).toBe(3);
    expect(r.ms).toBeLessThan(30_000);
    expect(rep.pages).toEqual({ read: 8, converted: 4, rejected: 4, unchanged: 0 });
  });

  it('rejects each with a coded, located reason', () => {
    const rejects = rep.rejects.map((x: any) => [x.code, path.basename(x.file), x.message]);
    expect(rejects).toEqual([
      [
        'PAGE_UNREADABLE',
        'WP9006.md',
        `Cannot read page: it is a link to ${secretFile}, outside --source and --datanodes (pass --follow-symlinks to read it)`,
      ],
      [
        'PAGE_UNREADABLE',
        'WP9007.md',
        'Cannot read page: it is a link to /dev/zero, outside --source and --datanodes (pass --follow-symlinks to read it)',
      ],
      ['PAGE_UNREADABLE', 'WP9008.md', 'Cannot read page: not a regular file (a FIFO)'],
      ['PAGE_UNREADABLE', 'WP9009.md', 'Cannot read page: not a regular file (a FIFO)'],
    ]);
    const table = rep.warnings.items.filter((w: any) => w.code === 'TABLE_UNREADABLE');
    expect(table).toEqual([
      {
        code: 'TABLE_UNREADABLE',
        file: path.join(ws.datanodes, 'WP9002-datanodes.tsv'),
        message: `Cannot read participant table: it is a link to ${secretFile}, outside --source and --datanodes (pass --follow-symlinks to read it)`,
      },
    ]);
  });

  it('never copies the secret line anywhere', async () => {
    expect(r.stderr + r.stdout).not.toContain('pkgSecretHash');
    expect(await allOutputs(ws.out)).not.toContain('pkgSecretHash');
  });

  it('reads a link that stays inside --source', async () => {
    expect((await readdir(path.join(ws.out, 'pathways'))).sort()).toEqual([
      'WP9001.ttl',
      'WP9002.ttl',
      'WP9003.ttl',
      'WP9004.ttl',
    ]);
  });

  it('with --follow-symlinks a link to /dev/zero or a FIFO is still not read, and the run ends', async () => {
    await rm(path.join(ws.pages, 'WP9006.md'));
    const out = path.join(ws.dir, 'out-follow');
    const f = await runCliChild(
      ['run', '--source', ws.pages, '--reference', ws.reference, '--out', out, '--follow-symlinks', '--quiet'],
      { timeoutMs: 60_000 },
    );
    expect(f.status).toBe(3);
    expect(f.ms).toBeLessThan(30_000);
    const rejects = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')).rejects.map((x: any) => [
      path.basename(x.file),
      x.message,
    ]);
    expect(rejects).toEqual([
      ['WP9007.md', 'Cannot read page: not a regular file (a character device)'],
      ['WP9008.md', 'Cannot read page: not a regular file (a FIFO)'],
      ['WP9009.md', 'Cannot read page: not a regular file (a FIFO)'],
    ]);
  });
});
