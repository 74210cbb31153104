// vitest globalSetup: makes sure `rapper` (raptor2-utils) is there, installing it from Debian when missing.

import { execFileSync, spawnSync } from 'node:child_process';

function has(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

export default function setup(): void {
  if (has('rapper')) return;
  if (process.getuid?.() !== 0 || !has('apt-get')) {
    process.env.PATHWAY_KG_RAPPER_MISSING = 'rapper (raptor2-utils) is not installed and this is not a root Debian machine: apt-get install raptor2-utils';
    return;
  }
  try {
    execFileSync('sh', ['-c', 'apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o DPkg::Lock::Timeout=120 --no-install-recommends raptor2-utils >/dev/null'], { stdio: 'inherit' });
  } catch (error) {
    process.env.PATHWAY_KG_RAPPER_MISSING = `installing raptor2-utils failed: ${(error as Error).message}`;
  }
}
