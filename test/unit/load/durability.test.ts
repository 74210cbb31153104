// Durability against a power cut, read from the system calls the process really makes (strace): every
// output file is fsynced under its temporary name before the rename that publishes it, and its folder
// is fsynced after, before the state that refers to it is published; the journal is fsynced per entry.
//
// The CLI runs from dist/ (`npm test` builds first), with its output thread (strace -f follows it). Skipped
// with a message where strace is missing or cannot trace.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../support/corpus.js';

const DIST = path.join(PROJECT_ROOT, 'dist', 'src');
const EXAMPLES = path.join(PROJECT_ROOT, 'examples');
const CALLS = 'openat,open,close,fsync,fdatasync,rename,renameat,renameat2,link,linkat,write';

const probe = spawnSync('strace', ['-f', '-qq', '-e', 'trace=fsync', 'true'], { encoding: 'utf8' });
const cannot = probe.error
  ? 'strace is not installed'
  : probe.status !== 0
    ? `strace cannot trace here: ${probe.stderr.trim()}`
    : undefined;
if (cannot) process.stderr.write(`skipping the fsync tests: ${cannot}\n`);

interface Call {
  name: string;
  args: string;
  ret: string;
}

/** Runs node with `args` under strace; the completed calls in the order they returned. */
function traced(args: string[], env: NodeJS.ProcessEnv = {}): Call[] {
  const log = path.join(mkdtempSync(path.join(tmpdir(), 'pkg-strace-')), 'trace');
  const r = spawnSync('strace', ['-f', '-qq', '-e', `trace=${CALLS}`, '-o', log, process.execPath, ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`traced process failed (${r.status}): ${r.stderr}`);
  const pending = new Map<string, string>();
  const calls: Call[] = [];
  for (const raw of readFileSync(log, 'utf8').split('\n')) {
    const m = /^([0-9]+) +(.*)$/.exec(raw);
    if (!m) continue;
    const [, tid, rest] = m as unknown as [string, string, string];
    let line = rest;
    if (line.endsWith('<unfinished ...>')) {
      pending.set(tid, line.slice(0, -'<unfinished ...>'.length));
      continue;
    }
    const resumed = /^<\.\.\. [a-z0-9_]+ resumed>(.*)$/.exec(line);
    if (resumed) {
      line = (pending.get(tid) ?? '') + resumed[1];
      pending.delete(tid);
    }
    const call = /^([a-z0-9_]+)\((.*)\) += (-?[0-9]+)/.exec(line);
    if (call) calls.push({ name: call[1]!, args: call[2]!, ret: call[3]! });
  }
  return calls;
}

/** For each call, the path of the descriptor it uses (fd calls) as the process saw it then. */
function withPaths(calls: Call[]): (Call & { file?: string; files?: [string, string] })[] {
  const fds = new Map<string, string>();
  return calls.map((c) => {
    if ((c.name === 'openat' || c.name === 'open') && Number(c.ret) >= 0) {
      const file = /"((?:[^"\\]|\\.)*)"/.exec(c.args)![1]!;
      fds.set(c.ret, file);
      return { ...c, file };
    }
    if (c.name === 'fsync' || c.name === 'fdatasync' || c.name === 'close' || c.name === 'write') {
      const fd = /^([0-9]+)/.exec(c.args)![1]!;
      const file = fds.get(fd);
      if (c.name === 'close') fds.delete(fd);
      return file === undefined ? c : { ...c, file };
    }
    if (/^(rename|renameat2?|link|linkat)$/.test(c.name)) {
      const names = [...c.args.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((x) => x[1]!);
      return { ...c, files: [names[0]!, names[1]!] };
    }
    return c;
  });
}

describe.skipIf(cannot !== undefined)('fsync before rename, folder after (strace)', () => {
  it(`pathway-kg run: every output synced before it is published, its folder synced before state.json is`, () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'pkg-fsync-')), 'out');
    const calls = withPaths(
      traced([
        path.join(DIST, 'cli', 'main.js'),
        'run',
        '--source',
        path.join(EXAMPLES, 'pages'),
        '--datanodes',
        path.join(EXAMPLES, 'datanodes'),
        '--reference',
        path.join(EXAMPLES, 'reference'),
        '--out',
        out,
        '--quiet',
      ]),
    );
    const publish = (target: string) => {
      const i = calls.findLastIndex((c) => c.files?.[1] === target && Number(c.ret) === 0);
      expect(i, `no rename or link onto ${target}`).toBeGreaterThanOrEqual(0);
      return i;
    };
    const synced = (file: string, from: number, to: number) =>
      calls.slice(from, to).some((c) => (c.name === 'fsync' || c.name === 'fdatasync') && c.file === file);
    const stateAt = publish(path.join(out, 'state.json'));
    const targets = [
      'all.nq',
      'report.json',
      'ontologies.ttl',
      'dataset.ttl',
      ...['WP9001', 'WP9002', 'WP9003', 'WP9004'].map((w) => `pathways/${w}.ttl`),
    ];
    for (const t of [...targets, 'state.json', '.pathway-kg.lock']) {
      const target = path.join(out, t);
      const at = publish(target);
      const from = calls[at]!.files![0];
      // The bytes under the temporary name are synced before the name is published...
      expect(synced(from, 0, at), `${from} not fsynced before it became ${t}`).toBe(true);
      // ...and the folder after, before the state that refers to the file (for state.json and report.json: before
      // exit).
      const before = t === 'state.json' || t === 'report.json' || t === '.pathway-kg.lock' ? calls.length : stateAt;
      expect(
        synced(path.dirname(target), at + 1, before),
        `${path.dirname(target)} not fsynced after ${t} was published`,
      ).toBe(true);
    }
    expect(publish(path.join(out, 'all.nq'))).toBeLessThan(stateAt);
  });

  it('the journal: each entry written and fsynced before the next is appended', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'pkg-journal-'));
    const script = `import(${JSON.stringify(path.join(DIST, 'load', 'state.js'))}).then(({ journalLoad }) => { for (let i = 0; i < 3; i++) journalLoad(${JSON.stringify(out)}, 'http://t/', 'http://g/' + i, 'h' + i); })`;
    const calls = withPaths(traced(['-e', script]));
    const journal = path.join(out, 'state.journal');
    const onJournal = calls
      .filter((c) => c.file === journal && ['write', 'fsync', 'fdatasync'].includes(c.name))
      .map((c) => (c.name === 'fdatasync' ? 'fsync' : c.name));
    expect(onJournal).toEqual(['write', 'fsync', 'write', 'fsync', 'write', 'fsync']);
    // The journal's name is made durable when the file is created.
    const created = calls.findIndex((c) => c.file === journal);
    expect(calls.slice(created).some((c) => c.name === 'fsync' && c.file === out)).toBe(true);
    expect(readFileSync(journal, 'utf8').split('\n').filter(Boolean)).toHaveLength(3);
  });
});
