// Credentials written into an endpoint URL are refused before anything runs, and never echoed or stored:
// the CLI in a child process, its stdout, stderr and every file it leaves in --out searched for the secret.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../support/corpus.js';

const CLI = path.join(PROJECT_ROOT, 'dist', 'src', 'cli', 'main.js');
const EXAMPLES = path.join(PROJECT_ROOT, 'examples');

function cli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
  return new Promise((resolve, reject) => {
    const env = { ...process.env, PATHWAY_KG_ENDPOINT_USER: '', PATHWAY_KG_ENDPOINT_PASSWORD: '' };
    const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Every file under `dir` (none when it does not exist), with its content. */
async function filesUnder(dir: string): Promise<{ file: string; text: string }[]> {
  if (!existsSync(dir)) return [];
  const out: { file: string; text: string }[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out.push({ file, text: await readFile(file, 'latin1') });
  }
  return out;
}

// Nothing listens on port 9 (discard): were the URL accepted, the run would convert, fail to load and write
// report.json and state.json naming the endpoint.
const cases: { name: string; flags: string[]; secret: string; key: string }[] = [
  {
    name: '?password= in --endpoint',
    flags: ['--endpoint', 'http://127.0.0.1:9/sparql?password=Zq7secretA'],
    secret: 'Zq7secretA',
    key: '--endpoint',
  },
  {
    name: 'api_key among other parameters in --graph-store',
    flags: [
      '--endpoint',
      'http://127.0.0.1:9/sparql',
      '--graph-store',
      'http://127.0.0.1:9/crud?default-graph-uri=urn:x&api_key=Zq7secretB',
    ],
    secret: 'Zq7secretB',
    key: '--graph-store',
  },
  {
    name: '?PWD= in --update-endpoint',
    flags: ['--endpoint', 'http://127.0.0.1:9/sparql', '--update-endpoint', 'http://127.0.0.1:9/update?PWD=Zq7secretC'],
    secret: 'Zq7secretC',
    key: '--update-endpoint',
  },
  {
    name: '?token=',
    flags: ['--endpoint', 'http://127.0.0.1:9/sparql?token=Zq7secretD'],
    secret: 'Zq7secretD',
    key: '--endpoint',
  },
  {
    name: 'user info',
    flags: ['--endpoint', 'http://dba:Zq7secretE@127.0.0.1:9/sparql'],
    secret: 'Zq7secretE',
    key: '--endpoint',
  },
  {
    name: '?key= in a URL that does not parse (port out of range)',
    flags: ['--endpoint', 'http://127.0.0.1:99999/sparql?key=Zq7secretF'],
    secret: 'Zq7secretF',
    key: '--endpoint',
  },
  {
    name: '#access_token= in the fragment',
    flags: ['--endpoint', 'http://127.0.0.1:9/sparql#access_token=Zq7secretG'],
    secret: 'Zq7secretG',
    key: '--endpoint',
  },
  {
    name: 'X-Api-Key, percent-encoded',
    flags: ['--endpoint', 'http://127.0.0.1:9/sparql?X-Api-%4Bey=Zq7secretH'],
    secret: 'Zq7secretH',
    key: '--endpoint',
  },
];

describe('an endpoint URL carrying credentials', () => {
  it.each(cases)('run with $name: exit 2, the secret nowhere', async ({ flags, secret, key }) => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pkg-secret-'));
    const out = path.join(dir, 'out');
    const r = await cli([
      'run',
      '--source',
      path.join(EXAMPLES, 'pages'),
      '--datanodes',
      path.join(EXAMPLES, 'datanodes'),
      '--reference',
      path.join(EXAMPLES, 'reference'),
      '--out',
      out,
      ...flags,
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^pathway-kg run: (Expected )?\`${key}\`.* \\[CONFIG_INVALID\\]\n$`));
    expect(r.stdout + r.stderr).not.toContain(secret);
    for (const { file, text } of await filesUnder(dir)) expect([file, text.includes(secret)]).toEqual([file, false]);
  });

  it('the message names the parameter and shows the URL with the value hidden', async () => {
    const out = path.join(await mkdtemp(path.join(tmpdir(), 'pkg-secret-')), 'out');
    const r = await cli([
      'run',
      '--source',
      path.join(EXAMPLES, 'pages'),
      '--reference',
      path.join(EXAMPLES, 'reference'),
      '--out',
      out,
      '--endpoint',
      'http://127.0.0.1:9/sparql?format=json&password=Zq7secretI',
    ]);
    expect(r.stderr).toBe(
      'pathway-kg run: `--endpoint` must not carry credentials in its query string (parameter "password" in "http://127.0.0.1:9/sparql?format=json&password=***"): ' +
        'set PATHWAY_KG_ENDPOINT_USER and PATHWAY_KG_ENDPOINT_PASSWORD instead [CONFIG_INVALID]\n',
    );
  });

  it('load refuses it too, before taking the lock or touching the state', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pkg-secret-'));
    await mkdir(path.join(dir, 'out'));
    await writeFile(
      path.join(dir, 'out', 'all.nq'),
      '<https://example.org/s> <https://example.org/p> "o" <https://example.org/g> .\n',
    );
    const r = await cli([
      'load',
      '--from',
      path.join(dir, 'out'),
      '--endpoint',
      'http://127.0.0.1:9/sparql?client_secret=Zq7secretJ',
    ]);
    expect(r.status).toBe(2);
    expect(r.stdout + r.stderr).not.toContain('Zq7secretJ');
    expect((await filesUnder(dir)).map((f) => path.basename(f.file))).toEqual(['all.nq']);
  });
});
