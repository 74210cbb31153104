// `--source github:owner/repo[@ref]`: the repository a run extracts from, checked before any request.

import { PipelineError } from '../../errors.js';

export interface GithubSource {
  owner: string;
  repo: string;
  /** Branch, tag or commit; undefined: the repository's default branch. */
  ref?: string;
}

const PREFIX = 'github:';
// GitHub's own rules for names; a ref may hold slashes (release/1.0) but nothing a URL would reinterpret.
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const REPO = /^[A-Za-z0-9._-]{1,100}$/;
const REF = /^(?!.*\.\.)(?!\/)(?!.*\/$)[A-Za-z0-9._/-]{1,200}$/;

export function isGithubSource(source: string | undefined): source is string {
  return source !== undefined && source.startsWith(PREFIX);
}

export function parseGithubSource(spec: string): GithubSource {
  const body = spec.slice(PREFIX.length);
  const at = body.indexOf('@');
  const name = at === -1 ? body : body.slice(0, at);
  const ref = at === -1 ? undefined : body.slice(at + 1);
  const [owner, repo, ...rest] = name.split('/');
  const bad = (why: string) =>
    new PipelineError('USAGE', `--source ${spec}: ${why}; expected github:owner/repo or github:owner/repo@ref`, {
      key: '--source',
    });
  if (owner === undefined || repo === undefined || rest.length > 0) throw bad('not owner/repo');
  if (!OWNER.test(owner)) throw bad(`"${owner}" is not a GitHub owner name`);
  if (!REPO.test(repo) || repo === '.' || repo === '..') throw bad(`"${repo}" is not a repository name`);
  if (ref !== undefined && !REF.test(ref)) throw bad(`"${ref}" is not a branch, tag or commit name`);
  return ref === undefined ? { owner, repo } : { owner, repo, ref };
}

export function sourceName(s: GithubSource): string {
  return `${s.owner}/${s.repo}`;
}
