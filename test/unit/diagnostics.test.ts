import { describe, expect, it } from 'vitest';
import { diagnostic, diagnosticCount, toDiagnostic } from '../../src/diagnostics.js';
import { PipelineError } from '../../src/errors.js';
import { DEFAULT_LIMITS } from '../../src/limits.js';
import { TableWarnings } from '../../src/transform/participants/tableWarnings.js';

describe('diagnostic', () => {
  it('is plain data: no stack, no cause, nothing but the fields given', () => {
    const d = diagnostic('PAGE_VALUE_IGNORED', 'Ignored "x": why', { file: 'WP1.md', line: 3, key: 'x' });
    expect(Object.getPrototypeOf(d)).toBe(Object.prototype);
    expect(d).toStrictEqual({
      code: 'PAGE_VALUE_IGNORED',
      message: 'Ignored "x": why',
      file: 'WP1.md',
      line: 3,
      key: 'x',
    });
  });

  it('leaves out a location given as undefined, so that report.json never holds "line": null', () => {
    const d = diagnostic('ANNOTATION_UNRESOLVED', 'm', { file: 'WP1.md', line: undefined, key: 'annotations' });
    expect(Object.keys(d)).toEqual(['code', 'message', 'file', 'key']);
    expect(JSON.stringify(d)).toBe(
      '{"code":"ANNOTATION_UNRESOLVED","message":"m","file":"WP1.md","key":"annotations"}',
    );
  });

  it('writes its fields in one order however the location was spelled (report.json stays byte-identical)', () => {
    const a = diagnostic('IRI_INVALID', 'm', {
      details: { iri: 'http://a b' },
      key: 'citedin',
      line: 9,
      file: 'WP1.md',
    });
    expect(JSON.stringify(a)).toBe(
      '{"code":"IRI_INVALID","message":"m","file":"WP1.md","line":9,"key":"citedin","details":{"iri":"http://a b"}}',
    );
  });

  it('records what a thrown error of the same code and location records', () => {
    const where = { file: 'WP1-datanodes.tsv', line: 4, key: 'Type' };
    const thrown = new PipelineError('TABLE_ROW_INVALID', 'Unknown Type "X"', { ...where, cause: new Error('inner') });
    expect(JSON.stringify(diagnostic('TABLE_ROW_INVALID', 'Unknown Type "X"', where))).toBe(
      JSON.stringify(toDiagnostic(thrown)),
    );
  });
});

describe('diagnosticCount', () => {
  it('counts a warning as one, and a closing warning as the warnings it says were omitted', () => {
    expect(diagnosticCount(diagnostic('TABLE_ROW_INVALID', 'm'))).toBe(1);
    expect(diagnosticCount(diagnostic('IRI_INVALID', 'm', { details: { iri: 'x' } }))).toBe(1);
    expect(diagnosticCount(diagnostic('TABLE_ROW_INVALID', 'm', { details: { omitted: 198_000 } }))).toBe(198_000);
  });

  it('adds up to every warning a table had, past its limit', () => {
    const w = new TableWarnings('WP1-datanodes.tsv', { ...DEFAULT_LIMITS, tableWarnings: 2 });
    for (let i = 1; i <= 5; i++) w.add('TABLE_ROW_INVALID', () => `row ${i}`, { file: 'WP1-datanodes.tsv', line: i });
    w.add('TABLE_HEADER_INVALID', () => 'header', { file: 'WP1-datanodes.tsv', line: 1 });
    const listed = w.list();
    expect(listed.map((d) => [d.code, d.line, d.details])).toEqual([
      ['TABLE_ROW_INVALID', 1, undefined],
      ['TABLE_ROW_INVALID', 2, undefined],
      ['TABLE_ROW_INVALID', undefined, { omitted: 3 }],
      ['TABLE_HEADER_INVALID', undefined, { omitted: 1 }],
    ]);
    expect(listed.reduce((n, d) => n + diagnosticCount(d), 0)).toBe(6);
  });
});
