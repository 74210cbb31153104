import { describe, expect, it } from 'vitest';
import { PipelineError } from '../../../src/errors.js';
import { isoDate, parsePage } from '../../../src/transform/parsePage.js';

function page(text: string, fileWpid = 'WP1') {
  return { file: `pages/${fileWpid}.md`, fileWpid, text };
}

function rejection(text: string, fileWpid = 'WP1'): PipelineError {
  try {
    parsePage(page(text, fileWpid));
  } catch (error) {
    if (error instanceof PipelineError) return error;
    throw error;
  }
  throw new Error('page was not rejected');
}

describe('parsePage rejections', () => {
  it('PAGE_FRONTMATTER_MISSING when the page does not start with ---', () => {
    const e = rejection('title: x\nwpid: WP1\n');
    expect([e.code, e.message, e.file, e.line]).toEqual([
      'PAGE_FRONTMATTER_MISSING',
      'Page does not start with a "---" frontmatter line',
      'pages/WP1.md',
      1,
    ]);
  });

  it('PAGE_FRONTMATTER_MISSING when the frontmatter is not closed', () => {
    const e = rejection('---\ntitle: x\nwpid: WP1\n');
    expect([e.code, e.message]).toEqual(['PAGE_FRONTMATTER_MISSING', 'Frontmatter is not closed by a "---" line']);
  });

  it('PAGE_YAML_INVALID with the line of the bad YAML', () => {
    const e = rejection('---\ntitle: x\nwpid: WP1\nauthors:\n- a\n  b: c\n---');
    expect(e.code).toBe('PAGE_YAML_INVALID');
    expect(e.line).toBe(6);
    expect(e.message).toBe('Invalid YAML in frontmatter: bad indentation of a sequence entry');
    expect(e.located()).toBe(
      'pages/WP1.md:6: Invalid YAML in frontmatter: bad indentation of a sequence entry [PAGE_YAML_INVALID]',
    );
  });

  it('PAGE_NOT_A_MAPPING when the frontmatter is a list', () => {
    const e = rejection('---\n- a\n- b\n---');
    expect([e.code, e.message, e.line]).toEqual([
      'PAGE_NOT_A_MAPPING',
      'Frontmatter is not a mapping of keys to values',
      2,
    ]);
  });

  it('PAGE_WPID_MISSING', () => {
    const e = rejection('---\ntitle: A title\n---');
    expect([e.code, e.message, e.key]).toEqual(['PAGE_WPID_MISSING', 'Page has no "wpid" (or "ID") key', 'wpid']);
  });

  it('PAGE_WPID_INVALID names the key, its line and the value', () => {
    const e = rejection('---\ntitle: A title\nwpid: WPX1\n---');
    expect([e.code, e.message, e.line, e.key]).toEqual([
      'PAGE_WPID_INVALID',
      'Expected "wpid" to be WP followed by digits, got "WPX1"',
      3,
      'wpid',
    ]);
  });

  it('PAGE_WPID_MISMATCH when the file name says another pathway', () => {
    const e = rejection('---\ntitle: A title\nwpid: WP2\n---', 'WP1');
    expect([e.code, e.message, e.line]).toEqual([
      'PAGE_WPID_MISMATCH',
      'Page says "wpid: WP2" but its file is named WP1.md',
      3,
    ]);
  });

  it('PAGE_TITLE_MISSING when title and schema-jsonld name are empty', () => {
    const e = rejection("---\ntitle: ''\nwpid: WP1\nschema-jsonld:\n- name: ' '\n---");
    expect([e.code, e.message, e.line]).toEqual([
      'PAGE_TITLE_MISSING',
      'Page has no title ("title" and schema-jsonld "name" are missing or empty)',
      2,
    ]);
  });
});

describe('parsePage values', () => {
  it('reads the 2022 format: dates, trailing spaces, duplicate annotations and keywords', () => {
    const r = parsePage(
      page(
        [
          '---',
          'annotations:',
          '- type: Pathway Ontology',
          '  value: signaling pathway',
          '- type: Pathway Ontology',
          '  value: signaling pathway',
          '- type: Disease Ontology',
          '  value: cancer',
          'authors:',
          '- A',
          '- A',
          "description: ''",
          'last-edited: 2021-01-25',
          'organisms:',
          '- Homo sapiens',
          'schema-jsonld:',
          '- keywords:',
          "  - 'CACNB3 '",
          '  - CACNB3',
          "  - ''",
          '  - 1.10',
          "title: ' Spaced title '",
          'wpid: WP1',
          '---',
        ].join('\n'),
      ),
    );
    expect(r.title).toBe('Spaced title');
    expect(r.lastEdited).toBe('2021-01-25');
    expect(r.description).toBeUndefined();
    expect(r.authors).toEqual(['A']);
    expect(r.keywords).toEqual(['CACNB3', '1.1']);
    expect(r.annotations).toEqual([
      { kind: 'PW', label: 'signaling pathway', line: 3 },
      { kind: 'DOID', label: 'cancer', line: 7 },
    ]);
    expect(r.revision).toBeUndefined();
  });

  it('reads the current format: ids, revision, citedin, empty citedin string', () => {
    const r = parsePage(
      page(
        [
          '---',
          'annotations:',
          '- id: CL:0000540',
          '  type: Cell Type Ontology',
          'citedin:',
          '- link: PMC1',
          "  title: 'A\n\n    title'",
          '- link: PMC1',
          'communities: []',
          'revision: r123',
          'title: T',
          'wpid: WP1',
          '---',
        ].join('\n'),
      ),
    );
    expect(r.revision).toBe('r123');
    expect(r.annotations).toEqual([{ kind: 'CL', id: 'CL:0000540', line: 3 }]);
    expect(r.citations).toEqual([{ link: 'PMC1', title: 'A title' }]);
    expect(r.communities).toEqual([]);
  });

  it('reads the old header style (ID, Species, Date, Revision, Authors, Ontology tags)', () => {
    const r = parsePage(
      page(
        [
          '---',
          'Authors: user | MaintBot | Some One',
          "Date: '20210511100040'",
          'Description: Adapted from a figure.',
          'ID: WP1',
          'Ontology tags: PW:0001029, DOID:4',
          "Revision: '116719'",
          'Species: Mus musculus',
          "description: ''",
          'title: Header style',
          '---',
        ].join('\n'),
      ),
    );
    expect(r.wpid).toBe('WP1');
    expect(r.revision).toBe('r116719');
    expect(r.organisms).toEqual(['Mus musculus']);
    expect(r.lastEdited).toBe('2021-05-11');
    expect(r.authors).toEqual(['user', 'MaintBot', 'Some One']);
    expect(r.description).toBe('Adapted from a figure.');
    expect(r.annotations.map((a) => a.id)).toEqual(['PW:0001029', 'DOID:4']);
  });

  it('warns, with key and line, about a value of the wrong shape and still converts', () => {
    const r = parsePage(page('---\nannotations: nope\ntitle: T\nwpid: WP1\n---'));
    expect(r.warnings.map((w) => [w.code, w.message, w.line])).toEqual([
      ['PAGE_VALUE_IGNORED', 'Ignored "annotations": expected a list', 2],
    ]);
  });

  it('isoDate accepts YAML dates and the header style, and refuses impossible dates', () => {
    expect(isoDate(new Date(Date.UTC(2020, 1, 29)))).toBe('2020-02-29');
    expect(isoDate('20210511100040')).toBe('2021-05-11');
    expect(isoDate('2021-02-30')).toBeUndefined();
    expect(isoDate('yesterday')).toBeUndefined();
  });
});
