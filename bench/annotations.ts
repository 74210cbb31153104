// Scores 2022 annotation labels → ontology ids against the info files' ontology-ids, beside a name-only baseline.

import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import matter from 'gray-matter';
import { loadMappings } from '../src/mappings.js';
import { loadReference } from '../src/reference/loadReference.js';
import { followObsolete, resolveAnnotation, type Ontologies } from '../src/transform/resolveAnnotation.js';
import type { OntologyKind } from '../src/types.js';

const KINDS: Record<string, OntologyKind> = {
  'Pathway Ontology': 'PW',
  'Disease Ontology': 'DOID',
  'Cell Type Ontology': 'CL',
};

export interface MethodScore {
  labels: number;
  resolved: number;
  /** Resolved to an id listed in the page's info file. */
  correct: number;
  /** Resolved to an id that is listed, or that a listed id leads to through alt_id/replaced_by. */
  correctCurrent: number;
  ambiguous: number;
  unresolved: number;
  /** label → count, for labels not resolved (ambiguous or unresolved). */
  misses: Map<string, number>;
  /** `label → id` → count, for resolved labels whose id is not in the info file. */
  wrong: Map<string, number>;
  /** How resolved labels were found (our method only): tier → [resolved, correct]. */
  via: Map<string, [number, number]>;
}

export interface AnnotationScore {
  pages: number;
  pagesWithInfo: number;
  ours: MethodScore;
  baseline: MethodScore;
}

export interface ScoreOptions {
  pagesDir: string;
  infoDir: string;
  ontologies: Ontologies;
  /** Use each page's title and description to tell candidates apart (default true). */
  useContext?: boolean;
}

type Outcome = { status: 'linked'; id: string; via?: string } | { status: 'ambiguous' } | { status: 'unresolved' };

/** Baseline: the label equals one term's name, case-insensitively (obsolete terms included). */
function baseline(
  label: string,
  kind: OntologyKind,
  ontologies: Ontologies,
  names: Map<OntologyKind, Map<string, string[]>>,
): Outcome {
  let index = names.get(kind);
  if (index === undefined) {
    index = new Map();
    for (const term of ontologies[kind].terms.values()) {
      const key = (term.name ?? '').toLowerCase();
      index.set(key, [...(index.get(key) ?? []), term.id]);
    }
    names.set(kind, index);
  }
  const ids = index.get(label.trim().toLowerCase()) ?? [];
  if (ids.length === 1) return { status: 'linked', id: ids[0] as string };
  return { status: ids.length === 0 ? 'unresolved' : 'ambiguous' };
}

function emptyScore(): MethodScore {
  return {
    labels: 0,
    resolved: 0,
    correct: 0,
    correctCurrent: 0,
    ambiguous: 0,
    unresolved: 0,
    misses: new Map(),
    wrong: new Map(),
    via: new Map(),
  };
}

function tally(
  score: MethodScore,
  label: string,
  kind: OntologyKind,
  outcome: Outcome,
  truth: string[],
  ontologies: Ontologies,
): void {
  score.labels++;
  const bump = (map: Map<string, number>, key: string): void => void map.set(key, (map.get(key) ?? 0) + 1);
  if (outcome.status !== 'linked') {
    score[outcome.status]++;
    bump(score.misses, `${kind} ${JSON.stringify(label)}`);
    return;
  }
  score.resolved++;
  const current = truth.filter((id) => id.startsWith(`${kind}:`)).map((id) => followObsolete(id, ontologies[kind]));
  const ok = truth.includes(outcome.id) || current.includes(outcome.id);
  if (truth.includes(outcome.id)) score.correct++;
  if (ok) score.correctCurrent++;
  else bump(score.wrong, `${kind} ${JSON.stringify(label)} → ${outcome.id}`);
  if (outcome.via !== undefined) {
    const [n, c] = score.via.get(outcome.via) ?? [0, 0];
    score.via.set(outcome.via, [n + 1, c + (ok ? 1 : 0)]);
  }
}

/** `ontology-ids: PW:0000272, DOID:1287` → the ids (duplicates kept, order kept). */
export function infoOntologyIds(text: string): string[] | undefined {
  const line = /^ontology-ids:(.*)$/m.exec(text);
  if (line === null) return undefined;
  return (line[1] as string)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Title, description and annotations of each page of a folder, in file order. */
async function* pagesOf(
  pagesDir: string,
): AsyncGenerator<{ file: string; context: string; annotations: Array<Record<string, unknown>> }> {
  const files = (await readdir(pagesDir)).filter((f) => /^WP[0-9]+\.md$/.test(f)).sort();
  for (const file of files) {
    const data = matter(await readFile(path.join(pagesDir, file), 'utf8')).data as Record<string, unknown>;
    const context = [data.title, data.description].filter((v) => typeof v === 'string').join('\n');
    yield {
      file,
      context,
      annotations: Array.isArray(data.annotations) ? (data.annotations as Array<Record<string, unknown>>) : [],
    };
  }
}

function labelOf(a: Record<string, unknown>): string {
  return typeof a.value === 'string' ? a.value : a.value === undefined || a.value === null ? '' : String(a.value);
}

function scoreOne(
  result: AnnotationScore,
  kind: OntologyKind,
  label: string,
  truth: string[],
  page: { file: string; context: string },
  options: { ontologies: Ontologies; useContext?: boolean },
  names: Map<OntologyKind, Map<string, string[]>>,
): void {
  const { ontologies } = options;
  const ours = resolveAnnotation({ kind, label }, ontologies, {
    file: page.file,
    ...(options.useContext === false ? {} : { context: page.context }),
  });
  tally(
    result.ours,
    label,
    kind,
    ours.status === 'linked'
      ? { status: 'linked', id: ours.id, via: `${ours.via}${ours.byContext ? ' + page context' : ''}` }
      : { status: ours.status },
    truth,
    ontologies,
  );
  tally(result.baseline, label, kind, baseline(label, kind, ontologies, names), truth, ontologies);
}

/** 2022 pages: every non-empty label, truth = the page's info/WPn.info ontology-ids. */
export async function scoreAnnotationLabels(options: ScoreOptions): Promise<AnnotationScore> {
  const result: AnnotationScore = { pages: 0, pagesWithInfo: 0, ours: emptyScore(), baseline: emptyScore() };
  const names = new Map<OntologyKind, Map<string, string[]>>();
  for await (const page of pagesOf(options.pagesDir)) {
    result.pages++;
    let infoText: string;
    try {
      infoText = await readFile(path.join(options.infoDir, page.file.replace(/\.md$/, '.info')), 'utf8');
    } catch {
      continue;
    }
    const truth = infoOntologyIds(infoText) ?? [];
    result.pagesWithInfo++;
    for (const a of page.annotations) {
      const kind = KINDS[String(a.type)];
      const label = labelOf(a);
      if (kind !== undefined && label.trim() !== '') scoreOne(result, kind, label, truth, page, options, names);
    }
  }
  return result;
}

/**
 * Current pages: every annotation with both an id and a label, its label resolved alone, truth =
 * its own id. A second, independent check of the label rules on labels they were not written for.
 */
export async function scoreCurrentLabels(options: Omit<ScoreOptions, 'infoDir'>): Promise<AnnotationScore> {
  const result: AnnotationScore = { pages: 0, pagesWithInfo: 0, ours: emptyScore(), baseline: emptyScore() };
  const names = new Map<OntologyKind, Map<string, string[]>>();
  for await (const page of pagesOf(options.pagesDir)) {
    result.pages++;
    result.pagesWithInfo++;
    for (const a of page.annotations) {
      const kind = KINDS[String(a.type)];
      const label = labelOf(a);
      if (kind !== undefined && label.trim() !== '' && typeof a.id === 'string')
        scoreOne(result, kind, label, [a.id.trim()], page, options, names);
    }
  }
  return result;
}

/** The table printed by `npm run bench:linking` and by this script. */
export function formatAnnotationScore(
  score: AnnotationScore,
  title = 'Annotation labels (2022 pages) → ontology ids, truth: info/WPn.info ontology-ids',
): string {
  const share = (n: number, d: number): string => (d === 0 ? '-' : (n / d).toFixed(4));
  const row = (name: string, f: (s: MethodScore) => string): string =>
    `  ${name.padEnd(44)}${f(score.ours).padStart(10)}${f(score.baseline).padStart(12)}`;
  const top = (map: Map<string, number>, n: number): string[] =>
    [...map]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, n)
      .map(([k, c]) => `    ${String(c).padStart(3)}  ${k}`);
  return [
    title,
    `  pages ${score.pages}, with ground truth ${score.pagesWithInfo}`,
    `  ${''.padEnd(44)}${'ours'.padStart(10)}${'baseline'.padStart(12)}`,
    row('non-empty labels', (s) => String(s.labels)),
    row('resolved share            (target >= 0.99)', (s) => share(s.resolved, s.labels)),
    row('precision, ids made current (>= 0.995)', (s) => share(s.correctCurrent, s.resolved)),
    row('precision, info ids as written', (s) => share(s.correct, s.resolved)),
    row('ambiguous', (s) => String(s.ambiguous)),
    row('unresolved', (s) => String(s.unresolved)),
    '  resolved by (ours): resolved / correct',
    ...[...score.ours.via]
      .sort((a, b) => b[1][0] - a[1][0])
      .map(([via, [n, c]]) => `    ${via.padEnd(40)}${String(n).padStart(6)} / ${c}`),
    '  top misses (ours):',
    ...top(score.ours.misses, 20),
    '  resolved but not in the info file (ours):',
    ...top(score.ours.wrong, 20),
  ].join('\n');
}

async function main(): Promise<void> {
  const shared = path.resolve(process.env.PATHWAY_KG_SHARED_DATA ?? path.join(process.cwd(), '..', 'shared', 'data'));
  const started = performance.now();
  const reference = await loadReference(process.argv[2] ?? path.join(shared, 'reference'), loadMappings());
  const loadMs = performance.now() - started;
  const pagesDir = process.argv[3] ?? path.join(shared, 'wikipathways', 'pages');
  const infoDir = process.argv[4] ?? path.join(shared, 'wikipathways', 'info');
  const score = await scoreAnnotationLabels({ pagesDir, infoDir, ontologies: reference.ontologies });
  console.log(
    `reference loaded in ${loadMs.toFixed(0)} ms (${Object.entries(reference.versions)
      .map(([k, v]) => `${k} ${v}`)
      .join('; ')})`,
  );
  console.log(formatAnnotationScore(score));
  const plain = await scoreAnnotationLabels({ pagesDir, infoDir, ontologies: reference.ontologies, useContext: false });
  console.log(
    `  without page context: resolved share ${(plain.ours.resolved / plain.ours.labels).toFixed(4)}, precision ${(plain.ours.correctCurrent / plain.ours.resolved).toFixed(4)}, ambiguous ${plain.ours.ambiguous}`,
  );
  const currentDir = process.argv[5] ?? path.join(shared, 'wikipathways', 'current', 'pages');
  const current = await scoreCurrentLabels({ pagesDir: currentDir, ontologies: reference.ontologies });
  console.log('');
  console.log(
    formatAnnotationScore(
      current,
      "Annotation labels (current pages, label alone) → ontology ids, truth: each annotation's own id",
    ),
  );
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
