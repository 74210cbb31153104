// An in-process stand-in for GitHub's REST API and raw file host on 127.0.0.1: repositories are maps
// of path -> bytes, one per commit; every request is logged; a test can answer any request itself.
// Shared by the tests (test/unit/extract/github/) and `npm run bench:extract`.

import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Git's blob id, computed here independently of src/ (sha1 of `blob <n>\0` + bytes). */
export function blobSha(bytes: Buffer): string {
  const h = createHash('sha1');
  h.update(Buffer.from(`blob ${bytes.length}\0`));
  h.update(bytes);
  return h.digest('hex');
}

export type Files = Map<string, Buffer>;

/** Answers the request itself (returns true) or lets the fake answer (false). */
export type Fault = (req: IncomingMessage, res: ServerResponse) => boolean;

export class FakeGithub {
  readonly owner = 'wikipathways';
  readonly repo = 'wikipathways-database';
  /** commit SHA -> files. */
  readonly commits = new Map<string, Files>();
  /** branch -> commit SHA; HEAD follows `main`. */
  readonly branches = new Map<string, string>();
  readonly log: string[] = [];
  fault: Fault | undefined;
  truncated = false;
  /** Added before every answer, to stand for a real network's round trip (the bench). */
  latencyMs = 0;
  bytesSent = 0;
  private server: Server | undefined;
  private port = 0;

  get api(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get raw(): string {
    return `http://127.0.0.1:${this.port}/raw`;
  }

  get spec(): string {
    return `github:${this.owner}/${this.repo}`;
  }

  /** Adds a commit holding `files` and moves main to it; returns its SHA. */
  push(files: Files): string {
    const h = createHash('sha1').update(String(this.commits.size));
    for (const [p, b] of [...files].sort()) h.update(p).update(blobSha(b));
    const sha = h.digest('hex');
    this.commits.set(sha, files);
    this.branches.set('main', sha);
    return sha;
  }

  /** Requests made so far with the given prefix ("/api/", "/raw/"). */
  requests(prefix = '/'): string[] {
    return this.log.filter((l) => l.startsWith(prefix));
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      if (this.latencyMs > 0) setTimeout(() => this.answer(req, res), this.latencyMs);
      else this.answer(req, res);
    });
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  private answer(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? '';
    this.log.push(url);
    if (this.fault?.(req, res)) return;
    const base = `/api/repos/${this.owner}/${this.repo}/`;
    const rawBase = `/raw/${this.owner}/${this.repo}/`;
    if (url.startsWith(`${base}commits/`)) {
      const ref = decodeURIComponent(url.slice(`${base}commits/`.length));
      const sha =
        ref === 'HEAD'
          ? this.branches.get('main')
          : (this.branches.get(ref) ?? (this.commits.has(ref) ? ref : undefined));
      if (sha === undefined) return this.send(res, 422, '{"message":"No commit found for SHA"}');
      return this.send(res, 200, sha, 'application/vnd.github.sha');
    }
    const tree = /^git\/trees\/([0-9a-f]{40})\?recursive=1$/.exec(url.slice(base.length));
    if (url.startsWith(base) && tree) {
      const files = this.commits.get(tree[1]!);
      if (files === undefined) return this.send(res, 404, '{"message":"Not Found"}');
      const dirs = new Set<string>();
      for (const p of files.keys())
        for (let i = p.indexOf('/'); i !== -1; i = p.indexOf('/', i + 1)) dirs.add(p.slice(0, i));
      const entries = [
        ...[...dirs].map((d) => ({
          path: d,
          mode: '040000',
          type: 'tree',
          sha: createHash('sha1').update(d).digest('hex'),
        })),
        ...[...files].map(([p, b]) => ({ path: p, mode: '100644', type: 'blob', sha: blobSha(b), size: b.length })),
      ].sort((a, b) => (a.path < b.path ? -1 : 1));
      return this.send(
        res,
        200,
        JSON.stringify({ sha: tree[1], tree: entries, truncated: this.truncated }),
        'application/json',
      );
    }
    if (url.startsWith(rawBase)) {
      const rest = url.slice(rawBase.length);
      const slash = rest.indexOf('/');
      const files = this.commits.get(rest.slice(0, slash));
      const body = files?.get(decodeURIComponent(rest.slice(slash + 1)));
      if (body === undefined) return this.send(res, 404, '404: Not Found');
      return this.send(res, 200, body, 'text/plain; charset=utf-8');
    }
    this.send(res, 404, '{"message":"Not Found"}');
  }

  private send(res: ServerResponse, status: number, body: string | Buffer, type = 'application/json'): void {
    this.bytesSent += Buffer.byteLength(body);
    res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
    res.end(body);
  }
}
