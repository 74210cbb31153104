import { cp, mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { it } from 'vitest';
import { PROJECT_ROOT } from '../support/corpus.js';
import { runCli } from '../support/cli.js';
const EX = path.join(PROJECT_ROOT, 'examples');
it('scratch', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'h1-'));
  const out = path.join(dir, 'out');
  const args = ['run', '--source', path.join(EX, 'pages'), '--datanodes', path.join(EX, 'datanodes'), '--reference', path.join(EX, 'reference'), '--out', out];
  for (let i = 0; i < 2; i++) {
    const r = await runCli(args);
    console.log(r.status, r.stderr);
    console.log(await readdir(out));
    console.log(JSON.stringify(JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')).pages));
  }
  console.log((await readFile(path.join(out, 'state.json'), 'utf8')).slice(0, 1500));
  const nq = await readFile(path.join(out, 'all.nq'), 'utf8');
  console.log(nq.split('\n').length, [...new Set(nq.split('\n').map(l => / <([^>]*)> \.$/.exec(l)?.[1]))]);
  console.log(out);
});
