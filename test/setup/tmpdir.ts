// vitest globalSetup: one temporary folder for the whole test run, removed when it ends. Every test's mkdtemp (and
// every child process a test starts) goes under it through TMPDIR, so a test that leaves its folder behind (a killed
// run, a whole converted corpus of 700 MB) costs nothing after the run: a shared machine's /tmp once filled up with
// them. The folders of test runs that died without their teardown (their owner pid is gone) are removed at the start.
// PATHWAY_KG_KEEP_TEST_TMP=1 keeps the folder, to look at what a failed test wrote.

import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const MARK = 'PATHWAY_KG_TEST_TMP';
const PARENT = 'PATHWAY_KG_TEST_TMP_PARENT';
const PREFIX = 'pathway-kg-tests-';

/** The machine's temporary folder, where things that must outlive one test run's folder go (a shared Virtuoso's). */
export function machineTmpdir(): string {
  return process.env[PARENT] ?? os.tmpdir();
}

/** Whether a process of that pid runs (the owner of a folder left behind). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export default function setup(): (() => void) | undefined {
  // Both projects run this; the first one's folder serves the whole run.
  if (process.env[MARK] !== undefined) return undefined;
  const parent = os.tmpdir();
  for (const name of readdirSync(parent)) {
    if (!name.startsWith(PREFIX)) continue;
    const ownerFile = path.join(parent, name, 'owner.pid');
    const owner = existsSync(ownerFile) ? Number(readFileSync(ownerFile, 'utf8')) : Number.NaN;
    if (!Number.isInteger(owner) || !alive(owner)) rmSync(path.join(parent, name), { recursive: true, force: true });
  }
  const dir = mkdtempSync(path.join(parent, PREFIX));
  // As open as the folder it stands for: tests run the CLI as another user (nobody) and need to reach their folders.
  chmodSync(dir, 0o1777);
  writeFileSync(path.join(dir, 'owner.pid'), String(process.pid));
  process.env[PARENT] = parent;
  process.env[MARK] = dir;
  process.env.TMPDIR = dir;
  return () => {
    if (process.env.PATHWAY_KG_KEEP_TEST_TMP === '1')
      process.stderr.write(`test setup: temporary files kept in ${dir}\n`);
    else rmSync(dir, { recursive: true, force: true });
  };
}
