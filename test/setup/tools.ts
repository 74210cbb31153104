// vitest globalSetup: makes sure the Debian tools the tests use are there, installing them when missing:
// `rapper` (raptor2-utils: an independent RDF parser) and `strace` (the fsync tests read real system calls).

import { execFileSync, spawnSync } from 'node:child_process';

function has(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

const TOOLS: { command: string; pkg: string; missingEnv?: string }[] = [
  { command: 'rapper', pkg: 'raptor2-utils', missingEnv: 'PATHWAY_KG_RAPPER_MISSING' },
  { command: 'strace', pkg: 'strace' },
];

export default function setup(): void {
  const missing = TOOLS.filter((t) => !has(t.command));
  if (missing.length === 0) return;
  const pkgs = missing.map((t) => t.pkg).join(' ');
  let failure: string | undefined;
  if (process.getuid?.() !== 0 || !has('apt-get'))
    failure = `${pkgs} not installed and this is not a root Debian machine: apt-get install ${pkgs}`;
  else {
    try {
      execFileSync(
        'sh',
        [
          '-c',
          `apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o DPkg::Lock::Timeout=120 --no-install-recommends ${pkgs} >/dev/null`,
        ],
        { stdio: 'inherit' },
      );
    } catch (error) {
      failure = `installing ${pkgs} failed: ${(error as Error).message}`;
    }
  }
  if (failure === undefined) return;
  for (const t of missing) if (t.missingEnv !== undefined) process.env[t.missingEnv] = failure;
  process.stderr.write(`test setup: ${failure}\n`);
}
