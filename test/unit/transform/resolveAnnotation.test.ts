import { describe, expect, it } from 'vitest';
import type { AnnotationInput } from '../../../src/types.js';
import { resolveAnnotation, type AnnotationResolution } from '../../../src/transform/resolveAnnotation.js';
import { normaliseLabel } from '../../../src/transform/labelIndex.js';
import { testOntologies } from '../../support/ontologies.js';

const ontologies = testOntologies();
const FILE = 'pages/WP1.md';

function resolve(annotation: AnnotationInput, context?: string): AnnotationResolution {
  return resolveAnnotation(annotation, ontologies, { file: FILE, ...(context === undefined ? {} : { context }) });
}

/** status, id or candidates, and each warning as "CODE: message". */
function summary(r: AnnotationResolution): unknown[] {
  const target = r.status === 'linked' ? r.id : r.status === 'ambiguous' ? r.candidates : undefined;
  return [r.status, target, r.warnings.map((w) => `${w.code}: ${w.message}`)];
}

describe('annotations with ids (current pages)', () => {
  it('links a live id without warnings, whatever the label says', () => {
    expect(summary(resolve({ kind: 'PW', id: 'PW:0000003', label: 'something renamed' }))).toEqual([
      'linked',
      'PW:0000003',
      [],
    ]);
  });

  it('accepts lower-case prefixes and the underscore form', () => {
    expect(summary(resolve({ kind: 'PW', id: ' pw_0000003 ' }))).toEqual(['linked', 'PW:0000003', []]);
  });

  it('lets the id decide the ontology when the annotation type disagrees', () => {
    const r = resolve({ kind: 'PW', id: 'DOID:9452' });
    expect([r.status, r.kind, r.status === 'linked' && r.id]).toEqual(['linked', 'DOID', 'DOID:9452']);
  });

  it('links an unknown id as written, with ANNOTATION_ID_UNKNOWN', () => {
    expect(summary(resolve({ kind: 'CL', id: 'CL:4052028' }))).toEqual([
      'linked',
      'CL:4052028',
      [
        'ANNOTATION_ID_UNKNOWN: Unknown CL id "CL:4052028": not in cl-basic.obo (cl/releases/2022-11-25/cl-basic.owl); linked as written',
      ],
    ]);
  });

  it('follows replaced_by from an obsolete id, with ANNOTATION_OBSOLETE', () => {
    expect(summary(resolve({ kind: 'DOID', id: 'DOID:0090121' }))).toEqual([
      'linked',
      'DOID:4367',
      [
        'ANNOTATION_OBSOLETE: Obsolete DOID id "DOID:0090121" ("obsolete apparent mineralocorticoid excess"); linked to its replacement DOID:4367 ("apparent mineralocorticoid excess syndrome")',
      ],
    ]);
  });

  it('links an obsolete id without replacement as written, naming the terms to consider', () => {
    expect(summary(resolve({ kind: 'CL', id: 'CL:0000610', label: 'obsolete plant cell' }))).toEqual([
      'linked',
      'CL:0000610',
      [
        'ANNOTATION_OBSOLETE: Obsolete CL id "CL:0000610" ("obsolete plant cell") has no replacement (consider PO:0009002); linked as written',
      ],
    ]);
    expect(summary(resolve({ kind: 'PW', id: 'PW:0001294' }))).toEqual([
      'linked',
      'PW:0001294',
      [
        'ANNOTATION_OBSOLETE: Obsolete PW id "PW:0001294" ("eicosanoid signaling pathway") has no replacement; linked as written',
      ],
    ]);
  });

  it('maps an alternative id to its primary term, also when the old id still has an obsolete stanza', () => {
    expect(summary(resolve({ kind: 'CL', id: 'CL:0000328' }))).toEqual([
      'linked',
      'CL:4023154',
      [
        'ANNOTATION_OBSOLETE: CL id "CL:0000328" is an alternative id of CL:4023154 ("myelinating glial cell"); linked to CL:4023154',
      ],
    ]);
    expect(summary(resolve({ kind: 'PW', id: 'PW:0001072' }))).toEqual([
      'linked',
      'PW:0002423',
      [
        'ANNOTATION_OBSOLETE: PW id "PW:0001072" is an alternative id of PW:0002423 ("synaptic vesicle cycle pathway"); linked to PW:0002423',
      ],
    ]);
  });

  it('falls back to the label when the id is malformed, and reports both', () => {
    expect(summary(resolve({ kind: 'PW', id: 'PW-3', label: 'pathway' }))).toEqual([
      'linked',
      'PW:0000001',
      [
        'ANNOTATION_ID_UNKNOWN: Malformed ontology id "PW-3" (expected PW:, DOID: or CL: and digits); resolving its label instead',
      ],
    ]);
    expect(summary(resolve({ kind: 'PW', id: 'Wnt' }))).toEqual([
      'unresolved',
      undefined,
      ['ANNOTATION_ID_UNKNOWN: Malformed ontology id "Wnt" (expected PW:, DOID: or CL: and digits); not linked'],
    ]);
  });

  it('locates every warning: file, line and the annotations key', () => {
    const [warning] = resolve({ kind: 'CL', id: 'CL:4052028', line: 7 }).warnings;
    expect([warning?.file, warning?.line, warning?.key]).toEqual([FILE, 7, 'annotations']);
  });
});

describe('annotations with labels only (2022 pages)', () => {
  it('normalises case, spacing, dashes and a final full stop', () => {
    expect(normaliseLabel('  Wnt   Signaling\u2013like ,  pathway. ')).toBe('wnt signaling-like, pathway');
    expect(normaliseLabel('fructose-1,6-bisphosphatase')).toBe('fructose-1,6-bisphosphatase');
  });

  it('matches the exact name, case-insensitively and whitespace-normalised', () => {
    expect(summary(resolve({ kind: 'PW', label: ' signaling\n PATHWAY ' }))).toEqual(['linked', 'PW:0000003', []]);
  });

  it('drops quotes around the whole label', () => {
    expect(summary(resolve({ kind: 'PW', label: '"signaling pathway"' }))).toEqual(['linked', 'PW:0000003', []]);
  });

  it('prefers a name over an exact synonym of another term', () => {
    expect(summary(resolve({ kind: 'PW', label: 'Wnt signaling pathway' }))).toEqual(['linked', 'PW:0000008', []]);
  });

  it('then matches exact synonyms', () => {
    const r = resolve({ kind: 'DOID', label: 'Fatty liver disease' });
    expect([...summary(r), r.status === 'linked' && r.via]).toEqual(['linked', 'DOID:9452', [], 'exact synonym']);
  });

  it('then labels of a newer release, mapped through alternative ids', () => {
    const r = resolve({ kind: 'CL', label: 'myelin accumulating cell' });
    expect([...summary(r), r.status === 'linked' && r.via]).toEqual(['linked', 'CL:4023154', [], 'newer label']);
  });

  it('then names of obsolete terms, following replaced_by', () => {
    expect(summary(resolve({ kind: 'PW', label: 'old signaling pathway' }))).toEqual([
      'linked',
      'PW:0000003',
      [
        'ANNOTATION_OBSOLETE: PW annotation "old signaling pathway" names obsolete PW:0000100; linked to its replacement PW:0000003 ("signaling pathway")',
      ],
    ]);
  });

  it('links an obsolete term without replacement as written, with or without the "obsolete " prefix', () => {
    const expected = [
      'linked',
      'DOID:344',
      [
        'ANNOTATION_OBSOLETE: DOID annotation "disease of biological process" names obsolete DOID:344, which has no replacement; linked as written',
      ],
    ];
    expect(summary(resolve({ kind: 'DOID', label: 'disease of biological process' }))).toEqual(expected);
    expect(summary(resolve({ kind: 'PW', label: 'obsolete phospholipid metabolic pathway' }))).toEqual([
      'linked',
      'PW:0000155',
      [
        'ANNOTATION_OBSOLETE: PW annotation "obsolete phospholipid metabolic pathway" names obsolete PW:0000155, which has no replacement; linked as written',
      ],
    ]);
  });

  it('does not take an obsolete label from the newer release for a live term', () => {
    const r = resolve({ kind: 'CL', label: 'obsolete plant cell' });
    expect([r.status, r.status === 'linked' && r.id, r.status === 'linked' && r.via]).toEqual([
      'linked',
      'CL:0000610',
      'obsolete name',
    ]);
  });

  it('prefers the live term when an obsolete one has the same name', () => {
    expect(summary(resolve({ kind: 'PW', label: 'eicosanoid signaling pathway' }))).toEqual([
      'linked',
      'PW:0000565',
      [],
    ]);
    expect(summary(resolve({ kind: 'PW', label: 'synaptic vesicle cycle pathway' }))).toEqual([
      'linked',
      'PW:0002423',
      [],
    ]);
  });

  it('then related, then broad or narrow synonyms', () => {
    const related = resolve({ kind: 'PW', label: 'signal transduction' });
    const narrow = resolve({ kind: 'PW', label: 'cascade' });
    expect([related.status === 'linked' && related.via, narrow.status === 'linked' && narrow.via]).toEqual([
      'related synonym',
      'broad or narrow synonym',
    ]);
  });

  it('reports two live terms with the same name as ambiguous and links neither', () => {
    expect(summary(resolve({ kind: 'PW', label: 'hypermethioninemia pathway', line: 4 }))).toEqual([
      'ambiguous',
      ['PW:0001868', 'PW:0002471'],
      [
        'ANNOTATION_AMBIGUOUS: Ambiguous PW annotation "hypermethioninemia pathway": the name of PW:0001868, PW:0002471; not linked',
      ],
    ]);
  });

  it('reports an exact synonym shared by two terms as ambiguous', () => {
    expect(summary(resolve({ kind: 'PW', label: 'fat pathway' }))).toEqual([
      'ambiguous',
      ['PW:0000008', 'PW:0000400'],
      [
        'ANNOTATION_AMBIGUOUS: Ambiguous PW annotation "fat pathway": an exact synonym of PW:0000008, PW:0000400; not linked',
      ],
    ]);
  });

  it('reports a label nothing matches as unresolved', () => {
    expect(summary(resolve({ kind: 'CL', label: 'unicorn cell' }))).toEqual([
      'unresolved',
      undefined,
      ['ANNOTATION_UNRESOLVED: Unresolved CL annotation "unicorn cell": no CL term has this name or synonym'],
    ]);
    expect(summary(resolve({ kind: 'CL', label: '  ' }))).toEqual([
      'unresolved',
      undefined,
      ['ANNOTATION_UNRESOLVED: CL annotation has neither an id nor a label'],
    ]);
  });
});

describe('labels cut at a comma (a leading quote never closed)', () => {
  it('links the one term whose name continues the cut label', () => {
    const r = resolve({ kind: 'PW', label: '"alanine' });
    expect([...summary(r), r.status === 'linked' && r.via]).toEqual(['linked', 'PW:0000028', [], 'cut name']);
  });

  it('only considers longer names, not the name equal to the cut text', () => {
    // "Wnt signaling pathway" is a name, but "Wnt signaling, ..." names are what a cut label can be.
    expect(summary(resolve({ kind: 'PW', label: '"Wnt signaling' }))).toEqual([
      'ambiguous',
      ['PW:0000201', 'PW:0000597'],
      [
        'ANNOTATION_AMBIGUOUS: Ambiguous PW annotation "\\"Wnt signaling": cut at a comma, it begins the names of PW:0000201, PW:0000597; not linked',
      ],
    ]);
  });

  it('falls back to synonyms that continue the cut label', () => {
    const r = resolve({ kind: 'PW', label: '"valine' });
    expect([r.status === 'linked' && r.id, r.status === 'linked' && r.via]).toEqual(['PW:0000028', 'cut synonym']);
  });

  it('picks the candidate whose distinguishing words are all in the page context', () => {
    const r = resolve({ kind: 'PW', label: '"Wnt signaling' }, 'Non-canonical Wnt pathway\nThe non-canonical branch.');
    expect([...summary(r), r.status === 'linked' && r.byContext]).toEqual(['linked', 'PW:0000597', [], true]);
    expect(summary(resolve({ kind: 'PW', label: '"Wnt signaling' }, 'Canonical Wnt signaling'))).toEqual([
      'linked',
      'PW:0000201',
      [],
    ]);
  });

  it('stays ambiguous when the context names several candidates or none', () => {
    expect(resolve({ kind: 'PW', label: '"Wnt signaling' }, 'Both canonical and non-canonical signaling').status).toBe(
      'ambiguous',
    );
    expect(resolve({ kind: 'PW', label: '"Wnt signaling' }, 'Wnt signaling in kidney disease').status).toBe(
      'ambiguous',
    );
    expect(resolve({ kind: 'PW', label: 'hypermethioninemia pathway' }, 'hypermethioninemia pathway').status).toBe(
      'ambiguous',
    );
  });

  it('treats a label equal to the part of a name before its comma as a cut label too', () => {
    const r = resolve({ kind: 'DOID', label: 'chromosome 16p11.2 deletion syndrome' });
    expect([...summary(r), r.status === 'linked' && r.via]).toEqual(['linked', 'DOID:0060398', [], 'cut name']);
  });
});
