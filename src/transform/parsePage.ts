// Turns a page's frontmatter into a validated PathwayRecord; both page formats and the old header style.

import { diagnostic, type Diagnostic } from '../diagnostics.js';
import { PipelineError } from '../errors.js';
import { DEFAULT_LIMITS, overLimit, type Limits } from '../limits.js';
import type { AnnotationInput, Citation, OntologyKind, PathwayRecord, SourcePage } from '../types.js';
import { parseFrontmatter, type Frontmatter } from './frontmatter.js';
import { cleanLabel, stripControl } from './text.js';

const KIND_BY_TYPE: Record<string, OntologyKind> = {
  'pathway ontology': 'PW',
  'disease ontology': 'DOID',
  'cell type ontology': 'CL',
};
const KIND_BY_PREFIX: Record<string, OntologyKind> = { PW: 'PW', DOID: 'DOID', CL: 'CL' };

/** Validates one page. Throws PipelineError for a page that cannot be converted. */
export function parsePage(page: SourcePage, limits: Limits = DEFAULT_LIMITS): PathwayRecord {
  const fm = parseFrontmatter(page.text, page.file, limits);
  const { data } = fm;
  const file = page.file;
  const warnings: Diagnostic[] = [];
  const at = (key: string) => ({ file, key, ...(fm.keyLines.has(key) ? { line: fm.keyLines.get(key)! } : {}) });
  const ignore = (key: string, why: string) =>
    warnings.push(diagnostic('PAGE_VALUE_IGNORED', `Ignored "${key}": ${why}`, at(key)));

  // The old header style (`ID:`, `Species:`, `Date:` …) sits beside, or instead of, the lower-case keys.
  const wpidKey = data.wpid !== undefined ? 'wpid' : data.ID !== undefined ? 'ID' : undefined;
  if (wpidKey === undefined)
    throw new PipelineError('PAGE_WPID_MISSING', 'Page has no "wpid" (or "ID") key', { file, line: 2, key: 'wpid' });
  const wpidValue = data[wpidKey];
  const wpid = typeof wpidValue === 'string' ? wpidValue.trim() : '';
  if (!/^WP[0-9]+$/.test(wpid)) {
    throw new PipelineError(
      'PAGE_WPID_INVALID',
      `Expected "${wpidKey}" to be WP followed by digits, got ${JSON.stringify(wpidValue)}`,
      at(wpidKey),
    );
  }
  if (wpid !== page.fileWpid) {
    throw new PipelineError(
      'PAGE_WPID_MISMATCH',
      `Page says "${wpidKey}: ${wpid}" but its file is named ${page.fileWpid}.md`,
      at(wpidKey),
    );
  }

  const jsonldList = data['schema-jsonld'];
  let jsonld: Record<string, unknown> | undefined;
  if (Array.isArray(jsonldList) && isMapping(jsonldList[0])) jsonld = jsonldList[0];
  else if (isMapping(jsonldList)) jsonld = jsonldList;
  else if (jsonldList !== undefined) ignore('schema-jsonld', 'expected a list holding one mapping');
  // Every keyword becomes a participant to resolve: a page over the limit is rejected before that work.
  if (Array.isArray(jsonld?.keywords) && jsonld.keywords.length > limits.keywords) {
    throw overLimit(
      'PAGE_LIMIT_EXCEEDED',
      `schema-jsonld has ${jsonld.keywords.length.toLocaleString('en-US')} keywords`,
      'keywords',
      limits,
      at('schema-jsonld'),
    );
  }

  const title = firstText(data.title, jsonld?.name);
  if (title === undefined)
    throw new PipelineError(
      'PAGE_TITLE_MISSING',
      'Page has no title ("title" and schema-jsonld "name" are missing or empty)',
      at('title'),
    );

  const record: PathwayRecord = {
    file,
    wpid,
    title,
    organisms: [],
    authors: [],
    annotations: [],
    keywords: [],
    communities: [],
    citations: [],
    keyLines: fm.keyLines,
    warnings,
  };

  const revision = data.revision ?? data.Revision;
  if (revision !== undefined && revision !== null && revision !== '') {
    const rev = String(revision).trim();
    if (/^r?[0-9]+$/.test(rev)) record.revision = rev.startsWith('r') ? rev : `r${rev}`;
    else
      ignore(
        data.revision !== undefined ? 'revision' : 'Revision',
        `expected r<digits>, got ${JSON.stringify(revision)}`,
      );
  }

  const description = firstRawText(data.description, data.Description, jsonld?.description);
  if (description !== undefined) record.description = description;

  record.organisms = textList(
    data.organisms ?? data.Species,
    data.organisms !== undefined ? 'organisms' : 'Species',
    ignore,
  )
    .map(cleanLabel)
    .filter(Boolean);

  const edited = data['last-edited'] ?? data.Date;
  if (edited !== undefined && edited !== null && edited !== '') {
    const iso = isoDate(edited);
    if (iso !== undefined) record.lastEdited = iso;
    else
      ignore(
        data['last-edited'] !== undefined ? 'last-edited' : 'Date',
        `expected a date, got ${JSON.stringify(edited)}`,
      );
  }

  const authors = data.authors ?? (typeof data.Authors === 'string' ? data.Authors.split('|') : data.Authors);
  record.authors = unique(textList(authors, 'authors', ignore).map(cleanLabel).filter(Boolean));

  record.annotations = readAnnotations(data, fm, ignore);
  record.keywords = unique(textList(jsonld?.keywords, 'schema-jsonld', ignore).map(cleanLabel).filter(Boolean));
  record.communities = unique(
    textList(data.communities, 'communities', ignore)
      .map((c) => c.trim())
      .filter(Boolean),
  );
  record.citations = readCitations(data.citedin, ignore);
  if (typeof data.ndex === 'string' && data.ndex.trim() !== '') record.ndex = data.ndex.trim();

  if (jsonld !== undefined) {
    record.jsonld = jsonld;
    const line = fm.keyLines.get('schema-jsonld');
    if (line !== undefined) record.jsonldLine = line;
  }
  return record;
}

function readAnnotations(
  data: Record<string, unknown>,
  fm: Frontmatter,
  ignore: (key: string, why: string) => void,
): AnnotationInput[] {
  const out: AnnotationInput[] = [];
  const lines = fm.itemLines.get('annotations') ?? [];
  const seen = new Set<string>();
  const push = (a: AnnotationInput) => {
    const key = `${a.kind}|${a.id ?? ''}|${(a.label ?? '').toLowerCase()}`;
    if (seen.has(key)) return; // duplicated annotations on a page are one annotation
    seen.add(key);
    out.push(a);
  };
  const list = data.annotations;
  if (Array.isArray(list)) {
    list.forEach((item, i) => {
      if (!isMapping(item)) return ignore('annotations', `item ${i + 1} is not a mapping`);
      const id = typeof item.id === 'string' && item.id.trim() !== '' ? item.id.trim() : undefined;
      const label = typeof item.value === 'string' && item.value.trim() !== '' ? cleanLabel(item.value) : undefined;
      const kind =
        (typeof item.type === 'string' ? KIND_BY_TYPE[item.type.trim().toLowerCase()] : undefined) ??
        (id ? KIND_BY_PREFIX[id.split(':')[0]!] : undefined);
      if (kind === undefined)
        return ignore('annotations', `item ${i + 1} has unknown type ${JSON.stringify(item.type)}`);
      if (id === undefined && label === undefined)
        return ignore('annotations', `item ${i + 1} has neither id nor value`);
      const a: AnnotationInput = { kind };
      if (id !== undefined) a.id = id;
      if (label !== undefined) a.label = label;
      const line = lines[i];
      if (line !== undefined) a.line = line;
      push(a);
    });
  } else if (list !== undefined && list !== null) {
    ignore('annotations', 'expected a list');
  }
  // Header-style pages: `Ontology tags: PW:0001029, DOID:…`
  const tags = data['Ontology tags'];
  if (typeof tags === 'string') {
    for (const raw of tags.split(/[,\s]+/)) {
      const id = raw.trim();
      const kind = KIND_BY_PREFIX[id.split(':')[0] ?? ''];
      if (kind !== undefined)
        push({ kind, id, ...(fm.keyLines.has('Ontology tags') ? { line: fm.keyLines.get('Ontology tags')! } : {}) });
      else if (id !== '') ignore('Ontology tags', `unknown ontology id ${JSON.stringify(id)}`);
    }
  }
  return out;
}

function readCitations(value: unknown, ignore: (key: string, why: string) => void): Citation[] {
  if (value === undefined || value === null || value === '') return [];
  if (!Array.isArray(value)) {
    ignore('citedin', 'expected a list');
    return [];
  }
  const out: Citation[] = [];
  const seen = new Set<string>();
  value.forEach((item, i) => {
    if (!isMapping(item) || typeof item.link !== 'string' || item.link.trim() === '')
      return ignore('citedin', `item ${i + 1} has no link`);
    const link = item.link.trim();
    if (seen.has(link)) return;
    seen.add(link);
    const c: Citation = { link };
    if (typeof item.title === 'string' && item.title.trim() !== '') c.title = cleanLabel(item.title);
    if (typeof item.archived === 'string' && item.archived.trim() !== '') c.archived = item.archived.trim();
    out.push(c);
  });
  return out;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date);
}

/** A list of strings from a list or a single string; YAML numbers and booleans are read back as text. */
function textList(value: unknown, key: string, ignore: (key: string, why: string) => void): string[] {
  if (value === undefined || value === null) return [];
  const items = Array.isArray(value) ? value : [value];
  const out: string[] = [];
  for (const item of items) {
    if (typeof item === 'string') out.push(item);
    else if (typeof item === 'number' || typeof item === 'boolean') out.push(String(item));
    else if (item !== null) ignore(key, `expected text, got ${JSON.stringify(item)}`);
  }
  return out;
}

function firstText(...values: unknown[]): string | undefined {
  for (const v of values) {
    if (typeof v === 'string' && cleanLabel(v) !== '') return cleanLabel(v);
  }
  return undefined;
}

function firstRawText(...values: unknown[]): string | undefined {
  for (const v of values) {
    if (typeof v === 'string' && v.trim() !== '') return stripControl(v).trim();
  }
  return undefined;
}

/** `2021-01-25` from a YAML date, `2021-01-25`, or the header style `20210511100040`. */
export function isoDate(value: unknown): string | undefined {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString().slice(0, 10);
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value).trim();
  const m = /^([0-9]{4})-?([0-9]{2})-?([0-9]{2})(?:[T ]?[0-9:]*Z?)?$/.exec(text);
  if (!m) return undefined;
  const iso = `${m[1]}-${m[2]}-${m[3]}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : undefined;
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
